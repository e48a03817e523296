import { decodeText } from './charset.js';
import { lookupKeyword, lookupTag } from './dictionary.js';
import { DicomError } from './dicom-error.js';
import {
  formatTag,
  isPrivateCreatorTag,
  makeTag,
  SPECIFIC_CHARACTER_SET_TAG,
  tagElement,
  tagGroup,
  type Tag,
} from './tag.js';
import { isStringVr, isTextVr, usesSpecificCharacterSet, type Vr } from './vr.js';

/** One fragment of encapsulated pixel data (PS3.5 section A.4): its value bytes in the dataset's buffer. */
export interface Fragment {
  readonly offset: number;
  readonly length: number;
}

/**
 * A data element as read: where its value sits, not the decoded value. Values are
 * decoded on access, so a header read does no work for elements nobody asks about.
 */
export interface DataElement {
  readonly tag: Tag;
  readonly vr: Vr;
  /**
   * The buffer holding the value, shared with the whole dataset (no copy).
   * Undefined when the value was left in the file (bulk data in a header read).
   */
  readonly bytes: Uint8Array | undefined;
  /** Offset of the value in `bytes`; for bulk data left in the file, the offset in the file. */
  readonly offset: number;
  /** Value length in bytes; for undefined-length elements, the bytes up to (not including) the delimiter. */
  readonly length: number;
  /** Encoded with undefined length (0xFFFFFFFF), i.e. delimited (PS3.5 section 7.1.3). */
  readonly undefinedLength: boolean;
  /** Items of a sequence (SQ, or UN holding a sequence). */
  readonly items?: Dataset[];
  /** Encapsulated pixel data: the Basic Offset Table item first, then the fragments (PS3.5 A.4). */
  readonly fragments?: Fragment[];
}

/** A key naming an element: a PS3.6 keyword (`PatientName`) or a tag number. */
export type ElementKey = string | Tag;

/** A person name split into its component groups (PS3.5 section 6.2.1). */
export interface PersonName {
  readonly alphabetic: string;
  readonly ideographic: string;
  readonly phonetic: string;
}

export function resolveKey(key: ElementKey): Tag {
  if (typeof key === 'number') return key >>> 0;
  const entry = lookupKeyword(key);
  if (entry === undefined) throw new TypeError(`unknown DICOM keyword: ${key}`);
  return entry.tag;
}

/** `(GGGG,EEEE) Keyword` for error messages. */
export function describeTag(tag: Tag): string {
  const entry = lookupTag(tag);
  return entry === undefined ? formatTag(tag) : `${formatTag(tag)} ${entry.keyword}`;
}

const STRING_TRIM_END = /[\0 ]+$/;

/**
 * A DICOM data set (top level or a sequence item). Elements are keyed by tag;
 * values are decoded in the byte order and character set in force.
 */
export class Dataset {
  readonly elements = new Map<Tag, DataElement>();
  readonly littleEndian: boolean;
  /** The enclosing data set, for items (character set and pixel description are inherited). */
  readonly parent: Dataset | undefined;

  constructor(littleEndian = true, parent?: Dataset) {
    this.littleEndian = littleEndian;
    this.parent = parent;
  }

  /** Tags present, in ascending order. */
  tags(): Tag[] {
    return [...this.elements.keys()].sort((a, b) => a - b);
  }

  has(key: ElementKey): boolean {
    return this.elements.has(resolveKey(key));
  }

  element(key: ElementKey): DataElement | undefined {
    return this.elements.get(resolveKey(key));
  }

  /** The raw value bytes of an element (a view, not a copy), or undefined when absent or not loaded. */
  bytes(key: ElementKey): Uint8Array | undefined {
    const element = this.element(key);
    if (element?.bytes === undefined) return undefined;
    return element.bytes.subarray(element.offset, element.offset + element.length);
  }

  /**
   * Specific Character Set values in force here: this data set's own (0008,0005),
   * else the enclosing one's (PS3.5 section 6.1.2.5.1).
   */
  characterSets(): readonly string[] {
    const own = this.elements.get(SPECIFIC_CHARACTER_SET_TAG);
    if (own !== undefined) {
      const raw = rawString(own);
      return raw.split('\\').map((s) => s.trim());
    }
    return this.parent?.characterSets() ?? [];
  }

  /** All values of a string element, split on backslash (except LT/ST/UT/UR), trailing padding removed. */
  strings(key: ElementKey): string[] | undefined {
    const element = this.element(key);
    if (element === undefined) return undefined;
    return elementStrings(this, element);
  }

  /** The first value of a string element, or undefined when absent or empty. */
  string(key: ElementKey): string | undefined {
    const values = this.strings(key);
    const first = values?.[0];
    return first === undefined || first === '' ? undefined : first;
  }

  /** All values of a numeric element (binary VRs, DS, IS), or undefined when absent. */
  numbers(key: ElementKey): number[] | undefined {
    const element = this.element(key);
    if (element === undefined) return undefined;
    return elementNumbers(this, element);
  }

  /** The first numeric value, or undefined when absent or empty. */
  number(key: ElementKey): number | undefined {
    return this.numbers(key)?.[0];
  }

  /** The items of a sequence, or undefined when absent; empty for an empty sequence. */
  sequence(key: ElementKey): Dataset[] | undefined {
    const element = this.element(key);
    if (element === undefined) return undefined;
    return element.items ?? [];
  }

