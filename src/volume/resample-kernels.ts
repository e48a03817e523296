import { applyAffine, type Affine, type Vec3 } from './affine.js';

/**
 * The inner loops of resampling (see resample.ts for the semantics). Each
 * output row (fixed output j, k) is a straight line in source index space:
 * its source index is `base + i × step`, computed once per row; the run of i
 * whose samples fall inside the source is found once per row too, so the
 * voxel loop has no bounds tests beyond clamping against rounding, no
 * allocation and no calls.
 *
 * Each kernel sees few array types, so that V8 keeps its element reads
 * monomorphic (a kernel that has seen more than four typed-array types
 * reads through a generic stub, about three times slower): 'linear' reads
 * only Float32Array (the caller converts other containers one volume at a
 * time) and 'nearest' copies stored values as raw words of their width.
 */

/** Sizes shared by the source and output of one resampling. */
export interface ResampleLayout {
  /** Source columns, rows, slices. */
  readonly sourceDimensions: readonly [number, number, number];
  /** Output columns, rows, slices. */
  readonly outputDimensions: readonly [number, number, number];
  /** Samples per voxel (colour-by-pixel), the same in source and output. */
  readonly channels: number;
}

/** Raw words of the source and output of 'nearest': voxels of 1, 2, 4 or 8 bytes. */
export type VoxelWords = Uint8Array | Uint16Array | Uint32Array | Float64Array;

/** Stored → physical conversion and the physical value outside the source, for 'linear'. */
export interface LinearValues {
  readonly slope: number;
  readonly intercept: number;
  readonly fill: number;
}

/** How far outside [0, n−1] (in source indices) a sample still counts as inside. */
const EDGE_TOLERANCE = 1e-6;

/** The bounds, in source indices, of samples inside a source axis of `n` voxels. */
function axisBounds(n: number): readonly [number, number] {
  return n > 1
    ? [-EDGE_TOLERANCE, n - 1 + EDGE_TOLERANCE]
    : [-0.5 - EDGE_TOLERANCE, 0.5 + EDGE_TOLERANCE];
}

/**
 * Whether every output voxel samples inside the source: true when the 8
 * output corner voxels do (the source index box is convex and the map affine).
 */
export function allSamplesInside(layout: ResampleLayout, outputToSourceIndex: Affine): boolean {
  const bounds = layout.sourceDimensions.map(axisBounds);
  const last = layout.outputDimensions.map((n) => n - 1);
  for (let corner = 0; corner < 8; corner++) {
    const index: Vec3 = [
      corner & 1 ? (last[0] as number) : 0,
      corner & 2 ? (last[1] as number) : 0,
      corner & 4 ? (last[2] as number) : 0,
    ];
    const sample = applyAffine(outputToSourceIndex, index);
    for (let axis = 0; axis < 3; axis++) {
      const [lower, upper] = bounds[axis] as readonly [number, number];
      const value = sample[axis] as number;
      if (value < lower || value > upper) return false;
    }
  }
  return true;
}

/**
 * Narrows `run` ([first, last] output i of a row) to the i whose source index
 * `base + i × step` lies on a source axis of `n` voxels: within [0, n−1], or
 * within ±0.5 when the axis has a single voxel.
 */
function clipRun(run: Float64Array, base: number, step: number, n: number): void {
  const lower = n > 1 ? -EDGE_TOLERANCE : -0.5 - EDGE_TOLERANCE;
  const upper = n > 1 ? n - 1 + EDGE_TOLERANCE : 0.5 + EDGE_TOLERANCE;
  if (Math.abs(step) < 1e-12) {
    if (base < lower || base > upper) run[1] = -1;
    return;
  }
  const t1 = (lower - base) / step;
  const t2 = (upper - base) / step;
  const first = Math.ceil(Math.min(t1, t2));
  const last = Math.floor(Math.max(t1, t2));
  if (first > (run[0] as number)) run[0] = first;
  if (last < (run[1] as number)) run[1] = last;
}

