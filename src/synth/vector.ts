/** A 3-vector; the frame is named by whoever holds it (`positionLps`, `directionLps`). */
export type Vec3 = readonly [number, number, number];

/** a + b. */
export function add(a: Vec3, b: Vec3): Vec3 {
  return [a[0] + b[0], a[1] + b[1], a[2] + b[2]];
}

/** a − b. */
export function subtract(a: Vec3, b: Vec3): Vec3 {
  return [a[0] - b[0], a[1] - b[1], a[2] - b[2]];
}

/** a · factor. */
export function scale(a: Vec3, factor: number): Vec3 {
  return [a[0] * factor, a[1] * factor, a[2] * factor];
}

/** The dot product a · b. */
export function dot(a: Vec3, b: Vec3): number {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

/** The cross product a × b (right-handed). */
export function cross(a: Vec3, b: Vec3): Vec3 {
  return [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
}

/** Euclidean length. */
export function norm(a: Vec3): number {
  return Math.sqrt(dot(a, a));
}

/** The unit vector along a. */
export function normalize(a: Vec3): Vec3 {
  const length = norm(a);
  return [a[0] / length, a[1] / length, a[2] / length];
}

/** Rotates `v` about the L (x) axis of LPS by `angleRad`, right-handed. */
export function rotateAboutX(v: Vec3, angleRad: number): Vec3 {
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  return [v[0], c * v[1] - s * v[2], s * v[1] + c * v[2]];
}

/** Rotates `v` about the S (z) axis of LPS by `angleRad`, right-handed. */
export function rotateAboutZ(v: Vec3, angleRad: number): Vec3 {
  const c = Math.cos(angleRad);
  const s = Math.sin(angleRad);
  return [c * v[0] - s * v[1], s * v[0] + c * v[1], v[2]];
}
