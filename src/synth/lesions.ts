import { ellipsoidLookup } from './ellipsoid-lookup.js';
import { tissueIndex, type CompiledPhantom, type Tissue } from './phantom.js';
import type { SeededRandom } from './seeded-random.js';
import { norm, subtract, type Vec3 } from './vector.js';

/**
 * A synthetic lesion: an axis-aligned ellipsoid in the patient frame with a
 * known centre and radii, labelled 1..n in the ground-truth masks.
 */
export interface SyntheticLesion {
  /** Label value in the mask volumes (1..n). */
  readonly label: number;
  readonly centreLps: Vec3;
  readonly radiiMm: Vec3;
  /** The tissue it sits in. */
  readonly hostTissue: Tissue;
  /** Analytic volume 4/3·π·rx·ry·rz, mm³. */
  readonly volumeMm3: number;
}

/** Lesions compiled for per-voxel lookup. */
export interface CompiledLesions {
  readonly lesions: readonly SyntheticLesion[];
  /** The label of the lesion containing a point (LPS mm), or 0. */
  labelAt(xMm: number, yMm: number, zMm: number): number;
}

/** Compiles lesions for fast point lookups. */
export function compileLesions(lesions: readonly SyntheticLesion[]): CompiledLesions {
  return {
    lesions,
    labelAt: ellipsoidLookup(
      lesions,
      lesions.map((l) => l.label),
    ),
  };
}

/** How many lesions to place, how big, and where candidates come from. */
export interface LesionPlacement {
  /** How many lesions to try to place. */
  readonly count: number;
  /** Smallest and largest mean radius, mm. */
  readonly radiusRangeMm: readonly [number, number];
  /** Draws a candidate centre (LPS mm), e.g. uniformly inside the imaged volume. */
  readonly sampleCentreLps: (random: SeededRandom) => Vec3;
  /** Whether a lesion centred here with this largest radius is imaged well enough. */
  readonly accept?: (centreLps: Vec3, largestRadiusMm: number) => boolean;
}

const SURFACE_DIRECTIONS: readonly Vec3[] = (() => {
  const out: Vec3[] = [];
  for (let x = -1; x <= 1; x++) {
    for (let y = -1; y <= 1; y++) {
      for (let z = -1; z <= 1; z++) {
        if (x === 0 && y === 0 && z === 0) continue;
        const length = Math.sqrt(x * x + y * y + z * z);
        out.push([x / length, y / length, z / length]);
      }
    }
  }
  return out;
})();

/**
 * Places up to `count` non-overlapping lesions wholly inside the phantom's
 * host tissue (the centre and 26 points on a slightly enlarged surface must
 * all lie in it). Fewer are returned when the host has no room.
 */
export function placeLesions(
  phantom: CompiledPhantom,
  placement: LesionPlacement,
  random: SeededRandom,
): SyntheticLesion[] {
  const host = phantom.phantom.lesionHost;
  const hostIndex = tissueIndex(host);
  const lesions: SyntheticLesion[] = [];
  const [minRadius, maxRadius] = placement.radiusRangeMm;
  for (let attempt = 0; attempt < 4000 && lesions.length < placement.count; attempt++) {
    // Shrink the size range as attempts fail, so small hosts still get a lesion.
    const shrink = Math.max(0, 1 - attempt / 3000);
    const meanRadius = minRadius + (maxRadius - minRadius) * random.next() * shrink;
    const radii: Vec3 = [
      meanRadius * random.float(0.8, 1.2),
      meanRadius * random.float(0.8, 1.2),
      meanRadius * random.float(0.8, 1.2),
    ];
    const rounded: Vec3 = [round1(radii[0]), round1(radii[1]), round1(radii[2])];
    const largest = Math.max(...rounded);
    if (Math.min(...rounded) < minRadius * 0.8) continue;
    const c = placement.sampleCentreLps(random);
    const centre: Vec3 = [round1(c[0]), round1(c[1]), round1(c[2])];
    if (placement.accept !== undefined && !placement.accept(centre, largest)) continue;
    if (phantom.tissueAt(centre[0], centre[1], centre[2]) !== hostIndex) continue;
    const margin = 1.15;
    const inside = SURFACE_DIRECTIONS.every(
      (d) =>
        phantom.tissueAt(
          centre[0] + d[0] * rounded[0] * margin,
          centre[1] + d[1] * rounded[1] * margin,
          centre[2] + d[2] * rounded[2] * margin,
        ) === hostIndex,
    );
    if (!inside) continue;
    const clear = lesions.every(
      (other) => norm(subtract(other.centreLps, centre)) > Math.max(...other.radiiMm) + largest + 4,
    );
    if (!clear) continue;
    lesions.push({
      label: lesions.length + 1,
      centreLps: centre,
      radiiMm: rounded,
      hostTissue: host,
      volumeMm3: (4 / 3) * Math.PI * rounded[0] * rounded[1] * rounded[2],
    });
  }
  return lesions;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}
