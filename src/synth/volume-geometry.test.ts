import { describe, expect, it } from 'vitest';
import { rotateAboutX, rotateAboutZ } from './vector.js';
import {
  createVolumeGeometry,
  ijkToLps,
  ijkToRas,
  lpsToVoxel,
  sliceLocationMm,
  slicePositionLps,
  voxelToLps,
} from './volume-geometry.js';

const oblique = createVolumeGeometry({
  columns: 64,
  rows: 48,
  slices: 10,
  columnSpacingMm: 0.8,
  rowSpacingMm: 0.9,
  sliceSpacingMm: 5,
  sliceThicknessMm: 4,
  rowDirectionLps: rotateAboutZ(rotateAboutX([1, 0, 0], 0.3), -0.1),
  columnDirectionLps: rotateAboutZ(rotateAboutX([0, 1, 0], 0.3), -0.1),
  centreLps: [10, -20, -150],
});

describe('volume geometry (PS3.3 C.7.6.2)', () => {
  it('steps Image Position (Patient) by the slice spacing along the normal', () => {
    for (let k = 1; k < oblique.slices; k++) {
      const a = slicePositionLps(oblique, k - 1);
      const b = slicePositionLps(oblique, k);
      const step = [b[0] - a[0], b[1] - a[1], b[2] - a[2]];
      step.forEach((v, axis) => expect(v).toBeCloseTo(oblique.normalLps[axis]! * 5, 9));
      expect(sliceLocationMm(oblique, k) - sliceLocationMm(oblique, k - 1)).toBeCloseTo(5, 9);
    }
  });

  it('has an orthonormal, right-handed frame and is centred where asked', () => {
    const { rowDirectionLps: r, columnDirectionLps: c, normalLps: n } = oblique;
    const dot = (a: readonly number[], b: readonly number[]): number =>
      a.reduce((s, v, i) => s + v * b[i]!, 0);
    expect(dot(r, c)).toBeCloseTo(0, 12);
    expect(dot(r, r)).toBeCloseTo(1, 12);
    expect(
      dot(n, [r[1] * c[2] - r[2] * c[1], r[2] * c[0] - r[0] * c[2], r[0] * c[1] - r[1] * c[0]]),
    ).toBeCloseTo(1, 12);
    const centre = voxelToLps(oblique, 31.5, 23.5, 4.5);
    expect(centre[0]).toBeCloseTo(10, 9);
    expect(centre[1]).toBeCloseTo(-20, 9);
    expect(centre[2]).toBeCloseTo(-150, 9);
  });

  it('maps voxels to LPS and back', () => {
    const p = voxelToLps(oblique, 12.25, 40, 7);
    const [i, j, k] = lpsToVoxel(oblique, p);
    expect(i).toBeCloseTo(12.25, 9);
    expect(j).toBeCloseTo(40, 9);
    expect(k).toBeCloseTo(7, 9);
    const affine = ijkToLps(oblique);
    const viaAffine = [0, 1, 2].map(
      (row) =>
        affine[row]![0]! * 12.25 + affine[row]![1]! * 40 + affine[row]![2]! * 7 + affine[row]![3]!,
    );
    viaAffine.forEach((v, axis) => expect(v).toBeCloseTo(p[axis]!, 9));
  });

  it('gives the NIfTI RAS affine as LPS with x and y negated', () => {
    const lps = ijkToLps(oblique);
    const ras = ijkToRas(oblique);
    for (let col = 0; col < 4; col++) {
      expect(ras[0][col]).toBeCloseTo(-lps[0][col]!, 12);
      expect(ras[1][col]).toBeCloseTo(-lps[1][col]!, 12);
      expect(ras[2][col]).toBe(lps[2][col]);
    }
  });
});
