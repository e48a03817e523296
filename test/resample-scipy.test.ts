/**
 * resampleVolume against scipy.ndimage.map_coordinates: the same output
 * grid, sampled by scipy at the source indices our output-to-source index
 * affine gives (order 1 = trilinear, order 0 = nearest; mode 'constant'
 * puts cval outside [0, n−1], as our fill; samples within 1e-6 of an edge,
 * which radset counts as inside, are snapped onto it for scipy). Linear must
 * agree within 1e-4, nearest exactly. The random oblique grid has no sample exactly half-way
 * between voxels, where order 0's tie rule would matter.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, type TestContext } from 'vitest';
import {
  affineFromColumns,
  invertAffine,
  multiplyAffines,
  scale,
  type Affine,
  type Vec3,
} from '../src/volume/affine.js';
import { resampleGrid, resampleVolume, type ResampleOptions } from '../src/volume/resample.js';
import type { Volume } from '../src/volume/volume.js';
import { PYTHON3, requirePeer } from './support/peers.js';

const DIMENSIONS = [40, 37, 23] as const;

/** Reads float64 `source.raw` (i fastest), samples it at A·(output index), writes `expected.raw`. */
const SCIPY_SCRIPT = `
import json, sys
import numpy as np
from scipy import ndimage
folder = sys.argv[1]
p = json.load(open(folder + '/params.json'))
nx, ny, nz = p['sourceDimensions']
source = np.fromfile(folder + '/source.raw', dtype='<f8').reshape((nx, ny, nz), order='F')
ox, oy, oz = p['outputDimensions']
a = np.array(p['outputToSourceIndex'], dtype=np.float64).reshape(4, 4)
i, j, k = np.meshgrid(np.arange(ox), np.arange(oy), np.arange(oz), indexing='ij')
index = np.stack([i.ravel(order='F'), j.ravel(order='F'), k.ravel(order='F'), np.ones(ox * oy * oz)])
coordinates = (a @ index)[:3]
# radset counts samples within 1e-6 index of the edge as inside (rounding in the
# index affine); scipy's 'constant' is strict, so snap those onto the edge.
for axis, n in enumerate((nx, ny, nz)):
    c = coordinates[axis]
    c[(c < 0) & (c >= -1e-6)] = 0
    c[(c > n - 1) & (c <= n - 1 + 1e-6)] = n - 1
out = ndimage.map_coordinates(source, coordinates, order=p['order'], mode='constant', cval=p['cval'])
out.astype('<f8').tofile(folder + '/expected.raw')
`;

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rotation by `degrees` about `axis` (Rodrigues), as three columns. */
function rotation(axis: Vec3, degrees: number): [Vec3, Vec3, Vec3] {
  const length = Math.hypot(...axis);
  const [x, y, z] = axis.map((v) => v / length) as [number, number, number];
  const a = (degrees * Math.PI) / 180;
  const [c, s, t] = [Math.cos(a), Math.sin(a), 1 - Math.cos(a)];
  return [
    [t * x * x + c, t * x * y + s * z, t * x * z - s * y],
    [t * x * y - s * z, t * y * y + c, t * y * z + s * x],
    [t * x * z + s * y, t * y * z - s * x, t * z * z + c],
  ];
}

const [ri, rj, rk] = rotation([0.4, -1, 0.7], 23);
const OBLIQUE: Affine = affineFromColumns(
  scale(ri, 0.93),
  scale(rj, 1.07),
  scale(rk, 2.2),
  [-21.5, 13.25, 40.125],
);

/** Smooth random values: a sum of a few random plane waves over the voxel grid. */
function smoothValues(seed: number): Float64Array {
  const next = random(seed);
  const waves = Array.from({ length: 5 }, () => ({
    amplitude: 20 + 80 * next(),
    frequency: [0.05 + 0.3 * next(), 0.05 + 0.3 * next(), 0.05 + 0.3 * next()],
    phase: 2 * Math.PI * next(),
  }));
  const [nx, ny, nz] = DIMENSIONS;
  const values = new Float64Array(nx * ny * nz);
  let n = 0;
  for (let k = 0; k < nz; k++)
    for (let j = 0; j < ny; j++)
      for (let i = 0; i < nx; i++) {
        let sum = 0;
        for (const { amplitude, frequency, phase } of waves) {
          sum +=
            amplitude * Math.sin(frequency[0]! * i + frequency[1]! * j + frequency[2]! * k + phase);
        }
        values[n++] = sum;
      }
  return values;
}

