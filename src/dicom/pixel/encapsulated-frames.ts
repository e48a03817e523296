import type { DataElement, Dataset, Fragment } from '../dataset.js';
import { DicomError } from '../dicom-error.js';
import type { PixelEncoding } from '../transfer-syntax.js';
import { pixelDataElementName } from './pixel-description.js';

const EXTENDED_OFFSET_TABLE = 0x7fe00001;

/** How the frames of encapsulated pixel data were found. */
export type FrameLayoutSource =
  | 'single-frame'
  | 'extended-offset-table'
  | 'basic-offset-table'
  | 'one-fragment-per-frame'
  | 'start-markers'
  | 'end-markers';

/** The fragments making up each frame (indexes into the element's fragment list, Basic Offset Table item excluded). */
export interface FrameLayout {
  readonly source: FrameLayoutSource;
  readonly frames: readonly (readonly Fragment[])[];
}

const layouts = new WeakMap<DataElement, FrameLayout>();

function fail(detail: string): DicomError {
  return new DicomError('DICOM_PIXEL_DECODE_FAILED', detail, {
    element: pixelDataElementName('PixelData'),
  });
}

/**
 * Groups the fragments of encapsulated pixel data into frames (PS3.5 A.4):
 * by the Extended Offset Table (7FE0,0001)/(7FE0,0002) when present, else by
 * the Basic Offset Table; with an empty Basic Offset Table, all fragments form
 * the one frame of a single-frame image, one fragment is one frame when the
 * counts agree, and otherwise a frame starts at each fragment that begins with
 * the codestream's start marker (JPEG SOI, JPEG 2000 SOC or JP2 signature,
 * JPEG XL signature, RLE header) — or, failing that, ends at each fragment
 * that ends with a JPEG EOI marker. An offset table that points between
 * fragments is ignored in favour of those rules. The result is cached per
 * element.
 */
export function encapsulatedFrameLayout(
  element: DataElement,
  dataset: Dataset,
  numberOfFrames: number,
  encoding: PixelEncoding,
): FrameLayout {
  const cached = layouts.get(element);
  if (cached !== undefined && cached.frames.length === numberOfFrames) return cached;
  const layout = computeLayout(element, dataset, numberOfFrames, encoding);
  layouts.set(element, layout);
  return layout;
}

function computeLayout(
  element: DataElement,
  dataset: Dataset,
  numberOfFrames: number,
  encoding: PixelEncoding,
): FrameLayout {
  const bytes = element.bytes;
  const all = element.fragments;
  if (bytes === undefined || all === undefined)
    throw fail('pixel data is not encapsulated (no items)');
  const fragments = all.slice(1);
  if (fragments.length === 0)
    throw fail('encapsulated pixel data has no fragment after the Basic Offset Table item');
  if (numberOfFrames === 1) return { source: 'single-frame', frames: [fragments] };

  const extended = byOffsets(fragments, extendedOffsets(dataset), numberOfFrames);
  if (extended !== undefined) return { source: 'extended-offset-table', frames: extended };
  const bot = all[0];
  if (bot !== undefined && bot.length > 0) {
    const offsets = basicOffsets(bytes, bot);
    const frames = byOffsets(fragments, offsets, numberOfFrames);
    if (frames !== undefined) return { source: 'basic-offset-table', frames };
  }
  if (fragments.length === numberOfFrames)
    return { source: 'one-fragment-per-frame', frames: fragments.map((f) => [f]) };
  if (fragments.length < numberOfFrames) {
    throw fail(
      `${numberOfFrames} frames but only ${fragments.length} fragment(s) and no usable offset table`,
    );
  }
  const byStart = splitAtStarts(bytes, fragments, encoding);
  if (byStart !== undefined && byStart.length === numberOfFrames)
    return { source: 'start-markers', frames: byStart };
  const byEnd = splitAtJpegEnds(bytes, fragments);
  if (byEnd !== undefined && byEnd.length === numberOfFrames)
    return { source: 'end-markers', frames: byEnd };
  throw fail(
    `cannot tell which of ${fragments.length} fragments belong to which of ${numberOfFrames} frames: ` +
      `no usable offset table and ${byStart?.length ?? 0} codestream start(s) found`,
  );
}

/** Offsets of each frame's first item, from the first fragment item's tag (PS3.5 A.4, Table A.4-1 and A.4-2). */
function basicOffsets(bytes: Uint8Array, bot: Fragment): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset + bot.offset, bot.length);
  const offsets: number[] = [];
  for (let at = 0; at + 4 <= bot.length; at += 4) offsets.push(view.getUint32(at, true));
  return offsets;
}

function extendedOffsets(dataset: Dataset): number[] | undefined {
  if (!dataset.elements.has(EXTENDED_OFFSET_TABLE)) return undefined;
  return dataset.numbers(EXTENDED_OFFSET_TABLE);
}

