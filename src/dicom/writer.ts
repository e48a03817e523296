import { deflateRawSync } from 'node:zlib';
import { Dataset, describeTag, type DataElement } from './dataset.js';
import { DicomError } from './dicom-error.js';
import {
  ITEM_DELIMITATION_TAG,
  ITEM_TAG,
  SEQUENCE_DELIMITATION_TAG,
  tagElement,
  tagGroup,
  type Tag,
} from './tag.js';
import { lookupTransferSyntax, type TransferSyntax } from './transfer-syntax.js';
import { encodeValue } from './value-encoder.js';
import { binaryValueSize, hasLongLength, paddingByte, type Vr } from './vr.js';

/** radset's implementation identity in the meta header (PS3.7 D.3.3.2); a 2.25 UUID-derived root. */
export const IMPLEMENTATION_CLASS_UID = '2.25.171390467382760389419126383934427658493';
export const IMPLEMENTATION_VERSION_NAME = 'RADSET_0_1';

const UNDEFINED_LENGTH = 0xffffffff;

/** Growable byte buffer for encoding. */
/** Values at least this long are kept as views, not copied into the sink (Pixel Data, mostly). */
const LARGE_VALUE_BYTES = 64 * 1024;

/**
 * A growable byte buffer. Large values (Pixel Data) are not copied in: the
 * sink keeps a list of chunks, its own buffers between views of those values,
 * so writing a file copies its pixels once (into the result) or never (when
 * the caller writes the chunks with writev).
 */
class ByteSink {
  private readonly chunks: Uint8Array[] = [];
  /** Offset in the output of each chunk, for patching values already written. */
  private readonly chunkStarts: number[] = [];
  private flushed = 0;
  private buffer = new Uint8Array(LARGE_VALUE_BYTES);
  private view = new DataView(this.buffer.buffer);
  private used = 0;

  get length(): number {
    return this.flushed + this.used;
  }

  private reserve(extra: number): void {
    if (this.used + extra <= this.buffer.length) return;
    let size = this.buffer.length * 2;
    while (size < this.used + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buffer.subarray(0, this.used));
    this.buffer = next;
    this.view = new DataView(next.buffer);
  }

  private push(chunk: Uint8Array): void {
    this.chunkStarts.push(this.flushed);
    this.chunks.push(chunk);
    this.flushed += chunk.length;
  }

  private flush(): void {
    if (this.used === 0) return;
    this.push(this.buffer.subarray(0, this.used));
    this.buffer = new Uint8Array(LARGE_VALUE_BYTES);
    this.view = new DataView(this.buffer.buffer);
    this.used = 0;
  }

  u16(value: number, le: boolean): void {
    this.reserve(2);
    this.view.setUint16(this.used, value, le);
    this.used += 2;
  }

  u32(value: number, le: boolean): void {
    this.reserve(4);
    this.view.setUint32(this.used, value, le);
    this.used += 4;
  }

  bytes(data: Uint8Array): void {
    if (data.length >= LARGE_VALUE_BYTES) {
      this.flush();
      this.push(data);
      return;
    }
    this.reserve(data.length);
    this.buffer.set(data, this.used);
    this.used += data.length;
  }

  ascii(text: string): void {
    this.reserve(text.length);
    for (let i = 0; i < text.length; i++) this.buffer[this.used + i] = text.charCodeAt(i);
    this.used += text.length;
  }

  /** Overwrites 4 bytes already written at `at` (never inside a large value: those are not the sink's). */
  patchU32(at: number, value: number, le: boolean): void {
    if (at >= this.flushed) {
      this.view.setUint32(at - this.flushed, value, le);
      return;
    }
    let index = this.chunkStarts.length - 1;
    while (index > 0 && (this.chunkStarts[index] ?? 0) > at) index--;
    const chunk = this.chunks[index] as Uint8Array;
    new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength).setUint32(
      at - (this.chunkStarts[index] ?? 0),
      value,
      le,
    );
  }

  /** The bytes written, as chunks (views of large values included), without copying them. */
  parts(): Uint8Array[] {
    this.flush();
    return [...this.chunks];
  }

  result(): Uint8Array {
    if (this.chunks.length === 0) return this.buffer.slice(0, this.used);
    return concatBytes(this.parts());
  }
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

interface Encoding {
  readonly le: boolean;
  readonly explicit: boolean;
}

/** Value bytes of an element in the target byte order. */
function valueBytes(element: DataElement, sourceLe: boolean, target: Encoding): Uint8Array {
  if (element.bytes === undefined) {
    throw new DicomError(
      'DICOM_INVALID_VALUE',
      'value was not read (header-only read): read the whole file to write it',
      { element: describeTag(element.tag) },
    );
  }
  const raw = element.bytes.subarray(element.offset, element.offset + element.length);
  const size = binaryValueSize(element.vr);
  if (sourceLe === target.le || size === undefined || size === 1) return raw;
  // Changing byte order: swap each value of a binary VR (PS3.5 section 7.3).
  const out = new Uint8Array(raw.length);
  for (let i = 0; i + size <= raw.length; i += size) {
    for (let j = 0; j < size; j++) out[i + j] = raw[i + size - 1 - j] ?? 0;
  }
  if (element.vr === 'AT') {
    // AT is two 16-bit numbers, not one 32-bit one.
    for (let i = 0; i + 4 <= raw.length; i += 4) {
      out[i] = raw[i + 1] ?? 0;
      out[i + 1] = raw[i] ?? 0;
      out[i + 2] = raw[i + 3] ?? 0;
      out[i + 3] = raw[i + 2] ?? 0;
    }
  }
  return out;
}

