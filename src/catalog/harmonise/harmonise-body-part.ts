import type { Dataset } from '../../dicom/index.js';
import { bodyPartFromAnatomicRegion } from './anatomic-region.js';
import type { BodyPart } from './body-part.js';
import { bodyPartFromTerm } from './body-part-terms.js';
import { bodyPartFromText } from './body-part-text.js';
import { readCode, readText } from './header-read.js';

/**
 * Where a harmonised body part was read: Body Part Examined (0018,0015), the
 * Anatomic Region Sequence (0008,2218), Series/Study Description, Protocol
 * Name, or the modality alone (MG is breast imaging, PS3.3 C.8.11.7).
 */
export type BodyPartSource =
  'BodyPartExamined' | 'anatomic-region' | 'description' | 'protocol' | 'modality';

export interface HarmonisedBodyPart {
  readonly bodyPart: BodyPart | null;
  readonly bodyPartSource: BodyPartSource | null;
}

interface Candidate {
  readonly source: BodyPartSource;
  read(dataset: Dataset): BodyPart | null;
}

function fromFreeText(keyword: string): (dataset: Dataset) => BodyPart | null {
  return (dataset) => {
    const text = readText(dataset, keyword);
    return text === null ? null : bodyPartFromText(text);
  };
}

/**
 * The sources in order of trust. Body Part Examined is a coded attribute
 * (a Table L-1 term, or vendor junk looked up in body-part-terms.ts, else
 * scanned as free text: "LEFT KNEE"); descriptions are free text. The series'
 * own description goes before the study's, which may cover several regions.
 */
const CANDIDATES: readonly Candidate[] = [
  {
    source: 'BodyPartExamined',
    read: (dataset) => {
      const value = readCode(dataset, 'BodyPartExamined');
      return value === null ? null : (bodyPartFromTerm(value) ?? bodyPartFromText(value));
    },
  },
  { source: 'anatomic-region', read: bodyPartFromAnatomicRegion },
  { source: 'description', read: fromFreeText('SeriesDescription') },
  { source: 'description', read: fromFreeText('StudyDescription') },
  { source: 'protocol', read: fromFreeText('ProtocolName') },
];

/**
 * The harmonised body part of an instance and where it came from. The first
 * source naming a specific region wins. A source naming only anatomy outside
 * the vocabulary (OTHER: a phantom, the aorta) does not stop the search, but
 * is the answer when no later source is more specific. Mammography (MG) with
 * nothing said is BREAST.
 */
export function harmoniseBodyPart(dataset: Dataset): HarmonisedBodyPart {
  let other: HarmonisedBodyPart | null = null;
  for (const { source, read } of CANDIDATES) {
    const part = read(dataset);
    if (part === null) continue;
    if (part !== 'OTHER') return { bodyPart: part, bodyPartSource: source };
    other ??= { bodyPart: part, bodyPartSource: source };
  }
  if (other !== null) return other;
  if (readCode(dataset, 'Modality')?.toUpperCase() === 'MG')
    return { bodyPart: 'BREAST', bodyPartSource: 'modality' };
  return { bodyPart: null, bodyPartSource: null };
}
