import type { Vec3 } from './vector.js';

/** An axis-aligned ellipsoid in the patient frame: points with Σ((p − centre)/radius)² ≤ 1. */
export interface Ellipsoid {
  readonly centreLps: Vec3;
  /** Semi-axes along L, P, S, mm; an infinite one makes a cylinder along that axis. */
  readonly radiiMm: Vec3;
}

/** 1/r², with 0 for an infinite radius (no bound along that axis). */
export function inverseSquare(radiusMm: number): number {
  return Number.isFinite(radiusMm) ? 1 / (radiusMm * radiusMm) : 0;
}

/**
 * Packs ellipsoids into a flat array for per-voxel lookups and returns the
 * lookup: the value of the first ellipsoid containing a point (LPS mm), or 0.
 */
export function ellipsoidLookup(
  ellipsoids: readonly Ellipsoid[],
  values: readonly number[],
): (xMm: number, yMm: number, zMm: number) => number {
  const count = ellipsoids.length;
  const data = new Float64Array(count * 6);
  ellipsoids.forEach((e, i) => {
    data.set(
      [
        e.centreLps[0],
        e.centreLps[1],
        e.centreLps[2],
        inverseSquare(e.radiiMm[0]),
        inverseSquare(e.radiiMm[1]),
        inverseSquare(e.radiiMm[2]),
      ],
      i * 6,
    );
  });
  const valueOf = Int32Array.from(values);
  return (xMm, yMm, zMm) => {
    for (let i = 0, o = 0; i < count; i++, o += 6) {
      const dx = xMm - (data[o] as number);
      const dy = yMm - (data[o + 1] as number);
      const dz = zMm - (data[o + 2] as number);
      if (
        dx * dx * (data[o + 3] as number) +
          dy * dy * (data[o + 4] as number) +
          dz * dz * (data[o + 5] as number) <=
        1
      )
        return valueOf[i] as number;
    }
    return 0;
  };
}