function writeHeader(sink: ByteSink, tag: Tag, vr: Vr, length: number, enc: Encoding): void {
  sink.u16(tagGroup(tag), enc.le);
  sink.u16(tagElement(tag), enc.le);
  if (!enc.explicit) {
    sink.u32(length, enc.le);
    return;
  }
  sink.ascii(vr);
  if (hasLongLength(vr)) {
    sink.u16(0, enc.le);
    sink.u32(length, enc.le);
  } else {
    if (length > 0xffff) {
      throw new DicomError(
        'DICOM_INVALID_VALUE',
        `value of ${length} bytes is too long for VR ${vr} (max 65534)`,
        { element: describeTag(tag) },
      );
    }
    sink.u16(length, enc.le);
  }
}

/**
 * Writes the elements in tag order. A group length element (gggg,0000) that is
 * present is written with the group's length as encoded here, not the value
 * read: the length changes with the VR encoding and with sequences written
 * with undefined length (PS3.5 section 7.2).
 */
function writeElements(
  sink: ByteSink,
  dataset: Dataset,
  enc: Encoding,
  groupFilter?: (group: number) => boolean,
): void {
  let groupLength: { group: number; valueAt: number } | undefined;
  const closeGroup = (): void => {
    if (groupLength !== undefined)
      sink.patchU32(groupLength.valueAt, sink.length - groupLength.valueAt - 4, enc.le);
    groupLength = undefined;
  };
  for (const tag of dataset.tags()) {
    if (groupFilter !== undefined && !groupFilter(tagGroup(tag))) continue;
    const element = dataset.elements.get(tag);
    if (element === undefined) continue;
    if (groupLength !== undefined && groupLength.group !== tagGroup(tag)) closeGroup();
    if (tagElement(tag) === 0x0000) {
      writeHeader(sink, tag, 'UL', 4, enc);
      groupLength = { group: tagGroup(tag), valueAt: sink.length };
      sink.u32(0, enc.le);
      continue;
    }
    writeElement(sink, dataset, element, enc);
  }
  closeGroup();
}

function writeElement(sink: ByteSink, dataset: Dataset, element: DataElement, enc: Encoding): void {
  const { tag } = element;
  if (element.items !== undefined) {
    // Sequences and items are written with undefined length (PS3.5 section 7.5.2):
    // no lengths to precompute, and readers must accept either form.
    writeHeader(sink, tag, element.vr === 'UN' ? 'SQ' : element.vr, UNDEFINED_LENGTH, enc);
    for (const item of element.items) {
      writeItemHeader(sink, ITEM_TAG, UNDEFINED_LENGTH, enc);
      writeElements(sink, item, enc);
      writeItemHeader(sink, ITEM_DELIMITATION_TAG, 0, enc);
    }
    writeItemHeader(sink, SEQUENCE_DELIMITATION_TAG, 0, enc);
    return;
  }
  if (element.fragments !== undefined) {
    // Encapsulated pixel data (PS3.5 section A.4): item per fragment, then a sequence delimiter.
    if (element.bytes === undefined) {
      throw new DicomError(
        'DICOM_INVALID_VALUE',
        'pixel data was not read: read the whole file to write it',
        { element: describeTag(tag) },
      );
    }
    writeHeader(sink, tag, element.vr, UNDEFINED_LENGTH, enc);
    for (const fragment of element.fragments) {
      const data = evenLength(
        element.bytes.subarray(fragment.offset, fragment.offset + fragment.length),
        'OB',
      );
      writeItemHeader(sink, ITEM_TAG, data.length, enc);
      sink.bytes(data);
    }
    writeItemHeader(sink, SEQUENCE_DELIMITATION_TAG, 0, enc);
    return;
  }
  const value = evenLength(valueBytes(element, dataset.littleEndian, enc), element.vr);
  writeHeader(sink, tag, element.vr, value.length, enc);
  sink.bytes(value);
}

/** Item, item delimitation and sequence delimitation headers: tag and 32-bit length, no VR (PS3.5 7.5). */
function writeItemHeader(sink: ByteSink, tag: Tag, length: number, enc: Encoding): void {
  sink.u16(tagGroup(tag), enc.le);
  sink.u16(tagElement(tag), enc.le);
  sink.u32(length, enc.le);
}

