import {
  elementNumbers,
  elementStrings,
  rawString,
  type DataElement,
  type Dataset,
} from './dataset.js';
import {
  decimalText,
  isJsonBinaryVr,
  type DicomJsonAttribute,
  type DicomJsonDataset,
  type DicomJsonPersonName,
  type DicomJsonValue,
  type ElementPath,
} from './json-model.js';
import { ITEM_TAG, tagElement, tagGroup, tagHex } from './tag.js';
import { binaryValueSize, isStringVr, isTextVr } from './vr.js';

/** What `toDicomJson` includes and how it gives binary and decimal values (PS3.18 F.2). */
export interface ToDicomJsonOptions {
  /** Include File Meta Information elements (group 0002) found in the data set (default false). */
  readonly includeFileMetaGroup?: boolean;
  /**
   * Names where a binary value can be fetched (PS3.18 section F.2.6). Called for
   * binary values (OB OD OF OL OV OW UN, encapsulated pixel data) longer than
   * `bulkDataThresholdBytes`, and for every value that was not read (bulk data
   * of a header-only read). Returning undefined keeps the value inline.
   */
  readonly bulkDataUri?: (path: ElementPath, element: DataElement) => string | undefined;
  /** Binary values longer than this many bytes go to `bulkDataUri` (default 1024). */
  readonly bulkDataThresholdBytes?: number;
  /**
   * Give a DS or IS value as a JSON string when a JSON number would not give
   * back its text (`1.50`, `+5`, `1e3`, 17 digits; see `decimalText`), as
   * PS3.18 F.2.3 allows "to preserve the original format"; numbers otherwise.
   * Default false: always numbers.
   */
  readonly keepNumberText?: boolean;
}

const DEFAULT_BULK_THRESHOLD_BYTES = 1024;

const DS_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const IS_TEXT = /^[+-]?\d+$/;

/**
 * The DICOM JSON Model of a data set (PS3.18 Annex F, section F.2).
 *
 * - Attributes are keyed `GGGGEEEE` and listed in tag order; private creators
 *   and private elements are included; group 0002 only when asked; group
 *   lengths (gggg,0000) never (F.2.2). Serialise with `stringifyDicomJson`,
 *   which keeps that order (JavaScript objects list keys such as `20010010`
 *   that look like array indexes first).
 * - PN values are `{ Alphabetic, Ideographic, Phonetic }` with empty groups
 *   left out (F.2.2); AT values are `GGGGEEEE` strings.
 * - DS, IS and the binary numeric VRs are JSON numbers (F.2.3). A DS or IS
 *   value that is not a number is kept as the string it is, rather than lost;
 *   with `keepNumberText`, so is one whose text a number would not reproduce.
 *   SV/UV values beyond ±(2^53 − 1) are decimal strings (F.2.3.1). Non-finite
 *   FL/FD values (which JSON cannot hold) are the strings `NaN`, `Infinity`, `-Infinity`.
 * - An empty attribute has no `Value` (F.2.5); an empty value of a
 *   multi-valued attribute is null. An empty sequence has no `Value`. An
 *   element the reader parsed as items is SQ, whatever VR it was encoded with
 *   (UN, or a non-SQ VR with undefined length).
 * - Binary values are `InlineBinary`, base64 of the value in little endian
 *   byte order (F.2.7, the default Explicit VR Little Endian), or a
 *   `BulkDataURI` from `options.bulkDataUri`. Encapsulated pixel data is the
 *   item stream (Basic Offset Table and fragment items, PS3.5 A.4) without its
 *   sequence delimiter, as DICOMweb and pydicom give it.
 * - An element whose value was not read (header-only read) becomes a
 *   `BulkDataURI` when `bulkDataUri` gives one, else is left out.
 */
export function toDicomJson(dataset: Dataset, options: ToDicomJsonOptions = {}): DicomJsonDataset {
  return datasetToJson(dataset, options, [], []);
}

