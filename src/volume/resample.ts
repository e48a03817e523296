import { RadsetError } from '../errors.js';
import {
  add,
  affineColumn,
  affineFromColumns,
  applyAffine,
  cross,
  dot,
  invertAffine,
  multiplyAffines,
  norm,
  normalize,
  scale,
  subtract,
  type Affine,
  type Vec3,
} from './affine.js';
import { dominantAxes, parseAxisCodes, type AxisDirections } from './axis-codes.js';
import {
  allSamplesInside,
  resampleLinearChannel,
  resampleNearestChannel,
  type VoxelWords,
} from './resample-kernels.js';
import type { VoxelArray, Volume } from './volume.js';

/** How a sample between voxel centres is computed. */
export type Interpolation = 'linear' | 'nearest';

/** Where the output grid's axes point, its voxel size and how it is sampled. */
export interface ResampleOptions {
  /**
   * Output voxel size in millimetres along the output i, j, k. Default: each
   * output axis keeps the step of the source axis that runs closest to it
   * (matched as {@link dominantAxes}): the in-plane spacing for the i and j
   * axes, and for k the slice spacing measured along the slice normal (for a
   * gantry-tilted grid, less than the distance between slice positions). For
   * strongly oblique sources, where an output axis lies between a fine and a
   * coarse source axis, pass it explicitly.
   */
  readonly spacingMm?: Vec3;
  /**
   * Output axis directions: 'source' (the source's own +i and +j directions,
   * j made orthogonal to i, and +k along the slice normal on the side of the
   * source's +k; this orthogonalises a sheared, gantry-tilted grid), or a
   * three-letter axis code naming where +i, +j, +k point ('LPS', 'RAS',
   * 'LAS', 'RAI'…, see `axisCodes`). Default 'source'.
   */
  readonly orientation?: string;
  readonly interpolation: Interpolation;
  /**
   * Physical value (after Rescale Slope/Intercept) of output voxels whose
   * sample lies outside the source. Default: for 'linear' the source's
   * minimum physical value; for 'nearest' 0 (the stored value closest to
   * physical 0 when 0 itself is not representable).
   */
  readonly fillValue?: number;
}

/** An output grid: its size and where its voxels lie. */
export interface ResampleGrid {
  /** Output columns, rows, slices. */
  readonly dimensions: readonly [number, number, number];
  /** Output voxel index → DICOM LPS millimetres; always orthogonal. */
  readonly ijkToLps: Affine;
}

/** Past this many output values the call is refused rather than running out of memory. */
const MAX_OUTPUT_VALUES = 2 ** 31 - 1;

/**
 * The grid {@link resampleVolume} would produce, without computing voxels
 * (for planning and previews).
 *
 * The grid spans the bounding box, along the output axes, of the centres of
 * the source's 8 corner voxels: its first voxel centre sits on the box's
 * minimum corner and each axis has ⌊extent / spacing⌋ + 1 voxels, so every
 * output voxel centre lies inside the box and none of the box is more than
 * one output step from an output voxel centre. The box is of voxel centres,
 * not voxel edges, so that resampling an axis-aligned volume to its own
 * orientation and spacing is the identity (same dimensions, same affine, same
 * voxels) and the edge rows of an axis-aligned grid are never fill.
 *
 * @throws RadsetError INVALID_ARGUMENT for a singular or non-finite
 *   `ijkToLps`, an invalid `orientation` code or a non-positive `spacingMm`.
 */
export function resampleGrid(volume: Volume, options: ResampleOptions): ResampleGrid {
  const { dimensions, ijkToLps } = planResample(volume, options);
  return { dimensions, ijkToLps };
}

