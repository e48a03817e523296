import { describe, expect, it } from 'vitest';
import { createDataset } from '../../dicom/index.js';
import {
  harmoniseConvolutionKernel,
  harmoniseFrameCount,
  harmoniseKvp,
  harmoniseMatrixSize,
  harmoniseSliceThicknessMm,
} from './acquisition-parameters.js';

function shared(values: Parameters<typeof createDataset>[0]) {
  return createDataset({ SharedFunctionalGroupsSequence: [createDataset(values)] });
}

describe('acquisition parameters', () => {
  it('reads slice thickness from the top level or the Pixel Measures group', () => {
    expect(harmoniseSliceThicknessMm(createDataset({ SliceThickness: '5.000000 ' }))).toBe(5);
    expect(harmoniseSliceThicknessMm(createDataset({ SliceThickness: '2.5\\3' }))).toBe(2.5);
    expect(harmoniseSliceThicknessMm(createDataset({ SliceThickness: 'thin' }))).toBeNull();
    expect(harmoniseSliceThicknessMm(createDataset({ SliceThickness: '0' }))).toBeNull();
    const enhanced = shared({ PixelMeasuresSequence: [createDataset({ SliceThickness: '0.6' })] });
    expect(harmoniseSliceThicknessMm(enhanced)).toBe(0.6);
  });

  it('reads kVp from the top level or the CT X-Ray Details group', () => {
    expect(harmoniseKvp(createDataset({ KVP: '120 ' }))).toBe(120);
    expect(harmoniseKvp(createDataset({ KVP: 'high' }))).toBeNull();
    expect(harmoniseKvp(shared({ CTXRayDetailsSequence: [createDataset({ KVP: '100' })] }))).toBe(
      100,
    );
  });

  it('joins every kernel value with a backslash', () => {
    expect(harmoniseConvolutionKernel(createDataset({ ConvolutionKernel: 'Br40d\\3' }))).toBe(
      'Br40d\\3',
    );
    expect(harmoniseConvolutionKernel(createDataset({ ConvolutionKernel: ' STANDARD ' }))).toBe(
      'STANDARD',
    );
    expect(harmoniseConvolutionKernel(createDataset({ ConvolutionKernel: '' }))).toBeNull();
    const enhanced = shared({
      CTReconstructionSequence: [createDataset({ ConvolutionKernel: 'FC30' })],
    });
    expect(harmoniseConvolutionKernel(enhanced)).toBe('FC30');
  });

  it('counts frames, 1 when absent or invalid', () => {
    expect(harmoniseFrameCount(createDataset({ NumberOfFrames: '19 ' }))).toBe(19);
    expect(harmoniseFrameCount(createDataset({}))).toBe(1);
    expect(harmoniseFrameCount(createDataset({ NumberOfFrames: '0' }))).toBe(1);
    expect(harmoniseFrameCount(createDataset({ NumberOfFrames: 'many' }))).toBe(1);
    expect(harmoniseFrameCount(createDataset({ NumberOfFrames: '2.5' }))).toBe(1);
  });

  it('reads rows and columns', () => {
    const dataset = createDataset({ Rows: 512, Columns: 256 });
    expect(harmoniseMatrixSize(dataset, 'Rows')).toBe(512);
    expect(harmoniseMatrixSize(dataset, 'Columns')).toBe(256);
    expect(harmoniseMatrixSize(createDataset({ Rows: 0 }), 'Rows')).toBeNull();
    expect(harmoniseMatrixSize(createDataset({}), 'Columns')).toBeNull();
  });
});