/** Values have even length: an odd one gets its VR's padding byte (PS3.5 section 7.1.1). */
function evenLength(value: Uint8Array, vr: Vr): Uint8Array {
  if (value.length % 2 === 0) return value;
  const out = new Uint8Array(value.length + 1);
  out.set(value);
  out[value.length] = paddingByte(vr);
  return out;
}

/** Encodes a data set body (no meta header) in the given transfer syntax. */
export function writeDataset(dataset: Dataset, transferSyntaxUid: string): Uint8Array {
  return concatBytes(writeDatasetParts(dataset, transferSyntaxUid));
}

function writeDatasetParts(dataset: Dataset, transferSyntaxUid: string): Uint8Array[] {
  const syntax = requireSyntax(transferSyntaxUid);
  const sink = new ByteSink();
  writeElements(
    sink,
    dataset,
    { le: syntax.littleEndian, explicit: syntax.explicitVr },
    (group) => group !== 0x0002,
  );
  return syntax.deflated ? [deflateRawSync(sink.result())] : sink.parts();
}

function requireSyntax(uid: string): TransferSyntax {
  const syntax = lookupTransferSyntax(uid);
  if (syntax === undefined) {
    throw new DicomError(
      'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
      `cannot write transfer syntax ${uid}: unknown`,
      { element: '(0002,0010) TransferSyntaxUID' },
    );
  }
  return syntax;
}

export interface WritePart10Input {
  readonly dataset: Dataset;
  /** Transfer syntax to write in. Changing between native syntaxes is supported; encapsulated data is written as it is. */
  readonly transferSyntaxUid: string;
  /** The original meta header, whose optional elements (source AE title, private information) are kept. */
  readonly meta?: Dataset;
  /**
   * Refuse a data set without SOPClassUID/SOPInstanceUID (default true): PS3.10
   * makes the meta copies of them Type 1. False writes them empty, to round-trip
   * nonconformant files as they are.
   */
  readonly strict?: boolean;
}

/**
 * Writes a DICOM Part 10 file (PS3.10 section 7): 128-byte preamble, `DICM`,
 * File Meta Information with a correct group length, then the data set.
 */
export function writePart10(input: WritePart10Input): Uint8Array {
  return concatBytes(writePart10Parts(input));
}

/**
 * {@link writePart10} as consecutive chunks, large values (Pixel Data) as views
 * of the data set's own bytes: for writev and streaming hashes, which then
 * never copy the pixels.
 */
export function writePart10Parts(input: WritePart10Input): Uint8Array[] {
  const { dataset, transferSyntaxUid } = input;
  const syntax = requireSyntax(transferSyntaxUid);
  const sopClass = dataset.string('SOPClassUID') ?? input.meta?.string('MediaStorageSOPClassUID');
  const sopInstance =
    dataset.string('SOPInstanceUID') ?? input.meta?.string('MediaStorageSOPInstanceUID');
  if ((sopClass === undefined || sopInstance === undefined) && input.strict !== false) {
    throw new DicomError(
      'DICOM_INVALID_VALUE',
      'a Part 10 file needs SOPClassUID and SOPInstanceUID',
      {
        element: sopClass === undefined ? '(0008,0016) SOPClassUID' : '(0008,0018) SOPInstanceUID',
      },
    );
  }
  const meta = new Dataset(true);
  if (input.meta !== undefined) {
    for (const [tag, element] of input.meta.elements) {
      if (
        tag === 0x00020000 ||
        tag === 0x00020001 ||
        tag === 0x00020002 ||
        tag === 0x00020003 ||
        tag === 0x00020010 ||
        tag === 0x00020012 ||
        tag === 0x00020013
      )
        continue;
      meta.set(element);
    }
  }
  const set = (tag: Tag, vr: Vr, value: string | Uint8Array): void => {
    const bytes = encodeValue(vr, value, true, []);
    meta.set({ tag, vr, bytes, offset: 0, length: bytes.length, undefinedLength: false });
  };
  set(0x00020001, 'OB', new Uint8Array([0, 1]));
  set(0x00020002, 'UI', sopClass ?? '');
  set(0x00020003, 'UI', sopInstance ?? '');
  set(0x00020010, 'UI', syntax.uid);
  set(0x00020012, 'UI', IMPLEMENTATION_CLASS_UID);
  set(0x00020013, 'SH', IMPLEMENTATION_VERSION_NAME);

  const metaSink = new ByteSink();
  writeElements(metaSink, meta, { le: true, explicit: true });
  const metaBody = metaSink.result();
  const body = writeDatasetParts(dataset, syntax.uid);

  const head = new Uint8Array(132 + 12 + metaBody.length);
  head.set([0x44, 0x49, 0x43, 0x4d], 128);
  const view = new DataView(head.buffer);
  // (0002,0000) UL File Meta Information Group Length.
  view.setUint16(132, 0x0002, true);
  view.setUint16(134, 0x0000, true);
  head.set([0x55, 0x4c], 136);
  view.setUint16(138, 4, true);
  view.setUint32(140, metaBody.length, true);
  head.set(metaBody, 144);
  return [head, ...body];
}