/**
 * Resamples a volume onto the grid of {@link resampleGrid}: the normalisation
 * step before a volume becomes training data.
 *
 * A source voxel (i, j, k) is the sample at its centre. 'linear' is
 * trilinear in source index space; 'nearest' takes the voxel whose index is
 * nearest, rounding halves up (as scipy.ndimage order 0). A sample outside
 * [0, n−1] on a source axis with more than one voxel gets the fill value; on
 * an axis with a single voxel that voxel covers indices −0.5…0.5.
 *
 * Output voxels: 'nearest' keeps the container type and the rescale (labels
 * stay labels, values exact). 'linear' gives Float32Array physical values
 * (Rescale Slope/Intercept applied, PS3.3 C.11.1.1.2) with rescale slope 1,
 * intercept 0 and the source's units. Every volume of a 4D series is
 * resampled alike; RGB volumes channel by channel (still colour-by-pixel).
 *
 * @throws RadsetError INVALID_ARGUMENT as {@link resampleGrid}, for voxels
 *   that do not match the dimensions, a 'nearest' fillValue the container
 *   cannot hold, or an output too large to allocate.
 */
export function resampleVolume(volume: Volume, options: ResampleOptions): Volume {
  const plan = planResample(volume, options);
  const [nx, ny, nz] = plan.dimensions;
  const volumes = volume.dimensions[3];
  const channels = volume.samplesPerVoxel;
  const outputValues = nx * ny * nz * volumes * channels;
  if (outputValues > MAX_OUTPUT_VALUES) {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `resampling to spacingMm [${plan.spacingMm.join(', ')}] gives ${nx}×${ny}×${nz}×${volumes} voxels ` +
        `(${outputValues} values), more than the ${MAX_OUTPUT_VALUES} one volume can hold`,
    );
  }
  const sourceDimensions = [
    volume.dimensions[0],
    volume.dimensions[1],
    volume.dimensions[2],
  ] as const;
  const layout = { sourceDimensions, outputDimensions: plan.dimensions, channels };
  const sourceVolumeValues =
    sourceDimensions[0] * sourceDimensions[1] * sourceDimensions[2] * channels;
  const outputVolumeValues = nx * ny * nz * channels;
  const voxels = volume.voxels;

  if (options.interpolation === 'linear') {
    const { slope, intercept } = volume.rescale;
    // The default fill needs a pass over every voxel; skip it when no sample falls outside.
    const fill =
      options.fillValue ??
      (allSamplesInside(layout, plan.outputToSourceIndex) ? 0 : minimumPhysicalValue(volume));
    const output = new Float32Array(outputValues);
    // Other containers are converted one volume at a time (float32 holds 8- and
    // 16-bit integers exactly, and the output is float32 anyway).
    const scratch =
      voxels instanceof Float32Array ? undefined : new Float32Array(sourceVolumeValues);
    for (let t = 0; t < volumes; t++) {
      const sourceValues = voxels.subarray(t * sourceVolumeValues, (t + 1) * sourceVolumeValues);
      let source: Float32Array;
      if (scratch === undefined) {
        source = sourceValues as Float32Array;
      } else {
        scratch.set(sourceValues);
        source = scratch;
      }
      const target = output.subarray(t * outputVolumeValues, (t + 1) * outputVolumeValues);
      for (let channel = 0; channel < channels; channel++) {
        resampleLinearChannel(source, target, layout, channel, plan.outputToSourceIndex, {
          slope,
          intercept,
          fill,
        });
      }
    }
    return {
      dimensions: [nx, ny, nz, volumes],
      samplesPerVoxel: channels,
      ijkToLps: plan.ijkToLps,
      hasGeometry: volume.hasGeometry,
      voxels: output,
      rescale: { slope: 1, intercept: 0, units: volume.rescale.units },
    };
  }

  const output = allocateLike(voxels, outputValues);
  const fillCell = allocateLike(voxels, 1);
  fillCell[0] = storedFillValue(volume, options.fillValue);
  const fillWord = wordView(fillCell)[0] as number;
  const sourceWords = wordView(voxels);
  const outputWords = wordView(output);
  for (let t = 0; t < volumes; t++) {
    const source = sourceWords.subarray(t * sourceVolumeValues, (t + 1) * sourceVolumeValues);
    const target = outputWords.subarray(t * outputVolumeValues, (t + 1) * outputVolumeValues);
    for (let channel = 0; channel < channels; channel++) {
      resampleNearestChannel(source, target, layout, channel, plan.outputToSourceIndex, fillWord);
    }
  }
  return {
    dimensions: [nx, ny, nz, volumes],
    samplesPerVoxel: channels,
    ijkToLps: plan.ijkToLps,
    hasGeometry: volume.hasGeometry,
    voxels: output,
    rescale: volume.rescale,
  };
}

