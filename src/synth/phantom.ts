import { ellipsoidLookup } from './ellipsoid-lookup.js';
import type { SeededRandom } from './seeded-random.js';
import type { Vec3 } from './vector.js';

/** Tissue classes of the synthetic phantom; each modality maps them to its own values. */
export const TISSUES = [
  'air',
  'skin',
  'fat',
  'muscle',
  'lung',
  'blood',
  'cortical-bone',
  'cancellous-bone',
  'liver',
  'spleen',
  'kidney',
  'csf',
  'grey-matter',
  'white-matter',
  'table',
  'bowel-gas',
] as const;

/** One of {@link TISSUES}. */
export type Tissue = (typeof TISSUES)[number];

/** Index of a tissue in {@link TISSUES}: the value a rendered tissue map holds. */
export function tissueIndex(tissue: Tissue): number {
  return TISSUES.indexOf(tissue);
}

/** Body regions the phantom can model (Body Part Examined values, PS3.16 CID 4031 code meanings in upper case). */
export type BodyPart = 'CHEST' | 'ABDOMEN' | 'HEAD';

/**
 * An axis-aligned ellipsoid in the patient frame: points with
 * Σ((p − centre)/radius)² ≤ 1. An infinite radius makes it a cylinder along that axis.
 */
export interface PhantomShape {
  readonly tissue: Tissue;
  readonly centreLps: Vec3;
  readonly radiiMm: Vec3;
}

/**
 * A voxel-free anatomical phantom: shapes in priority order (a later shape
 * covers an earlier one where they overlap), everything outside them is air.
 */
export interface Phantom {
  readonly bodyPart: BodyPart;
  readonly shapes: readonly PhantomShape[];
  /** Where an acquisition of this region is centred, LPS mm. */
  readonly regionCentreLps: Vec3;
  /** The tissue lesions grow in (lung nodules, liver lesions, white-matter lesions). */
  readonly lesionHost: Tissue;
  /** Outer half-extents of the body, LPS mm (for fields of view). */
  readonly bodyRadiiMm: Vec3;
}

/** A phantom compiled to flat arrays for per-voxel lookup. */
export interface CompiledPhantom {
  readonly phantom: Phantom;
  /** Index into {@link TISSUES} of the tissue at a point, LPS mm. */
  tissueAt(xMm: number, yMm: number, zMm: number): number;
}

/** Compiles a phantom for fast point lookups (highest-priority shape first). */
export function compilePhantom(phantom: Phantom): CompiledPhantom {
  // Reversed so the first hit is the highest-priority shape.
  const shapes = [...phantom.shapes].reverse();
  return {
    phantom,
    tissueAt: ellipsoidLookup(
      shapes,
      shapes.map((s) => tissueIndex(s.tissue)),
    ),
  };
}

function shape(tissue: Tissue, centreLps: Vec3, radiiMm: Vec3): PhantomShape {
  return { tissue, centreLps, radiiMm };
}

/** Skin, subcutaneous fat, muscle wall and the cavity inside: nested elliptic shells. */
function trunkWall(
  centre: Vec3,
  a: number,
  b: number,
  lengthMm: number,
  random: SeededRandom,
): { shapes: PhantomShape[]; innerA: number; innerB: number } {
  const fatMm = random.float(6, 24);
  const muscleMm = random.float(8, 16);
  const skinMm = 2;
  const shapes = [
    shape('skin', centre, [a, b, lengthMm]),
    shape('fat', centre, [a - skinMm, b - skinMm, lengthMm - skinMm]),
    shape('muscle', centre, [a - skinMm - fatMm, b - skinMm - fatMm, lengthMm - skinMm - fatMm]),
    shape('fat', centre, [
      a - skinMm - fatMm - muscleMm,
      b - skinMm - fatMm - muscleMm,
      lengthMm - skinMm - fatMm - muscleMm,
    ]),
  ];
  return { shapes, innerA: a - skinMm - fatMm - muscleMm, innerB: b - skinMm - fatMm - muscleMm };
}

function spine(cx: number, cy: number, b: number): PhantomShape[] {
  const bodyY = cy + 0.6 * b;
  return [
    shape('cortical-bone', [cx, bodyY, 0], [20, 17, Infinity]),
    shape('cancellous-bone', [cx, bodyY, 0], [17.5, 14.5, Infinity]),
    shape('cortical-bone', [cx, bodyY + 27, 0], [13, 12, Infinity]),
    shape('csf', [cx, bodyY + 27, 0], [8, 7.5, Infinity]),
  ];
}

function table(cx: number, topYMm: number, halfWidthMm: number): PhantomShape {
  return shape('table', [cx, topYMm + 6, 0], [halfWidthMm, 5, Infinity]);
}

