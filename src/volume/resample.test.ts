import { describe, expect, it } from 'vitest';
import { RadsetError } from '../errors.js';
import {
  affineColumn,
  affineFromColumns,
  affineSpacingMm,
  applyAffine,
  dot,
  invertAffine,
  norm,
  scale,
  subtract,
  type Affine,
  type Vec3,
} from './affine.js';
import { axisCodes } from './axis-codes.js';
import { resampleGrid, resampleVolume, type ResampleOptions } from './resample.js';
import type { Rescale, Volume, VoxelArray } from './volume.js';

const PLAIN: Rescale = { slope: 1, intercept: 0, units: undefined };

function makeVolume(
  dimensions: readonly [number, number, number, number],
  ijkToLps: Affine,
  voxels: VoxelArray,
  extra: { rescale?: Rescale; samplesPerVoxel?: 1 | 3 } = {},
): Volume {
  return {
    dimensions,
    samplesPerVoxel: extra.samplesPerVoxel ?? 1,
    ijkToLps,
    hasGeometry: true,
    voxels,
    rescale: extra.rescale ?? PLAIN,
  };
}

/** A volume whose voxels are `value(i, j, k, t)` in the given container. */
function filledVolume<T extends VoxelArray>(
  dimensions: readonly [number, number, number, number],
  ijkToLps: Affine,
  container: new (length: number) => T,
  value: (i: number, j: number, k: number, t: number) => number,
  rescale: Rescale = PLAIN,
): Volume & { voxels: T } {
  const [nx, ny, nz, nt] = dimensions;
  const voxels = new container(nx * ny * nz * nt);
  let n = 0;
  for (let t = 0; t < nt; t++)
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++) for (let i = 0; i < nx; i++) voxels[n++] = value(i, j, k, t);
  return { ...makeVolume(dimensions, ijkToLps, voxels, { rescale }), voxels };
}

/** Rotation by `degrees` about a unit `axis` (Rodrigues), as three columns. */
function rotation(axisIn: Vec3, degrees: number): [Vec3, Vec3, Vec3] {
  const axis = scale(axisIn, 1 / norm(axisIn));
  const a = (degrees * Math.PI) / 180;
  const [c, s] = [Math.cos(a), Math.sin(a)];
  const column = (e: Vec3): Vec3 => {
    const d = dot(axis, e);
    const crossed: Vec3 = [
      axis[1] * e[2] - axis[2] * e[1],
      axis[2] * e[0] - axis[0] * e[2],
      axis[0] * e[1] - axis[1] * e[0],
    ];
    return [0, 1, 2].map(
      (n) => e[n as 0] * c + crossed[n as 0] * s + axis[n as 0] * d * (1 - c),
    ) as unknown as Vec3;
  };
  return [column([1, 0, 0]), column([0, 1, 0]), column([0, 0, 1])];
}

function obliqueAffine(spacingMm: Vec3, origin: Vec3): Affine {
  const [i, j, k] = rotation([1, 2, 3], 25);
  return affineFromColumns(
    scale(i, spacingMm[0]),
    scale(j, spacingMm[1]),
    scale(k, spacingMm[2]),
    origin,
  );
}

/** Where output voxel (i, j, k) samples the source, in source voxel indices. */
function sourceIndexOf(source: Volume, output: Volume, index: Vec3): Vec3 {
  return applyAffine(invertAffine(source.ijkToLps), applyAffine(output.ijkToLps, index));
}

function inside(index: Vec3, dimensions: readonly number[], margin: number): boolean {
  return index.every((q, axis) => q >= margin && q <= (dimensions[axis] as number) - 1 - margin);
}

function forEachVoxel(volume: Volume, visit: (index: Vec3, value: number) => void): void {
  const [nx, ny, nz] = volume.dimensions;
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) visit([i, j, k], volume.voxels[n++] as number);
}

/**
 * Checks that a 'linear' output reproduces `f` (a linear function of LPS mm)
 * at every voxel that samples inside the source, and holds `fill` at every
 * voxel that samples clearly outside; returns how many of each it saw.
 */
function expectLinearFunction(
  source: Volume,
  output: Volume,
  f: (p: Vec3) => number,
  fill: number,
): { inside: number; outside: number } {
  const counts = { inside: 0, outside: 0 };
  forEachVoxel(output, (index, value) => {
    const q = sourceIndexOf(source, output, index);
    if (inside(q, source.dimensions, 1e-6)) {
      counts.inside++;
      const expected = f(applyAffine(output.ijkToLps, index));
      if (Math.abs(value - expected) > 1e-3) expect(value).toBeCloseTo(expected, 3);
    } else if (!inside(q, source.dimensions, -1e-6)) {
      counts.outside++;
      if (value !== fill) expect(value).toBe(fill);
    }
  });
  return counts;
}

