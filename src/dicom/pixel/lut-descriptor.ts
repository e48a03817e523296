import type { Dataset } from '../dataset.js';

/** The three values of a LUT Descriptor (PS3.3 C.11.1.1.1; Palette Color, C.7.6.3.1.5). */
export interface LutDescriptor {
  /** Number of entries: the first value, where 0 means 65536. */
  readonly entries: number;
  /** The stored value mapped to the first entry: the second value. */
  readonly firstValueMapped: number;
  /** Bits per entry: the third value. */
  readonly bitsPerEntry: number;
}

/**
 * Reads the values of a LUT Descriptor; the caller has checked there are
 * three. The second value is US or SS as the pixel data is unsigned or signed
 * (C.11.1.1.1), and implicit VR reads it as US, so with Pixel Representation 1
 * it is taken as two's complement.
 */
export function readLutDescriptor(descriptor: readonly number[], dataset: Dataset): LutDescriptor {
  const [count = 0, first = 0, bitsPerEntry = 16] = descriptor;
  const signed = dataset.number('PixelRepresentation') === 1;
  return {
    entries: count === 0 ? 65536 : count,
    firstValueMapped: signed && first >= 0x8000 ? first - 0x10000 : first,
    bitsPerEntry,
  };
}
