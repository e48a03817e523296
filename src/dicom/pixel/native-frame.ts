import { DicomError } from '../dicom-error.js';
import {
  pixelDataElementName,
  samplesPerFrame,
  type PixelDescription,
} from './pixel-description.js';
import {
  allocateStoredValues,
  HOST_LITTLE_ENDIAN,
  normalizeStoredBits,
  storedValueType,
  storedValueTypeOf,
  swapBytes,
  type StoredValues,
} from './stored-values.js';

/** How the native pixel bytes are encoded: the data set's byte order and the element's VR. */
export interface NativeEncoding {
  readonly littleEndian: boolean;
  /** VR of the pixel data element: in big endian, OW swaps bytes in 16-bit words even for 8-bit samples. */
  readonly vr: string;
}

/**
 * Bytes one native frame occupies, before padding: Rows × Columns × Samples ×
 * Bits Allocated / 8 (PS3.5 section 8.1.1), two samples per pixel for native
 * YBR_FULL_422 (PS3.3 C.7.6.3.1.2). For Bits Allocated 1 this is a bit count
 * divided by 8 and may be fractional: frames need not be byte aligned.
 */
export function nativeFrameLengthBytes(description: PixelDescription): number {
  const samples = isSubsampled422(description)
    ? description.Rows * description.Columns * 2
    : samplesPerFrame(description);
  return (samples * description.BitsAllocated) / 8;
}

function isSubsampled422(description: PixelDescription): boolean {
  return (
    description.PhotometricInterpretation === 'YBR_FULL_422' && description.SamplesPerPixel === 3
  );
}

function truncated(
  description: PixelDescription,
  frameIndex: number,
  available: number,
  neededEnd: number,
): DicomError {
  return new DicomError(
    'DICOM_PIXEL_DECODE_FAILED',
    `frame ${frameIndex}: pixel data holds ${available} bytes but the frame ends at byte ${neededEnd} ` +
      `(${description.NumberOfFrames} frame(s) of ${description.Rows}x${description.Columns}x${description.SamplesPerPixel}, ${description.BitsAllocated} bits allocated)`,
    { element: pixelDataElementName(description.pixelDataKeyword) },
  );
}

/**
 * Stored values of one frame of native (uncompressed) pixel data (PS3.5
 * section 8.1): picks the frame out of the whole value (frames that are not
 * byte aligned included, for Bits Allocated 1), swaps bytes from big endian,
 * converts colour-by-plane (Planar Configuration 1) to colour-by-pixel,
 * upsamples native YBR_FULL_422 chroma to full resolution (PS3.3 C.7.6.3.1.2),
 * and masks or sign-extends to Bits Stored. Trailing padding is ignored;
 * data shorter than the frame needs is DICOM_PIXEL_DECODE_FAILED. Allocates
 * only the frame.
 */
export function decodeNativeFrame(
  value: Uint8Array,
  description: PixelDescription,
  frameIndex: number,
  encoding: NativeEncoding,
): StoredValues {
  if (description.BitsAllocated === 1)
    return unpackBitFrame(value, description, frameIndex, encoding);
  const bytesPerSample = description.BitsAllocated / 8;
  const frameBytes = nativeFrameLengthBytes(description);
  const start = frameIndex * frameBytes;
  if (value.length < start + frameBytes)
    throw truncated(description, frameIndex, value.length, start + frameBytes);
  let bytes = value.subarray(start, start + frameBytes);
  if (!encoding.littleEndian && bytesPerSample === 1 && encoding.vr === 'OW') {
    // Swap whole 16-bit words of the value: a frame may start or end mid-word (odd sizes, padding byte).
    const from = start - (start % 2);
    const to = Math.min(value.length, start + frameBytes + ((start + frameBytes) % 2));
    bytes = swapBytes(value.subarray(from, to), 2).subarray(
      start - from,
      start - from + frameBytes,
    );
  }
  const littleEndian = encoding.littleEndian || bytesPerSample === 1;
  const type = storedValueType(description);
  const sampleCount = frameBytes / bytesPerSample;
  const raw = allocateStoredValues(type, sampleCount);
  readSamples(
    bytes,
    raw,
    bytesPerSample,
    littleEndian,
    description.pixelDataKeyword !== 'PixelData',
  );
  let values = raw;
  if (isSubsampled422(description)) values = upsample422(raw, description);
  else if (description.SamplesPerPixel > 1 && description.PlanarConfiguration === 1)
    values = planarToInterleaved(raw, description.SamplesPerPixel);
  normalizeStoredBits(values, description.BitsStored);
  return values;
}