function thrown(run: () => unknown): RadsetError {
  try {
    run();
  } catch (error) {
    if (error instanceof RadsetError) return error;
    throw error;
  }
  throw new Error('no error was thrown');
}

describe('resampleGrid', () => {
  it('spans the box of the corner voxel centres along the target axes', () => {
    // A coronal grid: +i Left, +j Inferior, +k Anterior.
    const coronal = affineFromColumns([0.6, 0, 0], [0, 0, -0.6], [0, -3, 0], [10, 20, 30]);
    const volume = makeVolume([11, 21, 6, 1], coronal, new Int16Array(11 * 21 * 6));
    const grid = resampleGrid(volume, { interpolation: 'linear', orientation: 'LPS' });
    // Default spacing follows the matched source axes: x ← i, y ← k (slices), z ← j.
    expect(affineSpacingMm(grid.ijkToLps)).toEqual([0.6, 3, 0.6]);
    expect(grid.dimensions).toEqual([11, 6, 21]);
    expect(applyAffine(grid.ijkToLps, [0, 0, 0])).toEqual([10, 5, 18]);
    expect(axisCodes(grid.ijkToLps)).toBe('LPS');

    const fine = resampleGrid(volume, {
      interpolation: 'linear',
      orientation: 'LPS',
      spacingMm: [0.25, 0.25, 0.25],
    });
    // Extents 6 mm, 15 mm, 12 mm: ⌊extent / 0.25⌋ + 1 voxels.
    expect(fine.dimensions).toEqual([25, 61, 49]);
  });

  it('is what resampleVolume produces', () => {
    const volume = filledVolume(
      [9, 8, 7, 1],
      obliqueAffine([1.1, 0.9, 2], [3, 4, 5]),
      Int16Array,
      (i) => i,
    );
    const options: ResampleOptions = { interpolation: 'linear', orientation: 'RAS' };
    const grid = resampleGrid(volume, options);
    const output = resampleVolume(volume, options);
    expect(output.dimensions).toEqual([...grid.dimensions, 1]);
    expect(output.ijkToLps).toEqual(grid.ijkToLps);
  });
});

