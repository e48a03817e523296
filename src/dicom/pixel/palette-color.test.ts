import { describe, expect, test } from 'vitest';
import { createDataset } from '../value-encoder.js';
import type { DecodedFrame } from './decoded-frame.js';
import { applyPaletteColorLut, expandSegmentedLut, readPaletteColorLut } from './palette-color.js';
import type { PixelDescription } from './pixel-description.js';

function frame(values: Uint8Array | Uint16Array): DecodedFrame {
  const description: PixelDescription = {
    pixelDataKeyword: 'PixelData',
    Rows: 1,
    Columns: values.length,
    SamplesPerPixel: 1,
    BitsAllocated: values.BYTES_PER_ELEMENT * 8,
    BitsStored: values.BYTES_PER_ELEMENT * 8,
    HighBit: values.BYTES_PER_ELEMENT * 8 - 1,
    PixelRepresentation: 0,
    PhotometricInterpretation: 'PALETTE COLOR',
    PlanarConfiguration: 0,
    NumberOfFrames: 1,
  };
  return {
    frameIndex: 0,
    description,
    photometricInterpretation: 'PALETTE COLOR',
    values,
    valueType: values instanceof Uint8Array ? 'uint8' : 'uint16',
    codec: 'test',
  };
}

describe('Palette Color Lookup Table (PS3.3 C.7.6.3.1.5, C.7.9)', () => {
  test('16-bit tables map values, clamping below the first mapped value and past the end', () => {
    const table = (scale: number) => ({
      vr: 'OW' as const,
      value: Uint16Array.from([0, 1, 2].map((v) => v * scale)),
    });
    const ds = createDataset({
      RedPaletteColorLookupTableDescriptor: { vr: 'US', value: [3, 10, 16] },
      GreenPaletteColorLookupTableDescriptor: { vr: 'US', value: [3, 10, 16] },
      BluePaletteColorLookupTableDescriptor: { vr: 'US', value: [3, 10, 16] },
      RedPaletteColorLookupTableData: table(1000),
      GreenPaletteColorLookupTableData: table(2000),
      BluePaletteColorLookupTableData: table(3000),
    });
    const lut = readPaletteColorLut(ds);
    expect(lut).toMatchObject({ firstValueMapped: 10, bitsPerEntry: 16 });
    const rgb = applyPaletteColorLut(frame(Uint8Array.from([5, 11, 12, 99])), lut);
    expect(rgb).toBeInstanceOf(Uint16Array);
    expect(Array.from(rgb)).toEqual([
      0, 0, 0, 1000, 2000, 3000, 2000, 4000, 6000, 2000, 4000, 6000,
    ]);
  });

  test('8-bit entries packed one per byte give 8-bit RGB', () => {
    const ds = createDataset({
      RedPaletteColorLookupTableDescriptor: { vr: 'US', value: [4, 0, 8] },
      RedPaletteColorLookupTableData: { vr: 'OB', value: Uint8Array.from([0, 10, 20, 30]) },
      GreenPaletteColorLookupTableData: { vr: 'OB', value: Uint8Array.from([1, 11, 21, 31]) },
      BluePaletteColorLookupTableData: { vr: 'OB', value: Uint8Array.from([2, 12, 22, 32]) },
    });
    const rgb = applyPaletteColorLut(frame(Uint8Array.from([3, 0])), readPaletteColorLut(ds));
    expect(rgb).toBeInstanceOf(Uint8Array);
    expect(Array.from(rgb)).toEqual([30, 31, 32, 0, 1, 2]);
  });

  test('segmented tables: discrete, linear and indirect segments (C.7.9.2)', () => {
    // discrete [0 10 20], linear to 50 over 3, indirect: replay 1 segment at word offset 0
    const data = [0, 3, 0, 10, 20, 1, 3, 50, 2, 1, 0, 0];
    expect(expandSegmentedLut(data, 100)).toEqual([0, 10, 20, 30, 40, 50, 0, 10, 20]);
    expect(expandSegmentedLut(data, 4)).toEqual([0, 10, 20, 30]);
    expect(() => expandSegmentedLut([1, 2, 5], 10)).toThrow(/linear segment cannot come first/);
    expect(() => expandSegmentedLut([7, 1, 0], 10)).toThrow(/unknown segment type 7/);
  });

  test('segmented data is read from the Segmented ... Palette Color Lookup Table Data elements', () => {
    const words = (...v: number[]) => ({ vr: 'OW' as const, value: Uint16Array.from(v) });
    const ds = createDataset({
      RedPaletteColorLookupTableDescriptor: { vr: 'US', value: [4, 0, 16] },
      SegmentedRedPaletteColorLookupTableData: words(0, 1, 0, 1, 3, 0xffff),
      SegmentedGreenPaletteColorLookupTableData: words(0, 4, 1, 2, 3, 4),
      SegmentedBluePaletteColorLookupTableData: words(0, 4, 9, 9, 9, 9),
    });
    const lut = readPaletteColorLut(ds);
    expect(Array.from(lut.red)).toEqual([0, 21845, 43690, 65535]);
    expect(Array.from(lut.green)).toEqual([1, 2, 3, 4]);
  });
});
