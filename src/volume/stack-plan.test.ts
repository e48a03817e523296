import { describe, expect, it } from 'vitest';
import type { ModalityTransform } from '../dicom/index.js';
import { affineColumn, applyAffine, type Vec3 } from './affine.js';
import { planStacks } from './stack-plan.js';
import type { VolumeFrame } from './volume-frame.js';

const IDENTITY: ModalityTransform = { kind: 'identity' };

function frame(overrides: Partial<VolumeFrame> & { z?: number }): VolumeFrame {
  const { z = 0, ...rest } = overrides;
  return {
    source: `file-${z}`,
    frameIndex: 0,
    mosaic: undefined,
    SOPInstanceUID: `1.2.3.${z}`,
    SeriesInstanceUID: '1.2.3',
    InstanceNumber: undefined,
    rows: 4,
    columns: 5,
    samplesPerPixel: 1,
    photometric: 'MONOCHROME2',
    bitsAllocated: 16,
    pixelRepresentation: 1,
    orientation: [1, 0, 0, 0, 1, 0],
    positionMm: [-10, -20, z],
    pixelSpacingMm: [0.5, 0.25],
    sliceThicknessMm: 2,
    spacingBetweenSlicesMm: undefined,
    sliceNormal: undefined,
    transform: IDENTITY,
    echoNumber: undefined,
    echoTimeMs: undefined,
    bValue: undefined,
    imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    timeOrder: [],
    gantryTiltDeg: undefined,
    ...rest,
  };
}

const codes = (warnings: readonly { code: string }[]): string[] =>
  warnings.map((w) => w.code).sort();

