import { describe, expect, test } from 'vitest';
import { storedValuesFromCodec } from './codec-output.js';
import type { PixelDescription } from './pixel-description.js';
import { decodeRleFrame } from './rle-decoder.js';

/** An RLE frame (PS3.5 G.5): header of segment count and offsets, then the PackBits segments given. */
function rleFrame(segments: readonly number[][]): Uint8Array {
  const header = new DataView(new ArrayBuffer(64));
  header.setUint32(0, segments.length, true);
  let offset = 64;
  segments.forEach((segment, i) => {
    header.setUint32(4 + 4 * i, offset, true);
    offset += segment.length;
  });
  return Uint8Array.from([...new Uint8Array(header.buffer), ...segments.flat()]);
}

const description: PixelDescription = {
  pixelDataKeyword: 'PixelData',
  Rows: 2,
  Columns: 3,
  SamplesPerPixel: 1,
  BitsAllocated: 16,
  BitsStored: 16,
  HighBit: 15,
  PixelRepresentation: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  PlanarConfiguration: 0,
  NumberOfFrames: 1,
};

describe('RLE Lossless (PS3.5 Annex G)', () => {
  test('decodes PackBits literal and replicate runs, most significant byte segment first', async () => {
    // high bytes: replicate 0xFF three times, then literal 00 01 02; low bytes: literal 6 bytes
    const high = [-2 & 0xff, 0xff, 2, 0x00, 0x01, 0x02];
    const low = [5, 0xfe, 0x00, 0x10, 0x20, 0x30, 0x40];
    const values = storedValuesFromCodec(
      await decodeRleFrame(rleFrame([high, low]), description),
      description,
    );
    expect(Array.from(values)).toEqual([-2, -256, -240, 0x20, 0x130, 0x240]);
  });

  test('a -128 byte is a no-op and output past the frame (pad byte) is dropped', async () => {
    const eight = {
      ...description,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0 as const,
    };
    const segment = [0x80, -5 & 0xff, 7, 0x00];
    const values = storedValuesFromCodec(await decodeRleFrame(rleFrame([segment]), eight), eight);
    expect(Array.from(values)).toEqual([7, 7, 7, 7, 7, 7]);
  });

  test('colour: one segment per sample, interleaved on output', async () => {
    const rgb = {
      ...description,
      Rows: 1,
      Columns: 2,
      SamplesPerPixel: 3,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0 as const,
      PhotometricInterpretation: 'RGB',
    };
    const out = storedValuesFromCodec(
      await decodeRleFrame(
        rleFrame([
          [1, 1, 2],
          [1, 10, 20],
          [1, 100, 200],
        ]),
        rgb,
      ),
      rgb,
    );
    expect(Array.from(out)).toEqual([1, 10, 100, 2, 20, 200]);
  });

  test('1-bit frames are one segment of packed bits', async () => {
    const bits = {
      ...description,
      Rows: 1,
      Columns: 10,
      BitsAllocated: 1,
      BitsStored: 1,
      HighBit: 0,
      PixelRepresentation: 0 as const,
    };
    const out = storedValuesFromCodec(
      await decodeRleFrame(rleFrame([[1, 0b10100101, 0b11]]), bits),
      bits,
    );
    expect(Array.from(out)).toEqual([1, 0, 1, 0, 0, 1, 0, 1, 1, 1]);
  });

  test('wrong segment count, short segments and bad offsets are errors', async () => {
    await expect(decodeRleFrame(rleFrame([[5, 1, 2, 3, 4, 5, 6]]), description)).rejects.toThrow(
      /1 segment\(s\); 1 sample\(s\) of 16 bits need 2/,
    );
    await expect(
      decodeRleFrame(
        rleFrame([
          [1, 1, 2],
          [1, 1, 2],
        ]),
        description,
      ),
    ).rejects.toThrow(/decodes to 2 bytes, the frame needs 6/);
    const broken = rleFrame([
      [5, 0, 0, 0, 0, 0, 0],
      [5, 0, 0, 0, 0, 0, 0],
    ]);
    new DataView(broken.buffer).setUint32(8, 1_000_000, true);
    await expect(decodeRleFrame(broken, description)).rejects.toThrow(/outside the/);
    await expect(decodeRleFrame(new Uint8Array(10), description)).rejects.toThrow(/64-byte header/);
  });
});
