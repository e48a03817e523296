import { describe, expect, test } from 'vitest';
import { littleEndianBytes, normalizeStoredBits, storedValueType } from './stored-values.js';

describe('stored values', () => {
  test('container types follow Bits Allocated and Pixel Representation', () => {
    const t = (
      BitsAllocated: number,
      PixelRepresentation: 0 | 1,
      pixelDataKeyword: 'PixelData' | 'FloatPixelData' | 'DoubleFloatPixelData' = 'PixelData',
    ) => storedValueType({ BitsAllocated, PixelRepresentation, pixelDataKeyword });
    expect([
      t(1, 0),
      t(8, 0),
      t(8, 1),
      t(16, 0),
      t(16, 1),
      t(32, 0),
      t(32, 1),
      t(32, 0, 'FloatPixelData'),
      t(64, 0, 'DoubleFloatPixelData'),
    ]).toEqual([
      'uint8',
      'uint8',
      'int8',
      'uint16',
      'int16',
      'uint32',
      'int32',
      'float32',
      'float64',
    ]);
  });

  test('normalizeStoredBits masks and sign-extends, including 32-bit containers', () => {
    const u = Uint32Array.from([0xffffffff, 0x80001234]);
    normalizeStoredBits(u, 20);
    expect(Array.from(u)).toEqual([0xfffff, 0x01234]);
    const s = Int32Array.from([0x000fffff, 0x00080000, -1]);
    normalizeStoredBits(s, 20);
    expect(Array.from(s)).toEqual([-1, -524288, -1]);
    const f = Float32Array.from([1.5]);
    normalizeStoredBits(f, 4);
    expect(f[0]).toBe(1.5);
  });

  test('littleEndianBytes lays samples out little endian', () => {
    expect(Array.from(littleEndianBytes(Int16Array.from([-2, 0x0102])))).toEqual([
      0xfe, 0xff, 0x02, 0x01,
    ]);
  });
});