describe('planStacks', () => {
  it('orders slices by position along the normal, not by Instance Number or file name', () => {
    const frames = [4, 0, 8, 2, 6].map((z, i) =>
      frame({ z, InstanceNumber: 10 - i, source: `I${i}` }),
    );
    const { stacks, warnings } = planStacks(frames);
    expect(warnings).toEqual([]);
    expect(stacks).toHaveLength(1);
    const stack = stacks[0]!;
    expect(stack.frames[0]!.map((f) => f.positionMm?.[2])).toEqual([0, 2, 4, 6, 8]);
    // i along the row at column spacing (PixelSpacing[1]), j down the rows at row spacing (PixelSpacing[0]).
    expect(affineColumn(stack.ijkToLps, 0)).toEqual([0.25, 0, 0]);
    expect(affineColumn(stack.ijkToLps, 1)).toEqual([0, 0.5, 0]);
    expect(affineColumn(stack.ijkToLps, 2)).toEqual([0, 0, 2]);
    expect(applyAffine(stack.ijkToLps, [0, 0, 4])).toEqual([-10, -20, 8]);
    expect(stack.warnings).toEqual([]);
  });

  it('sorts along a descending normal too (column direction flipped)', () => {
    const frames = [0, 3, 6].map((z) => frame({ z, orientation: [1, 0, 0, 0, -1, 0] }));
    const stack = planStacks(frames).stacks[0]!;
    // normal = row × column = (0, 0, -1): ascending along it is descending z.
    expect(stack.frames[0]!.map((f) => f.positionMm?.[2])).toEqual([6, 3, 0]);
    expect(affineColumn(stack.ijkToLps, 2)).toEqual([0, 0, -3]);
  });

  it('reports a missing slice as a gap and as variable spacing', () => {
    const frames = [0, 2, 4, 8, 10].map((z, i) => frame({ z, InstanceNumber: i + 1 }));
    const stack = planStacks(frames).stacks[0]!;
    expect(codes(stack.warnings)).toEqual(['missing-slices', 'variable-spacing']);
    expect(stack.warnings.find((w) => w.code === 'missing-slices')?.message).toMatch(
      /about 1 slice/,
    );
  });

  it('reports irregular spacing without a whole-slice gap as variable spacing only', () => {
    const frames = [0, 2, 4.7, 6, 8].map((z) => frame({ z }));
    expect(codes(planStacks(frames).stacks[0]!.warnings)).toEqual(['variable-spacing']);
  });

  it('reports Instance Numbers that skip values', () => {
    const frames = [0, 2, 4].map((z, i) => frame({ z, InstanceNumber: [1, 2, 9][i] }));
    expect(codes(planStacks(frames).stacks[0]!.warnings)).toEqual(['instance-number-gap']);
  });

  it('makes repeated positions into time points in acquisition order (4D)', () => {
    const frames = [0, 2, 4].flatMap((z) =>
      [2, 1].map((t) => frame({ z, timeOrder: [t], source: `z${z}t${t}` })),
    );
    const stack = planStacks(frames).stacks[0]!;
    expect(stack.frames).toHaveLength(2);
    expect(stack.frames[0]!.map((f) => f.timeOrder[0])).toEqual([1, 1, 1]);
    expect(stack.frames[1]!.map((f) => f.positionMm?.[2])).toEqual([0, 2, 4]);
    expect(stack.warnings).toEqual([]);
  });

  it('warns about repeated positions that do not form whole time points', () => {
    const frames = [0, 2, 2, 4].map((z, i) => frame({ z, source: `f${i}` }));
    const stack = planStacks(frames).stacks[0]!;
    expect(codes(stack.warnings)).toEqual(['duplicate-positions']);
    expect(stack.frames).toHaveLength(1);
    expect(stack.frames[0]).toHaveLength(3);
  });

  it('shears the affine for gantry tilt instead of pretending the slices are stacked straight', () => {
    const tilt = (20 * Math.PI) / 180;
    const frames = [0, 1, 2, 3].map((k) =>
      frame({ z: 0, positionMm: [-10, -20 + k * 5 * Math.tan(tilt), k * 5], source: `t${k}` }),
    );
    const stack = planStacks(frames).stacks[0]!;
    expect(codes(stack.warnings)).toEqual(['gantry-tilt']);
    expect(stack.gantryTiltDeg).toBeCloseTo(20, 6);
    const k: Vec3 = affineColumn(stack.ijkToLps, 2);
    expect(k[1]).toBeCloseTo(5 * Math.tan(tilt), 9);
    expect(k[2]).toBeCloseTo(5, 9);
    // The last slice's first voxel lands where that slice really is.
    const last = applyAffine(stack.ijkToLps, [0, 0, 3]);
    expect(last[1]).toBeCloseTo(-20 + 15 * Math.tan(tilt), 9);
  });

  it('splits a localizer, other planes and a second echo into their own stacks', () => {
    const axial = [0, 2, 4].map((z) => frame({ z, echoNumber: 1, source: `a${z}` }));
    const echo2 = [0, 2, 4].map((z) => frame({ z, echoNumber: 2, source: `e${z}` }));
    const localizer = frame({
      z: 0,
      orientation: [0, 1, 0, 0, 0, -1],
      imageType: ['ORIGINAL', 'PRIMARY', 'LOCALIZER'],
      echoNumber: 1,
      source: 'loc',
    });
    const { stacks, warnings } = planStacks([...axial, ...echo2, localizer]);
    expect(stacks.map((s) => s.frames[0]!.length).sort()).toEqual([1, 3, 3]);
    expect(codes(warnings)).toEqual(['orientation-varies']);
    expect(new Set(stacks.map((s) => s.label)).size).toBe(3);
    const echoes = planStacks([...axial, ...echo2]);
    expect(codes(echoes.warnings)).toEqual(['several-stacks']);
    expect(echoes.stacks.map((s) => s.label).sort()).toEqual(['echo 1', 'echo 2']);
  });

  it('splits frames of different sizes', () => {
    const { stacks, warnings } = planStacks([frame({ z: 0 }), frame({ z: 2, rows: 8 })]);
    expect(stacks).toHaveLength(2);
    expect(codes(warnings)).toEqual(['size-varies']);
  });

  it('puts frames without geometry on a centred default grid in Instance Number order', () => {
    const frames = [3, 1, 2].map((n) =>
      frame({ InstanceNumber: n, orientation: undefined, positionMm: undefined, source: `n${n}` }),
    );
    const stack = planStacks(frames).stacks[0]!;
    expect(stack.hasGeometry).toBe(false);
    expect(codes(stack.warnings)).toEqual(['no-geometry']);
    expect(stack.frames[0]!.map((f) => f.InstanceNumber)).toEqual([1, 2, 3]);
    // Centre of the grid at the origin.
    const centre = applyAffine(stack.ijkToLps, [2, 1.5, 1]);
    expect(centre.map((v) => Math.abs(v))).toEqual([0, 0, 0]);
  });
});
