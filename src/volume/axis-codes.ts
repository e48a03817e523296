import { RadsetError } from '../errors.js';
import { affineColumn, norm, type Affine, type Vec3 } from './affine.js';

/** Three unit directions in DICOM LPS millimetres: where +i, +j and +k point. */
export type AxisDirections = readonly [Vec3, Vec3, Vec3];

/** For one voxel axis: the frame axis (0, 1, 2) it runs closest to, and whether along (+1) or against (−1) it. */
export interface DominantAxis {
  readonly axis: 0 | 1 | 2;
  readonly sign: 1 | -1;
}

/**
 * The letter of the patient direction each LPS axis points to, for +1 and −1
 * (PS3.3 C.7.6.2.1.1: +x Left, +y Posterior, +z Superior).
 */
const LETTERS: readonly (readonly [string, string])[] = [
  ['L', 'R'],
  ['P', 'A'],
  ['S', 'I'],
];

/**
 * The three-letter axis code of a voxel grid: for +i, +j, +k in turn, the
 * patient direction it points to most (L/R, P/A, S/I). 'LPS' is a grid whose
 * +i runs to the patient's Left, +j Posterior, +k Superior (the DICOM
 * patient frame itself); 'RAS' is the NIfTI/nibabel canonical grid.
 *
 * The letters name where each axis points, whatever frame the affine is in,
 * so this equals nibabel's `aff2axcodes` of the same grid's RAS affine
 * (`aff2axcodes(LPS_TO_RAS @ ijkToLps)`). As there, oblique grids are first
 * replaced by their nearest rotation (the orthogonal polar factor of the
 * column-normalised 3×3 part) and the axes are matched greedily in i, j, k
 * order, each to the largest remaining component, so no letter pair repeats.
 *
 * @throws RadsetError INVALID_ARGUMENT when the 3×3 part is singular or not finite.
 */
export function axisCodes(ijkToLps: Affine): string {
  const identity: AxisDirections = [
    [1, 0, 0],
    [0, 1, 0],
    [0, 0, 1],
  ];
  return dominantAxes(ijkToLps, identity)
    .map(({ axis, sign }) => (LETTERS[axis] as readonly [string, string])[sign > 0 ? 0 : 1])
    .join('');
}

/**
 * The LPS unit directions of +i, +j, +k named by a three-letter axis code
 * ('LPS', 'RAS', 'LAS', 'RAI'… any of the 48 signed permutations; case-insensitive),
 * the letters meaning where each axis points as in {@link axisCodes}.
 *
 * @throws RadsetError INVALID_ARGUMENT when the code is not three letters from
 *   L/R, A/P, S/I with each pair used once.
 */
export function directionFromAxisCodes(code: string): AxisDirections {
  const parsed = parseAxisCodes(code);
  if (typeof parsed === 'string') {
    throw new RadsetError('INVALID_ARGUMENT', `axis code '${code}' is invalid: ${parsed}`);
  }
  return parsed;
}

/**
 * {@link directionFromAxisCodes} without throwing: the directions, or a
 * sentence saying what is wrong with the code (for callers that name their own option).
 */
export function parseAxisCodes(code: string): AxisDirections | string {
  const letters = code.toUpperCase();
  if (letters.length !== 3) {
    return 'an axis code is three letters, one each from L/R, A/P and S/I (e.g. LPS, RAS)';
  }
  const directions: Vec3[] = [];
  const used = new Set<number>();
  for (const letter of letters) {
    const axis = LETTERS.findIndex((pair) => pair.includes(letter));
    if (axis < 0) return `'${letter}' is not one of L, R, A, P, S, I`;
    if (used.has(axis)) {
      const pair = (LETTERS[axis] as readonly [string, string]).join('/');
      return `it names the ${pair} axis twice`;
    }
    used.add(axis);
    const sign = (LETTERS[axis] as readonly [string, string])[0] === letter ? 1 : -1;
    directions.push([axis === 0 ? sign : 0, axis === 1 ? sign : 0, axis === 2 ? sign : 0]);
  }
  return directions as unknown as AxisDirections;
}