function datasetToJson(
  dataset: Dataset,
  options: ToDicomJsonOptions,
  tags: readonly number[],
  items: readonly number[],
): DicomJsonDataset {
  const out: Record<string, DicomJsonAttribute> = {};
  for (const tag of dataset.tags()) {
    if (tagGroup(tag) === 0x0002 && options.includeFileMetaGroup !== true) continue;
    if (tagElement(tag) === 0x0000) continue;
    const element = dataset.elements.get(tag);
    if (element === undefined) continue;
    const attribute = elementToJson(dataset, element, options, { tags: [...tags, tag], items });
    if (attribute !== undefined) out[tagHex(tag)] = attribute;
  }
  return out;
}

function elementToJson(
  dataset: Dataset,
  element: DataElement,
  options: ToDicomJsonOptions,
  path: ElementPath,
): DicomJsonAttribute | undefined {
  if (element.items !== undefined) {
    if (element.items.length === 0) return { vr: 'SQ' };
    const value = element.items.map((item, i) =>
      datasetToJson(item, options, path.tags, [...path.items, i]),
    );
    return { vr: 'SQ', Value: value };
  }
  const { vr } = element;
  if (element.bytes === undefined) {
    // Bulk data a header-only read left in the file.
    const uri = options.bulkDataUri?.(path, element);
    return uri === undefined ? undefined : { vr, BulkDataURI: uri };
  }
  if (element.fragments !== undefined || isJsonBinaryVr(vr)) {
    const value =
      element.fragments !== undefined
        ? encapsulatedStream(element)
        : littleEndianValue(dataset, element);
    if (value.length === 0) return { vr };
    const threshold = options.bulkDataThresholdBytes ?? DEFAULT_BULK_THRESHOLD_BYTES;
    if (value.length > threshold) {
      const uri = options.bulkDataUri?.(path, element);
      if (uri !== undefined) return { vr, BulkDataURI: uri };
    }
    return {
      vr,
      InlineBinary: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString(
        'base64',
      ),
    };
  }
  const values = jsonValues(dataset, element, options.keepNumberText === true);
  if (values.length === 0 || (values.length === 1 && values[0] === null)) return { vr };
  return { vr, Value: values };
}

function jsonValues(
  dataset: Dataset,
  element: DataElement,
  keepNumberText: boolean,
): DicomJsonValue[] {
  const { vr } = element;
  if (element.length === 0) return [];
  switch (vr) {
    case 'PN':
      return elementStrings(dataset, element).map(personName);
    case 'AT':
      return elementNumbers(dataset, element).map((tag) => tagHex(tag));
    case 'DS':
    case 'IS':
      // Split here rather than with elementStrings, which also drops leading spaces.
      return rawString(element)
        .split('\\')
        .map((text) => numberValue(vr, text.replace(/[\0 ]+$/, ''), keepNumberText));
    case 'SV':
    case 'UV':
      return bigIntegers(dataset, element);
    case 'FL':
    case 'FD':
      return elementNumbers(dataset, element).map(finiteOrText);
    default:
      if (isStringVr(vr)) {
        const strings = elementStrings(dataset, element);
        if (isTextVr(vr)) return strings[0] === undefined || strings[0] === '' ? [] : [strings[0]];
        return strings.map((s) => (s === '' ? null : s));
      }
      return elementNumbers(dataset, element);
  }
}

function personName(value: string): DicomJsonPersonName | null {
  const [alphabetic = '', ideographic = '', phonetic = ''] = value.split('=');
  if (alphabetic === '' && ideographic === '' && phonetic === '') return null;
  return {
    ...(alphabetic === '' ? {} : { Alphabetic: alphabetic }),
    ...(ideographic === '' ? {} : { Ideographic: ideographic }),
    ...(phonetic === '' ? {} : { Phonetic: phonetic }),
  };
}

/**
 * A DS or IS value as a JSON number; the text itself when it is not a valid
 * number, or (with `keepText`) when the number would not give back the text.
 */
function numberValue(vr: 'DS' | 'IS', text: string, keepText: boolean): number | string | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  const valid =
    vr === 'IS'
      ? IS_TEXT.test(trimmed) || (DS_TEXT.test(trimmed) && Number.isInteger(Number(trimmed)))
      : DS_TEXT.test(trimmed);
  if (!valid) return text;
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return text;
  return keepText && decimalText(vr, value) !== text ? text : value;
}

