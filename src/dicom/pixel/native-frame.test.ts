import { describe, expect, test } from 'vitest';
import { DicomError } from '../dicom-error.js';
import { decodeNativeFrame, nativeFrameLengthBytes } from './native-frame.js';
import type { PixelDescription } from './pixel-description.js';

const mono16: PixelDescription = {
  pixelDataKeyword: 'PixelData',
  Rows: 2,
  Columns: 2,
  SamplesPerPixel: 1,
  BitsAllocated: 16,
  BitsStored: 16,
  HighBit: 15,
  PixelRepresentation: 0,
  PhotometricInterpretation: 'MONOCHROME2',
  PlanarConfiguration: 0,
  NumberOfFrames: 2,
};
const LE = { littleEndian: true, vr: 'OW' };

describe('decodeNativeFrame (PS3.5 section 8.1)', () => {
  test('picks the frame, little and big endian', () => {
    const le = Uint8Array.from([1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0, 0x08, 0x01]);
    expect(Array.from(decodeNativeFrame(le, mono16, 1, LE))).toEqual([5, 6, 7, 0x108]);
    const be = Uint8Array.from([0, 1, 0, 2, 0, 3, 0, 4, 0, 5, 0, 6, 0, 7, 0x01, 0x08]);
    expect(Array.from(decodeNativeFrame(be, mono16, 1, { littleEndian: false, vr: 'OW' }))).toEqual(
      [5, 6, 7, 0x108],
    );
  });

  test('ignores trailing padding and rejects data shorter than the frame', () => {
    const bytes = new Uint8Array(17);
    expect(decodeNativeFrame(bytes, mono16, 1, LE)).toHaveLength(4);
    let caught: unknown;
    try {
      decodeNativeFrame(new Uint8Array(15), mono16, 1, LE);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(DicomError);
    expect((caught as DicomError).code).toBe('DICOM_PIXEL_DECODE_FAILED');
    expect((caught as DicomError).message).toMatch(
      /frame 1: pixel data holds 15 bytes but the frame ends at byte 16/,
    );
  });

  test('masks unsigned and sign-extends signed values to Bits Stored (PS3.5 8.1.1)', () => {
    const twelve = { ...mono16, BitsStored: 12, HighBit: 11, NumberOfFrames: 1 };
    const bytes = Uint8Array.from([0xff, 0xff, 0x00, 0xf8, 0xff, 0x07, 0x34, 0x12]);
    expect(Array.from(decodeNativeFrame(bytes, twelve, 0, LE))).toEqual([
      0xfff, 0x800, 0x7ff, 0x234,
    ]);
    const signed = decodeNativeFrame(bytes, { ...twelve, PixelRepresentation: 1 }, 0, LE);
    expect(signed).toBeInstanceOf(Int16Array);
    expect(Array.from(signed)).toEqual([-1, -2048, 2047, 0x234]);
  });

  test('colour-by-plane becomes colour-by-pixel (PS3.3 C.7.6.3.1.3)', () => {
    const rgb = {
      ...mono16,
      Rows: 1,
      SamplesPerPixel: 3,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PhotometricInterpretation: 'RGB',
      PlanarConfiguration: 1 as const,
      NumberOfFrames: 1,
    };
    const planar = Uint8Array.from([1, 2, 10, 20, 100, 200]);
    expect(Array.from(decodeNativeFrame(planar, rgb, 0, LE))).toEqual([1, 10, 100, 2, 20, 200]);
  });

  test('8-bit samples in OW under big endian are swapped per 16-bit word (PS3.5 section 7.3)', () => {
    const eight = { ...mono16, BitsAllocated: 8, BitsStored: 8, HighBit: 7, NumberOfFrames: 1 };
    expect(
      Array.from(
        decodeNativeFrame(Uint8Array.from([2, 1, 4, 3]), eight, 0, {
          littleEndian: false,
          vr: 'OW',
        }),
      ),
    ).toEqual([1, 2, 3, 4]);
    expect(
      Array.from(
        decodeNativeFrame(Uint8Array.from([2, 1, 4, 3]), eight, 0, {
          littleEndian: false,
          vr: 'OB',
        }),
      ),
    ).toEqual([2, 1, 4, 3]);
  });

  test('YBR_FULL_422 chroma is upsampled to one Cb/Cr per pixel (PS3.3 C.7.6.3.1.2)', () => {
    const ybr = {
      ...mono16,
      Rows: 1,
      Columns: 4,
      SamplesPerPixel: 3,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PhotometricInterpretation: 'YBR_FULL_422',
      NumberOfFrames: 1,
    };
    expect(nativeFrameLengthBytes(ybr)).toBe(8);
    const bytes = Uint8Array.from([10, 11, 50, 60, 12, 13, 70, 80]);
    expect(Array.from(decodeNativeFrame(bytes, ybr, 0, LE))).toEqual([
      10, 50, 60, 11, 50, 60, 12, 70, 80, 13, 70, 80,
    ]);
  });

  test('1-bit frames need not start on a byte boundary (PS3.5 8.1.1, Annex D)', () => {
    const bits = {
      ...mono16,
      Rows: 1,
      Columns: 5,
      BitsAllocated: 1,
      BitsStored: 1,
      HighBit: 0,
      NumberOfFrames: 3,
    };
    // frames 10110, 01001, 11100 packed least significant bit first: 15 bits in 2 bytes
    const pixels = [1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 1, 1, 0, 0];
    const packed = new Uint8Array(2);
    pixels.forEach((bit, i) => (packed[i >> 3] = (packed[i >> 3] as number) | (bit << (i & 7))));
    const frame = (n: number): number[] => Array.from(decodeNativeFrame(packed, bits, n, LE));
    expect(frame(0)).toEqual([1, 0, 1, 1, 0]);
    expect(frame(1)).toEqual([0, 1, 0, 0, 1]);
    expect(frame(2)).toEqual([1, 1, 1, 0, 0]);
  });

  test('Float and Double Float Pixel Data, either byte order', () => {
    const f32 = {
      ...mono16,
      pixelDataKeyword: 'FloatPixelData' as const,
      BitsAllocated: 32,
      BitsStored: 32,
      NumberOfFrames: 1,
    };
    const le = new Uint8Array(new Float32Array([1.5, -2, 0, 3.25]).buffer);
    expect(Array.from(decodeNativeFrame(le, f32, 0, { littleEndian: true, vr: 'OF' }))).toEqual([
      1.5, -2, 0, 3.25,
    ]);
    const be = new Uint8Array(16);
    const view = new DataView(be.buffer);
    [1.5, -2, 0, 3.25].forEach((v, i) => view.setFloat32(i * 4, v, false));
    expect(Array.from(decodeNativeFrame(be, f32, 0, { littleEndian: false, vr: 'OF' }))).toEqual([
      1.5, -2, 0, 3.25,
    ]);
    const f64 = {
      ...f32,
      pixelDataKeyword: 'DoubleFloatPixelData' as const,
      BitsAllocated: 64,
      BitsStored: 64,
    };
    const values = decodeNativeFrame(
      new Uint8Array(new Float64Array([Math.PI, -1, 2, 1e-300]).buffer),
      f64,
      0,
      { littleEndian: true, vr: 'OD' },
    );
    expect(values).toBeInstanceOf(Float64Array);
    expect(Array.from(values)).toEqual([Math.PI, -1, 2, 1e-300]);
  });
});