/**
 * For +i, +j, +k of a grid, the axis of `frame` each runs closest to, matched
 * as nibabel's `io_orientation` does: the column-normalised 3×3 part is
 * replaced by its orthogonal polar factor (nearest rotation or reflection),
 * then i, j, k in turn take the frame axis with the largest remaining
 * component, which is then removed. `frame` must be orthonormal.
 *
 * @throws RadsetError INVALID_ARGUMENT when the 3×3 part is singular or not finite.
 */
export function dominantAxes(
  ijkToLps: Affine,
  frame: AxisDirections,
): readonly [DominantAxis, DominantAxis, DominantAxis] {
  const columns = [affineColumn(ijkToLps, 0), affineColumn(ijkToLps, 1), affineColumn(ijkToLps, 2)];
  // m[r][c]: component of unit column c along frame axis r.
  const m: number[][] = [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
  ];
  for (let c = 0; c < 3; c++) {
    const column = columns[c] as Vec3;
    const length = norm(column);
    if (!Number.isFinite(length) || length === 0) {
      throw new RadsetError(
        'INVALID_ARGUMENT',
        `ijkToLps is singular: its ${'ijk'[c]} column is ${length === 0 ? 'zero' : 'not finite'}`,
      );
    }
    for (let r = 0; r < 3; r++) {
      const axis = frame[r] as Vec3;
      (m[r] as number[])[c] =
        (axis[0] * column[0] + axis[1] * column[1] + axis[2] * column[2]) / length;
    }
  }
  const rotation = orthogonalPolarFactor(m);
  const result: DominantAxis[] = [];
  const taken = [false, false, false];
  for (let c = 0; c < 3; c++) {
    let best = -1;
    let bestMagnitude = -1;
    for (let r = 0; r < 3; r++) {
      if (taken[r] === true) continue;
      const magnitude = Math.abs((rotation[r] as number[])[c] as number);
      // Strictly greater: the first of equal components wins, as numpy.argmax.
      if (magnitude > bestMagnitude) {
        best = r;
        bestMagnitude = magnitude;
      }
    }
    taken[best] = true;
    const value = (rotation[best] as number[])[c] as number;
    result.push({ axis: best as 0 | 1 | 2, sign: value < 0 ? -1 : 1 });
  }
  return result as unknown as readonly [DominantAxis, DominantAxis, DominantAxis];
}

/**
 * The orthogonal factor Q of the polar decomposition M = Q·P (Q = U·Vᵀ of the
 * SVD, as nibabel computes it) by Newton's iteration Q ← (Q + Q⁻ᵀ)/2, which
 * converges quadratically for any non-singular M.
 */
function orthogonalPolarFactor(m: readonly (readonly number[])[]): number[][] {
  let q = m.map((row) => [...row]);
  for (let iteration = 0; iteration < 100; iteration++) {
    const inverseTranspose = invert3Transposed(q);
    let change = 0;
    const next = q.map((row, r) =>
      row.map((value, c) => {
        const updated = 0.5 * (value + ((inverseTranspose[r] as number[])[c] as number));
        change = Math.max(change, Math.abs(updated - value));
        return updated;
      }),
    );
    q = next;
    if (change < 1e-15) break;
  }
  return q;
}

/** (M⁻¹)ᵀ of a 3×3 matrix: the cofactor matrix over the determinant. */
function invert3Transposed(m: readonly (readonly number[])[]): number[][] {
  const at = (r: number, c: number): number => (m[r] as readonly number[])[c] as number;
  const cofactor = (r: number, c: number): number => {
    const r1 = (r + 1) % 3;
    const r2 = (r + 2) % 3;
    const c1 = (c + 1) % 3;
    const c2 = (c + 2) % 3;
    return at(r1, c1) * at(r2, c2) - at(r1, c2) * at(r2, c1);
  };
  const cofactors = [0, 1, 2].map((r) => [0, 1, 2].map((c) => cofactor(r, c)));
  const determinant =
    at(0, 0) * (cofactors[0]?.[0] as number) +
    at(0, 1) * (cofactors[0]?.[1] as number) +
    at(0, 2) * (cofactors[0]?.[2] as number);
  if (!Number.isFinite(determinant) || Math.abs(determinant) < 1e-12) {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      'ijkToLps is singular: its voxel axes do not span three dimensions',
    );
  }
  return cofactors.map((row) => row.map((value) => value / determinant));
}
