import { inverseSquare } from './ellipsoid-lookup.js';
import type { CompiledLesions, SyntheticLesion } from './lesions.js';
import type { Phantom, PhantomShape } from './phantom.js';
import { crMuPerMm } from './tissue-values.js';

/**
 * A flat detector facing the patient's front for a postero-anterior (PA)
 * projection, with parallel rays along the A–P (y) axis. Pixel (column c,
 * row r) sees the ray at x = `leftXMm + c · spacingMm` (towards patient left),
 * z = `topZMm − r · spacingMm` (towards the feet): Patient Orientation `L\F`
 * (PS3.3 C.7.6.1.1.1).
 */
export interface ProjectionDetector {
  readonly columns: number;
  readonly rows: number;
  readonly spacingMm: number;
  /** x (LPS) of the centre of column 0, mm. */
  readonly leftXMm: number;
  /** z (LPS) of the centre of row 0, mm. */
  readonly topZMm: number;
}

/** Line integrals of attenuation (dimensionless, Σ μ·length) and projected lesion labels, row-major. */
export interface Projection {
  readonly pathAttenuation: Float64Array;
  readonly labels: Uint8Array;
}

interface Chord {
  readonly cx: number;
  readonly cz: number;
  readonly invRx2: number;
  readonly invRz2: number;
  readonly ry: number;
  /** Attenuation added over the parent region where the ray crosses this shape, 1/mm. */
  readonly deltaMuPerMm: number;
}

function contains(shape: PhantomShape, x: number, y: number, z: number): boolean {
  const term = (d: number, r: number): number => (Number.isFinite(r) ? (d / r) ** 2 : 0);
  return (
    term(x - shape.centreLps[0], shape.radiiMm[0]) +
      term(y - shape.centreLps[1], shape.radiiMm[1]) +
      term(z - shape.centreLps[2], shape.radiiMm[2]) <=
    1
  );
}

/**
 * Turns the priority-ordered phantom into additive chords (as analytic
 * phantoms such as Shepp–Logan are built): each shape adds the difference
 * between its attenuation and that of the shape it sits in.
 */
function chords(phantom: Phantom, lesions: readonly SyntheticLesion[]): Chord[] {
  const out: Chord[] = [];
  phantom.shapes.forEach((shape, index) => {
    if (shape.tissue === 'table') return;
    let parentMu = 0;
    for (let j = index - 1; j >= 0; j--) {
      const parent = phantom.shapes[j];
      if (
        parent !== undefined &&
        parent.tissue !== 'table' &&
        contains(parent, ...shape.centreLps)
      ) {
        parentMu = crMuPerMm(parent.tissue);
        break;
      }
    }
    out.push({
      cx: shape.centreLps[0],
      cz: shape.centreLps[2],
      invRx2: inverseSquare(shape.radiiMm[0]),
      invRz2: inverseSquare(shape.radiiMm[2]),
      ry: shape.radiiMm[1],
      deltaMuPerMm: crMuPerMm(shape.tissue) - parentMu,
    });
  });
  for (const lesion of lesions) {
    out.push({
      cx: lesion.centreLps[0],
      cz: lesion.centreLps[2],
      invRx2: inverseSquare(lesion.radiiMm[0]),
      invRz2: inverseSquare(lesion.radiiMm[2]),
      ry: lesion.radiiMm[1],
      deltaMuPerMm: crMuPerMm('muscle') - crMuPerMm(lesion.hostTissue),
    });
  }
  return out;
}

/**
 * Projects the phantom onto the detector: for each pixel, the attenuation
 * line integral along y (analytic ellipsoid chords), and the label of the
 * lesion whose silhouette covers the pixel centre (the first, if several do).
 */
export function renderProjection(
  phantom: Phantom,
  lesions: CompiledLesions,
  detector: ProjectionDetector,
): Projection {
  const all = chords(phantom, lesions.lesions);
  const lesionChords = all.slice(all.length - lesions.lesions.length);
  const size = detector.columns * detector.rows;
  const pathAttenuation = new Float64Array(size);
  const labels = new Uint8Array(size);
  for (let r = 0; r < detector.rows; r++) {
    const z = detector.topZMm - r * detector.spacingMm;
    for (let c = 0; c < detector.columns; c++) {
      const x = detector.leftXMm + c * detector.spacingMm;
      let sum = 0;
      for (const chord of all) {
        const q = 1 - (x - chord.cx) ** 2 * chord.invRx2 - (z - chord.cz) ** 2 * chord.invRz2;
        if (q > 0) sum += chord.deltaMuPerMm * 2 * chord.ry * Math.sqrt(q);
      }
      pathAttenuation[r * detector.columns + c] = sum;
      for (let l = 0; l < lesionChords.length; l++) {
        const chord = lesionChords[l] as Chord;
        if ((x - chord.cx) ** 2 * chord.invRx2 + (z - chord.cz) ** 2 * chord.invRz2 <= 1) {
          labels[r * detector.columns + c] = lesions.lesions[l]?.label ?? 0;
          break;
        }
      }
    }
  }
  return { pathAttenuation, labels };
}
