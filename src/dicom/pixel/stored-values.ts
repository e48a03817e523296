import type { PixelDescription } from './pixel-description.js';

/**
 * A frame's stored pixel values (PS3.3 C.7.6.3.1: the values as stored, before
 * any Modality LUT), in the container type Bits Allocated and Pixel
 * Representation imply: 1-bit data as one Uint8 (0 or 1) per pixel.
 */
export type StoredValues =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** Name of a stored-value container, as NumPy spells it. */
export type StoredValueType =
  'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** The container type for a pixel description: Bits Allocated × Pixel Representation, or the float type. */
export function storedValueType(
  description: Pick<PixelDescription, 'pixelDataKeyword' | 'BitsAllocated' | 'PixelRepresentation'>,
): StoredValueType {
  if (description.pixelDataKeyword === 'FloatPixelData') return 'float32';
  if (description.pixelDataKeyword === 'DoubleFloatPixelData') return 'float64';
  const signed = description.PixelRepresentation === 1;
  if (description.BitsAllocated <= 8)
    return signed && description.BitsAllocated === 8 ? 'int8' : 'uint8';
  if (description.BitsAllocated <= 16) return signed ? 'int16' : 'uint16';
  return signed ? 'int32' : 'uint32';
}

/** Allocates a zeroed container of `length` samples. */
export function allocateStoredValues(type: StoredValueType, length: number): StoredValues {
  switch (type) {
    case 'uint8':
      return new Uint8Array(length);
    case 'int8':
      return new Int8Array(length);
    case 'uint16':
      return new Uint16Array(length);
    case 'int16':
      return new Int16Array(length);
    case 'uint32':
      return new Uint32Array(length);
    case 'int32':
      return new Int32Array(length);
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
  }
}

/** The NumPy-style name of a container. */
export function storedValueTypeOf(values: StoredValues): StoredValueType {
  if (values instanceof Uint8Array) return 'uint8';
  if (values instanceof Int8Array) return 'int8';
  if (values instanceof Uint16Array) return 'uint16';
  if (values instanceof Int16Array) return 'int16';
  if (values instanceof Uint32Array) return 'uint32';
  if (values instanceof Int32Array) return 'int32';
  if (values instanceof Float32Array) return 'float32';
  return 'float64';
}

/**
 * Keeps only the Bits Stored low bits of every integer sample, in place: masks
 * them for unsigned data and sign-extends bit Bits Stored − 1 for two's
 * complement data. Bits above Bits Stored carry no value (PS3.5 section 8.1.1),
 * and codecs may set them (a J2K codestream whose signedness disagrees with
 * Pixel Representation; JPEG-LS, which has no signedness). This is what
 * pydicom 3 does (`correct_unused_bits`, J2K/JPEG-LS sign correction).
 */
export function normalizeStoredBits(values: StoredValues, bitsStored: number): void {
  if (values instanceof Float32Array || values instanceof Float64Array) return;
  const containerBits = values.BYTES_PER_ELEMENT * 8;
  if (bitsStored >= containerBits) return;
  const shift = 32 - bitsStored;
  const n = values.length;
  if (values instanceof Int8Array || values instanceof Int16Array || values instanceof Int32Array) {
    for (let i = 0; i < n; i++) values[i] = ((values[i] as number) << shift) >> shift;
  } else {
    const mask = 2 ** bitsStored - 1;
    for (let i = 0; i < n; i++) values[i] = (values[i] as number) & mask;
  }
}

/**
 * The stored values as little-endian bytes, samples in array order: the layout
 * `radset pixels --digest` hashes. A view (no copy) on little-endian hosts.
 */
export function littleEndianBytes(values: StoredValues): Uint8Array {
  const view = new Uint8Array(values.buffer, values.byteOffset, values.byteLength);
  if (values.BYTES_PER_ELEMENT === 1 || HOST_LITTLE_ENDIAN) return view;
  return swapBytes(view, values.BYTES_PER_ELEMENT);
}

/** Whether this machine stores numbers little endian (typed arrays use the host's byte order). */
export const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A copy with the bytes of each `size`-byte word reversed; a trailing partial word is copied as is. */
export function swapBytes(bytes: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(bytes.length);
  const whole = bytes.length - (bytes.length % size);
  for (let i = 0; i < whole; i += size) {
    for (let b = 0; b < size; b++) out[i + b] = bytes[i + size - 1 - b] as number;
  }
  out.set(bytes.subarray(whole), whole);
  return out;
}