function finiteOrText(value: number): number | string {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'Infinity' : '-Infinity';
}

/** SV/UV values: numbers when exactly representable, decimal strings otherwise (PS3.18 F.2.3.1). */
function bigIntegers(dataset: Dataset, element: DataElement): (number | string)[] {
  const { bytes } = element;
  if (bytes === undefined) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset + element.offset, element.length);
  const out: (number | string)[] = [];
  for (let at = 0; at + 8 <= element.length; at += 8) {
    const value =
      element.vr === 'SV'
        ? view.getBigInt64(at, dataset.littleEndian)
        : view.getBigUint64(at, dataset.littleEndian);
    const small =
      value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER);
    out.push(small ? Number(value) : value.toString());
  }
  return out;
}

/** The value bytes in little endian order (PS3.18 F.2.7), swapped per value for big endian data sets. */
function littleEndianValue(dataset: Dataset, element: DataElement): Uint8Array {
  const bytes = element.bytes ?? new Uint8Array(0);
  const raw = bytes.subarray(element.offset, element.offset + element.length);
  const size = binaryValueSize(element.vr) ?? 1;
  if (dataset.littleEndian || size === 1) return raw;
  const out = new Uint8Array(raw.length);
  out.set(raw);
  for (let i = 0; i + size <= raw.length; i += size) {
    for (let j = 0; j < size; j++) out[i + j] = raw[i + size - 1 - j] ?? 0;
  }
  return out;
}

/** Encapsulated pixel data as its item stream: an item header and the bytes of each fragment (PS3.5 A.4). */
function encapsulatedStream(element: DataElement): Uint8Array {
  const bytes = element.bytes ?? new Uint8Array(0);
  const fragments = element.fragments ?? [];
  const total = fragments.reduce((sum, f) => sum + 8 + f.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let at = 0;
  for (const fragment of fragments) {
    view.setUint16(at, tagGroup(ITEM_TAG), true);
    view.setUint16(at + 2, ITEM_TAG & 0xffff, true);
    view.setUint32(at + 4, fragment.length, true);
    out.set(bytes.subarray(fragment.offset, fragment.offset + fragment.length), at + 8);
    at += 8 + fragment.length;
  }
  return out;
}

/**
 * JSON text of a DICOM JSON Model data set with attributes in ascending tag
 * order at every level, as PS3.18 F.2.2 requires, and FL/FD -0 kept as `-0`. `JSON.stringify` cannot be
 * trusted with that: keys such as `20010010` or `30060020` are array-index-like,
 * and JavaScript objects enumerate those before all others.
 */
export function stringifyDicomJson(dataset: DicomJsonDataset): string {
  const parts: string[] = [];
  for (const key of Object.keys(dataset).sort()) {
    const attribute = dataset[key];
    if (attribute !== undefined)
      parts.push(`${JSON.stringify(key)}:${stringifyAttribute(attribute)}`);
  }
  return `{${parts.join(',')}}`;
}

function stringifyAttribute(attribute: DicomJsonAttribute): string {
  let out = `{"vr":${JSON.stringify(attribute.vr)}`;
  if (attribute.Value !== undefined) {
    const values = attribute.Value.map((value) => {
      if (attribute.vr === 'SQ' && value !== null && typeof value === 'object')
        return stringifyDicomJson(value as DicomJsonDataset);
      // JSON.stringify writes -0 as 0; "-0" is valid JSON and keeps a float's sign.
      return Object.is(value, -0) ? '-0' : JSON.stringify(value);
    });
    out += `,"Value":[${values.join(',')}]`;
  }
  if (attribute.InlineBinary !== undefined)
    out += `,"InlineBinary":${JSON.stringify(attribute.InlineBinary)}`;
  if (attribute.BulkDataURI !== undefined)
    out += `,"BulkDataURI":${JSON.stringify(attribute.BulkDataURI)}`;
  return `${out}}`;
}