  /** Person name values split into component groups, decoded per group (PS3.5 section 6.2.1.2). */
  personNames(key: ElementKey): PersonName[] | undefined {
    const values = this.strings(key);
    return values?.map(splitPersonName);
  }

  /**
   * Finds a private element by its creator rather than its block number: the
   * same element can sit at (gggg,10xx) in one file and (gggg,11xx) in another
   * (PS3.5 section 7.8.1). `elementByte` is the low byte, e.g. 0x10 for (0029,xx10).
   */
  privateTag(group: number, creator: string, elementByte: number): Tag | undefined {
    for (let block = 0x10; block <= 0xff; block++) {
      const creatorElement = this.elements.get(makeTag(group, block));
      if (creatorElement === undefined) continue;
      if (rawString(creatorElement).replace(STRING_TRIM_END, '').trim() === creator) {
        return makeTag(group, (block << 8) | (elementByte & 0xff));
      }
    }
    return undefined;
  }

  /** The private creator that reserved the block a private element sits in. */
  privateCreatorOf(tag: Tag): string | undefined {
    const block = tagElement(tag) >>> 8;
    if ((tagGroup(tag) & 1) === 0 || block < 0x10 || isPrivateCreatorTag(tag)) return undefined;
    const creator = this.elements.get(makeTag(tagGroup(tag), block));
    return creator === undefined
      ? undefined
      : rawString(creator).replace(STRING_TRIM_END, '').trim();
  }

  /** Adds or replaces an element. */
  set(element: DataElement): void {
    this.elements.set(element.tag, element);
  }

  delete(key: ElementKey): boolean {
    return this.elements.delete(resolveKey(key));
  }
}

/** Decodes an element value's bytes as ASCII/Latin-1 without character set handling. */
export function rawString(element: DataElement): string {
  if (element.bytes === undefined) return '';
  return latin1(element.bytes, element.offset, element.length);
}

function latin1(bytes: Uint8Array, offset: number, length: number): string {
  let out = '';
  const end = offset + length;
  for (let i = offset; i < end; i += 4096) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(end, i + 4096)));
  }
  return out;
}

/** String values of an element, decoded in the character set in force. */
export function elementStrings(dataset: Dataset, element: DataElement): string[] {
  if (element.bytes === undefined || element.length === 0) return [];
  if (!isStringVr(element.vr)) {
    if (element.vr === 'UN') return [rawString(element).replace(STRING_TRIM_END, '')];
    const numbers = elementNumbers(dataset, element);
    return numbers.map((n) => String(n));
  }
  const value = element.bytes.subarray(element.offset, element.offset + element.length);
  const text = usesSpecificCharacterSet(element.vr)
    ? decodeText(value, dataset.characterSets(), element.vr)
    : latin1(value, 0, value.length);
  if (isTextVr(element.vr)) return [text.replace(STRING_TRIM_END, '')];
  return text.split('\\').map((v) => trimValue(element.vr, v));
}

function trimValue(vr: Vr, value: string): string {
  // UI is padded with NUL; other strings with spaces. Leading spaces are
  // insignificant except in LT/ST/UT (PS3.5 section 6.2).
  if (vr === 'UI') return value.replace(/\0+$/, '').trim();
  return value.replace(STRING_TRIM_END, '').replace(/^ +/, '');
}

/** Numeric values of an element: binary VRs in the data set's byte order, or DS/IS text. */
export function elementNumbers(dataset: Dataset, element: DataElement): number[] {
  const { bytes } = element;
  if (bytes === undefined || element.length === 0) return [];
  const view = new DataView(bytes.buffer, bytes.byteOffset + element.offset, element.length);
  const le = dataset.littleEndian;
  const out: number[] = [];
  const read = (size: number, get: (at: number) => number): number[] => {
    const count = Math.floor(element.length / size);
    for (let i = 0; i < count; i++) out.push(get(i * size));
    return out;
  };
  switch (element.vr) {
    case 'US':
    case 'OW':
      return read(2, (at) => view.getUint16(at, le));
    case 'SS':
      return read(2, (at) => view.getInt16(at, le));
    case 'UL':
    case 'OL':
      return read(4, (at) => view.getUint32(at, le));
    case 'SL':
      return read(4, (at) => view.getInt32(at, le));
    case 'FL':
    case 'OF':
      return read(4, (at) => view.getFloat32(at, le));
    case 'FD':
    case 'OD':
      return read(8, (at) => view.getFloat64(at, le));
    case 'SV':
      return read(8, (at) => Number(view.getBigInt64(at, le)));
    case 'UV':
    case 'OV':
      return read(8, (at) => Number(view.getBigUint64(at, le)));
    case 'AT':
      return read(4, (at) => makeTag(view.getUint16(at, le), view.getUint16(at + 2, le)));
    case 'OB':
    case 'UN':
      return Array.from(bytes.subarray(element.offset, element.offset + element.length));
    case 'DS':
    case 'IS': {
      const text = rawString(element);
      for (const part of text.split('\\')) {
        const trimmed = part.replace(STRING_TRIM_END, '').trim();
        if (trimmed === '') continue;
        const value = Number(trimmed);
        if (Number.isNaN(value)) {
          throw new DicomError('DICOM_INVALID_VALUE', `value '${trimmed}' is not a number`, {
            element: describeTag(element.tag),
          });
        }
        out.push(value);
      }
      return out;
    }
    default:
      return out;
  }
}

function splitPersonName(value: string): PersonName {
  const [alphabetic = '', ideographic = '', phonetic = ''] = value.split('=');
  return { alphabetic, ideographic, phonetic };
}
