import { describe, expect, test } from 'vitest';
import { DicomError } from '../dicom-error.js';
import { createDataset } from '../value-encoder.js';
import { readPixelDescription } from './pixel-description.js';

const base = {
  Rows: 2,
  Columns: 3,
  SamplesPerPixel: 1,
  BitsAllocated: 16,
  BitsStored: 12,
  PixelRepresentation: 1,
  PhotometricInterpretation: 'MONOCHROME2',
  PixelData: { vr: 'OW' as const, value: new Uint16Array(6) },
};

function without(values: Record<string, unknown>, ...keys: string[]): typeof base {
  const copy = { ...values };
  for (const key of keys) delete copy[key];
  return copy as typeof base;
}

function error(run: () => unknown): DicomError {
  try {
    run();
  } catch (e) {
    if (e instanceof DicomError) return e;
    throw e;
  }
  throw new Error('expected a DicomError');
}

describe('readPixelDescription (PS3.3 C.7.6.3)', () => {
  test('reads the Image Pixel attributes and fills the conditional defaults', () => {
    const d = readPixelDescription(createDataset(base));
    expect(d).toEqual({
      pixelDataKeyword: 'PixelData',
      Rows: 2,
      Columns: 3,
      SamplesPerPixel: 1,
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      PlanarConfiguration: 0,
      NumberOfFrames: 1,
    });
  });

  test('Number of Frames 0 or absent reads as 1; Planar Configuration counts only with colour', () => {
    expect(
      readPixelDescription(createDataset({ ...base, NumberOfFrames: '0' })).NumberOfFrames,
    ).toBe(1);
    expect(
      readPixelDescription(createDataset({ ...base, NumberOfFrames: '4' })).NumberOfFrames,
    ).toBe(4);
    expect(
      readPixelDescription(createDataset({ ...base, PlanarConfiguration: 1 })).PlanarConfiguration,
    ).toBe(0);
    const rgb = readPixelDescription(
      createDataset({
        ...base,
        SamplesPerPixel: 3,
        PhotometricInterpretation: 'RGB',
        PlanarConfiguration: 1,
      }),
    );
    expect(rgb.PlanarConfiguration).toBe(1);
  });

  test.each([
    'Rows',
    'Columns',
    'SamplesPerPixel',
    'BitsAllocated',
    'BitsStored',
    'PixelRepresentation',
    'PhotometricInterpretation',
  ])('a missing %s is DICOM_INVALID_VALUE naming the element', (keyword) => {
    const e = error(() => readPixelDescription(createDataset(without(base, keyword))));
    expect(e.code).toBe('DICOM_INVALID_VALUE');
    expect(e.element).toContain(keyword);
    expect(e.message).toContain('PS3.3 C.7.6.3');
  });

  test('out-of-range values are rejected', () => {
    expect(
      error(() => readPixelDescription(createDataset({ ...base, BitsAllocated: 12 }))).element,
    ).toContain('BitsAllocated');
    expect(
      error(() => readPixelDescription(createDataset({ ...base, BitsStored: 17 }))).element,
    ).toContain('BitsStored');
    expect(
      error(() => readPixelDescription(createDataset({ ...base, PixelRepresentation: 2 }))).element,
    ).toContain('PixelRepresentation');
    expect(error(() => readPixelDescription(createDataset({ ...base, Rows: 0 }))).code).toBe(
      'DICOM_INVALID_VALUE',
    );
  });

  test('float pixel data: BitsStored and PixelRepresentation are implied (PS3.3 C.7.6.24/25)', () => {
    const rest = without(base, 'PixelData', 'BitsStored', 'PixelRepresentation');
    const float = readPixelDescription(
      createDataset({
        ...rest,
        BitsAllocated: 32,
        FloatPixelData: { vr: 'OF', value: new Float32Array(6) },
      }),
    );
    expect(float).toMatchObject({
      pixelDataKeyword: 'FloatPixelData',
      BitsStored: 32,
      PixelRepresentation: 0,
    });
    const double = readPixelDescription(
      createDataset({
        ...rest,
        BitsAllocated: 64,
        DoubleFloatPixelData: { vr: 'OD', value: new Float64Array(6) },
      }),
    );
    expect(double.pixelDataKeyword).toBe('DoubleFloatPixelData');
    expect(
      error(() =>
        readPixelDescription(
          createDataset({
            ...rest,
            BitsAllocated: 64,
            FloatPixelData: { vr: 'OF', value: new Float32Array(6) },
          }),
        ),
      ).element,
    ).toContain('BitsAllocated');
  });

  test('no pixel data element is DICOM_NO_PIXEL_DATA', () => {
    const rest = without(base, 'PixelData');
    expect(error(() => readPixelDescription(createDataset(rest))).code).toBe('DICOM_NO_PIXEL_DATA');
  });
});
