import { describe, expect, test } from 'vitest';
import { DicomError } from '../dicom-error.js';
import { createDataset } from '../value-encoder.js';
import { applyModalityTransform, modalityTransformFor } from './modality-lut.js';

const rescale = (slope: string, intercept: string) =>
  createDataset({
    PixelValueTransformationSequence: [
      createDataset({ RescaleSlope: slope, RescaleIntercept: intercept }),
    ],
  });

describe('Modality LUT (PS3.3 C.11.1)', () => {
  test('image-level rescale; identity when absent', () => {
    const ds = createDataset({ RescaleSlope: '2.5', RescaleIntercept: '-1024', RescaleType: 'HU' });
    expect(modalityTransformFor(ds, 0)).toEqual({
      kind: 'rescale',
      RescaleSlope: 2.5,
      RescaleIntercept: -1024,
      RescaleType: 'HU',
      source: 'image',
    });
    expect(
      Array.from(applyModalityTransform(Int16Array.from([0, 10, -4]), modalityTransformFor(ds, 0))),
    ).toEqual([-1024, -999, -1034]);
    expect(modalityTransformFor(createDataset({}), 0)).toEqual({ kind: 'identity' });
  });

  test('per-frame functional groups win over shared ones, which win over the image level (PS3.3 C.7.6.16.2.9)', () => {
    const ds = createDataset({
      RescaleSlope: '9',
      RescaleIntercept: '9',
      SharedFunctionalGroupsSequence: [rescale('1', '-1024')],
      PerFrameFunctionalGroupsSequence: [createDataset({}), rescale('0.5', '3')],
    });
    expect(modalityTransformFor(ds, 0)).toMatchObject({
      RescaleSlope: 1,
      RescaleIntercept: -1024,
      source: 'shared',
    });
    expect(modalityTransformFor(ds, 1)).toMatchObject({
      RescaleSlope: 0.5,
      RescaleIntercept: 3,
      source: 'per-frame',
    });
  });

  test('Modality LUT Sequence: first value mapped, clamping at both ends, signed descriptor', () => {
    const item = createDataset({
      LUTDescriptor: { vr: 'US', value: [3, 0xfffe, 16] },
      LUTData: { vr: 'US', value: [100, 200, 300] },
      ModalityLUTType: 'OD',
    });
    const ds = createDataset({ PixelRepresentation: 1, ModalityLUTSequence: [item] });
    const transform = modalityTransformFor(ds, 0);
    expect(transform).toMatchObject({
      kind: 'lut',
      firstValueMapped: -2,
      bitsPerEntry: 16,
      ModalityLUTType: 'OD',
    });
    expect(
      Array.from(applyModalityTransform(Int16Array.from([-5, -2, -1, 0, 7]), transform)),
    ).toEqual([100, 100, 200, 300, 300]);
  });

  test('an empty LUT item is skipped; a half-empty one is an error', () => {
    const empty = createDataset({
      ModalityLUTSequence: [
        createDataset({
          LUTDescriptor: { vr: 'US', value: [] as number[] },
          LUTData: { vr: 'US', value: [] as number[] },
        }),
      ],
    });
    expect(modalityTransformFor(empty, 0)).toEqual({ kind: 'identity' });
    const half = createDataset({
      ModalityLUTSequence: [createDataset({ LUTDescriptor: { vr: 'US', value: [2, 0, 16] } })],
    });
    expect(() => modalityTransformFor(half, 0)).toThrow(DicomError);
  });

  test('32-bit and float inputs give Float64Array, narrower ones Float32Array', () => {
    expect(applyModalityTransform(Uint16Array.from([1]), { kind: 'identity' })).toBeInstanceOf(
      Float32Array,
    );
    expect(applyModalityTransform(Int32Array.from([1]), { kind: 'identity' })).toBeInstanceOf(
      Float64Array,
    );
    expect(applyModalityTransform(Float64Array.from([1]), { kind: 'identity' })).toBeInstanceOf(
      Float64Array,
    );
  });
});
