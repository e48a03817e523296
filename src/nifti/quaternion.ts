import type { NiftiAffine, NiftiQuaternion } from './nifti-image.js';

type Matrix3 = [[number, number, number], [number, number, number], [number, number, number]];

function at(affine: NiftiAffine, row: number, column: number): number {
  return affine[row * 4 + column] ?? 0;
}

function determinant(m: Matrix3): number {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
}

function inverse(m: Matrix3): Matrix3 {
  const [[a, b, c], [d, e, f], [g, h, i]] = m;
  const det = determinant(m);
  return [
    [(e * i - f * h) / det, (c * h - b * i) / det, (b * f - c * e) / det],
    [(f * g - d * i) / det, (a * i - c * g) / det, (c * d - a * f) / det],
    [(d * h - e * g) / det, (b * g - a * h) / det, (a * e - b * d) / det],
  ];
}

/** Max row sum of absolute values (nifti1_io `nifti_mat33_rownorm`). */
function rowNorm(m: Matrix3): number {
  return Math.max(...m.map((row) => Math.abs(row[0]) + Math.abs(row[1]) + Math.abs(row[2])));
}

/** Max column sum of absolute values (nifti1_io `nifti_mat33_colnorm`). */
function columnNorm(m: Matrix3): number {
  return Math.max(
    ...[0, 1, 2].map(
      (c) => Math.abs(m[0][c] ?? 0) + Math.abs(m[1][c] ?? 0) + Math.abs(m[2][c] ?? 0),
    ),
  );
}

/**
 * The orthogonal matrix nearest `a` (its polar decomposition), by the scaled
 * Newton iteration of nifti1_io `nifti_mat33_polar` (Higham 1986), in double
 * precision with a tighter stopping threshold. Polar rather than Gram–Schmidt
 * so that a matrix and its inverse give mutually inverse rotations.
 */
function polar(a: Matrix3): Matrix3 {
  let x: Matrix3 = [[...a[0]], [...a[1]], [...a[2]]];
  // A singular matrix has no inverse: nudge the diagonal as nifti1_io does.
  let gam = determinant(x);
  while (gam === 0) {
    gam = 0.00001 * (0.001 + rowNorm(x));
    x[0][0] += gam;
    x[1][1] += gam;
    x[2][2] += gam;
    gam = determinant(x);
  }
  let dif = 1;
  for (let k = 0; ; k++) {
    const y = inverse(x);
    let g = 1;
    let gi = 1;
    if (dif > 0.3) {
      // Far from convergence: scale to speed it up.
      const alp = Math.sqrt(rowNorm(x) * columnNorm(x));
      const bet = Math.sqrt(rowNorm(y) * columnNorm(y));
      g = Math.sqrt(bet / alp);
      gi = 1 / g;
    }
    // z = (g·x + (1/g)·yᵀ) / 2
    const z: Matrix3 = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    dif = 0;
    for (let r = 0; r < 3; r++) {
      for (let c = 0; c < 3; c++) {
        const v = 0.5 * (g * (x[r]?.[c] ?? 0) + gi * (y[c]?.[r] ?? 0));
        (z[r] as [number, number, number])[c] = v;
        dif += Math.abs(v - (x[r]?.[c] ?? 0));
      }
    }
    if (k >= 100 || dif < 1e-14) return z;
    x = z;
  }
}

/**
 * The qform that best represents `affine` (voxel index → RAS mm), following
 * nifti1_io `nifti_mat44_to_quatern`: the column lengths are the voxel sizes;
 * the normalised 3×3 is replaced by its nearest orthogonal matrix (polar
 * decomposition, so shear is dropped); a left-handed matrix (det < 0) gets
 * qfac = −1 and its third column negated; the quaternion has a ≥ 0.
 * A zero column is patched to the matching unit axis, size 1.
 */
