import {
  affineFromColumns,
  cross,
  dot,
  norm,
  normalize,
  scale,
  subtract,
  type Affine,
  type Vec3,
} from './affine.js';
import type { VolumeFrame } from './volume-frame.js';
import type { VolumeWarning } from './volume-warning.js';

/** One volume to build: its frames by time point and slice, and its grid. */
export interface StackPlan {
  /** What distinguishes this stack from the others of its series ('' when it is the only one), e.g. 'echo 2', 'plane 3'. */
  readonly label: string;
  /** `frames[t][k]`: time point t, slice k (ascending along the slice normal). */
  readonly frames: readonly (readonly VolumeFrame[])[];
  readonly rows: number;
  readonly columns: number;
  readonly ijkToLps: Affine;
  readonly hasGeometry: boolean;
  readonly warnings: readonly VolumeWarning[];
  /** The largest angle between the slice vector and the slice normal, in degrees (0 without tilt). */
  readonly gantryTiltDeg: number;
}

/** Two positions along the normal closer than this are the same slice position. */
const SAME_POSITION_MM = 0.01;
/** Spacing differences below this (absolute, mm) or 1 % of the step are rounding, not variation. */
const SPACING_TOLERANCE_MM = 0.01;
/** Orientation cosines that differ by less than this are the same plane. */
const ORIENTATION_TOLERANCE = 1e-4;

function orientationKey(frame: VolumeFrame): string {
  if (frame.orientation === undefined) return 'none';
  return frame.orientation.map((value) => Math.round(value / ORIENTATION_TOLERANCE)).join(',');
}

function stackKey(frame: VolumeFrame): { key: string; parts: Record<string, string> } {
  const parts: Record<string, string> = {};
  if (frame.imageType.includes('LOCALIZER')) parts.localizer = 'localizer';
  if (frame.echoNumber !== undefined) parts.echo = `echo ${frame.echoNumber}`;
  else if (frame.echoTimeMs !== undefined) parts.echo = `TE ${frame.echoTimeMs}`;
  if (frame.bValue !== undefined) parts.b = `b=${frame.bValue}`;
  const size = `${frame.columns}x${frame.rows}x${frame.samplesPerPixel}`;
  return { key: [size, orientationKey(frame), ...Object.values(parts)].join('|'), parts };
}

