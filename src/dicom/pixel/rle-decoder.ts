import type { CodecOutput } from './codec-output.js';
import { samplesPerFrame, type PixelDescription } from './pixel-description.js';

/** Name reported for frames this codec decodes. */
export const RLE_CODEC = 'RLE Lossless (radset, PS3.5 Annex G)';

const HEADER_BYTES = 64;

/**
 * Decodes one RLE Lossless frame (PS3.5 Annex G; 1.2.840.10008.1.2.5): a
 * 64-byte header of little-endian 32-bit words (segment count, then up to 15
 * segment offsets), then one PackBits segment per byte of each sample, most
 * significant byte first, sample by sample (G.2). Bits Allocated 1 frames are
 * one segment of packed bits. Each segment is decoded into exactly the bytes
 * the frame needs: extra output (the pad byte of odd segments) is dropped and
 * short output is an error, so nothing larger than the frame is allocated.
 */
export async function decodeRleFrame(
  encoded: Uint8Array,
  description: PixelDescription,
): Promise<CodecOutput> {
  const pixels = description.Rows * description.Columns;
  const bitPacked = description.BitsAllocated === 1;
  const bytesPerSample = bitPacked ? 1 : description.BitsAllocated / 8;
  const expectedSegments = bitPacked
    ? description.SamplesPerPixel
    : description.SamplesPerPixel * bytesPerSample;
  if (encoded.length < HEADER_BYTES)
    throw new Error(`RLE frame is ${encoded.length} bytes, shorter than its 64-byte header`);
  const header = new DataView(encoded.buffer, encoded.byteOffset, HEADER_BYTES);
  const segments = header.getUint32(0, true);
  if (segments !== expectedSegments) {
    throw new Error(
      `RLE header has ${segments} segment(s); ${description.SamplesPerPixel} sample(s) of ${description.BitsAllocated} bits need ${expectedSegments} (PS3.5 G.2)`,
    );
  }
  const offsets: number[] = [];
  for (let s = 0; s < segments; s++) offsets.push(header.getUint32(4 + 4 * s, true));
  const segmentBytes = bitPacked ? Math.ceil(pixels / 8) : pixels;
  const segment = new Uint8Array(segmentBytes);
  const count = samplesPerFrame(description);
  const out = new Uint8Array(count * bytesPerSample);
  for (let s = 0; s < segments; s++) {
    const start = offsets[s] as number;
    const end = s + 1 < segments ? (offsets[s + 1] as number) : encoded.length;
    if (start < HEADER_BYTES || end > encoded.length || start > end)
      throw new Error(
        `RLE segment ${s} offsets ${start}-${end} are outside the ${encoded.length}-byte frame`,
      );
    unpackBits(encoded.subarray(start, end), segment, s);
    if (bitPacked) {
      for (let p = 0; p < pixels; p++)
        out[p * description.SamplesPerPixel + s] = ((segment[p >>> 3] as number) >>> (p & 7)) & 1;
      continue;
    }
    const sample = Math.floor(s / bytesPerSample);
    const byteInSample = bytesPerSample - 1 - (s % bytesPerSample); // segments run most significant byte first
    const stride = description.SamplesPerPixel * bytesPerSample;
    let o = sample * bytesPerSample + byteInSample;
    for (let p = 0; p < pixels; p++, o += stride) out[o] = segment[p] as number;
  }
  return {
    bytes: out,
    bytesPerSample: bytesPerSample as 1 | 2 | 4,
    signed: false,
    precision: description.BitsStored,
    planar: false,
    photometricInterpretation: description.PhotometricInterpretation,
    codec: RLE_CODEC,
    rows: description.Rows,
    columns: description.Columns,
  };
}

/** PackBits (PS3.5 G.3.1): n in 0..127 copies n+1 literal bytes, -127..-1 repeats the next byte 1-n times, -128 is a no-op. */
function unpackBits(input: Uint8Array, output: Uint8Array, segmentIndex: number): void {
  let i = 0;
  let o = 0;
  const limit = output.length;
  while (o < limit && i < input.length) {
    const n = input[i++] as number;
    if (n < 128) {
      const run = Math.min(n + 1, limit - o, input.length - i);
      output.set(input.subarray(i, i + run), o);
      i += n + 1;
      o += run;
    } else if (n > 128) {
      const value = input[i++];
      if (value === undefined) break;
      const run = Math.min(257 - n, limit - o);
      output.fill(value, o, o + run);
      o += run;
    }
  }
  if (o < limit)
    throw new Error(`RLE segment ${segmentIndex} decodes to ${o} bytes, the frame needs ${limit}`);
}
