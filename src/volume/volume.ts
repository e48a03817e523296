import type { Affine } from './affine.js';

/** A voxel container, as the pixel decoders produce (PS3.3 C.7.6.3.1 stored values) or resampling yields. */
export type VoxelArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

/** NumPy-style name of a voxel container. */
export type VoxelType =
  'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';

/** Stored value → physical value: `value × slope + intercept` (PS3.3 C.11.1.1.2), one pair for the whole volume. */
export interface Rescale {
  readonly slope: number;
  readonly intercept: number;
  /** Units of the physical values: Rescale Type (0028,1054), 'HU' for CT; undefined when unknown. */
  readonly units: string | undefined;
}

/**
 * A 3D image (or a 4D series of them, `dimensions[3]` > 1) on a regular grid.
 *
 * Voxel order: i fastest, then j, then k, then t. For volumes built from DICOM,
 * i runs along a row (increasing column index), j down the rows (increasing
 * row index, top to bottom as stored), k across slices in ascending position
 * along the slice normal. `ijkToLps` maps (i, j, k) to millimetres in DICOM
 * patient coordinates; it is sheared when the slices were acquired with
 * gantry tilt and not resampled.
 */
export interface Volume {
  /** Columns, rows, slices, volumes (time points, echoes…); at least 1 each. */
  readonly dimensions: readonly [number, number, number, number];
  /** Samples per voxel: 1 (grey) or 3 (RGB, colour-by-pixel). */
  readonly samplesPerVoxel: 1 | 3;
  readonly ijkToLps: Affine;
  /** Whether the geometry came from the data (false: a default grid for images without Image Plane attributes). */
  readonly hasGeometry: boolean;
  /** Stored values, `samplesPerVoxel × dimensions` of them. */
  readonly voxels: VoxelArray;
  readonly rescale: Rescale;
}
