import { describe, expect, it } from 'vitest';
import { RadsetError } from '../errors.js';
import { affineFromColumns, LPS_TO_RAS, scale, type Affine, type Vec3 } from './affine.js';
import { axisCodes, directionFromAxisCodes, dominantAxes, parseAxisCodes } from './axis-codes.js';

const IDENTITY: Affine = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

/** All 48 codes: every order of the three axes, every sign. */
function allCodes(): string[] {
  const pairs = [
    ['L', 'R'],
    ['P', 'A'],
    ['S', 'I'],
  ] as const;
  const orders = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
  ] as const;
  const codes: string[] = [];
  for (const order of orders) {
    for (let signs = 0; signs < 8; signs++) {
      codes.push(order.map((axis, n) => pairs[axis][(signs >> n) & 1]).join(''));
    }
  }
  return codes;
}

function rotationZ(degrees: number): Affine {
  const a = (degrees * Math.PI) / 180;
  return affineFromColumns(
    [Math.cos(a), Math.sin(a), 0],
    [-Math.sin(a), Math.cos(a), 0],
    [0, 0, 1],
    [0, 0, 0],
  );
}

describe('axisCodes', () => {
  it('names the DICOM patient frame LPS and the NIfTI canonical grid RAS', () => {
    expect(axisCodes(IDENTITY)).toBe('LPS');
    // LPS_TO_RAS as a voxel grid: +i runs along −x (Right), +j along −y (Anterior).
    expect(axisCodes(LPS_TO_RAS)).toBe('RAS');
  });

  it('reads a typical sagittal and coronal grid', () => {
    // Sagittal: rows run anterior→posterior, columns superior→inferior, slices left.
    const sagittal = affineFromColumns([0, 0.9, 0], [0, 0, -0.9], [1.5, 0, 0], [0, 0, 0]);
    expect(axisCodes(sagittal)).toBe('PIL');
    const coronal = affineFromColumns([0.7, 0, 0], [0, 0, -0.7], [0, -3, 0], [0, 0, 0]);
    expect(axisCodes(coronal)).toBe('LIA');
  });

  it('ignores spacing and translation and takes the dominant direction of oblique axes', () => {
    expect(axisCodes(rotationZ(30))).toBe('LPS');
    expect(axisCodes(rotationZ(60))).toBe('PRS');
    expect(axisCodes(rotationZ(170))).toBe('RAS');
  });

  it('round-trips every one of the 48 codes through directionFromAxisCodes', () => {
    const codes = allCodes();
    expect(new Set(codes).size).toBe(48);
    for (const code of codes) {
      const [i, j, k] = directionFromAxisCodes(code);
      const affine = affineFromColumns(scale(i, 0.8), scale(j, 1.2), scale(k, 3), [5, -7, 11]);
      expect(axisCodes(affine)).toBe(code);
      expect(directionFromAxisCodes(code.toLowerCase())).toEqual([i, j, k]);
    }
  });

  it('refuses a singular grid', () => {
    const flat = affineFromColumns([1, 0, 0], [0, 1, 0], [1, 1, 0], [0, 0, 0]);
    expect(() => axisCodes(flat)).toThrow(RadsetError);
    expect(() => axisCodes(flat)).toThrow(/singular/);
    const zero = affineFromColumns([1, 0, 0], [0, 0, 0], [0, 0, 1], [0, 0, 0]);
    expect(() => axisCodes(zero)).toThrow(/j column is zero/);
  });
});

describe('directionFromAxisCodes', () => {
  it('gives LPS unit directions for where each axis points', () => {
    const expected: readonly Vec3[] = [
      [-1, 0, 0],
      [0, -1, 0],
      [0, 0, 1],
    ];
    expect(directionFromAxisCodes('RAS')).toEqual(expected);
    expect(directionFromAxisCodes('SLA')).toEqual([
      [0, 0, 1],
      [1, 0, 0],
      [0, -1, 0],
    ]);
  });

  it('names what is wrong with an invalid code', () => {
    const invalid = (code: string): RadsetError => {
      try {
        directionFromAxisCodes(code);
      } catch (error) {
        if (error instanceof RadsetError) return error;
      }
      throw new Error(`'${code}' was accepted`);
    };
    expect(invalid('LP').code).toBe('INVALID_ARGUMENT');
    expect(invalid('LP').message).toMatch(/axis code 'LP' is invalid: .*three letters/);
    expect(invalid('LPX').message).toMatch(/'X' is not one of/);
    expect(invalid('LRS').message).toMatch(/L\/R axis twice/);
    expect(parseAxisCodes('LPSS')).toMatch(/three letters/);
  });
});

describe('dominantAxes', () => {
  it('matches voxel axes to the axes of another frame', () => {
    const ras = directionFromAxisCodes('RAS');
    expect(dominantAxes(IDENTITY, ras)).toEqual([
      { axis: 0, sign: -1 },
      { axis: 1, sign: -1 },
      { axis: 2, sign: 1 },
    ]);
    const coronal = affineFromColumns([0.7, 0, 0], [0, 0, -0.7], [0, -3, 0], [0, 0, 0]);
    expect(dominantAxes(coronal, ras)).toEqual([
      { axis: 0, sign: -1 },
      { axis: 2, sign: -1 },
      { axis: 1, sign: 1 },
    ]);
  });
});