/** Frames from item offsets; undefined when the table does not fit the fragments. */
function byOffsets(
  fragments: readonly Fragment[],
  offsets: readonly number[] | undefined,
  numberOfFrames: number,
): Fragment[][] | undefined {
  if (offsets === undefined || offsets.length !== numberOfFrames) return undefined;
  const first = fragments[0];
  if (first === undefined) return undefined;
  const indexByOffset = new Map<number, number>();
  // An item's offset from the first item: its value offset minus the first value offset (8-byte headers cancel).
  fragments.forEach((fragment, index) => indexByOffset.set(fragment.offset - first.offset, index));
  const starts: number[] = [];
  for (const offset of offsets) {
    const index = indexByOffset.get(offset);
    if (
      index === undefined ||
      (starts.length > 0 && index <= (starts[starts.length - 1] as number))
    )
      return undefined;
    starts.push(index);
  }
  if (starts[0] !== 0) return undefined;
  return starts.map((start, i) => fragments.slice(start, starts[i + 1] ?? fragments.length));
}

function startsFrame(bytes: Uint8Array, fragment: Fragment, encoding: PixelEncoding): boolean {
  const at = fragment.offset;
  const b = (k: number): number => (k < fragment.length ? (bytes[at + k] as number) : -1);
  switch (encoding) {
    case 'jpeg-baseline':
    case 'jpeg-extended':
    case 'jpeg-progressive':
    case 'jpeg-lossless':
    case 'jpeg-ls':
      return b(0) === 0xff && b(1) === 0xd8;
    case 'jpeg-2000':
    case 'htj2k':
      return (
        (b(0) === 0xff && b(1) === 0x4f && b(2) === 0xff && b(3) === 0x51) || isBox(b, 0x6a502020)
      );
    case 'jpeg-xl':
      return (b(0) === 0xff && b(1) === 0x0a) || isBox(b, 0x4a584c20);
    case 'rle':
      // Header: segment count 1..15, then the first segment offset, always 64 (PS3.5 G.5).
      return (
        b(0) >= 1 &&
        b(0) <= 15 &&
        b(1) === 0 &&
        b(2) === 0 &&
        b(3) === 0 &&
        b(4) === 64 &&
        b(5) === 0 &&
        b(6) === 0 &&
        b(7) === 0
      );
    default:
      return false;
  }
}

/** A 12-byte signature box of the given type: JP2 `jP  ` or JPEG XL `JXL `. */
function isBox(b: (k: number) => number, type: number): boolean {
  return (
    b(0) === 0 &&
    b(1) === 0 &&
    b(2) === 0 &&
    b(3) === 12 &&
    b(4) === type >>> 24 &&
    b(5) === ((type >>> 16) & 0xff) &&
    b(6) === ((type >>> 8) & 0xff) &&
    b(7) === (type & 0xff)
  );
}

function splitAtStarts(
  bytes: Uint8Array,
  fragments: readonly Fragment[],
  encoding: PixelEncoding,
): Fragment[][] | undefined {
  const first = fragments[0];
  if (first === undefined || !startsFrame(bytes, first, encoding)) return undefined;
  const frames: Fragment[][] = [];
  for (const fragment of fragments) {
    if (startsFrame(bytes, fragment, encoding)) frames.push([fragment]);
    else frames[frames.length - 1]?.push(fragment);
  }
  return frames;
}

/** A frame ends with a fragment whose last bytes (ignoring trailing padding zeros) are the JPEG EOI marker FFD9. */
function splitAtJpegEnds(
  bytes: Uint8Array,
  fragments: readonly Fragment[],
): Fragment[][] | undefined {
  const frames: Fragment[][] = [];
  let current: Fragment[] = [];
  for (const fragment of fragments) {
    current.push(fragment);
    let end = fragment.offset + fragment.length;
    while (end > fragment.offset && bytes[end - 1] === 0) end--;
    if (end - fragment.offset >= 2 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9) {
      frames.push(current);
      current = [];
    }
  }
  if (current.length > 0) return undefined;
  return frames;
}

/** The bytes of one frame: a view of its fragment, or the fragments joined (PS3.5 A.4). */
export function frameBytes(element: DataElement, fragments: readonly Fragment[]): Uint8Array {
  const bytes = element.bytes;
  if (bytes === undefined) throw fail('pixel data was not read');
  if (fragments.length === 1) {
    const only = fragments[0] as Fragment;
    return bytes.subarray(only.offset, only.offset + only.length);
  }
  const total = fragments.reduce((sum, f) => sum + f.length, 0);
  const out = new Uint8Array(total);
  let at = 0;
  for (const f of fragments) {
    out.set(bytes.subarray(f.offset, f.offset + f.length), at);
    at += f.length;
  }
  return out;
}
