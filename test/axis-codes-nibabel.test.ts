/**
 * axisCodes against nibabel's aff2axcodes: the same grids (as RAS affines
 * for nibabel, LPS_TO_RAS × ijkToLps) must get the same three letters.
 * The grids: all 48 axis-aligned codes, and random ones: rotations of any
 * angle, flips, axis permutations, unequal spacing, gantry-tilt-like shear.
 */
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  add,
  affineFromColumns,
  LPS_TO_RAS,
  multiplyAffines,
  scale,
  type Affine,
  type Vec3,
} from '../src/volume/affine.js';
import { axisCodes, directionFromAxisCodes } from '../src/volume/axis-codes.js';
import { PYTHON3, requirePeer } from './support/peers.js';

const NIBABEL_SCRIPT = `
import json, sys
import numpy as np
from nibabel.orientations import aff2axcodes
affines = json.load(sys.stdin)
print(json.dumps([''.join(aff2axcodes(np.array(a, dtype=np.float64).reshape(4, 4))) for a in affines]))
`;

/** A deterministic pseudo-random generator (mulberry32). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniformly random rotation (from a random unit quaternion), as three columns. */
function randomRotation(next: () => number): [Vec3, Vec3, Vec3] {
  const [u1, u2, u3] = [next(), next(), next()];
  const w = Math.sqrt(1 - u1) * Math.sin(2 * Math.PI * u2);
  const x = Math.sqrt(1 - u1) * Math.cos(2 * Math.PI * u2);
  const y = Math.sqrt(u1) * Math.sin(2 * Math.PI * u3);
  const z = Math.sqrt(u1) * Math.cos(2 * Math.PI * u3);
  return [
    [1 - 2 * (y * y + z * z), 2 * (x * y + w * z), 2 * (x * z - w * y)],
    [2 * (x * y - w * z), 1 - 2 * (x * x + z * z), 2 * (y * z + w * x)],
    [2 * (x * z + w * y), 2 * (y * z - w * x), 1 - 2 * (x * x + y * y)],
  ];
}

function randomGrids(count: number): Affine[] {
  const next = random(7);
  return Array.from({ length: count }, (_, n) => {
    const [i, j, k] = randomRotation(next);
    const sign = (): number => (next() < 0.5 ? -1 : 1);
    const spacing = (): number => 0.3 + 4 * next();
    const columns: [Vec3, Vec3, Vec3] = [
      scale(i, sign() * spacing()),
      scale(j, sign() * spacing()),
      scale(k, sign() * spacing()),
    ];
    if (n % 3 === 0) {
      // Gantry-tilt-like: slices advance partly along the row direction.
      const shear = (next() - 0.5) * 0.6;
      columns[2] = add(columns[2], scale(columns[1], shear));
    }
    return affineFromColumns(...columns, [next() * 100, next() * 100, next() * 100]);
  });
}

describe('axisCodes against nibabel aff2axcodes', () => {
  it('agrees on axis-aligned and random oblique grids', (ctx) => {
    requirePeer(ctx, 'nibabel', { pythonModule: 'nibabel' });
    const letters = ['L', 'R', 'P', 'A', 'S', 'I'];
    const aligned: Affine[] = [];
    for (const a of letters)
      for (const b of letters)
        for (const c of letters) {
          const code = a + b + c;
          try {
            const [i, j, k] = directionFromAxisCodes(code);
            aligned.push(affineFromColumns(scale(i, 0.7), scale(j, 1.3), scale(k, 2.5), [1, 2, 3]));
          } catch {
            // Not one of the 48 valid codes.
          }
        }
    expect(aligned).toHaveLength(48);
    const grids = [...aligned, ...randomGrids(400)];
    const ras = grids.map((grid) => multiplyAffines(LPS_TO_RAS, grid));
    const output = execFileSync(PYTHON3, ['-c', NIBABEL_SCRIPT], {
      input: JSON.stringify(ras),
      encoding: 'utf8',
    });
    const expected = JSON.parse(output) as string[];
    expect(grids.map((grid) => axisCodes(grid))).toEqual(expected);
  });
});
