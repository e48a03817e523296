import type { Dataset } from '../../dicom/index.js';
import { functionalGroup, functionalGroupNumber } from './functional-groups.js';
import { readNumber, readValues } from './header-read.js';

function positive(value: number | null): number | null {
  return value !== null && value > 0 ? value : null;
}

function positiveInteger(value: number | null): number | null {
  return value !== null && Number.isInteger(value) && value > 0 ? value : null;
}

/**
 * Slice Thickness (0018,0050) in mm: top level, else the Pixel Measures
 * functional group (PS3.3 C.7.6.16.2.1) of an enhanced multi-frame object.
 */
export function harmoniseSliceThicknessMm(dataset: Dataset): number | null {
  return (
    positive(readNumber(dataset, 'SliceThickness')) ??
    positive(functionalGroupNumber(dataset, 'PixelMeasuresSequence', 'SliceThickness'))
  );
}

/** KVP (0018,0060): top level, else the CT X-Ray Details functional group (PS3.3 C.8.15.3.9). */
export function harmoniseKvp(dataset: Dataset): number | null {
  return (
    positive(readNumber(dataset, 'KVP')) ??
    positive(functionalGroupNumber(dataset, 'CTXRayDetailsSequence', 'KVP'))
  );
}

/**
 * Convolution Kernel (0018,1210), all values joined with a backslash (Siemens
 * writes two, e.g. `Br40d\3`): top level, else the CT Reconstruction
 * functional group (PS3.3 C.8.15.3.6).
 */
export function harmoniseConvolutionKernel(dataset: Dataset): string | null {
  const joined = (source: Dataset): string | null => {
    const values = readValues(source, 'ConvolutionKernel').filter((value) => value !== '');
    return values.length === 0 ? null : values.join('\\');
  };
  const reconstruction = functionalGroup(dataset, 'CTReconstructionSequence')[0];
  return joined(dataset) ?? (reconstruction === undefined ? null : joined(reconstruction));
}

/** Number of Frames (0028,0008), 1 when absent or not a positive integer (single-frame objects omit it). */
export function harmoniseFrameCount(dataset: Dataset): number {
  return positiveInteger(readNumber(dataset, 'NumberOfFrames')) ?? 1;
}

/** Rows (0028,0010) or Columns (0028,0011), null unless a positive integer. */
export function harmoniseMatrixSize(dataset: Dataset, keyword: 'Rows' | 'Columns'): number | null {
  return positiveInteger(readNumber(dataset, keyword));
}