/** scipy's samples of `physical` (source-grid values, float64) on the output grid of `options`. */
function scipySamples(
  ctx: TestContext,
  volume: Volume,
  physical: Float64Array,
  options: ResampleOptions,
  order: 0 | 1,
  cval: number,
): Float64Array {
  requirePeer(ctx, 'scipy', { pythonModule: 'scipy' });
  const grid = resampleGrid(volume, options);
  const folder = mkdtempSync(join(tmpdir(), 'radset-resample-'));
  try {
    writeFileSync(join(folder, 'source.raw'), physical);
    writeFileSync(
      join(folder, 'params.json'),
      JSON.stringify({
        sourceDimensions: DIMENSIONS,
        outputDimensions: grid.dimensions,
        outputToSourceIndex: multiplyAffines(invertAffine(volume.ijkToLps), grid.ijkToLps),
        order,
        cval,
      }),
    );
    execFileSync(PYTHON3, ['-c', SCIPY_SCRIPT, folder], { stdio: ['ignore', 'pipe', 'pipe'] });
    const bytes = readFileSync(join(folder, 'expected.raw'));
    return new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

function volumeOf(voxels: Volume['voxels'], rescale: Volume['rescale']): Volume {
  return {
    dimensions: [...DIMENSIONS, 1],
    samplesPerVoxel: 1,
    ijkToLps: OBLIQUE,
    hasGeometry: true,
    voxels,
    rescale,
  };
}

describe('resampleVolume against scipy.ndimage.map_coordinates', () => {
  const values = smoothValues(20240611);
  const plain = { slope: 1, intercept: 0, units: undefined };

  it.for([
    { orientation: 'RAS', spacingMm: [0.8, 0.85, 1.3] as Vec3 },
    { orientation: 'LPS', spacingMm: [1, 1, 1] as Vec3 },
    { orientation: 'source', spacingMm: undefined },
    { orientation: 'SLA', spacingMm: [1.7, 0.6, 1.1] as Vec3 },
  ])('linear, $orientation', ({ orientation, spacingMm }, ctx) => {
    const volume = volumeOf(values, plain);
    const options: ResampleOptions = {
      interpolation: 'linear',
      orientation,
      fillValue: -500,
      ...(spacingMm === undefined ? {} : { spacingMm }),
    };
    const expected = scipySamples(ctx, volume, values, options, 1, -500);
    const output = resampleVolume(volume, options);
    expect(output.voxels).toBeInstanceOf(Float32Array);
    expect(output.voxels.length).toBe(expected.length);
    let maxDifference = 0;
    let filled = 0;
    expected.forEach((e, n) => {
      maxDifference = Math.max(maxDifference, Math.abs((output.voxels[n] as number) - e));
      if (e === -500) filled++;
    });
    // Float32 output of values up to a few hundred: a few 1e-5 at most.
    expect(maxDifference).toBeLessThan(1e-4);
    // The source's own orientation puts every output voxel centre inside the source.
    expect(filled > 0).toBe(orientation !== 'source');
    expect(filled).toBeLessThan(expected.length);
  });

  it('linear on int16 stored values with a rescale (physical values compared)', (ctx) => {
    const stored = Int16Array.from(values, (v) => Math.round(v * 20));
    const rescale = { slope: 0.05, intercept: -100, units: 'HU' };
    const physical = Float64Array.from(stored, (v) => v * rescale.slope + rescale.intercept);
    const volume = volumeOf(stored, rescale);
    const options: ResampleOptions = { interpolation: 'linear', orientation: 'RAS' };
    const fill = Math.min(...physical);
    const expected = scipySamples(ctx, volume, physical, options, 1, fill);
    const output = resampleVolume(volume, options);
    expect(output.rescale).toEqual({ slope: 1, intercept: 0, units: 'HU' });
    let maxDifference = 0;
    expected.forEach((e, n) => {
      maxDifference = Math.max(maxDifference, Math.abs((output.voxels[n] as number) - e));
    });
    expect(maxDifference).toBeLessThan(1e-4);
  });

  it.for(['RAS', 'source', 'PIR'])('nearest, %s: exactly equal', (orientation, ctx) => {
    const labels = Int16Array.from(values, (v) => Math.round(v));
    const volume = volumeOf(labels, plain);
    const options: ResampleOptions = {
      interpolation: 'nearest',
      orientation,
      spacingMm: [0.7, 0.9, 1.2],
      fillValue: -32768,
    };
    const expected = scipySamples(ctx, volume, Float64Array.from(labels), options, 0, -32768);
    const output = resampleVolume(volume, options);
    expect(output.voxels).toBeInstanceOf(Int16Array);
    expect(output.voxels.length).toBe(expected.length);
    const mismatches: string[] = [];
    expected.forEach((e, n) => {
      if (output.voxels[n] !== e && mismatches.length < 5)
        mismatches.push(`voxel ${n}: ${output.voxels[n]} ≠ scipy ${e}`);
    });
    expect(mismatches).toEqual([]);
    expect(expected.some((e) => e === -32768)).toBe(orientation !== 'source');
  });
});