describe('resampleVolume', () => {
  const axial = affineFromColumns([0.7, 0, 0], [0, 0.8, 0], [0, 0, 2.5], [-10.3, 20.1, 5]);
  const ct = filledVolume([6, 5, 4, 1], axial, Int16Array, (i, j, k) => i * 100 + j * 10 + k - 30, {
    slope: 2,
    intercept: -1024,
    units: 'HU',
  });

  it('is the identity on an axis-aligned volume resampled to its own grid', () => {
    for (const orientation of ['source', 'LPS']) {
      const nearest = resampleVolume(ct, { interpolation: 'nearest', orientation });
      expect(nearest.dimensions).toEqual(ct.dimensions);
      expect(nearest.ijkToLps).toEqual(ct.ijkToLps);
      expect(nearest.voxels).toBeInstanceOf(Int16Array);
      expect(nearest.voxels).toEqual(ct.voxels);
      expect(nearest.rescale).toEqual(ct.rescale);

      const linear = resampleVolume(ct, {
        interpolation: 'linear',
        orientation,
        spacingMm: [0.7, 0.8, 2.5],
      });
      expect(linear.dimensions).toEqual(ct.dimensions);
      expect(linear.ijkToLps).toEqual(ct.ijkToLps);
      expect(linear.voxels).toBeInstanceOf(Float32Array);
      expect(Array.from(linear.voxels)).toEqual(Array.from(ct.voxels, (v) => v * 2 - 1024));
      expect(linear.rescale).toEqual({ slope: 1, intercept: 0, units: 'HU' });
    }
  });

  it('is the identity on a grid stored right-to-left when resampled to its own orientation', () => {
    const rasStored = affineFromColumns([-0.7, 0, 0], [0, -0.8, 0], [0, 0, 2.5], [10, 20, 5]);
    const volume = { ...ct, ijkToLps: rasStored };
    const output = resampleVolume(volume, { interpolation: 'nearest' });
    expect(output.ijkToLps).toEqual(rasStored);
    expect(output.voxels).toEqual(ct.voxels);
    expect(resampleVolume(volume, { interpolation: 'nearest', orientation: 'RAS' }).voxels).toEqual(
      ct.voxels,
    );
  });

  it('flips LPS to RAS: each voxel keeps its millimetre position', () => {
    const source = filledVolume(
      [4, 3, 2, 1],
      affineFromColumns([1, 0, 0], [0, 2, 0], [0, 0, 3], [10, 20, 30]),
      Uint8Array,
      (i, j, k) => i + 4 * j + 12 * k,
    );
    const output = resampleVolume(source, { interpolation: 'nearest', orientation: 'RAS' });
    expect(axisCodes(output.ijkToLps)).toBe('RAS');
    expect(output.dimensions).toEqual([4, 3, 2, 1]);
    expect(output.ijkToLps).toEqual([-1, 0, 0, 13, 0, -2, 0, 24, 0, 0, 3, 30, 0, 0, 0, 1]);
    // Output (1, 2, 1) lies at LPS (12, 20, 33): source voxel (2, 0, 1).
    expect(applyAffine(output.ijkToLps, [1, 2, 1])).toEqual([12, 20, 33]);
    const at = (i: number, j: number, k: number): number =>
      output.voxels[i + 4 * (j + 3 * k)] as number;
    expect(at(1, 2, 1)).toBe(2 + 0 + 12);
    expect(at(0, 0, 0)).toBe(3 + 4 * 2);
    forEachVoxel(output, ([i, j, k], value) => {
      expect(value).toBe(3 - i + 4 * (2 - j) + 12 * k);
    });
  });

  it('reproduces a linear function of position sampled on an oblique grid', () => {
    const f = (p: Vec3): number => 0.3 * p[0] - 0.2 * p[1] + 0.5 * p[2] + 7;
    const ijkToLps = obliqueAffine([0.9, 1.1, 2], [-12, 8, 40]);
    const source = filledVolume([30, 28, 16, 1], ijkToLps, Float64Array, (i, j, k) =>
      f(applyAffine(ijkToLps, [i, j, k])),
    );
    const output = resampleVolume(source, {
      interpolation: 'linear',
      orientation: 'LPS',
      spacingMm: [1, 1, 1],
      fillValue: -999,
    });
    expect(output.voxels).toBeInstanceOf(Float32Array);
    expect(axisCodes(output.ijkToLps)).toBe('LPS');
    const counts = expectLinearFunction(source, output, f, -999);
    expect(counts.inside).toBeGreaterThan(5000);
    expect(counts.outside).toBeGreaterThan(5000);
  });

  it('fills with the minimum physical value by default for linear', () => {
    const source = filledVolume(
      [5, 5, 5, 1],
      obliqueAffine([1, 1, 1], [0, 0, 0]),
      Uint16Array,
      (i, j, k) => 50 + i + j + k,
      { slope: 0.5, intercept: -10, units: 'X' },
    );
    const output = resampleVolume(source, { interpolation: 'linear', orientation: 'LPS' });
    const values = Array.from(output.voxels);
    expect(Math.min(...values)).toBe(50 * 0.5 - 10);
    expect(values.filter((v) => v === 15).length).toBeGreaterThan(10);
  });

  it('keeps labels exact with nearest and preserves a cuboid volume within one voxel layer', () => {
    const [rx, ry, rz] = rotation([0.2, -0.3, 1], 30);
    const spacing: Vec3 = [0.8, 0.8, 1.5];
    const ijkToLps = affineFromColumns(
      scale(rx, spacing[0]),
      scale(ry, spacing[1]),
      scale(rz, spacing[2]),
      [0, 0, 0],
    );
    const box = (i: number, j: number, k: number): boolean =>
      i >= 10 && i < 40 && j >= 10 && j < 40 && k >= 5 && k < 25;
    const source = filledVolume([50, 50, 30, 1], ijkToLps, Uint8Array, (i, j, k) =>
      box(i, j, k) ? 2 : i < 3 && j < 3 ? 5 : 0,
    );
    const output = resampleVolume(source, {
      interpolation: 'nearest',
      orientation: 'LPS',
      spacingMm: [1, 1, 1],
    });
    expect(output.voxels).toBeInstanceOf(Uint8Array);
    expect(output.rescale).toBe(source.rescale);
    const labels = new Set(output.voxels);
    expect([...labels].sort()).toEqual([0, 2, 5]);

    const sourceMm3 = 30 * 30 * 20 * spacing[0] * spacing[1] * spacing[2];
    const outputMm3 = output.voxels.filter((v) => v === 2).length;
    const [a, b, c] = [30 * 0.8, 30 * 0.8, 20 * 1.5];
    const oneLayerMm3 = 2 * (a * b + b * c + a * c) * 1;
    expect(Math.abs(outputMm3 - sourceMm3)).toBeLessThan(oneLayerMm3);
    // In practice far closer: rounding errors on opposite faces cancel.
    expect(Math.abs(outputMm3 - sourceMm3) / sourceMm3).toBeLessThan(0.02);
    // Every output voxel holds the label of the source voxel nearest its centre.
    let checked = 0;
    forEachVoxel(output, (index, value) => {
      const q = sourceIndexOf(source, output, index);
      if (!inside(q, source.dimensions, 1e-6)) return;
      const [i, j, k] = q.map((x) => Math.floor(x + 0.5)) as [number, number, number];
      const expected = source.voxels[i + 50 * (j + 50 * k)];
      if (value !== expected) expect(value).toBe(expected);
      checked++;
    });
    expect(checked).toBeGreaterThan(30000);
  });

  it('orthogonalises a gantry-tilted grid and puts tilted rows at their true position', () => {
    const tilt = (15 * Math.PI) / 180;
    // Rows tilted about x; slice positions advance along the table (z), so k is sheared.
    const ijkToLps = affineFromColumns(
      [0.5, 0, 0],
      [0, 0.5 * Math.cos(tilt), 0.5 * Math.sin(tilt)],
      [0, 0, 2],
      [-5, -6, -30],
    );
    const f = (p: Vec3): number => -0.4 * p[0] + 0.25 * p[1] + 0.6 * p[2] + 3;
    const smooth = filledVolume([20, 24, 30, 1], ijkToLps, Float32Array, (i, j, k) =>
      f(applyAffine(ijkToLps, [i, j, k])),
    );
    const output = resampleVolume(smooth, { interpolation: 'linear', fillValue: -1 });
    const oi = affineColumn(output.ijkToLps, 0);
    const oj = affineColumn(output.ijkToLps, 1);
    const ok = affineColumn(output.ijkToLps, 2);
    for (const [u, v] of [
      [oi, oj],
      [oi, ok],
      [oj, ok],
    ] as const) {
      expect(Math.abs(dot(u, v))).toBeLessThan(1e-12);
    }
    // In-plane spacing kept; slices 2 mm apart along the table are 2·cos 15° apart along the normal.
    const spacing = affineSpacingMm(output.ijkToLps);
    expect(spacing[0]).toBeCloseTo(0.5, 12);
    expect(spacing[1]).toBeCloseTo(0.5, 12);
    expect(spacing[2]).toBeCloseTo(2 * Math.cos(tilt), 12);
    expect(scale(ok, 1 / spacing[2])).toEqual([
      0,
      expect.closeTo(-Math.sin(tilt), 12),
      expect.closeTo(Math.cos(tilt), 12),
    ]);
    const counts = expectLinearFunction(smooth, output, f, -1);
    expect(counts.inside).toBeGreaterThan(5000);
    expect(counts.outside).toBeGreaterThan(100);

    // A marker block on a late slice lands where the shear puts it, not where an
    // unsheared grid would (25 slices × 2 mm × sin 15° ≈ 12.9 mm away).
    const centre: Vec3 = [10, 12, 25];
    const marker = filledVolume([20, 24, 30, 1], ijkToLps, Uint8Array, (i, j, k) =>
      Math.abs(i - centre[0]) <= 1 && Math.abs(j - centre[1]) <= 1 && Math.abs(k - centre[2]) <= 1
        ? 1
        : 0,
    );
    const resampled = resampleVolume(marker, { interpolation: 'nearest' });
    const sum: [number, number, number] = [0, 0, 0];
    let count = 0;
    forEachVoxel(resampled, (index, value) => {
      if (value !== 1) return;
      const p = applyAffine(resampled.ijkToLps, index);
      for (let n = 0; n < 3; n++) sum[n] = (sum[n] as number) + (p[n] as number);
      count++;
    });
    expect(count).toBeGreaterThan(0);
    const centroid = scale(sum, 1 / count);
    const truth = applyAffine(ijkToLps, centre);
    expect(norm(subtract(centroid, truth))).toBeLessThan(0.5);
    const unsheared = affineFromColumns(
      [0.5, 0, 0],
      [0, 0.5 * Math.cos(tilt), 0.5 * Math.sin(tilt)],
      scale([0, -Math.sin(tilt), Math.cos(tilt)], 2 * Math.cos(tilt)),
      [-5, -6, -30],
    );
    expect(norm(subtract(centroid, applyAffine(unsheared, centre)))).toBeGreaterThan(10);
  });

  it('resamples every volume of a 4D series alike', () => {
    const ijkToLps = obliqueAffine([1.2, 1.2, 2], [1, 2, 3]);
    const source = filledVolume(
      [8, 7, 6, 3],
      ijkToLps,
      Int16Array,
      (i, j, k, t) => (t + 1) * (i * 3 + j * 5 + k * 7),
    );
    const linear = resampleVolume(source, {
      interpolation: 'linear',
      orientation: 'LPS',
      fillValue: 0,
    });
    const nearest = resampleVolume(source, { interpolation: 'nearest', orientation: 'LPS' });
    for (const output of [linear, nearest]) {
      const [nx, ny, nz, nt] = output.dimensions;
      expect(nt).toBe(3);
      const size = nx * ny * nz;
      const first = Array.from(output.voxels.subarray(0, size));
      expect(first.some((v) => v !== 0)).toBe(true);
      for (let t = 1; t < nt; t++) {
        const later = Array.from(output.voxels.subarray(t * size, (t + 1) * size));
        later.forEach((v, n) => {
          const expected = (t + 1) * (first[n] as number);
          if (Math.abs(v - expected) > 1e-3) expect(v).toBeCloseTo(expected, 3);
        });
      }
    }
    expect(nearest.voxels).toBeInstanceOf(Int16Array);
  });

  it('resamples RGB channel by channel, colour-by-pixel', () => {
    const dims = [8, 7, 5, 1] as const;
    const ijkToLps = obliqueAffine([1, 1, 1.5], [0, 0, 0]);
    const channel = (c: number, i: number, j: number, k: number): number =>
      (c * 70 + i * 11 + j * 7 + k * 13) % 256;
    const rgb = new Uint8Array(8 * 7 * 5 * 3);
    const greys = [0, 1, 2].map(() => new Uint8Array(8 * 7 * 5));
    let n = 0;
    for (let k = 0; k < 5; k++)
      for (let j = 0; j < 7; j++)
        for (let i = 0; i < 8; i++, n++)
          for (let c = 0; c < 3; c++) {
            rgb[n * 3 + c] = channel(c, i, j, k);
            (greys[c] as Uint8Array)[n] = channel(c, i, j, k);
          }
    const colour = makeVolume(dims, ijkToLps, rgb, { samplesPerVoxel: 3 });
    for (const [interpolation, orientation] of [
      ['linear', 'RAS'],
      ['linear', 'source'],
      ['nearest', 'RAS'],
      ['nearest', 'source'],
    ] as const) {
      const options: ResampleOptions = {
        interpolation,
        orientation,
        spacingMm: [0.6, 0.7, 1],
        fillValue: 0,
      };
      const output = resampleVolume(colour, options);
      expect(output.samplesPerVoxel).toBe(3);
      expect(output.voxels).toBeInstanceOf(interpolation === 'linear' ? Float32Array : Uint8Array);
      for (let c = 0; c < 3; c++) {
        const grey = resampleVolume(makeVolume(dims, ijkToLps, greys[c] as Uint8Array), options);
        expect(output.voxels.length).toBe(grey.voxels.length * 3);
        const picked = Array.from(grey.voxels, (_, v) => output.voxels[v * 3 + c]);
        expect(picked).toEqual(Array.from(grey.voxels));
      }
    }
  });

  it('treats a single-voxel axis as covering ±0.5 voxel', () => {
    const tilt = (10 * Math.PI) / 180;
    const ijkToLps = affineFromColumns(
      [1, 0, 0],
      [0, Math.cos(tilt), Math.sin(tilt)],
      [0, -2 * Math.sin(tilt), 2 * Math.cos(tilt)],
      [0, 0, 0],
    );
    const slice = filledVolume([10, 10, 1, 1], ijkToLps, Int16Array, () => 7);
    const same = resampleVolume(slice, { interpolation: 'nearest' });
    expect(same.dimensions).toEqual([10, 10, 1, 1]);
    expect(Array.from(same.voxels).every((v) => v === 7)).toBe(true);

    for (const interpolation of ['linear', 'nearest'] as const) {
      const output = resampleVolume(slice, {
        interpolation,
        orientation: 'LPS',
        spacingMm: [1, 1, 0.25],
        fillValue: -1,
      });
      let hits = 0;
      forEachVoxel(output, (index, value) => {
        const [qi, qj, qk] = sourceIndexOf(slice, output, index);
        const within = qi >= 0 && qi <= 9 && qj >= 0 && qj <= 9 && Math.abs(qk) <= 0.5;
        const clearlyOut =
          qi < -1e-6 || qi > 9 + 1e-6 || qj < -1e-6 || qj > 9 + 1e-6 || Math.abs(qk) > 0.5 + 1e-6;
        if (within) {
          hits++;
          expect(value).toBe(7);
        } else if (clearlyOut) expect(value).toBe(-1);
      });
      expect(hits).toBeGreaterThan(50);
    }
  });

  it('fills nearest with physical 0 by default, as the stored value that holds it', () => {
    const source = filledVolume(
      [4, 4, 4, 1],
      obliqueAffine([1, 1, 1], [0, 0, 0]),
      Int16Array,
      () => 2000,
      { slope: 1, intercept: -1024, units: 'HU' },
    );
    const output = resampleVolume(source, { interpolation: 'nearest', orientation: 'LPS' });
    expect(new Set(output.voxels)).toEqual(new Set([2000, 1024]));
    const air = resampleVolume(source, {
      interpolation: 'nearest',
      orientation: 'LPS',
      fillValue: -1024,
    });
    expect(new Set(air.voxels)).toEqual(new Set([2000, 0]));
  });

  describe('refuses invalid input, naming it', () => {
    const good = filledVolume([3, 3, 3, 1], axial, Int16Array, () => 1);

    it('a singular ijkToLps', () => {
      const flat = affineFromColumns([1, 0, 0], [0, 1, 0], [2, 3, 0], [0, 0, 0]);
      const error = thrown(() =>
        resampleVolume({ ...good, ijkToLps: flat }, { interpolation: 'linear' }),
      );
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(/ijkToLps is singular/);
      const nan = [...axial] as number[];
      nan[5] = Number.NaN;
      expect(
        thrown(() =>
          resampleGrid(
            { ...good, ijkToLps: nan as unknown as Affine },
            { interpolation: 'linear' },
          ),
        ).message,
      ).toMatch(/ijkToLps .* finite/);
    });

    it('a bad orientation code', () => {
      for (const [orientation, why] of [
        ['LPX', /'X' is not one of/],
        ['LLS', /L\/R axis twice/],
        ['LP', /three letters/],
        ['', /three letters/],
      ] as const) {
        const error = thrown(() => resampleGrid(good, { interpolation: 'nearest', orientation }));
        expect(error.code).toBe('INVALID_ARGUMENT');
        expect(error.message).toMatch(`orientation '${orientation}' is invalid`);
        expect(error.message).toMatch(why);
      }
    });

    it('a non-positive or non-finite spacing', () => {
      for (const spacingMm of [
        [1, 0, 1],
        [1, -2, 1],
        [1, Number.NaN, 1],
        [Infinity, 1, 1],
      ] as Vec3[]) {
        const error = thrown(() => resampleVolume(good, { interpolation: 'linear', spacingMm }));
        expect(error.code).toBe('INVALID_ARGUMENT');
        expect(error.message).toMatch(/^spacingMm \[.*\] is invalid/);
      }
    });

    it('voxels that do not fit the dimensions, a fill the container cannot hold, a huge output', () => {
      expect(
        thrown(() =>
          resampleVolume({ ...good, voxels: new Int16Array(26) }, { interpolation: 'nearest' }),
        ).message,
      ).toMatch(/volume.voxels has 26 values .* need 27/);
      expect(
        thrown(() => resampleVolume(good, { interpolation: 'nearest', fillValue: 0.5 })).message,
      ).toMatch(/fillValue 0.5 cannot be stored/);
      expect(
        thrown(() => resampleVolume(good, { interpolation: 'nearest', fillValue: 40000 })).message,
      ).toMatch(/fillValue 40000 cannot be stored/);
      expect(
        thrown(() =>
          resampleVolume(good, { interpolation: 'linear', spacingMm: [0.001, 0.001, 0.001] }),
        ).message,
      ).toMatch(/more than the .* one volume can hold/);
      expect(
        thrown(() => resampleVolume(good, { interpolation: 'cubic' as unknown as 'linear' }))
          .message,
      ).toMatch(/interpolation 'cubic' is invalid/);
    });
  });
});
