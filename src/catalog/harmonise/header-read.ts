import type { Dataset } from '../../dicom/index.js';

/**
 * Total reads of header values: none of these throws, whatever the header
 * holds (malformed DS, an unknown character set, a value of the wrong VR).
 * Harmonisation must survive every file the corpus can produce, so a value
 * that cannot be read is treated as absent.
 */

/**
 * All values of an element, trimmed, empty values kept in place (their
 * position matters for multi-valued numbers). Empty when absent or unreadable.
 */
export function readValues(dataset: Dataset, keyword: string): readonly string[] {
  let values: string[] | undefined;
  try {
    values = dataset.strings(keyword);
  } catch {
    return [];
  }
  if (values === undefined) return [];
  // A UN element comes back as one unsplit string; splitting again is a no-op otherwise.
  return values.flatMap((value) => value.split('\\')).map((value) => value.trim());
}

/** The non-empty values joined with a backslash (the DICOM delimiter), or null. */
export function readText(dataset: Dataset, keyword: string): string | null {
  const values = readValues(dataset, keyword).filter((value) => value !== '');
  return values.length === 0 ? null : values.join('\\');
}

/** The first non-empty value, for single-valued code strings (CS). */
export function readCode(dataset: Dataset, keyword: string): string | null {
  return readValues(dataset, keyword).find((value) => value !== '') ?? null;
}

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;

/**
 * Parses a decimal string (DS, IS; PS3.5 Table 6.2-1) leniently: surrounding
 * spaces and NULs ignored, a lone decimal comma accepted (written by some
 * localised consoles). Garbage, NaN and infinities give null.
 */
export function parseDecimal(text: string): number | null {
  const trimmed = text.replace(/\0/g, '').trim();
  const normalised = DECIMAL_COMMA.test(trimmed) ? trimmed.replace(',', '.') : trimmed;
  if (!DECIMAL.test(normalised)) return null;
  const value = Number(normalised);
  return Number.isFinite(value) ? value : null;
}

/** Every value of a numeric element in order, null where a value is empty or garbage. */
export function readNumbers(dataset: Dataset, keyword: string): readonly (number | null)[] {
  return readValues(dataset, keyword).map(parseDecimal);
}

/** The first value of a numeric element (where one value is expected), or null. */
export function readNumber(dataset: Dataset, keyword: string): number | null {
  return readNumbers(dataset, keyword)[0] ?? null;
}

/** The items of a sequence; empty when absent, not a sequence, or unreadable. */
export function readSequence(dataset: Dataset, keyword: string): readonly Dataset[] {
  try {
    return dataset.sequence(keyword) ?? [];
  } catch {
    return [];
  }
}
