import { describe, expect, it } from 'vitest';
import type { NiftiAffine } from './nifti-image.js';
import { affineFromQform, float32Quaternion, qformFromAffine } from './quaternion.js';

/** Rotation about x, y, z by the given radians, then per-column voxel sizes, then an offset. */
function affine(
  angles: readonly [number, number, number],
  sizes: readonly [number, number, number],
  offset: readonly [number, number, number],
  flipK = false,
): NiftiAffine {
  const [ax, ay, az] = angles;
  const rx = [
    [1, 0, 0],
    [0, Math.cos(ax), -Math.sin(ax)],
    [0, Math.sin(ax), Math.cos(ax)],
  ];
  const ry = [
    [Math.cos(ay), 0, Math.sin(ay)],
    [0, 1, 0],
    [-Math.sin(ay), 0, Math.cos(ay)],
  ];
  const rz = [
    [Math.cos(az), -Math.sin(az), 0],
    [Math.sin(az), Math.cos(az), 0],
    [0, 0, 1],
  ];
  const mul = (a: number[][], b: number[][]): number[][] =>
    a.map((row) => [0, 1, 2].map((c) => row.reduce((s, v, k) => s + v * (b[k]?.[c] ?? 0), 0)));
  const r = mul(rz, mul(ry, rx));
  const out: number[] = [];
  for (let row = 0; row < 3; row++) {
    for (let c = 0; c < 3; c++)
      out.push((r[row]?.[c] ?? 0) * (sizes[c] ?? 1) * (c === 2 && flipK ? -1 : 1));
    out.push(offset[row] ?? 0);
  }
  return [...out, 0, 0, 0, 1];
}

function expectClose(actual: NiftiAffine, expected: NiftiAffine, digits = 9): void {
  expect(actual.length).toBe(16);
  actual.forEach((value, i) => expect(value, `element ${i}`).toBeCloseTo(expected[i] ?? 0, digits));
}

function roundTrip(a: NiftiAffine): NiftiAffine {
  const { quaternion, pixdimMm } = qformFromAffine(a);
  return affineFromQform(quaternion, pixdimMm);
}

