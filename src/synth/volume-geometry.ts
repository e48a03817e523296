import { add, cross, dot, normalize, scale, subtract, type Vec3 } from './vector.js';

/**
 * Where a stack of parallel, equally spaced slices sits in the patient (LPS)
 * frame, as the Image Plane module describes each slice (PS3.3 C.7.6.2):
 * voxel (i, j, k) is column i, row j of slice k, and its centre is
 * `originLps + i·columnSpacingMm·rowDirectionLps + j·rowSpacingMm·columnDirectionLps + k·sliceSpacingMm·normalLps`.
 *
 * Note the DICOM naming: the *row* direction (Image Orientation (Patient)
 * values 1–3) is the direction along a row, in which the column index grows;
 * Pixel Spacing is `[rowSpacingMm, columnSpacingMm]` (between rows, then between columns).
 */
export interface VolumeGeometry {
  readonly columns: number;
  readonly rows: number;
  readonly slices: number;
  /** Centre-to-centre distance of adjacent columns (Pixel Spacing value 2). */
  readonly columnSpacingMm: number;
  /** Centre-to-centre distance of adjacent rows (Pixel Spacing value 1). */
  readonly rowSpacingMm: number;
  /** Distance between adjacent slice centres along the normal (Spacing Between Slices). */
  readonly sliceSpacingMm: number;
  /** Nominal slice thickness (Slice Thickness); may be less than the spacing (a gap). */
  readonly sliceThicknessMm: number;
  /** Unit vector along a row (Image Orientation (Patient) 1–3). */
  readonly rowDirectionLps: Vec3;
  /** Unit vector down a column (Image Orientation (Patient) 4–6). */
  readonly columnDirectionLps: Vec3;
  /** rowDirection × columnDirection: the direction in which k grows. */
  readonly normalLps: Vec3;
  /** Centre of voxel (0, 0, 0): Image Position (Patient) of slice 0. */
  readonly originLps: Vec3;
}

/** A 4×4 affine as rows (the last row is 0 0 0 1). */
export type Affine4 = readonly [
  readonly number[],
  readonly number[],
  readonly number[],
  readonly number[],
];

/** What {@link createVolumeGeometry} needs: sizes, spacings, directions (normalised for you) and the centre. */
export interface VolumeGeometryInput {
  readonly columns: number;
  readonly rows: number;
  readonly slices: number;
  readonly columnSpacingMm: number;
  readonly rowSpacingMm: number;
  readonly sliceSpacingMm: number;
  readonly sliceThicknessMm: number;
  readonly rowDirectionLps: Vec3;
  readonly columnDirectionLps: Vec3;
  /** Where the centre of the volume (the middle of the middle slice) lies, LPS mm. */
  readonly centreLps: Vec3;
}

/**
 * Builds a geometry centred on a point, with orthonormal directions and the
 * normal as their cross product (PS3.3 C.7.6.2.1.1).
 */
export function createVolumeGeometry(input: VolumeGeometryInput): VolumeGeometry {
  const rowDirectionLps = normalize(input.rowDirectionLps);
  const columnDirectionLps = normalize(input.columnDirectionLps);
  const normalLps = normalize(cross(rowDirectionLps, columnDirectionLps));
  const halfExtent = add(
    add(
      scale(rowDirectionLps, ((input.columns - 1) / 2) * input.columnSpacingMm),
      scale(columnDirectionLps, ((input.rows - 1) / 2) * input.rowSpacingMm),
    ),
    scale(normalLps, ((input.slices - 1) / 2) * input.sliceSpacingMm),
  );
  return {
    columns: input.columns,
    rows: input.rows,
    slices: input.slices,
    columnSpacingMm: input.columnSpacingMm,
    rowSpacingMm: input.rowSpacingMm,
    sliceSpacingMm: input.sliceSpacingMm,
    sliceThicknessMm: input.sliceThicknessMm,
    rowDirectionLps,
    columnDirectionLps,
    normalLps,
    originLps: subtract(input.centreLps, halfExtent),
  };
}

/** Image Position (Patient) of slice k: the centre of its first voxel, LPS mm. */
export function slicePositionLps(geometry: VolumeGeometry, k: number): Vec3 {
  return add(geometry.originLps, scale(geometry.normalLps, k * geometry.sliceSpacingMm));
}

/** The centre of voxel (i, j, k) in LPS mm (continuous indices allowed). */
export function voxelToLps(geometry: VolumeGeometry, i: number, j: number, k: number): Vec3 {
  const g = geometry;
  return add(
    add(g.originLps, scale(g.rowDirectionLps, i * g.columnSpacingMm)),
    add(scale(g.columnDirectionLps, j * g.rowSpacingMm), scale(g.normalLps, k * g.sliceSpacingMm)),
  );
}

/** Continuous voxel indices (i, j, k) of an LPS point; the inverse of {@link voxelToLps}. */
export function lpsToVoxel(geometry: VolumeGeometry, pointLps: Vec3): Vec3 {
  const d = subtract(pointLps, geometry.originLps);
  return [
    dot(d, geometry.rowDirectionLps) / geometry.columnSpacingMm,
    dot(d, geometry.columnDirectionLps) / geometry.rowSpacingMm,
    dot(d, geometry.normalLps) / geometry.sliceSpacingMm,
  ];
}

/** The affine taking voxel indices (i, j, k, 1) to LPS mm. */
export function ijkToLps(geometry: VolumeGeometry): Affine4 {
  const g = geometry;
  const c0 = scale(g.rowDirectionLps, g.columnSpacingMm);
  const c1 = scale(g.columnDirectionLps, g.rowSpacingMm);
  const c2 = scale(g.normalLps, g.sliceSpacingMm);
  return [
    [c0[0], c1[0], c2[0], g.originLps[0]],
    [c0[1], c1[1], c2[1], g.originLps[1]],
    [c0[2], c1[2], c2[2], g.originLps[2]],
    [0, 0, 0, 1],
  ];
}

/**
 * The affine taking voxel indices to RAS mm, the NIfTI world frame: LPS with
 * the first two axes negated (as dcm2niix and nibabel convert).
 */
export function ijkToRas(geometry: VolumeGeometry): Affine4 {
  const [r0, r1, r2, r3] = ijkToLps(geometry);
  const negate = (v: number): number => (v === 0 ? 0 : -v);
  return [r0.map(negate), r1.map(negate), [...r2], [...r3]];
}

/** The value of the Slice Location (0020,1041) for slice k: its position along the normal, mm. */
export function sliceLocationMm(geometry: VolumeGeometry, k: number): number {
  return dot(slicePositionLps(geometry, k), geometry.normalLps);
}
