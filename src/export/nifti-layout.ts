import {
  LPS_TO_RAS,
  affineColumn,
  affineFromColumns,
  multiplyAffines,
  scale,
  add,
  type Affine,
  type Vec3,
  type Volume,
  type VoxelArray,
} from '../volume/index.js';

/** A volume laid out for NIfTI: voxels in file order and the voxel → RAS mm affine. */
export interface NiftiLayout {
  readonly dimensions: readonly [number, number, number, number];
  readonly voxels: VoxelArray;
  /** nifti1.h sform: voxel index → RAS+ millimetres. */
  readonly srowRas: Affine;
  /** How the voxels were laid out, for the sidecar. */
  readonly layout: 'rows-flipped' | 'closest-canonical' | 'as-resampled';
}

/** What {@link niftiLayout} needs to know about the volume. */
export interface NiftiLayoutOptions {
  /** A single 3D acquisition (MRAcquisitionType 3D): turned closest to RAS. */
  readonly canonical: boolean;
  /** The voxels were built bottom-up already (RowOrder 'bottom-up'). */
  readonly rowsReversed: boolean;
  /** A resampled volume: its grid is what the user asked for, written as it is. */
  readonly resampled: boolean;
}

/**
 * How radset lays a volume out in NIfTI: the layout dcm2niix writes, so the
 * two agree voxel for voxel and a user switching tools sees the same file.
 * By default the rows are flipped (NIfTI's first row is the image's bottom
 * row, so viewers show the image as DICOM does). A single 3D acquisition
 * (MRAcquisitionType 3D) is instead turned to the axis order and directions
 * closest to RAS, as dcm2niix's default 3D reorientation does. A resampled
 * volume is written on the grid it was resampled to. The affine maps the
 * stored voxel index to RAS millimetres (NIfTI-1 qform/sform are RAS+,
 * nifti1.h "ORIENTATION AND LOCATION IN SPACE").
 */
export function niftiLayout(volume: Volume, options: NiftiLayoutOptions): NiftiLayout {
  const [columns, rows, slices, volumes] = volume.dimensions;
  const asIs = (layout: NiftiLayout['layout']): NiftiLayout => ({
    dimensions: [columns, rows, slices, volumes],
    voxels: volume.voxels,
    srowRas: multiplyAffines(LPS_TO_RAS, volume.ijkToLps),
    layout,
  });
  if (options.resampled) return asIs('as-resampled');
  if (options.canonical && volume.hasGeometry && slices > 1 && volumes === 1) {
    return closestCanonical(volume);
  }
  if (options.rowsReversed) return asIs('rows-flipped');
  // (i, j', k) → (i, rows − 1 − j', k): the row flip, as an affine.
  const flip = affineFromColumns([1, 0, 0], [0, -1, 0], [0, 0, 1], [0, rows - 1, 0]);
  return {
    dimensions: [columns, rows, slices, volumes],
    voxels: flipRows(volume),
    srowRas: multiplyAffines(LPS_TO_RAS, multiplyAffines(volume.ijkToLps, flip)),
    layout: 'rows-flipped',
  };
}

function flipRows(volume: Pick<Volume, 'dimensions' | 'samplesPerVoxel' | 'voxels'>): VoxelArray {
  const [columns, rows, slices, volumes] = volume.dimensions;
  const rowSamples = columns * volume.samplesPerVoxel;
  const sliceSamples = rowSamples * rows;
  const source = volume.voxels;
  const Constructor = source.constructor as new (length: number) => VoxelArray;
  const out = new Constructor(source.length);
  for (let s = 0; s < slices * volumes; s++) {
    const base = s * sliceSamples;
    for (let row = 0; row < rows; row++) {
      const from = base + row * rowSamples;
      out.set(
        source.subarray(from, from + rowSamples) as never,
        base + (rows - 1 - row) * rowSamples,
      );
    }
  }
  return out;
}

/**
 * Permutes and flips the voxel axes so that output axis x, y, z runs closest
 * to +R, +A, +S (nibabel's `as_closest_canonical`): each world axis takes the
 * voxel axis with the largest component along it, largest first.
 */
function closestCanonical(volume: Volume): NiftiLayout {
  const ras = multiplyAffines(LPS_TO_RAS, volume.ijkToLps);
  const columnsOf: Vec3[] = [affineColumn(ras, 0), affineColumn(ras, 1), affineColumn(ras, 2)];
  const pairs: { world: number; axis: number; weight: number }[] = [];
  for (let world = 0; world < 3; world++) {
    for (let axis = 0; axis < 3; axis++) {
      pairs.push({ world, axis, weight: Math.abs((columnsOf[axis] as Vec3)[world] as number) });
    }
  }
  pairs.sort((a, b) => b.weight - a.weight);
  const axisOfWorld = [-1, -1, -1];
  const usedAxes = new Set<number>();
  for (const { world, axis } of pairs) {
    if (axisOfWorld[world] !== -1 || usedAxes.has(axis)) continue;
    axisOfWorld[world] = axis;
    usedAxes.add(axis);
  }
  const sizes = volume.dimensions.slice(0, 3) as [number, number, number];
  const strides = [
    volume.samplesPerVoxel,
    volume.samplesPerVoxel * sizes[0],
    volume.samplesPerVoxel * sizes[0] * sizes[1],
  ];
  let origin = affineColumn(ras, 3);
  const outColumns: Vec3[] = [];
  const outSizes: number[] = [];
  const outStart: number[] = [];
  const outStep: number[] = [];
  for (let world = 0; world < 3; world++) {
    const axis = axisOfWorld[world] as number;
    const column = columnsOf[axis] as Vec3;
    const flipped = (column[world] as number) < 0;
    const n = sizes[axis] as number;
    outSizes.push(n);
    outColumns.push(flipped ? scale(column, -1) : column);
    if (flipped) origin = add(origin, scale(column, n - 1));
    outStart.push(flipped ? (n - 1) * (strides[axis] as number) : 0);
    outStep.push(flipped ? -(strides[axis] as number) : (strides[axis] as number));
  }
  const source = volume.voxels;
  const Constructor = source.constructor as new (length: number) => VoxelArray;
  const out = new Constructor(source.length);
  const samples = volume.samplesPerVoxel;
  const [nx, ny, nz] = outSizes as [number, number, number];
  const [sx, sy, sz] = outStep as [number, number, number];
  let at = 0;
  let zBase = (outStart[0] as number) + (outStart[1] as number) + (outStart[2] as number);
  for (let z = 0; z < nz; z++, zBase += sz) {
    let yBase = zBase;
    for (let y = 0; y < ny; y++, yBase += sy) {
      let from = yBase;
      for (let x = 0; x < nx; x++, from += sx) {
        for (let s = 0; s < samples; s++) out[at++] = source[from + s] as number;
      }
    }
  }
  return {
    dimensions: [nx, ny, nz, 1],
    voxels: out,
    srowRas: affineFromColumns(
      outColumns[0] as Vec3,
      outColumns[1] as Vec3,
      outColumns[2] as Vec3,
      origin,
    ),
    layout: 'closest-canonical',
  };
}
