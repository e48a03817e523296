import { Dataset, describeTag, type DataElement, type Fragment } from './dataset.js';
import { DicomError } from './dicom-error.js';
import { decimalText, isJsonBinaryVr, type ElementPath } from './json-model.js';
import { ITEM_TAG, makeTag, PIXEL_DATA_TAG, SPECIFIC_CHARACTER_SET_TAG, type Tag } from './tag.js';
import { lookupTransferSyntax } from './transfer-syntax.js';
import { encodeValue, type ElementValue } from './value-encoder.js';
import { binaryValueSize, isStringVr, isTextVr, isVr, paddingByte, type Vr } from './vr.js';

/** How `fromDicomJson` reads binary values (PS3.18 F.2.6, F.2.7). */
export interface FromDicomJsonOptions {
  /**
   * The transfer syntax binary values were encoded in (the `transfer-syntax`
   * parameter of application/dicom+json, PS3.18 F.2.7). When it encapsulates
   * pixel data, Pixel Data's bytes are read as items (PS3.5 A.4) into fragments.
   */
  readonly transferSyntaxUid?: string;
  /**
   * Fetches the bytes a BulkDataURI names (PS3.18 F.2.6), little endian for
   * binary VRs, the encoded text for string VRs. Without it a BulkDataURI is an error.
   */
  readonly resolveBulkData?: (uri: string, path: ElementPath) => Uint8Array;
}

const TAG_KEY = /^[0-9A-Fa-f]{8}$/;
// A character class, not a repeated group: V8 overflows its stack on megabytes of `(?:x{4})*`.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const ATTRIBUTE_KEYS: ReadonlySet<string> = new Set(['vr', 'Value', 'InlineBinary', 'BulkDataURI']);
const PN_KEYS: ReadonlySet<string> = new Set(['Alphabetic', 'Ideographic', 'Phonetic']);
const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

interface Context {
  readonly options: FromDicomJsonOptions;
  readonly encapsulated: boolean;
}

/**
 * Builds a data set from the DICOM JSON Model (PS3.18 Annex F). The input is
 * untrusted: its shape is checked, and a DicomError (DICOM_INVALID_VALUE)
 * names the JSON path of the first thing wrong, e.g.
 * `00081115.Value[0].00081150.Value[1]`. Values are encoded with
 * `encodeValue` in explicit VR little endian, text in the data set's Specific
 * Character Set. Accepted besides what `toDicomJson` writes: DS/IS values as
 * strings or numbers, SV/UV/FL/FD values as strings, `null` for empty values.
 */
export function fromDicomJson(json: unknown, options: FromDicomJsonOptions = {}): Dataset {
  const syntax =
    options.transferSyntaxUid === undefined
      ? undefined
      : lookupTransferSyntax(options.transferSyntaxUid);
  if (options.transferSyntaxUid !== undefined && syntax === undefined) {
    throw new DicomError(
      'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
      `unknown transfer syntax ${options.transferSyntaxUid}`,
    );
  }
  return readDataset(
    json,
    '',
    undefined,
    { tags: [], items: [] },
    { options, encapsulated: syntax?.encapsulated === true },
  );
}