/**
 * The voxels as raw unsigned words of their width (float64 as itself), so
 * that 'nearest' copies exact stored values through at most four array types.
 */
function wordView(voxels: VoxelArray): VoxelWords {
  if (voxels instanceof Float64Array) return voxels;
  const { buffer, byteOffset, length } = voxels;
  switch (voxels.BYTES_PER_ELEMENT) {
    case 1:
      return new Uint8Array(buffer, byteOffset, length);
    case 2:
      return new Uint16Array(buffer, byteOffset, length);
    default:
      return new Uint32Array(buffer, byteOffset, length);
  }
}

interface ResamplePlan extends ResampleGrid {
  readonly spacingMm: Vec3;
  /** Output voxel index → source voxel index. */
  readonly outputToSourceIndex: Affine;
}

function planResample(volume: Volume, options: ResampleOptions): ResamplePlan {
  validateVolume(volume);
  if (options.interpolation !== 'linear' && options.interpolation !== 'nearest') {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `interpolation '${String(options.interpolation)}' is invalid: use 'linear' or 'nearest'`,
    );
  }
  const source = volume.ijkToLps;
  let lpsToSourceIndex: Affine;
  try {
    lpsToSourceIndex = invertAffine(source);
  } catch (error) {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `volume.ijkToLps is singular: its voxel axes do not span three dimensions`,
      { cause: error },
    );
  }

  const orientation = options.orientation ?? 'source';
  let directions: AxisDirections;
  if (orientation === 'source') {
    directions = sourceDirections(source);
  } else {
    const parsed = parseAxisCodes(orientation);
    if (typeof parsed === 'string') {
      throw new RadsetError(
        'INVALID_ARGUMENT',
        `orientation '${orientation}' is invalid: ${parsed}`,
      );
    }
    directions = parsed;
  }

  const spacingMm = options.spacingMm ?? defaultSpacingMm(source, directions, orientation);
  validateSpacing(spacingMm);

  // The corner voxel centres, in millimetres along each output axis.
  const low = [Infinity, Infinity, Infinity];
  const high = [-Infinity, -Infinity, -Infinity];
  const last = [volume.dimensions[0] - 1, volume.dimensions[1] - 1, volume.dimensions[2] - 1];
  for (let corner = 0; corner < 8; corner++) {
    const index: Vec3 = [
      corner & 1 ? (last[0] as number) : 0,
      corner & 2 ? (last[1] as number) : 0,
      corner & 4 ? (last[2] as number) : 0,
    ];
    const lps = applyAffine(source, index);
    for (let axis = 0; axis < 3; axis++) {
      const along = dot(directions[axis] as Vec3, lps);
      low[axis] = Math.min(low[axis] as number, along);
      high[axis] = Math.max(high[axis] as number, along);
    }
  }
  const dimensions = [0, 1, 2].map((axis) => {
    const steps = ((high[axis] as number) - (low[axis] as number)) / (spacingMm[axis] as number);
    // The tolerance keeps an extent that is a whole number of steps, up to rounding, whole.
    return Math.floor(steps + 1e-6) + 1;
  }) as unknown as readonly [number, number, number];
  const [d0, d1, d2] = directions;
  const origin = [d0, d1, d2].reduce<Vec3>(
    (sum, direction, axis) => add(sum, scale(direction, low[axis] as number)),
    [0, 0, 0],
  );
  const ijkToLps = affineFromColumns(
    scale(d0, spacingMm[0]),
    scale(d1, spacingMm[1]),
    scale(d2, spacingMm[2]),
    origin,
  );
  const outputToSourceIndex = snapToIntegers(multiplyAffines(lpsToSourceIndex, ijkToLps));
  return { dimensions, ijkToLps, spacingMm, outputToSourceIndex };
}