/**
 * Trilinear resampling of one channel of one volume, in source index space,
 * into physical float32 values (`stored × slope + intercept`; the
 * interpolation is linear, so converting after it gives the same values).
 * `source` and `output` hold this one volume from index 0.
 */
export function resampleLinearChannel(
  source: Float32Array,
  output: Float32Array,
  layout: ResampleLayout,
  channel: number,
  outputToSourceIndex: Affine,
  values: LinearValues,
): void {
  const [sx, sy, sz] = layout.sourceDimensions;
  const [ox, oy, oz] = layout.outputDimensions;
  const channels = layout.channels;
  const { slope, intercept, fill } = values;
  const rowStride = channels * sx;
  const sliceStride = rowStride * sy;
  // Neighbour offsets; zero on a single-voxel axis so its only voxel is read twice.
  const nextX = sx > 1 ? channels : 0;
  const nextY = sy > 1 ? rowStride : 0;
  const nextZ = sz > 1 ? sliceStride : 0;
  const maxX = sx - 1;
  const maxY = sy - 1;
  const maxZ = sz - 1;
  const maxBaseX = Math.max(sx - 2, 0);
  const maxBaseY = Math.max(sy - 2, 0);
  const maxBaseZ = Math.max(sz - 2, 0);
  const [ax, bx, cx, dx, ay, by, cy, dy, az, bz, cz, dz] = outputToSourceIndex;
  const run = new Float64Array(2);

  let o = channel;
  for (let k = 0; k < oz; k++) {
    for (let j = 0; j < oy; j++) {
      const x0 = bx * j + cx * k + dx;
      const y0 = by * j + cy * k + dy;
      const z0 = bz * j + cz * k + dz;
      run[0] = 0;
      run[1] = ox - 1;
      clipRun(run, x0, ax, sx);
      clipRun(run, y0, ay, sy);
      clipRun(run, z0, az, sz);
      const first = run[0] as number;
      const last = run[1] as number;
      let i = 0;
      for (; i < ox && i < first; i++, o += channels) output[o] = fill;
      if (ay === 0 && az === 0) {
        // The row runs along source i (every resampling that keeps the source's
        // i direction: 'source' orientation, axial scans to LPS/RAS): the y and z
        // weights are the same for the whole row, so each voxel blends two
        // bilinear column values instead of a full trilinear blend.
        let y = y0;
        let z = z0;
        if (y < 0) y = 0;
        else if (y > maxY) y = maxY;
        if (z < 0) z = 0;
        else if (z > maxZ) z = maxZ;
        let yi = Math.floor(y);
        let zi = Math.floor(z);
        if (yi > maxBaseY) yi = maxBaseY;
        if (zi > maxBaseZ) zi = maxBaseZ;
        const fy = y - yi;
        const fz = z - zi;
        const w00 = (1 - fy) * (1 - fz);
        const w10 = fy * (1 - fz);
        const w01 = (1 - fy) * fz;
        const w11 = fy * fz;
        const rowStart = channel + yi * rowStride + zi * sliceStride;
        for (; i <= last; i++, o += channels) {
          let x = x0 + ax * i;
          if (x < 0) x = 0;
          else if (x > maxX) x = maxX;
          let xi = Math.floor(x);
          if (xi > maxBaseX) xi = maxBaseX;
          const fx = x - xi;
          const p = rowStart + xi * channels;
          const q = p + nextX;
          const a =
            (source[p] as number) * w00 +
            (source[p + nextY] as number) * w10 +
            (source[p + nextZ] as number) * w01 +
            (source[p + nextY + nextZ] as number) * w11;
          const b =
            (source[q] as number) * w00 +
            (source[q + nextY] as number) * w10 +
            (source[q + nextZ] as number) * w01 +
            (source[q + nextY + nextZ] as number) * w11;
          output[o] = (a + (b - a) * fx) * slope + intercept;
        }
      }
      for (; i <= last; i++, o += channels) {
        let x = x0 + ax * i;
        let y = y0 + ay * i;
        let z = z0 + az * i;
        if (x < 0) x = 0;
        else if (x > maxX) x = maxX;
        if (y < 0) y = 0;
        else if (y > maxY) y = maxY;
        if (z < 0) z = 0;
        else if (z > maxZ) z = maxZ;
        let xi = Math.floor(x);
        let yi = Math.floor(y);
        let zi = Math.floor(z);
        if (xi > maxBaseX) xi = maxBaseX;
        if (yi > maxBaseY) yi = maxBaseY;
        if (zi > maxBaseZ) zi = maxBaseZ;
        const fx = x - xi;
        const fy = y - yi;
        const fz = z - zi;
        const p = channel + xi * channels + yi * rowStride + zi * sliceStride;
        const v000 = source[p] as number;
        const v100 = source[p + nextX] as number;
        const v010 = source[p + nextY] as number;
        const v110 = source[p + nextX + nextY] as number;
        const v001 = source[p + nextZ] as number;
        const v101 = source[p + nextX + nextZ] as number;
        const v011 = source[p + nextY + nextZ] as number;
        const v111 = source[p + nextX + nextY + nextZ] as number;
        const c00 = v000 + (v100 - v000) * fx;
        const c10 = v010 + (v110 - v010) * fx;
        const c01 = v001 + (v101 - v001) * fx;
        const c11 = v011 + (v111 - v011) * fx;
        const c0 = c00 + (c10 - c00) * fy;
        const c1 = c01 + (c11 - c01) * fy;
        output[o] = (c0 + (c1 - c0) * fz) * slope + intercept;
      }
      for (; i < ox; i++, o += channels) output[o] = fill;
    }
  }
}