describe('qform ⇄ affine (nifti1_io nifti_mat44_to_quatern / nifti_quatern_to_mat44)', () => {
  it('maps the identity to b = c = d = 0, qfac 1', () => {
    const { quaternion, pixdimMm } = qformFromAffine(affine([0, 0, 0], [1, 1, 1], [0, 0, 0]));
    expect([quaternion.quaternB, quaternion.quaternC, quaternion.quaternD]).toEqual([0, 0, 0]);
    expect(quaternion.qfac).toBe(1);
    expect(pixdimMm).toEqual([1, 1, 1]);
  });

  it('keeps voxel sizes and the offset', () => {
    const a = affine([0, 0, 0], [0.7, 0.8, 2.5], [-100, 20.5, 3]);
    const { quaternion, pixdimMm } = qformFromAffine(a);
    pixdimMm.forEach((v, i) => expect(v).toBeCloseTo([0.7, 0.8, 2.5][i] ?? 0, 12));
    expect([quaternion.qoffsetX, quaternion.qoffsetY, quaternion.qoffsetZ]).toEqual([
      -100, 20.5, 3,
    ]);
  });

  it.for([
    ['oblique', [0.3, -0.2, 0.7]],
    ['small tilt', [0.01, 0.02, -0.005]],
    ['90° about z', [0, 0, Math.PI / 2]],
    ['180° about x (a = 0)', [Math.PI, 0, 0]],
    ['180° about y', [0, Math.PI, 0]],
    ['180° about z', [0, 0, Math.PI]],
    ['near 180° (a = 0.005, above the a² < 1e-7 cut of nifti1_io)', [Math.PI - 0.01, 0.2, 0]],
    ['coronal', [Math.PI / 2, 0, Math.PI]],
  ] as const)('round-trips a right-handed %s affine', ([, angles]) => {
    const a = affine(angles, [0.9, 1.1, 3], [12, -34, 56]);
    const { quaternion } = qformFromAffine(a);
    expect(quaternion.qfac).toBe(1);
    expectClose(roundTrip(a), a);
  });

  it.for([
    ['axial LPS→RAS', [0, 0, 0]],
    ['oblique', [0.4, 0.1, -0.9]],
    ['180° about y', [0, Math.PI, 0]],
  ] as const)('round-trips a left-handed (det < 0) %s affine with qfac −1', ([, angles]) => {
    const a = affine(angles, [0.5, 0.5, 1.25], [1, 2, 3], true);
    const { quaternion } = qformFromAffine(a);
    expect(quaternion.qfac).toBe(-1);
    expectClose(roundTrip(a), a);
  });

  it('gives a ≥ 0 (the sign readers assume)', () => {
    for (const angles of [
      [2.5, 0, 0],
      [0, -2.9, 0.3],
      [1, 2, 3],
    ] as const) {
      const { quaternion: q } = qformFromAffine(affine(angles, [1, 1, 1], [0, 0, 0]));
      const a = 1 - (q.quaternB ** 2 + q.quaternC ** 2 + q.quaternD ** 2);
      expect(a).toBeGreaterThanOrEqual(-1e-12);
      expectClose(affineFromQform(q, [1, 1, 1]), affine(angles, [1, 1, 1], [0, 0, 0]));
    }
  });

  it('replaces a sheared 3×3 by its nearest rotation (polar decomposition)', () => {
    const a = affine([0.2, 0.1, 0.3], [1, 1, 1], [0, 0, 0]);
    const sheared = [...a];
    sheared[1] = (sheared[1] ?? 0) + 0.01; // a little shear in the j column
    const back = roundTrip(sheared);
    // The columns of the result are orthogonal …
    const col = (m: NiftiAffine, c: number): number[] => [m[c] ?? 0, m[4 + c] ?? 0, m[8 + c] ?? 0];
    const dot = (u: number[], v: number[]): number => u.reduce((s, x, i) => s + x * (v[i] ?? 0), 0);
    expect(dot(col(back, 0), col(back, 1))).toBeCloseTo(0, 12);
    expect(dot(col(back, 1), col(back, 2))).toBeCloseTo(0, 12);
    // … and close to the input.
    back.forEach((v, i) => expect(Math.abs(v - (sheared[i] ?? 0))).toBeLessThan(0.01));
  });

  it('is symmetric under inversion: the rotation of the inverse is the inverse rotation', () => {
    const a = affine([0.2, -0.4, 0.6], [1, 1, 1], [0, 0, 0]);
    const { quaternion: q } = qformFromAffine(a);
    const transposed = [
      a[0],
      a[4],
      a[8],
      0,
      a[1],
      a[5],
      a[9],
      0,
      a[2],
      a[6],
      a[10],
      0,
      0,
      0,
      0,
      1,
    ].map((v) => v ?? 0);
    const { quaternion: qi } = qformFromAffine(transposed);
    expect(qi.quaternB).toBeCloseTo(-q.quaternB, 12);
    expect(qi.quaternC).toBeCloseTo(-q.quaternC, 12);
    expect(qi.quaternD).toBeCloseTo(-q.quaternD, 12);
  });

  it('patches a zero column to a unit axis of size 1 (nifti1_io)', () => {
    const a = [2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1];
    const { quaternion, pixdimMm } = qformFromAffine(a);
    expect(pixdimMm).toEqual([2, 1, 3]);
    expectClose(
      affineFromQform(quaternion, pixdimMm),
      [2, 0, 0, 0, 0, 1, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1],
    );
  });

  it('refuses an affine that is not 16 finite numbers', () => {
    expect(() => qformFromAffine([1, 0, 0])).toThrow(RangeError);
    expect(() =>
      qformFromAffine([...affine([0, 0, 0], [1, 1, 1], [0, 0, 0]).slice(0, 15), NaN]),
    ).toThrow(RangeError);
  });

  it('treats qfac 0 as 1 and non-positive voxel sizes as 1 (nifti_quatern_to_mat44)', () => {
    const q = {
      quaternB: 0,
      quaternC: 0,
      quaternD: 0,
      qoffsetX: 0,
      qoffsetY: 0,
      qoffsetZ: 0,
      qfac: 0,
    };
    expectClose(affineFromQform(q, [0, -2, 3]), [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1]);
  });

  it('stores a 180° rotation so that float32 readers recompute a = 0', () => {
    const { quaternion } = qformFromAffine(affine([Math.PI / 2, 0, Math.PI], [1, 1, 1], [0, 0, 0]));
    const stored = float32Quaternion(quaternion);
    const sum = stored.quaternB ** 2 + stored.quaternC ** 2 + stored.quaternD ** 2;
    expect(sum).toBeGreaterThanOrEqual(1);
    // nibabel accepts up to 3 float32 epsilons above 1.
    expect(sum - 1).toBeLessThan(3 * 2 ** -23);
    for (const v of [stored.quaternB, stored.quaternC, stored.quaternD])
      expect(Math.fround(v)).toBe(v);
  });
});