/**
 * The source's +i, j made orthogonal to i (Gram–Schmidt), and the slice
 * normal on the side of +k. For DICOM grids i and j are already orthogonal
 * (Image Orientation (Patient), PS3.3 C.7.6.2.1.1) and only k may be sheared.
 */
function sourceDirections(ijkToLps: Affine): AxisDirections {
  const i = affineColumn(ijkToLps, 0);
  const j = affineColumn(ijkToLps, 1);
  const k = affineColumn(ijkToLps, 2);
  const d0 = normalize(i);
  const d1 = normalize(subtract(j, scale(d0, dot(j, d0))));
  const normal = cross(d0, d1);
  const d2 = dot(normal, k) < 0 ? scale(normal, -1) : normal;
  return [d0, d1, d2];
}

/**
 * Each output axis gets the step of the source axis matched to it: |i| and
 * |j| for the in-plane axes, and for k the distance between slice planes
 * along their normal (equal to |k| unless the grid is sheared).
 */
function defaultSpacingMm(ijkToLps: Affine, directions: AxisDirections, orientation: string): Vec3 {
  const i = affineColumn(ijkToLps, 0);
  const j = affineColumn(ijkToLps, 1);
  const k = affineColumn(ijkToLps, 2);
  // |k| itself when k lies along the normal, so that unsheared grids keep their exact spacing.
  const alongNormal = Math.abs(dot(normalize(k), normalize(cross(i, j))));
  const sliceSpacing = norm(k) * (alongNormal > 1 - 1e-12 ? 1 : alongNormal);
  const sourceSpacing: Vec3 = [norm(i), norm(j), sliceSpacing];
  if (orientation === 'source') return sourceSpacing;
  const spacing = [0, 0, 0];
  dominantAxes(ijkToLps, directions).forEach(({ axis }, sourceAxis) => {
    spacing[axis] = sourceSpacing[sourceAxis as 0 | 1 | 2];
  });
  return spacing as unknown as Vec3;
}

/**
 * Entries within 1e-9 of a whole number made whole: grids that share voxel
 * centres with the source (identity, flips, axis permutations) then sample
 * exactly on them, with no rounding that could tip a 'nearest' choice.
 */
function snapToIntegers(affine: Affine): Affine {
  return affine.map((value) => {
    const whole = Math.round(value);
    return Math.abs(value - whole) < 1e-9 ? whole : value;
  }) as unknown as Affine;
}

function validateVolume(volume: Volume): void {
  const { dimensions, samplesPerVoxel, voxels, ijkToLps } = volume;
  if (
    dimensions.length !== 4 ||
    !dimensions.every((n) => Number.isInteger(n) && n >= 1) ||
    (samplesPerVoxel !== 1 && samplesPerVoxel !== 3)
  ) {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `volume.dimensions [${dimensions.join(', ')}] with samplesPerVoxel ${samplesPerVoxel} is invalid: ` +
        'four whole numbers of at least 1 and 1 or 3 samples are needed',
    );
  }
  const expected = dimensions.reduce((product, n) => product * n, samplesPerVoxel);
  if (voxels.length !== expected) {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `volume.voxels has ${voxels.length} values but dimensions [${dimensions.join(', ')}] × ` +
        `${samplesPerVoxel} samples need ${expected}`,
    );
  }
  if (ijkToLps.length !== 16 || !ijkToLps.slice(0, 12).every((v) => Number.isFinite(v))) {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `volume.ijkToLps [${ijkToLps.join(', ')}] is invalid: 16 values, the first 12 finite, are needed`,
    );
  }
  if (!Number.isFinite(volume.rescale.slope) || !Number.isFinite(volume.rescale.intercept)) {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `volume.rescale slope ${volume.rescale.slope} / intercept ${volume.rescale.intercept} is not finite`,
    );
  }
}

