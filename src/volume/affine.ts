/**
 * A 4×4 homogeneous transform, row-major, mapping voxel indices (or one frame's
 * millimetres) to another frame's millimetres. Names say the frames:
 * `ijkToLps` maps voxel index (i, j, k) to DICOM patient coordinates
 * (PS3.3 C.7.6.2.1.1: +x to the patient's Left, +y Posterior, +z Superior).
 */
export type Affine = readonly [
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
  number,
];

/** A point or direction in millimetres. */
export type Vec3 = readonly [number, number, number];

export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

export function norm(a: Vec3): number {
  return Math.hypot(a[0], a[1], a[2]);
}

export function scale(a: Vec3, factor: number): Vec3 {
  return [a[0] * factor, a[1] * factor, a[2] * factor];
}

export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

export function subtract(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

export function normalize(a: Vec3): Vec3 {
  const length = norm(a);
  return length === 0 ? a : scale(a, 1 / length);
}

/** The affine whose columns are the voxel steps along i, j, k and whose translation is `origin`. */
export function affineFromColumns(i: Vec3, j: Vec3, k: Vec3, origin: Vec3): Affine {
  return [
    i[0],
    j[0],
    k[0],
    origin[0],
    i[1],
    j[1],
    k[1],
    origin[1],
    i[2],
    j[2],
    k[2],
    origin[2],
    0,
    0,
    0,
    1,
  ];
}

/** Column `c` (0 = i, 1 = j, 2 = k, 3 = translation) of an affine. */
export function affineColumn(affine: Affine, c: 0 | 1 | 2 | 3): Vec3 {
  return [affine[c], affine[4 + c] as number, affine[8 + c] as number];
}

/** Maps a point (voxel index or millimetres) through an affine. */
export function applyAffine(affine: Affine, p: Vec3): Vec3 {
  return [
    affine[0] * p[0] + affine[1] * p[1] + affine[2] * p[2] + affine[3],
    affine[4] * p[0] + affine[5] * p[1] + affine[6] * p[2] + affine[7],
    affine[8] * p[0] + affine[9] * p[1] + affine[10] * p[2] + affine[11],
  ];
}

/** `a × b`: apply b first, then a. */
export function multiplyAffines(a: Affine, b: Affine): Affine {
  const out: number[] = new Array<number>(16).fill(0);
  for (let r = 0; r < 4; r++) {
    for (let c = 0; c < 4; c++) {
      let sum = 0;
      for (let n = 0; n < 4; n++) sum += (a[r * 4 + n] as number) * (b[n * 4 + c] as number);
      out[r * 4 + c] = sum;
    }
  }
  return out as unknown as Affine;
}

/** The inverse of an affine; throws RangeError when it is singular (a degenerate geometry). */
export function invertAffine(m: Affine): Affine {
  const [a, b, c, tx, d, e, f, ty, g, h, i, tz] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (!Number.isFinite(det) || Math.abs(det) < 1e-12) {
    throw new RangeError('affine is singular: its voxel axes do not span three dimensions');
  }
  const r00 = A / det;
  const r01 = -(b * i - c * h) / det;
  const r02 = (b * f - c * e) / det;
  const r10 = B / det;
  const r11 = (a * i - c * g) / det;
  const r12 = -(a * f - c * d) / det;
  const r20 = C / det;
  const r21 = -(a * h - b * g) / det;
  const r22 = (a * e - b * d) / det;
  return [
    r00,
    r01,
    r02,
    -(r00 * tx + r01 * ty + r02 * tz),
    r10,
    r11,
    r12,
    -(r10 * tx + r11 * ty + r12 * tz),
    r20,
    r21,
    r22,
    -(r20 * tx + r21 * ty + r22 * tz),
    0,
    0,
    0,
    1,
  ];
}

/** DICOM LPS to NIfTI/ITK-SNAP RAS (and back: the map is its own inverse): x and y change sign. */
export const LPS_TO_RAS: Affine = [-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** The voxel step lengths in millimetres along i, j and k. */
export function affineSpacingMm(affine: Affine): Vec3 {
  return [
    norm(affineColumn(affine, 0)),
    norm(affineColumn(affine, 1)),
    norm(affineColumn(affine, 2)),
  ];
}
