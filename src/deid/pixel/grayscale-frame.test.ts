import { describe, expect, it } from 'vitest';
import type { DecodedFrame, PaletteColorLut, StoredValues } from '../../dicom/index.js';
import { grayscaleFrame } from './grayscale-frame.js';

function frame(
  values: StoredValues,
  photometric: string,
  samples = 1,
  bitsStored = 8,
): DecodedFrame {
  return {
    frameIndex: 0,
    description: {
      pixelDataKeyword: 'PixelData',
      Rows: 1,
      Columns: values.length / samples,
      SamplesPerPixel: samples,
      BitsAllocated: values.BYTES_PER_ELEMENT * 8,
      BitsStored: bitsStored,
      HighBit: bitsStored - 1,
      PixelRepresentation: values instanceof Int16Array ? 1 : 0,
      PhotometricInterpretation: photometric,
      PlanarConfiguration: 0,
      NumberOfFrames: 1,
    },
    photometricInterpretation: photometric,
    values,
    valueType: 'uint8',
    codec: 'test',
  };
}

describe('grayscaleFrame', () => {
  it('keeps 8-bit monochrome values and windows wider ones min–max', () => {
    expect(
      Array.from(grayscaleFrame(frame(Uint8Array.of(0, 7, 255), 'MONOCHROME2')).pixels),
    ).toEqual([0, 7, 255]);
    expect(
      Array.from(grayscaleFrame(frame(Int16Array.of(-1000, 0, 1000), 'MONOCHROME2', 1, 12)).pixels),
    ).toEqual([0, 128, 255]);
    expect(
      Array.from(grayscaleFrame(frame(Uint16Array.of(5, 5), 'MONOCHROME1', 1, 12)).pixels),
    ).toEqual([0, 0]);
  });

  it('takes luma of RGB and Y of YBR_FULL', () => {
    expect(
      Array.from(grayscaleFrame(frame(Uint8Array.of(255, 0, 0, 0, 0, 255), 'RGB', 3)).pixels),
    ).toEqual([76, 29]);
    expect(
      Array.from(grayscaleFrame(frame(Uint8Array.of(200, 1, 2), 'YBR_FULL', 3)).pixels),
    ).toEqual([200]);
  });

  it('looks PALETTE COLOR up through the palette', () => {
    const palette: PaletteColorLut = {
      red: Uint16Array.of(0, 0xff00),
      green: Uint16Array.of(0, 0xff00),
      blue: Uint16Array.of(0, 0xff00),
      firstValueMapped: 10,
      bitsPerEntry: 16,
    };
    expect(
      Array.from(grayscaleFrame(frame(Uint8Array.of(10, 11, 99), 'PALETTE COLOR'), palette).pixels),
    ).toEqual([0, 255, 255]);
  });
});
