import type { Dataset } from '../dataset.js';
import { DicomError } from '../dicom-error.js';
import type { DecodedFrame } from './decoded-frame.js';
import { readLutDescriptor } from './lut-descriptor.js';
import type { StoredValues } from './stored-values.js';

/**
 * The Modality LUT transformation from stored values to physical values
 * (Hounsfield units, or whatever Rescale Type / Modality LUT Type says),
 * PS3.3 C.11.1: a linear rescale, a lookup table, or none.
 */
export type ModalityTransform =
  | { readonly kind: 'identity' }
  | {
      readonly kind: 'rescale';
      readonly RescaleSlope: number;
      readonly RescaleIntercept: number;
      /** (0028,1054); undefined when absent (US, unspecified, for CT it is HU). */
      readonly RescaleType: string | undefined;
      /** Where the values were found. */
      readonly source: 'per-frame' | 'shared' | 'image';
    }
  | {
      readonly kind: 'lut';
      /** LUT Descriptor second value: the stored value that maps to the first entry. */
      readonly firstValueMapped: number;
      /** LUT Descriptor third value (8 to 16). */
      readonly bitsPerEntry: number;
      readonly entries: Uint16Array;
      /** (0028,3004) Modality LUT Type. */
      readonly ModalityLUTType: string | undefined;
    };

function rescaleFrom(
  item: Dataset | undefined,
  source: 'per-frame' | 'shared' | 'image',
): ModalityTransform | undefined {
  if (item === undefined) return undefined;
  const slope = item.number('RescaleSlope');
  const intercept = item.number('RescaleIntercept');
  if (slope === undefined && intercept === undefined) return undefined;
  return {
    kind: 'rescale',
    RescaleSlope: slope ?? 1,
    RescaleIntercept: intercept ?? 0,
    RescaleType: item.string('RescaleType'),
    source,
  };
}

function pixelValueTransformation(group: Dataset | undefined): Dataset | undefined {
  return group?.sequence('PixelValueTransformationSequence')?.[0];
}

function lutFrom(dataset: Dataset, item: Dataset): ModalityTransform {
  const descriptor = item.numbers('LUTDescriptor');
  const data = item.numbers('LUTData');
  if (descriptor === undefined || descriptor.length < 3 || data === undefined) {
    throw new DicomError(
      'DICOM_INVALID_VALUE',
      'Modality LUT Sequence item lacks LUT Descriptor (0028,3002) or LUT Data (0028,3006) (PS3.3 C.11.1)',
      { element: '(0028,3000) ModalityLUTSequence' },
    );
  }
  const { entries, firstValueMapped, bitsPerEntry } = readLutDescriptor(descriptor, dataset);
  if (data.length < entries) {
    throw new DicomError(
      'DICOM_INVALID_VALUE',
      `Modality LUT has ${data.length} entries but its descriptor says ${entries}`,
      { element: '(0028,3006) LUTData' },
    );
  }
  return {
    kind: 'lut',
    firstValueMapped,
    bitsPerEntry,
    entries: Uint16Array.from(data.slice(0, entries)),
    ModalityLUTType: item.string('ModalityLUTType'),
  };
}

/**
 * The Modality LUT transformation for one frame (PS3.3 C.11.1), looked up as
 * the enhanced IODs define it: the frame's own Pixel Value Transformation
 * Sequence in the Per-Frame Functional Groups, else the shared one
 * (PS3.3 C.7.6.16.2.9), else the image-level Modality LUT Sequence
 * (0028,3000), else Rescale Slope/Intercept, else identity. A Modality
 * LUT Sequence item with empty LUT Descriptor and LUT Data is skipped; one
 * with only one of them is a DicomError `DICOM_INVALID_VALUE`.
 */
export function modalityTransformFor(dataset: Dataset, frameIndex: number): ModalityTransform {
  const perFrame = dataset.sequence('PerFrameFunctionalGroupsSequence')?.[frameIndex];
  const shared = dataset.sequence('SharedFunctionalGroupsSequence')?.[0];
  const fromGroups =
    rescaleFrom(pixelValueTransformation(perFrame), 'per-frame') ??
    rescaleFrom(pixelValueTransformation(shared), 'shared');
  if (fromGroups !== undefined) return fromGroups;
  const lut = dataset.sequence('ModalityLUTSequence')?.[0];
  // An item whose LUT Descriptor and LUT Data are both empty defines nothing: it is skipped, not an error.
  const empty =
    lut !== undefined &&
    (lut.numbers('LUTDescriptor') ?? []).length === 0 &&
    (lut.numbers('LUTData') ?? []).length === 0;
  if (lut !== undefined && !empty) return lutFrom(dataset, lut);
  return rescaleFrom(dataset, 'image') ?? { kind: 'identity' };
}

/**
 * Applies a Modality LUT transformation to stored values (PS3.3 C.11.1):
 * `value × RescaleSlope + RescaleIntercept`, or the LUT entry for the value
 * (values below the first mapped value take the first entry, values past
 * the table the last, C.11.1.1.1). Float64Array for 32-bit and float
 * inputs, Float32Array otherwise (exact for 16-bit data with a LUT and
 * within float32 rounding for rescale).
 */
export function applyModalityTransform(
  values: StoredValues,
  transform: ModalityTransform,
): Float32Array | Float64Array {
  const wide = values.BYTES_PER_ELEMENT >= 4;
  const out = wide ? new Float64Array(values.length) : new Float32Array(values.length);
  const n = values.length;
  switch (transform.kind) {
    case 'identity':
      for (let i = 0; i < n; i++) out[i] = values[i] as number;
      break;
    case 'rescale': {
      const { RescaleSlope: slope, RescaleIntercept: intercept } = transform;
      for (let i = 0; i < n; i++) out[i] = (values[i] as number) * slope + intercept;
      break;
    }
    case 'lut': {
      const last = transform.entries.length - 1;
      const first = transform.firstValueMapped;
      for (let i = 0; i < n; i++) {
        const index = Math.min(last, Math.max(0, (values[i] as number) - first));
        out[i] = transform.entries[index] as number;
      }
      break;
    }
  }
  return out;
}

/** A decoded frame's physical values: its transformation from the data set, applied (PS3.3 C.11.1). */
export function modalityValues(frame: DecodedFrame, dataset: Dataset): Float32Array | Float64Array {
  return applyModalityTransform(frame.values, modalityTransformFor(dataset, frame.frameIndex));
}