/**
 * Nearest-neighbour resampling of one channel of one volume: each output
 * voxel copies the stored word of the source voxel whose index is nearest
 * (halves round up, as scipy.ndimage order 0), or `fillWord`. `source` and
 * `output` are raw-word views of this one volume from index 0.
 */
export function resampleNearestChannel(
  source: VoxelWords,
  output: VoxelWords,
  layout: ResampleLayout,
  channel: number,
  outputToSourceIndex: Affine,
  fillWord: number,
): void {
  const [sx, sy, sz] = layout.sourceDimensions;
  const [ox, oy, oz] = layout.outputDimensions;
  const channels = layout.channels;
  const rowStride = channels * sx;
  const sliceStride = rowStride * sy;
  const maxX = sx - 1;
  const maxY = sy - 1;
  const maxZ = sz - 1;
  const [ax, bx, cx, dx, ay, by, cy, dy, az, bz, cz, dz] = outputToSourceIndex;
  const run = new Float64Array(2);

  let o = channel;
  for (let k = 0; k < oz; k++) {
    for (let j = 0; j < oy; j++) {
      const x0 = bx * j + cx * k + dx;
      const y0 = by * j + cy * k + dy;
      const z0 = bz * j + cz * k + dz;
      run[0] = 0;
      run[1] = ox - 1;
      clipRun(run, x0, ax, sx);
      clipRun(run, y0, ay, sy);
      clipRun(run, z0, az, sz);
      const first = run[0] as number;
      const last = run[1] as number;
      let i = 0;
      for (; i < ox && i < first; i++, o += channels) output[o] = fillWord;
      for (; i <= last; i++, o += channels) {
        let xi = Math.floor(x0 + ax * i + 0.5);
        let yi = Math.floor(y0 + ay * i + 0.5);
        let zi = Math.floor(z0 + az * i + 0.5);
        if (xi < 0) xi = 0;
        else if (xi > maxX) xi = maxX;
        if (yi < 0) yi = 0;
        else if (yi > maxY) yi = maxY;
        if (zi < 0) zi = 0;
        else if (zi > maxZ) zi = maxZ;
        output[o] = source[channel + xi * channels + yi * rowStride + zi * sliceStride] as number;
      }
      for (; i < ox; i++, o += channels) output[o] = fillWord;
    }
  }
}
