import { describe, expect, test } from 'vitest';
import type { DecodedFrame } from './decoded-frame.js';
import { ybrToRgb } from './ybr-to-rgb.js';

function ybrFrame(values: number[], photometricInterpretation = 'YBR_FULL'): DecodedFrame {
  return {
    frameIndex: 0,
    description: {
      pixelDataKeyword: 'PixelData',
      Rows: 1,
      Columns: values.length / 3,
      SamplesPerPixel: 3,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
      PhotometricInterpretation: photometricInterpretation,
      PlanarConfiguration: 0,
      NumberOfFrames: 1,
    },
    photometricInterpretation,
    values: Uint8Array.from(values),
    valueType: 'uint8',
    codec: 'test',
  };
}

describe('YBR_FULL to RGB (PS3.3 C.7.6.3.1.2)', () => {
  test('greys stay grey; primaries come back; values are clamped', () => {
    // YBR of pure red (255,0,0): Y=76.245, Cb=84.97, Cr=255.5 -> 76, 85, 255
    const out = ybrToRgb(ybrFrame([128, 128, 128, 76, 85, 255, 255, 0, 255]));
    expect(out.photometricInterpretation).toBe('RGB');
    expect(Array.from(out.values)).toEqual([128, 128, 128, 254, 0, 0, 255, 208, 28]);
  });

  test('RGB frames pass through; other colour spaces are refused', () => {
    const rgb = { ...ybrFrame([1, 2, 3]), photometricInterpretation: 'RGB' };
    expect(ybrToRgb(rgb)).toBe(rgb);
    expect(() => ybrToRgb(ybrFrame([1, 2, 3], 'YBR_ICT'))).toThrow(RangeError);
  });
});