function validateSpacing(spacingMm: Vec3): void {
  if (
    spacingMm.length !== 3 ||
    !spacingMm.every((value) => typeof value === 'number' && Number.isFinite(value) && value > 0)
  ) {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `spacingMm [${spacingMm.join(', ')}] is invalid: three positive, finite millimetre values are needed`,
    );
  }
}

/**
 * The smallest physical value of the source (its stored extremes through the
 * rescale), read in float32 chunks so the loop sees one array type.
 */
function minimumPhysicalValue(volume: Volume): number {
  const voxels = volume.voxels;
  const chunk = new Float32Array(Math.min(voxels.length, 1 << 16));
  let low = Infinity;
  let high = -Infinity;
  for (let start = 0; start < voxels.length; start += chunk.length) {
    const values = voxels.subarray(start, start + chunk.length);
    chunk.set(values);
    for (let n = 0; n < values.length; n++) {
      const value = chunk[n] as number;
      if (value < low) low = value;
      if (value > high) high = value;
    }
  }
  const { slope, intercept } = volume.rescale;
  return Math.min(low * slope + intercept, high * slope + intercept);
}

/** The stored values an integer container holds; undefined for floating-point ones. */
function integerRange(voxels: VoxelArray): readonly [number, number] | undefined {
  if (voxels instanceof Uint8Array) return [0, 0xff];
  if (voxels instanceof Int8Array) return [-0x80, 0x7f];
  if (voxels instanceof Uint16Array) return [0, 0xffff];
  if (voxels instanceof Int16Array) return [-0x8000, 0x7fff];
  if (voxels instanceof Uint32Array) return [0, 0xffffffff];
  if (voxels instanceof Int32Array) return [-0x80000000, 0x7fffffff];
  return undefined;
}

/**
 * The stored value whose physical value is the fill: exact for an explicit
 * `fillValue` (else INVALID_ARGUMENT), the nearest representable for the default 0.
 */
function storedFillValue(volume: Volume, fillValue: number | undefined): number {
  const { slope, intercept } = volume.rescale;
  const physical = fillValue ?? 0;
  const stored = slope === 0 ? 0 : (physical - intercept) / slope;
  const range = integerRange(volume.voxels);
  if (range === undefined) {
    if (volume.voxels instanceof Float32Array && Number.isFinite(stored)) {
      return Math.fround(stored);
    }
    return stored;
  }
  const rounded = Math.min(range[1], Math.max(range[0], Math.round(stored)));
  if (
    fillValue !== undefined &&
    !(Math.abs(rounded - stored) <= 1e-6 * Math.max(1, Math.abs(stored)))
  ) {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `fillValue ${fillValue} cannot be stored in this ${volume.voxels.constructor.name} volume ` +
        `(rescale slope ${slope}, intercept ${intercept}): 'nearest' keeps stored values, so the fill ` +
        'must be a physical value of a representable stored value',
    );
  }
  return rounded;
}

/** A zeroed container of the same type as `like`. */
function allocateLike(like: VoxelArray, length: number): VoxelArray {
  if (like instanceof Uint8Array) return new Uint8Array(length);
  if (like instanceof Int8Array) return new Int8Array(length);
  if (like instanceof Uint16Array) return new Uint16Array(length);
  if (like instanceof Int16Array) return new Int16Array(length);
  if (like instanceof Uint32Array) return new Uint32Array(length);
  if (like instanceof Int32Array) return new Int32Array(length);
  if (like instanceof Float32Array) return new Float32Array(length);
  return new Float64Array(length);
}