function fail(path: string, detail: string, tag?: Tag): DicomError {
  const where = path === '' ? 'at the top level' : `at ${path}`;
  return new DicomError(
    'DICOM_INVALID_VALUE',
    `DICOM JSON ${where}: ${detail}`,
    tag === undefined ? {} : { element: describeTag(tag) },
  );
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

function readDataset(
  json: unknown,
  path: string,
  parent: Dataset | undefined,
  at: ElementPath,
  context: Context,
): Dataset {
  if (!isObject(json))
    throw fail(path, `expected an object of attributes keyed GGGGEEEE, found ${describe(json)}`);
  const dataset = new Dataset(true, parent);
  const keys = Object.keys(json);
  for (const key of keys) {
    if (!TAG_KEY.test(key))
      throw fail(path, `key '${key}' is not a tag (8 hexadecimal digits, GGGGEEEE)`);
  }
  // Specific Character Set first: the other text values are encoded in it.
  const ordered = keys.map((key) => ({ key, tag: Number.parseInt(key, 16) >>> 0 }));
  ordered.sort((a, b) =>
    a.tag === SPECIFIC_CHARACTER_SET_TAG
      ? -1
      : b.tag === SPECIFIC_CHARACTER_SET_TAG
        ? 1
        : a.tag - b.tag,
  );
  for (const { key, tag } of ordered) {
    const elementPath = path === '' ? key : `${path}.${key}`;
    dataset.set(
      readAttribute(
        json[key],
        elementPath,
        tag,
        dataset,
        { tags: [...at.tags, tag], items: at.items },
        context,
      ),
    );
  }
  return dataset;
}

function readAttribute(
  json: unknown,
  path: string,
  tag: Tag,
  dataset: Dataset,
  at: ElementPath,
  context: Context,
): DataElement {
  if (!isObject(json))
    throw fail(path, `expected an attribute object with "vr", found ${describe(json)}`, tag);
  for (const key of Object.keys(json)) {
    if (!ATTRIBUTE_KEYS.has(key))
      throw fail(
        path,
        `unexpected property "${key}" (allowed: vr, Value, InlineBinary, BulkDataURI)`,
        tag,
      );
  }
  const vrText = json['vr'];
  if (typeof vrText !== 'string' || !isVr(vrText))
    throw fail(`${path}.vr`, `expected a VR such as "CS", found ${describe(vrText)}`, tag);
  const vr: Vr = vrText;
  const present = ['Value', 'InlineBinary', 'BulkDataURI'].filter((k) => json[k] !== undefined);
  if (present.length > 1)
    throw fail(path, `has ${present.join(' and ')}: at most one is allowed (PS3.18 F.2.2)`, tag);

  const inline = json['InlineBinary'];
  const uri = json['BulkDataURI'];
  const value = json['Value'];
  if (inline !== undefined) {
    if (!isJsonBinaryVr(vr))
      throw fail(
        `${path}.InlineBinary`,
        `InlineBinary is only for VRs OB OD OF OL OV OW UN, not ${vr}`,
        tag,
      );
    if (typeof inline !== 'string' || inline.length % 4 !== 0 || !BASE64.test(inline))
      throw fail(`${path}.InlineBinary`, 'expected a base64 string', tag);
    return binaryElement(
      tag,
      vr,
      new Uint8Array(Buffer.from(inline, 'base64')),
      `${path}.InlineBinary`,
      at.items.length === 0,
      context,
    );
  }
  if (uri !== undefined) {
    if (typeof uri !== 'string')
      throw fail(`${path}.BulkDataURI`, `expected a URI string, found ${describe(uri)}`, tag);
    if (context.options.resolveBulkData === undefined)
      throw fail(`${path}.BulkDataURI`, `cannot fetch bulk data '${uri}': no resolver given`, tag);
    const bytes = context.options.resolveBulkData(uri, at);
    if (vr === 'SQ') throw fail(`${path}.BulkDataURI`, 'a sequence cannot be bulk data', tag);
    return binaryElement(tag, vr, bytes, `${path}.BulkDataURI`, at.items.length === 0, context);
  }
  if (value === undefined) return emptyElement(tag, vr);
  if (!Array.isArray(value))
    throw fail(`${path}.Value`, `expected an array, found ${describe(value)}`, tag);
  const values: readonly unknown[] = value;
  if (isJsonBinaryVr(vr))
    throw fail(
      `${path}.Value`,
      `VR ${vr} takes InlineBinary or BulkDataURI, not Value (PS3.18 F.2.3)`,
      tag,
    );
  if (vr === 'SQ') {
    const items = values.map((item, i) =>
      readDataset(
        item,
        `${path}.Value[${i}]`,
        dataset,
        { tags: at.tags, items: [...at.items, i] },
        context,
      ),
    );
    return {
      tag,
      vr,
      bytes: new Uint8Array(0),
      offset: 0,
      length: 0,
      undefinedLength: true,
      items,
    };
  }
  if (values.length === 0) return emptyElement(tag, vr);
  const natural = naturalValue(vr, values, `${path}.Value`, tag);
  let encoded: Uint8Array;
  try {
    encoded = encodeValue(vr, natural, true, dataset.characterSets());
  } catch (error) {
    // A character the Specific Character Set cannot encode, or a set radset cannot encode in.
    const detail =
      error instanceof DicomError
        ? error.detail
        : error instanceof Error
          ? error.message
          : String(error);
    throw fail(`${path}.Value`, detail, tag);
  }
  return { tag, vr, bytes: encoded, offset: 0, length: encoded.length, undefinedLength: false };
}

function emptyElement(tag: Tag, vr: Vr): DataElement {
  if (vr === 'SQ')
    return {
      tag,
      vr,
      bytes: new Uint8Array(0),
      offset: 0,
      length: 0,
      undefinedLength: true,
      items: [],
    };
  return { tag, vr, bytes: new Uint8Array(0), offset: 0, length: 0, undefinedLength: false };
}

/** The JSON values of an attribute as the natural value `encodeValue` takes for the VR. */
function naturalValue(vr: Vr, values: readonly unknown[], path: string, tag: Tag): ElementValue {
  const at = (i: number): string => `${path}[${i}]`;
  if (vr === 'PN') return values.map((v, i) => personNameText(v, at(i), tag));
  if (vr === 'AT') {
    return values.map((v, i) => {
      if (typeof v !== 'string' || !TAG_KEY.test(v))
        throw fail(at(i), `expected a tag string GGGGEEEE, found ${describe(v)}`, tag);
      return Number.parseInt(v, 16) >>> 0;
    });
  }
  if (vr === 'DS' || vr === 'IS') {
    return values.map((v, i) => {
      if (v === null) return '';
      if (typeof v === 'string') return v;
      if (typeof v === 'number' && Number.isFinite(v)) return decimalText(vr, v);
      throw fail(at(i), `expected a number or a numeric string, found ${describe(v)}`, tag);
    });
  }
  if (isStringVr(vr)) {
    if (isTextVr(vr) && values.length > 1)
      throw fail(path, `VR ${vr} holds one value, found ${values.length}`, tag);
    return values.map((v, i) => {
      if (v === null) return '';
      if (typeof v !== 'string') throw fail(at(i), `expected a string, found ${describe(v)}`, tag);
      return v;
    });
  }
  if (vr === 'SV' || vr === 'UV') {
    return values.map((v, i) => {
      const min = vr === 'SV' ? -(2n ** 63n) : 0n;
      const max = vr === 'SV' ? 2n ** 63n - 1n : 2n ** 64n - 1n;
      let n: bigint | undefined;
      if (typeof v === 'number' && Number.isSafeInteger(v)) n = BigInt(v);
      else if (typeof v === 'string' && /^[+-]?\d+$/.test(v.trim())) n = BigInt(v.trim());
      if (n === undefined || n < min || n > max)
        throw fail(
          at(i),
          `expected a ${vr} integer (number or decimal string), found ${describe(v)}`,
          tag,
        );
      return n;
    });
  }
  const integerRange: Partial<Record<Vr, readonly [number, number]>> = {
    US: [0, 0xffff],
    SS: [-0x8000, 0x7fff],
    UL: [0, 0xffffffff],
    SL: [-0x80000000, 0x7fffffff],
  };
  const range = integerRange[vr];
  return values.map((v, i) => {
    if (range !== undefined) {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < range[0] || v > range[1]) {
        throw fail(
          at(i),
          `expected an integer from ${range[0]} to ${range[1]} for VR ${vr}, found ${describe(v)}`,
          tag,
        );
      }
      return v;
    }
    // FL, FD: numbers, or the strings toDicomJson uses for values JSON cannot hold.
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && NON_FINITE[v] !== undefined) return NON_FINITE[v];
    throw fail(at(i), `expected a number for VR ${vr}, found ${describe(v)}`, tag);
  });
}

