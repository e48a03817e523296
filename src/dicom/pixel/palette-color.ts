import type { Dataset } from '../dataset.js';
import { DicomError } from '../dicom-error.js';
import type { DecodedFrame } from './decoded-frame.js';
import { readLutDescriptor } from './lut-descriptor.js';

/** A Palette Color Lookup Table (PS3.3 C.7.6.3.1.5-6), segmented tables expanded (C.7.9.2). */
export interface PaletteColorLut {
  readonly red: Uint16Array;
  readonly green: Uint16Array;
  readonly blue: Uint16Array;
  /** The stored value that maps to the first entry (descriptor second value). */
  readonly firstValueMapped: number;
  /** Bits per entry of the table data as stored: 8 or 16. Output samples have this size. */
  readonly bitsPerEntry: 8 | 16;
}

const CHANNELS = ['Red', 'Green', 'Blue'] as const;

function invalid(detail: string, element: string): DicomError {
  return new DicomError('DICOM_INVALID_VALUE', detail, { element });
}

/** Reads 16-bit words (or bytes) of an OW value in the data set's byte order. */
function words(bytes: Uint8Array, littleEndian: boolean, byteDepth: 1 | 2): number[] {
  if (byteDepth === 1) return Array.from(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length - (bytes.length % 2));
  const out: number[] = [];
  for (let at = 0; at + 2 <= view.byteLength; at += 2) out.push(view.getUint16(at, littleEndian));
  return out;
}

/** Round half to even, as NumPy's `around` (the reference pydicom uses for linear segments). */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * Expands segmented LUT data (PS3.3 C.7.9.2): discrete segments (opcode 0)
 * copy values, linear segments (1) interpolate from the previous value,
 * indirect segments (2) replay segments found at a word offset. The output
 * is capped at `limit` entries, so a malformed table cannot grow without bound.
 */
export function expandSegmentedLut(
  data: readonly number[],
  limit: number,
  segmentCount?: number,
  lastValue?: number,
  depth = 0,
): number[] {
  if (depth > 8) throw new Error('segmented LUT: indirect segments nest too deep');
  const lut: number[] = [];
  let at = 0;
  let segments = 0;
  const previous = (): number | undefined => (lut.length > 0 ? lut[lut.length - 1] : lastValue);
  while (at + 1 < data.length && lut.length < limit) {
    const opcode = data[at] as number;
    const length = data[at + 1] as number;
    at += 2;
    if (opcode === 0) {
      for (let k = 0; k < length && at + k < data.length; k++) lut.push(data[at + k] as number);
      at += length;
    } else if (opcode === 1) {
      const y0 = previous();
      if (y0 === undefined)
        throw new Error('segmented LUT: a linear segment cannot come first (C.7.9.2.2)');
      const y1 = data[at] as number;
      at += 1;
      const step = (y1 - y0) / length;
      for (let k = 1; k <= length; k++) lut.push(k === length ? y1 : roundHalfEven(y0 + step * k));
    } else if (opcode === 2) {
      if (lut.length === 0)
        throw new Error('segmented LUT: an indirect segment cannot come first (C.7.9.2.3)');
      const offset = (((data[at + 1] as number) << 16) | (data[at] as number)) >>> 0;
      at += 2;
      lut.push(
        ...expandSegmentedLut(
          data.slice(offset),
          limit - lut.length,
          length,
          previous(),
          depth + 1,
        ),
      );
    } else {
      throw new Error(`segmented LUT: unknown segment type ${opcode} (C.7.9.2)`);
    }
    segments += 1;
    if (segments === segmentCount) break;
  }
  return lut.slice(0, limit);
}

/**
 * Reads the Palette Color Lookup Table of an image (PS3.3 C.7.6.3.1.5 and
 * C.7.6.3.1.6): descriptors (0028,1101-1103), then either the table data
 * (0028,1201-1203) or the segmented table data (0028,1221-1223, C.7.9.2).
 * As pydicom does, the entry size of unsegmented data is taken from its
 * length (8-bit tables are found both packed and one per 16-bit word).
 */
export function readPaletteColorLut(dataset: Dataset): PaletteColorLut {
  const descriptor = dataset.numbers('RedPaletteColorLookupTableDescriptor');
  if (descriptor === undefined || descriptor.length < 3) {
    throw invalid(
      'Red Palette Color Lookup Table Descriptor is missing (PS3.3 C.7.6.3.1.5)',
      '(0028,1101) RedPaletteColorLookupTableDescriptor',
    );
  }
  const {
    entries,
    firstValueMapped,
    bitsPerEntry: nominalBits,
  } = readLutDescriptor(descriptor, dataset);
  const tables: Uint16Array[] = [];
  let bitsPerEntry: 8 | 16 = nominalBits <= 8 ? 8 : 16;
  const segmented =
    !dataset.has('RedPaletteColorLookupTableData') &&
    dataset.has('SegmentedRedPaletteColorLookupTableData');
  for (const channel of CHANNELS) {
    const keyword = segmented
      ? `Segmented${channel}PaletteColorLookupTableData`
      : `${channel}PaletteColorLookupTableData`;
    const bytes = dataset.bytes(keyword);
    if (bytes === undefined) throw invalid(`${keyword} is missing (PS3.3 C.7.6.3.1.6)`, keyword);
    let values: number[];
    if (segmented) {
      try {
        values = expandSegmentedLut(
          words(bytes, dataset.littleEndian, nominalBits <= 8 ? 1 : 2),
          entries,
        );
      } catch (error) {
        throw invalid((error as Error).message, keyword);
      }
    } else {
      const byteDepth = bytes.length >= entries * 2 ? 2 : 1;
      bitsPerEntry = byteDepth === 2 ? 16 : 8;
      values = words(bytes, dataset.littleEndian, byteDepth);
    }
    if (values.length < entries)
      throw invalid(
        `${keyword} has ${values.length} entries, the descriptor says ${entries}`,
        keyword,
      );
    tables.push(Uint16Array.from(values.slice(0, entries)));
  }
  const [red, green, blue] = tables as [Uint16Array, Uint16Array, Uint16Array];
  return { red, green, blue, firstValueMapped, bitsPerEntry };
}

/**
 * Maps a PALETTE COLOR frame's stored values to RGB, colour-by-pixel
 * (PS3.3 C.7.6.3.1.5): values below the first mapped value take the first
 * entry, values past the table the last. Uint8Array for 8-bit tables,
 * Uint16Array for 16-bit ones.
 */
export function applyPaletteColorLut(
  frame: DecodedFrame,
  lut: PaletteColorLut,
): Uint8Array | Uint16Array {
  if (frame.description.SamplesPerPixel !== 1)
    throw new RangeError('palette colour lookup needs one sample per pixel');
  const values = frame.values;
  const out =
    lut.bitsPerEntry === 8 ? new Uint8Array(values.length * 3) : new Uint16Array(values.length * 3);
  const last = lut.red.length - 1;
  for (let i = 0; i < values.length; i++) {
    const index = Math.min(last, Math.max(0, (values[i] as number) - lut.firstValueMapped));
    out[i * 3] = lut.red[index] as number;
    out[i * 3 + 1] = lut.green[index] as number;
    out[i * 3 + 2] = lut.blue[index] as number;
  }
  return out;
}