function compareNumbers(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

function acquisitionOrder(a: VolumeFrame, b: VolumeFrame): number {
  return (
    compareNumbers(a.timeOrder, b.timeOrder) ||
    (a.InstanceNumber ?? 0) - (b.InstanceNumber ?? 0) ||
    a.frameIndex - b.frameIndex ||
    (a.mosaic?.tile ?? 0) - (b.mosaic?.tile ?? 0) ||
    (a.source < b.source ? -1 : a.source > b.source ? 1 : 0)
  );
}

function directions(frame: VolumeFrame): { row: Vec3; column: Vec3; normal: Vec3 } {
  const o = frame.orientation as NonNullable<VolumeFrame['orientation']>;
  const row = normalize([o[0], o[1], o[2]]);
  const column = normalize([o[3], o[4], o[5]]);
  return { row, column, normal: normalize(cross(row, column)) };
}

function defaultSliceStepMm(frame: VolumeFrame): number {
  return frame.spacingBetweenSlicesMm ?? frame.sliceThicknessMm ?? 1;
}

/**
 * Splits a series' frames into stacks and orders each into a grid.
 *
 * Frames are separated by size, plane (orientation), echo, b-value and
 * localizer image type, so a localizer or a second echo never ends up
 * inside another stack. Within a stack, slices are sorted by their position
 * along the slice normal (PS3.3 C.7.6.2.1.1: the normal is row × column
 * direction), never by file name or Instance Number; frames repeated at
 * every position become time points (4D) in acquisition order. The k axis
 * is the mean step from the first to the last slice: with gantry tilt it
 * is not perpendicular to the slices, and the affine is sheared, as dcm2niix
 * writes it unless asked to resample.
 */
export function planStacks(frames: readonly VolumeFrame[]): {
  stacks: StackPlan[];
  warnings: VolumeWarning[];
} {
  const groups = new Map<string, { frames: VolumeFrame[]; parts: Record<string, string> }>();
  for (const frame of frames) {
    const { key, parts } = stackKey(frame);
    const group = groups.get(key) ?? { frames: [], parts };
    group.frames.push(frame);
    groups.set(key, group);
  }
  const warnings: VolumeWarning[] = [];
  const list = [...groups.values()];
  if (list.length > 1) {
    const orientations = new Set(
      list.map((group) => orientationKey(group.frames[0] as VolumeFrame)),
    );
    const sizes = new Set(
      list.map((group) => {
        const f = group.frames[0] as VolumeFrame;
        return `${f.columns}x${f.rows}x${f.samplesPerPixel}`;
      }),
    );
    if (orientations.size > 1) {
      warnings.push({
        code: 'orientation-varies',
        message: `frames lie in ${orientations.size} different planes: one volume per plane`,
      });
    }
    if (sizes.size > 1) {
      warnings.push({
        code: 'size-varies',
        message: `frames have ${sizes.size} different sizes (${[...sizes].join(', ')}): one volume per size`,
      });
    }
    if (orientations.size === 1 && sizes.size === 1) {
      warnings.push({
        code: 'several-stacks',
        message: `the series holds ${list.length} stacks (${list.map((g) => Object.values(g.parts).join(' ') || 'main').join('; ')}): one volume each`,
      });
    }
  }
  list.sort((a, b) => acquisitionOrder(a.frames[0] as VolumeFrame, b.frames[0] as VolumeFrame));
  // Labels name output files, so they must tell the stacks apart: what
  // separates them ('echo 2', 'b=1000'), plus a number where that is not enough.
  const parts = list.map((group) => Object.values(group.parts).join(' '));
  const labels = parts.map((part, index) => {
    if (list.length === 1) return '';
    const shared = parts.filter((other) => other === part).length > 1;
    return shared ? `${part ? `${part} ` : ''}stack ${index + 1}` : part;
  });
  return {
    stacks: list.map((group, index) => planOneStack(group.frames, labels[index] as string)),
    warnings,
  };
}

function planOneStack(frames: readonly VolumeFrame[], label: string): StackPlan {
  const first = frames[0] as VolumeFrame;
  const warnings: VolumeWarning[] = [];
  const geometric = frames.every((f) => f.orientation !== undefined && f.positionMm !== undefined);
  if (!geometric) return planWithoutGeometry(frames, label);

  const { row, column, normal } = directions(first);
  const along = (frame: VolumeFrame): number => dot(normal, frame.positionMm as Vec3);
  const sorted = [...frames].sort((a, b) => along(a) - along(b) || acquisitionOrder(a, b));

  // Positions: runs of frames at the same place.
  const positions: VolumeFrame[][] = [];
  for (const frame of sorted) {
    const last = positions[positions.length - 1];
    if (
      last !== undefined &&
      Math.abs(along(frame) - along(last[0] as VolumeFrame)) < SAME_POSITION_MM
    ) {
      last.push(frame);
    } else {
      positions.push([frame]);
    }
  }
  for (const at of positions) at.sort(acquisitionOrder);
  const counts = new Set(positions.map((at) => at.length));
  let timePoints = positions[0]?.length ?? 1;
  if (counts.size > 1) {
    timePoints = Math.min(...counts);
    const extra = positions.reduce((sum, at) => sum + at.length - timePoints, 0);
    warnings.push({
      code: 'duplicate-positions',
      message: `${extra} frame(s) repeat a slice position without forming whole time points (${Math.max(...counts)} at some positions, ${timePoints} at others); the later ones were left out`,
    });
  }
  const slices = positions.length;
  const volumes: VolumeFrame[][] = [];
  for (let t = 0; t < timePoints; t++) volumes.push(positions.map((at) => at[t] as VolumeFrame));

  const [rowSpacing, columnSpacing] = first.pixelSpacingMm ?? [1, 1];
  const origin =
    first.positionMm === undefined ? ([0, 0, 0] as Vec3) : (positions[0]?.[0]?.positionMm as Vec3);
  let sliceStep: Vec3 = scale(normal, defaultSliceStepMm(first));
  let tiltDeg = 0;
  if (slices > 1) {
    const last = positions[slices - 1]?.[0]?.positionMm as Vec3;
    const vector = scale(subtract(last, origin), 1 / (slices - 1));
    const stepMm = dot(vector, normal);
    const inPlane = norm(subtract(vector, scale(normal, stepMm)));
    tiltDeg = (Math.atan2(inPlane, Math.abs(stepMm)) * 180) / Math.PI;
    if (inPlane > 1e-3 * Math.max(1, Math.abs(stepMm)) && tiltDeg > 0.01) {
      sliceStep = vector;
      warnings.push({
        code: 'gantry-tilt',
        message: `slices are offset in-plane along the stack: gantry tilt of ${tiltDeg.toFixed(2)}° (Gantry/Detector Tilt (0018,1120) says ${first.gantryTiltDeg ?? 'nothing'}); the affine is sheared, resample to straighten it`,
      });
    } else {
      tiltDeg = 0;
      sliceStep = scale(normal, stepMm);
    }
    spacingWarnings(
      positions.map((at) => along(at[0] as VolumeFrame)),
      stepMm,
      warnings,
    );
  }
  instanceNumberWarning(volumes.flat(), warnings);
  return {
    label,
    frames: volumes,
    rows: first.rows,
    columns: first.columns,
    ijkToLps: affineFromColumns(
      scale(row, columnSpacing),
      scale(column, rowSpacing),
      sliceStep,
      origin,
    ),
    hasGeometry: true,
    warnings,
    gantryTiltDeg: tiltDeg,
  };
}

function spacingWarnings(
  distances: readonly number[],
  stepMm: number,
  warnings: VolumeWarning[],
): void {
  const steps = distances.slice(1).map((d, i) => d - (distances[i] as number));
  const sortedSteps = [...steps].sort((a, b) => a - b);
  const median = sortedSteps[Math.floor(sortedSteps.length / 2)] as number;
  const tolerance = Math.max(SPACING_TOLERANCE_MM, 0.01 * Math.abs(median));
  if (steps.every((s) => Math.abs(s - median) <= tolerance)) return;
  const gaps = steps
    .map((s, k) => ({ k, ratio: s / median }))
    .filter(
      ({ ratio }) => ratio > 1.5 && Math.abs(ratio - Math.round(ratio)) * median <= tolerance,
    );
  if (gaps.length > 0) {
    const missing = gaps.reduce((sum, g) => sum + Math.round(g.ratio) - 1, 0);
    warnings.push({
      code: 'missing-slices',
      message: `about ${missing} slice(s) missing: ${gaps.map((g) => `after slice ${g.k} the next is ${(g.ratio * median).toFixed(3)} mm away`).join('; ')} (usual step ${median.toFixed(3)} mm)`,
    });
  }
  const min = sortedSteps[0] as number;
  const max = sortedSteps[sortedSteps.length - 1] as number;
  warnings.push({
    code: 'variable-spacing',
    message: `slice spacing varies from ${min.toFixed(3)} to ${max.toFixed(3)} mm; the volume uses the mean step ${stepMm.toFixed(3)} mm`,
  });
}

function instanceNumberWarning(frames: readonly VolumeFrame[], warnings: VolumeWarning[]): void {
  const singleFrame = frames.every((f) => f.frameIndex === 0 && f.mosaic === undefined);
  const numbers = frames.map((f) => f.InstanceNumber).filter((n): n is number => n !== undefined);
  if (!singleFrame || numbers.length !== frames.length || numbers.length < 2) return;
  const distinct = new Set(numbers);
  const min = Math.min(...numbers);
  const max = Math.max(...numbers);
  if (max - min + 1 !== distinct.size) {
    warnings.push({
      code: 'instance-number-gap',
      message: `${distinct.size} instances but Instance Numbers run from ${min} to ${max}: instances may be missing`,
    });
  }
}

/**
 * A stack without Image Plane attributes (secondary captures, projection
 * images, old multi-frames): frames in Instance Number and frame order on a
 * default grid centred on the origin, rows along +y and columns along +x,
 * the grid dcm2niix also assumes.
 */
function planWithoutGeometry(frames: readonly VolumeFrame[], label: string): StackPlan {
  const sorted = [...frames].sort(
    (a, b) =>
      (a.InstanceNumber ?? 0) - (b.InstanceNumber ?? 0) ||
      a.frameIndex - b.frameIndex ||
      (a.mosaic?.tile ?? 0) - (b.mosaic?.tile ?? 0),
  );
  const first = sorted[0] as VolumeFrame;
  const [rowSpacing, columnSpacing] = first.pixelSpacingMm ?? [1, 1];
  const sliceStepMm = defaultSliceStepMm(first);
  const origin: Vec3 = [
    (-columnSpacing * (first.columns - 1)) / 2,
    (-rowSpacing * (first.rows - 1)) / 2,
    (-sliceStepMm * (sorted.length - 1)) / 2,
  ];
  return {
    label,
    frames: [sorted],
    rows: first.rows,
    columns: first.columns,
    ijkToLps: affineFromColumns(
      [columnSpacing, 0, 0],
      [0, rowSpacing, 0],
      [0, 0, sliceStepMm],
      origin,
    ),
    hasGeometry: false,
    warnings: [
      {
        code: 'no-geometry',
        message:
          'no Image Orientation/Position (Patient) (0020,0037)/(0020,0032): slices are in Instance Number order on a default grid',
      },
    ],
    gantryTiltDeg: 0,
  };
}