function readSamples(
  bytes: Uint8Array,
  out: StoredValues,
  bytesPerSample: number,
  littleEndian: boolean,
  float: boolean,
): void {
  if (bytesPerSample === 1) {
    (out as Uint8Array | Int8Array).set(
      out instanceof Int8Array
        ? new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length)
        : bytes,
    );
    return;
  }
  if (littleEndian && HOST_LITTLE_ENDIAN) {
    // Copy the bytes into the container's own buffer: no alignment constraint on the source.
    new Uint8Array(out.buffer, out.byteOffset, out.byteLength).set(
      bytes.subarray(0, out.byteLength),
    );
    return;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const n = out.length;
  if (float) {
    if (bytesPerSample === 4)
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(i * 4, littleEndian);
    else for (let i = 0; i < n; i++) out[i] = view.getFloat64(i * 8, littleEndian);
    return;
  }
  if (bytesPerSample === 2)
    for (let i = 0; i < n; i++) out[i] = view.getUint16(i * 2, littleEndian);
  else for (let i = 0; i < n; i++) out[i] = view.getUint32(i * 4, littleEndian);
}

/** Colour-by-plane (RRR…GGG…BBB…) to colour-by-pixel (RGBRGB…), PS3.3 C.7.6.3.1.3. */
export function planarToInterleaved<T extends StoredValues>(planar: T, samplesPerPixel: number): T {
  const pixels = planar.length / samplesPerPixel;
  const out = allocateStoredValues(storedValueTypeOf(planar), planar.length) as T;
  for (let s = 0; s < samplesPerPixel; s++) {
    const base = s * pixels;
    for (let p = 0; p < pixels; p++) out[p * samplesPerPixel + s] = planar[base + p] as number;
  }
  return out;
}

/** Y1 Y2 Cb Cr → Y1 Cb Cr Y2 Cb Cr: each chroma pair serves two horizontally adjacent pixels (PS3.3 C.7.6.3.1.2). */
function upsample422(raw: StoredValues, description: PixelDescription): StoredValues {
  const pixels = description.Rows * description.Columns;
  const out = allocateStoredValues(storedValueTypeOf(raw), pixels * 3);
  const pairs = Math.floor(pixels / 2);
  for (let p = 0; p < pairs; p++) {
    const i = p * 4;
    const o = p * 6;
    const cb = raw[i + 2] as number;
    const cr = raw[i + 3] as number;
    out[o] = raw[i] as number;
    out[o + 1] = cb;
    out[o + 2] = cr;
    out[o + 3] = raw[i + 1] as number;
    out[o + 4] = cb;
    out[o + 5] = cr;
  }
  return out;
}

/**
 * Bits Allocated 1: pixels are packed eight to a byte, first pixel in the
 * least significant bit (PS3.5 section 8.1.1 and Annex D), and frame N starts
 * at bit N × Rows × Columns × Samples, so frames need not start on a byte.
 */
function unpackBitFrame(
  value: Uint8Array,
  description: PixelDescription,
  frameIndex: number,
  encoding: NativeEncoding,
): Uint8Array {
  const frameBits = samplesPerFrame(description);
  const startBit = frameIndex * frameBits;
  const endByte = Math.ceil((startBit + frameBits) / 8);
  if (value.length < endByte) throw truncated(description, frameIndex, value.length, endByte);
  // Big endian OW holds 16-bit words: logical byte k sits at k XOR 1.
  const swap = !encoding.littleEndian && encoding.vr === 'OW' ? 1 : 0;
  const out = new Uint8Array(frameBits);
  for (let i = 0; i < frameBits; i++) {
    const bit = startBit + i;
    out[i] = ((value[(bit >>> 3) ^ swap] ?? 0) >>> (bit & 7)) & 1;
  }
  if (description.SamplesPerPixel > 1 && description.PlanarConfiguration === 1)
    return planarToInterleaved(out, description.SamplesPerPixel);
  return out;
}
