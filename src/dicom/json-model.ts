import type { Tag } from './tag.js';
import { encodeValue } from './value-encoder.js';
import type { Vr } from './vr.js';

/**
 * A person name value in the DICOM JSON Model (PS3.18 section F.2.2): its
 * component groups (PS3.5 section 6.2.1.2), each present only when not empty.
 */
export interface DicomJsonPersonName {
  readonly Alphabetic?: string;
  readonly Ideographic?: string;
  readonly Phonetic?: string;
}

/**
 * One value of an attribute's `Value` array (PS3.18 section F.2.3): a string,
 * a number, a person name, a sequence item, or null for an empty value of a
 * multi-valued attribute (PS3.18 section F.2.5).
 */
export type DicomJsonValue = string | number | DicomJsonPersonName | DicomJsonDataset | null;

/**
 * One attribute of the DICOM JSON Model (PS3.18 section F.2.2): its VR and at
 * most one of `Value`, `InlineBinary` (base64, PS3.18 F.2.7) or `BulkDataURI`
 * (PS3.18 F.2.6). None of them means the attribute is present but empty (F.2.5).
 */
export interface DicomJsonAttribute {
  readonly vr: Vr;
  readonly Value?: readonly DicomJsonValue[];
  readonly InlineBinary?: string;
  readonly BulkDataURI?: string;
}

/** A data set in the DICOM JSON Model: attributes keyed by `GGGGEEEE` upper-case hex tags (PS3.18 F.2.1.1). */
export interface DicomJsonDataset {
  readonly [tag: string]: DicomJsonAttribute;
}

/**
 * Where an element sits in a data set: the tags from the top level down to the
 * element (`tags`, the element's own last), and the index of the item taken in
 * each sequence on the way (`items`, one fewer than `tags`).
 */
export interface ElementPath {
  readonly tags: readonly Tag[];
  readonly items: readonly number[];
}

/** VRs whose values are bytes, given as InlineBinary or BulkDataURI, never Value (PS3.18 section F.2.2, Table F.2.3-1). */
const BINARY_VRS: ReadonlySet<Vr> = new Set<Vr>(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);

/** Whether the DICOM JSON Model gives this VR's value as InlineBinary/BulkDataURI rather than Value. */
export function isJsonBinaryVr(vr: Vr): boolean {
  return BINARY_VRS.has(vr);
}

/**
 * A DS or IS number as `encodeValue` writes it: IS rounded, DS within its 16
 * characters (PS3.5 Table 6.2-1). toDicomJson and fromDicomJson agree on it,
 * so a value whose text this reproduces can travel as a JSON number.
 */
export function decimalText(vr: 'DS' | 'IS', value: number): string {
  const bytes = encodeValue(vr, value, true, []);
  return String.fromCharCode(...bytes).replace(/ +$/, '');
}
