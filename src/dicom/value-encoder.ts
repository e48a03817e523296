import { encodeText } from './charset.js';
import { Dataset, resolveKey, type DataElement, type ElementKey } from './dataset.js';
import { lookupTag } from './dictionary.js';
import { DicomError } from './dicom-error.js';
import { formatTag, isPrivateCreatorTag, tagElement, tagGroup, type Tag } from './tag.js';
import {
  binaryValueSize,
  isStringVr,
  paddingByte,
  usesSpecificCharacterSet,
  type Vr,
} from './vr.js';

/** A value to store in an element, in the natural JavaScript form of its VR. */
export type ElementValue =
  | string
  | number
  | bigint
  | readonly string[]
  | readonly number[]
  | readonly bigint[]
  | Uint8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array
  | readonly Dataset[];

/** A value with an explicit VR, for private elements or VRs the dictionary leaves open. */
export interface TypedValue {
  readonly vr: Vr;
  readonly value: ElementValue;
}

function isTypedValue(input: unknown): input is TypedValue {
  return (
    typeof input === 'object' &&
    input !== null &&
    'vr' in input &&
    'value' in input &&
    !ArrayBuffer.isView(input)
  );
}

function formatNumber(vr: Vr, value: number): string {
  if (vr === 'IS') return String(Math.round(value));
  // DS holds at most 16 characters (PS3.5 Table 6.2-1).
  let text = String(value);
  if (text.length > 16) {
    for (let digits = 15; digits > 0 && text.length > 16; digits--)
      text = String(Number(value.toPrecision(digits)));
    if (text.length > 16) text = value.toExponential(8);
  }
  return text;
}

function pad(bytes: Uint8Array, vr: Vr): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  out[bytes.length] = paddingByte(vr);
  return out;
}

/**
 * Encodes a value for a VR (PS3.5 section 6.2) in the given byte order and
 * character set, padded to even length.
 */
export function encodeValue(
  vr: Vr,
  value: ElementValue,
  littleEndian: boolean,
  characterSets: readonly string[],
): Uint8Array {
  if (isStringVr(vr)) {
    let text: string;
    if (typeof value === 'string') text = value;
    else if (typeof value === 'number' || typeof value === 'bigint')
      text = formatNumber(vr, Number(value));
    else if (Array.isArray(value)) {
      text = (value as readonly unknown[])
        .map((v) => (typeof v === 'number' ? formatNumber(vr, v) : String(v)))
        .join('\\');
    } else throw new TypeError(`a ${vr} value must be text or numbers`);
    const bytes = usesSpecificCharacterSet(vr)
      ? encodeText(text, characterSets, vr)
      : latin1Bytes(text);
    return pad(bytes, vr);
  }
  // Bytes for a byte-sized VR (OB, UN) are the value itself.
  if (value instanceof Uint8Array && (binaryValueSize(vr) ?? 1) === 1) return pad(value, vr);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const size = binaryValueSize(vr) ?? 1;
    if (value.BYTES_PER_ELEMENT === size && littleEndian && !(value instanceof Uint8Array)) {
      return pad(
        new Uint8Array(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)),
        vr,
      );
    }
    return encodeNumbers(vr, Array.from(value as ArrayLike<number>), littleEndian);
  }
  if (vr === 'SQ') throw new TypeError('sequence values are items, not encoded bytes');
  const numbers =
    typeof value === 'number' || typeof value === 'bigint'
      ? [value]
      : (value as readonly (number | bigint | string)[]);
  return encodeNumbers(
    vr,
    numbers.map((n) => (typeof n === 'string' ? Number(n) : n)),
    littleEndian,
  );
}

function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0xff;
  return out;
}

function encodeNumbers(vr: Vr, values: readonly (number | bigint)[], le: boolean): Uint8Array {
  const size = binaryValueSize(vr);
  if (size === undefined) throw new TypeError(`VR ${vr} does not hold binary numbers`);
  const out = new Uint8Array(values.length * size);
  const view = new DataView(out.buffer);
  values.forEach((raw, i) => {
    const at = i * size;
    const n = Number(raw);
    switch (vr) {
      case 'US':
      case 'OW':
        view.setUint16(at, n, le);
        break;
      case 'SS':
        view.setInt16(at, n, le);
        break;
      case 'UL':
      case 'OL':
        view.setUint32(at, n, le);
        break;
      case 'SL':
        view.setInt32(at, n, le);
        break;
      case 'FL':
      case 'OF':
        view.setFloat32(at, n, le);
        break;
      case 'FD':
      case 'OD':
        view.setFloat64(at, n, le);
        break;
      case 'SV':
        view.setBigInt64(at, BigInt(raw), le);
        break;
      case 'UV':
      case 'OV':
        view.setBigUint64(at, BigInt(raw), le);
        break;
      case 'AT':
        view.setUint16(at, tagGroup(n), le);
        view.setUint16(at + 2, tagElement(n), le);
        break;
      default:
        out[at] = n & 0xff;
    }
  });
  return pad(out, vr);
}

/** The VR for a tag when the caller gives none: the dictionary's, LO for private creators. */
export function defaultVr(tag: Tag): Vr {
  if (isPrivateCreatorTag(tag)) return 'LO';
  const entry = lookupTag(tag);
  if (entry === undefined) {
    throw new DicomError(
      'DICOM_INVALID_VALUE',
      `no dictionary VR for ${formatTag(tag)}: give the VR explicitly`,
      { element: formatTag(tag) },
    );
  }
  return entry.vr;
}

/**
 * Sets an element from a natural value (or `{ vr, value }`), encoding it in the
 * data set's byte order and character set. Sequence values are arrays of Datasets.
 */
export function setValue(
  dataset: Dataset,
  key: ElementKey,
  input: ElementValue | TypedValue,
): void {
  const tag = resolveKey(key);
  const vr = isTypedValue(input) ? input.vr : defaultVr(tag);
  const value = isTypedValue(input) ? input.value : input;
  if (vr === 'SQ') {
    if (
      !Array.isArray(value) ||
      !(value as readonly unknown[]).every((v) => v instanceof Dataset)
    ) {
      throw new TypeError(`${formatTag(tag)} is a sequence: give an array of Datasets`);
    }
    const element: DataElement = {
      tag,
      vr,
      bytes: new Uint8Array(0),
      offset: 0,
      length: 0,
      undefinedLength: true,
      items: [...(value as readonly Dataset[])],
    };
    dataset.set(element);
    return;
  }
  const bytes = encodeValue(vr, value, dataset.littleEndian, dataset.characterSets());
  dataset.set({ tag, vr, bytes, offset: 0, length: bytes.length, undefinedLength: false });
}

/** Builds a data set from `{ Keyword: value }` pairs (keywords or `GGGGEEEE` hex tags). */
export function createDataset(
  values: Readonly<Record<string, ElementValue | TypedValue>>,
  parent?: Dataset,
): Dataset {
  const dataset = new Dataset(true, parent);
  // Specific Character Set first, so text values are encoded in it.
  const charset = values['SpecificCharacterSet'];
  if (charset !== undefined) setValue(dataset, 'SpecificCharacterSet', charset);
  for (const [key, value] of Object.entries(values)) {
    if (key === 'SpecificCharacterSet') continue;
    const tag = /^[0-9A-Fa-f]{8}$/.test(key) ? Number.parseInt(key, 16) >>> 0 : resolveKey(key);
    setValue(dataset, tag, value);
  }
  return dataset;
}