export function qformFromAffine(affine: NiftiAffine): {
  readonly quaternion: NiftiQuaternion;
  /** Voxel sizes along i, j, k in mm (the column lengths), for pixdim[1..3]. */
  readonly pixdimMm: readonly [number, number, number];
} {
  if (affine.length !== 16 || !affine.every(Number.isFinite)) {
    throw new RangeError(`a NIfTI affine needs 16 finite numbers, got ${affine.length}`);
  }
  const columns = [0, 1, 2].map((c) => [at(affine, 0, c), at(affine, 1, c), at(affine, 2, c)]);
  const sizes = columns.map((col, c) => {
    const length = Math.hypot(col[0] ?? 0, col[1] ?? 0, col[2] ?? 0);
    if (length === 0) {
      col.splice(0, 3, c === 0 ? 1 : 0, c === 1 ? 1 : 0, c === 2 ? 1 : 0);
      return 1;
    }
    for (let r = 0; r < 3; r++) col[r] = (col[r] ?? 0) / length;
    return length;
  });
  const col = (c: number, r: number): number => columns[c]?.[r] ?? 0;
  const p = polar([
    [col(0, 0), col(1, 0), col(2, 0)],
    [col(0, 1), col(1, 1), col(2, 1)],
    [col(0, 2), col(1, 2), col(2, 2)],
  ]);
  const [[r11, r12], [r21, r22], [r31, r32]] = p;
  let [[, , r13], [, , r23], [, , r33]] = p;
  let qfac = 1;
  if (determinant(p) <= 0) {
    // Improper (left-handed): flip the third column; qfac carries the flip.
    qfac = -1;
    r13 = -r13;
    r23 = -r23;
    r33 = -r33;
  }
  let a = r11 + r22 + r33 + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33); // 4b²
    const yd = 1 + r22 - (r11 + r33); // 4c²
    const zd = 1 + r33 - (r11 + r22); // 4d²
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return {
    quaternion: {
      quaternB: b,
      quaternC: c,
      quaternD: d,
      qoffsetX: at(affine, 0, 3),
      qoffsetY: at(affine, 1, 3),
      qoffsetZ: at(affine, 2, 3),
      qfac,
    },
    pixdimMm: [sizes[0] ?? 1, sizes[1] ?? 1, sizes[2] ?? 1],
  };
}

/**
 * The qform as an affine (voxel index → RAS mm), following nifti1_io
 * `nifti_quatern_to_mat44`: a = √(1 − b² − c² − d²), or a 180° rotation with
 * (b, c, d) normalised when that is below 1e-7; non-positive voxel sizes
 * count as 1; qfac < 0 negates the k column.
 */
export function affineFromQform(
  quaternion: NiftiQuaternion,
  pixdimMm: readonly [number, number, number],
): NiftiAffine {
  let b = quaternion.quaternB;
  let c = quaternion.quaternC;
  let d = quaternion.quaternD;
  let a = 1 - (b * b + c * c + d * d);
  if (a < 1e-7) {
    const n = 1 / Math.sqrt(b * b + c * c + d * d);
    b *= n;
    c *= n;
    d *= n;
    a = 0;
  } else {
    a = Math.sqrt(a);
  }
  const xd = pixdimMm[0] > 0 ? pixdimMm[0] : 1;
  const yd = pixdimMm[1] > 0 ? pixdimMm[1] : 1;
  let zd = pixdimMm[2] > 0 ? pixdimMm[2] : 1;
  if (quaternion.qfac < 0) zd = -zd;
  return [
    (a * a + b * b - c * c - d * d) * xd,
    2 * (b * c - a * d) * yd,
    2 * (b * d + a * c) * zd,
    quaternion.qoffsetX,
    2 * (b * c + a * d) * xd,
    (a * a + c * c - b * b - d * d) * yd,
    2 * (c * d - a * b) * zd,
    quaternion.qoffsetY,
    2 * (b * d - a * c) * xd,
    2 * (c * d + a * b) * yd,
    (a * a + d * d - c * c - b * b) * zd,
    quaternion.qoffsetZ,
    0,
    0,
    0,
    1,
  ];
}

/**
 * The quaternion as it will read back from float32 header fields. Readers
 * recompute a = √(1 − b² − c² − d²) from the stored b, c, d; for a rotation
 * near 180° (a ≈ 0, e.g. the coronal plane of a radiograph) float32 rounding
 * alone would give a ≈ 2e-4 and tilt the qform by ~0.03°. So when a is tiny,
 * nudge the largest component by float32 steps until b² + c² + d² ≥ 1, and
 * readers get a = 0 (nibabel tolerates a sum up to 3 float32 epsilons above 1;
 * nifti1_io normalises below a = 1e-7).
 */
export function float32Quaternion(quaternion: NiftiQuaternion): NiftiQuaternion {
  const v = [
    Math.fround(quaternion.quaternB),
    Math.fround(quaternion.quaternC),
    Math.fround(quaternion.quaternD),
  ];
  const sumSquares = (): number => (v[0] ?? 0) ** 2 + (v[1] ?? 0) ** 2 + (v[2] ?? 0) ** 2;
  const a2 = 1 - (quaternion.quaternB ** 2 + quaternion.quaternC ** 2 + quaternion.quaternD ** 2);
  if (a2 > 1e-6)
    return { ...quaternion, quaternB: v[0] ?? 0, quaternC: v[1] ?? 0, quaternD: v[2] ?? 0 };
  const largest = v.reduce((best, x, i) => (Math.abs(x) > Math.abs(v[best] ?? 0) ? i : best), 0);
  for (let step = 0; step < 8 && sumSquares() < 1; step++) {
    const x = v[largest] ?? 0;
    v[largest] = Math.fround(x + Math.sign(x) * 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23));
  }
  return { ...quaternion, quaternB: v[0] ?? 0, quaternC: v[1] ?? 0, quaternD: v[2] ?? 0 };
}
