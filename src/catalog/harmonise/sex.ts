import type { Dataset } from '../../dicom/index.js';
import { foldKey } from './fold-text.js';
import { readCode } from './header-read.js';

/** Patient's Sex (0010,0040) enumerated values M, F, O (PS3.3 C.7.1.1), and the words some systems write instead. */
const SEX_VALUES: Readonly<Record<string, 'F' | 'M' | 'O'>> = {
  F: 'F',
  FEMALE: 'F',
  M: 'M',
  MALE: 'M',
  O: 'O',
  OTHER: 'O',
};

/** A Patient's Sex value harmonised to F, M or O; null for anything else (empty, U, a dummy value). */
export function normaliseSex(value: string): 'F' | 'M' | 'O' | null {
  return SEX_VALUES[foldKey(value)] ?? null;
}

/**
 * The patient's sex from the first header that tells it: the original header
 * first (the Basic Profile empties Patient's Sex, PS3.15 Table E.1-1), then
 * the de-identified one.
 */
export function harmoniseSex(headers: readonly Dataset[]): 'F' | 'M' | 'O' | null {
  for (const dataset of headers) {
    const value = readCode(dataset, 'PatientSex');
    const sex = value === null ? null : normaliseSex(value);
    if (sex !== null) return sex;
  }
  return null;
}