function chest(random: SeededRandom, centre: Vec3): Phantom {
  const [cx, cy, cz] = centre;
  const a = random.float(140, 175);
  const b = random.float(95, 122);
  const wall = trunkWall(centre, a, b, 600, random);
  const ia = wall.innerA;
  const ib = wall.innerB;
  const lungRadiusZ = random.float(110, 140);
  const shapes: PhantomShape[] = [
    ...wall.shapes,
    shape('lung', [cx + 0.47 * ia, cy - 0.02 * ib, cz + 10], [0.42 * ia, 0.8 * ib, lungRadiusZ]),
    shape(
      'lung',
      [cx - 0.47 * ia, cy - 0.02 * ib, cz + 10],
      [0.45 * ia, 0.82 * ib, lungRadiusZ + 8],
    ),
    shape('blood', [cx + 0.12 * ia, cy - 0.3 * ib, cz - 35], [0.3 * ia, 0.42 * ib, 65]),
    shape('blood', [cx + 0.12 * ia, cy + 0.3 * ib, cz], [12, 12, Infinity]),
    ...spine(cx, cy, b),
    shape('cortical-bone', [cx, cy - b + 14, cz], [14, 6, 110]),
    table(cx, cy + b, 230),
  ];
  return {
    bodyPart: 'CHEST',
    shapes,
    regionCentreLps: [cx, cy, cz + 10],
    lesionHost: 'lung',
    bodyRadiiMm: [a, b, 600],
  };
}

function abdomen(random: SeededRandom, centre: Vec3): Phantom {
  const [cx, cy, cz] = centre;
  const a = random.float(150, 185);
  const b = random.float(105, 135);
  const wall = trunkWall(centre, a, b, 600, random);
  const ia = wall.innerA;
  const ib = wall.innerB;
  const gas: PhantomShape[] = [];
  for (let i = 0; i < 3; i++) {
    gas.push(
      shape(
        'bowel-gas',
        [
          cx + random.float(-0.3, 0.5) * ia,
          cy - random.float(0.45, 0.7) * ib,
          cz + random.float(-60, 60),
        ],
        [random.float(10, 22), random.float(6, 12), random.float(12, 30)],
      ),
    );
  }
  const shapes: PhantomShape[] = [
    ...wall.shapes,
    ...gas,
    shape('liver', [cx - 0.42 * ia, cy - 0.05 * ib, cz + 20], [0.5 * ia, 0.72 * ib, 95]),
    shape('spleen', [cx + 0.58 * ia, cy + 0.22 * ib, cz + 40], [0.2 * ia, 0.32 * ib, 55]),
    shape('kidney', [cx + 0.42 * ia, cy + 0.48 * ib, cz - 25], [26, 30, 55]),
    shape('kidney', [cx - 0.42 * ia, cy + 0.48 * ib, cz - 35], [26, 30, 55]),
    shape('blood', [cx + 0.08 * ia, cy + 0.33 * ib, cz], [11, 11, Infinity]),
    shape('blood', [cx - 0.14 * ia, cy + 0.3 * ib, cz], [13, 10, Infinity]),
    ...spine(cx, cy, b),
    table(cx, cy + b, 230),
  ];
  return {
    bodyPart: 'ABDOMEN',
    shapes,
    regionCentreLps: [cx, cy, cz + 10],
    lesionHost: 'liver',
    bodyRadiiMm: [a, b, 600],
  };
}

function head(random: SeededRandom, centre: Vec3): Phantom {
  const [cx, cy, cz] = centre;
  const a = random.float(68, 78);
  const b = random.float(88, 100);
  const c = random.float(95, 110);
  const shapes: PhantomShape[] = [
    shape('skin', centre, [a, b, c]),
    shape('cortical-bone', centre, [a - 5, b - 5, c - 5]),
    shape('csf', centre, [a - 11, b - 11, c - 11]),
    shape('grey-matter', centre, [a - 13, b - 13, c - 13]),
    shape('white-matter', centre, [a - 18, b - 19, c - 21]),
    shape('csf', [cx + 10, cy - 0.05 * b, cz + 12], [6, 0.3 * b, 16]),
    shape('csf', [cx - 10, cy - 0.05 * b, cz + 12], [6, 0.3 * b, 16]),
    table(cx, cy + b + 4, 110),
  ];
  return {
    bodyPart: 'HEAD',
    shapes,
    regionCentreLps: [cx, cy, cz + 12],
    lesionHost: 'white-matter',
    bodyRadiiMm: [a, b, c],
  };
}

/**
 * Builds a phantom of a body region with random (seeded) proportions, placed
 * near the scanner's isocentre as a supine, head-first patient would lie:
 * +x patient left, +y posterior, +z superior (LPS, PS3.3 C.7.6.2.1.1).
 */
export function buildPhantom(bodyPart: BodyPart, random: SeededRandom): Phantom {
  const centre: Vec3 = [
    Math.round(random.float(-12, 12) * 10) / 10,
    Math.round(random.float(-25, 15) * 10) / 10,
    Math.round(
      random.float(bodyPart === 'HEAD' ? -60 : -420, bodyPart === 'HEAD' ? 40 : -120) * 10,
    ) / 10,
  ];
  switch (bodyPart) {
    case 'CHEST':
      return chest(random, centre);
    case 'ABDOMEN':
      return abdomen(random, centre);
    case 'HEAD':
      return head(random, centre);
  }
}
