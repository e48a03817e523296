import type { Dataset } from '../../dicom/index.js';
import { functionalGroup } from './functional-groups.js';
import { readNumbers } from './header-read.js';

/** Row spacing then column spacing, in mm (PS3.3 10.7.1.3). */
export type PixelSpacingMm = readonly [number, number];

/**
 * A spacing pair from an element's values: both positive and finite. A lone
 * value (a VM 1 write of a VM 2 attribute, seen from some converters) is read
 * as square pixels; a missing or garbage second value makes the pair unknown.
 */
export function spacingPair(values: readonly (number | null)[]): PixelSpacingMm | null {
  const [row, column] = values;
  if (row === undefined || row === null || !(row > 0)) return null;
  if (column === undefined) return [row, row];
  if (column === null || !(column > 0)) return null;
  return [row, column];
}

/**
 * The pixel spacing of an instance in mm, (row, column): Pixel Spacing
 * (0028,0030), else Imager Pixel Spacing (0018,1164) of projection
 * radiography (PS3.3 C.8.11.4: at the detector, not corrected for
 * magnification), else the Pixel Measures functional group (PS3.3
 * C.7.6.16.2.1) of an enhanced multi-frame object.
 */
export function harmonisePixelSpacing(dataset: Dataset): PixelSpacingMm | null {
  const measures = functionalGroup(dataset, 'PixelMeasuresSequence')[0];
  return (
    spacingPair(readNumbers(dataset, 'PixelSpacing')) ??
    spacingPair(readNumbers(dataset, 'ImagerPixelSpacing')) ??
    (measures === undefined ? null : spacingPair(readNumbers(measures, 'PixelSpacing')))
  );
}
