import type { ElementRecord } from './element-tree.js';
import { sliceLocationMm, slicePositionLps, type VolumeGeometry } from './volume-geometry.js';

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  const rounded = Math.round(value * f) / f;
  return rounded === 0 ? 0 : rounded;
}

/**
 * Image Plane module values of slice k (PS3.3 C.7.6.2): position of the first
 * voxel, direction cosines, spacing, thickness and Slice Location (its
 * position along the normal). Spacing Between Slices (0018,0088) goes with it,
 * as MR and most CT scanners write it.
 */
export function imagePlaneElements(geometry: VolumeGeometry, k: number): ElementRecord {
  const position = slicePositionLps(geometry, k);
  return {
    ImagePositionPatient: position.map((v) => round(v, 5)),
    ImageOrientationPatient: [...geometry.rowDirectionLps, ...geometry.columnDirectionLps].map(
      (v) => round(v, 6),
    ),
    PixelSpacing: [round(geometry.rowSpacingMm, 6), round(geometry.columnSpacingMm, 6)],
    SliceThickness: geometry.sliceThicknessMm,
    SpacingBetweenSlices: geometry.sliceSpacingMm,
    SliceLocation: round(sliceLocationMm(geometry, k), 5),
  };
}
