import { describe, expect, it } from 'vitest';
import { createDataset } from '../../dicom/index.js';
import { harmonisePixelSpacing, spacingPair } from './pixel-spacing.js';

describe('pixel spacing', () => {
  it('reads a (row, column) pair, a lone value as square pixels, and rejects bad pairs', () => {
    expect(spacingPair([0.5, 0.6])).toEqual([0.5, 0.6]);
    expect(spacingPair([0.5])).toEqual([0.5, 0.5]);
    expect(spacingPair([0.5, null])).toBeNull();
    expect(spacingPair([null, 0.5])).toBeNull();
    expect(spacingPair([0, 0.5])).toBeNull();
    expect(spacingPair([-1, -1])).toBeNull();
    expect(spacingPair([])).toBeNull();
  });

  it('takes Pixel Spacing, else Imager Pixel Spacing', () => {
    expect(harmonisePixelSpacing(createDataset({ PixelSpacing: ' 0.661468\\0.661468 ' }))).toEqual([
      0.661468, 0.661468,
    ]);
    expect(
      harmonisePixelSpacing(
        createDataset({ PixelSpacing: '0.7\\0.8', ImagerPixelSpacing: '0.1\\0.1' }),
      ),
    ).toEqual([0.7, 0.8]);
    expect(harmonisePixelSpacing(createDataset({ ImagerPixelSpacing: '0.15\\0.15' }))).toEqual([
      0.15, 0.15,
    ]);
    expect(
      harmonisePixelSpacing(
        createDataset({ PixelSpacing: 'garbage', ImagerPixelSpacing: '0.2\\0.2' }),
      ),
    ).toEqual([0.2, 0.2]);
  });

  it('falls back to the Pixel Measures functional group, shared first', () => {
    const measures = (spacing: string) =>
      createDataset({
        PixelMeasuresSequence: [createDataset({ PixelSpacing: spacing, SliceThickness: '1' })],
      });
    const shared = createDataset({
      SharedFunctionalGroupsSequence: [measures('0.625\\0.625')],
      PerFrameFunctionalGroupsSequence: [measures('9\\9')],
    });
    expect(harmonisePixelSpacing(shared)).toEqual([0.625, 0.625]);
    const perFrame = createDataset({
      SharedFunctionalGroupsSequence: [createDataset({})],
      PerFrameFunctionalGroupsSequence: [measures('0.2\\0.1'), measures('0.3\\0.3')],
    });
    expect(harmonisePixelSpacing(perFrame)).toEqual([0.2, 0.1]);
    expect(harmonisePixelSpacing(createDataset({}))).toBeNull();
  });
});