function personNameText(value: unknown, path: string, tag: Tag): string {
  if (value === null) return '';
  if (!isObject(value))
    throw fail(
      path,
      `expected a person name object { Alphabetic, Ideographic, Phonetic }, found ${describe(value)}`,
      tag,
    );
  for (const [key, group] of Object.entries(value)) {
    if (!PN_KEYS.has(key))
      throw fail(
        path,
        `unexpected person name group "${key}" (allowed: Alphabetic, Ideographic, Phonetic)`,
        tag,
      );
    if (typeof group !== 'string')
      throw fail(`${path}.${key}`, `expected a string, found ${describe(group)}`, tag);
  }
  const groups = [value['Alphabetic'], value['Ideographic'], value['Phonetic']].map((g) =>
    typeof g === 'string' ? g : '',
  );
  while (groups.length > 0 && groups[groups.length - 1] === '') groups.pop();
  return groups.join('=');
}

/**
 * An element from raw value bytes (little endian), or encapsulated pixel data
 * read into fragments: the top-level Pixel Data of an encapsulated transfer
 * syntax always (PS3.5 A.4), Pixel Data in an item (an icon) when its bytes
 * are an item stream, since such icons may also be native.
 */
function binaryElement(
  tag: Tag,
  vr: Vr,
  bytes: Uint8Array,
  path: string,
  topLevel: boolean,
  context: Context,
): DataElement {
  if (context.encapsulated && tag === PIXEL_DATA_TAG) {
    const fragments = fragmentsOf(bytes);
    if (typeof fragments === 'string') {
      if (topLevel) throw fail(path, `encapsulated pixel data: ${fragments}`, tag);
    } else {
      return { tag, vr, bytes, offset: 0, length: bytes.length, undefinedLength: true, fragments };
    }
  }
  const size = binaryValueSize(vr);
  if (size !== undefined && size > 1 && bytes.length % size !== 0) {
    throw fail(
      path,
      `${bytes.length} bytes is not a whole number of ${size}-byte ${vr} values`,
      tag,
    );
  }
  // Odd-length OB/UN values (or bulk text) get one padding byte (PS3.5 section 7.1.1).
  let padded = bytes;
  if (bytes.length % 2 === 1) {
    padded = new Uint8Array(bytes.length + 1);
    padded.set(bytes);
    padded[bytes.length] = paddingByte(vr);
  }
  return { tag, vr, bytes: padded, offset: 0, length: padded.length, undefinedLength: false };
}

/** Splits an encapsulated pixel data item stream (PS3.5 A.4) into fragments, or says why it is not one. */
function fragmentsOf(bytes: Uint8Array): Fragment[] | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fragments: Fragment[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    if (pos + 8 > bytes.length) return `the data ends inside an item header at byte ${pos}`;
    const itemTag = makeTag(view.getUint16(pos, true), view.getUint16(pos + 2, true));
    const length = view.getUint32(pos + 4, true);
    if (itemTag !== ITEM_TAG) return `expected an item (FFFE,E000) at byte ${pos}`;
    if (pos + 8 + length > bytes.length) return `the item at byte ${pos} runs past the end`;
    fragments.push({ offset: pos + 8, length });
    pos += 8 + length;
  }
  if (fragments.length === 0) return 'no Basic Offset Table item';
  return fragments;
}
