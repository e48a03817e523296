import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { encodeNiftiLabels, encodeNiftiLabelsGz } from './nifti-label-writer.js';
import { rotateAboutX, rotateAboutZ } from './vector.js';
import { createVolumeGeometry, ijkToRas } from './volume-geometry.js';

function quaternionMatrix(b: number, c: number, d: number, qfac: number): number[][] {
  const a = Math.sqrt(Math.max(0, 1 - b * b - c * c - d * d));
  return [
    [a * a + b * b - c * c - d * d, 2 * (b * c - a * d), qfac * 2 * (b * d + a * c)],
    [2 * (b * c + a * d), a * a + c * c - b * b - d * d, qfac * 2 * (c * d - a * b)],
    [2 * (b * d - a * c), 2 * (c * d + a * b), qfac * (a * a + d * d - c * c - b * b)],
  ];
}

describe('NIfTI-1 label writer (nifti1.h)', () => {
  const geometry = createVolumeGeometry({
    columns: 4,
    rows: 3,
    slices: 2,
    columnSpacingMm: 0.7,
    rowSpacingMm: 0.7,
    sliceSpacingMm: 3,
    sliceThicknessMm: 3,
    rowDirectionLps: rotateAboutZ(rotateAboutX([1, 0, 0], 0.25), 0.1),
    columnDirectionLps: rotateAboutZ(rotateAboutX([0, 1, 0], 0.25), 0.1),
    centreLps: [5, 6, -7],
  });
  const labels = Uint8Array.from({ length: 24 }, (_, i) => i % 3);
  const affine = ijkToRas(geometry);
  const bytes = encodeNiftiLabels({
    dims: [4, 3, 2],
    voxelSizeMm: [0.7, 0.7, 3],
    ijkToRas: affine,
    labels,
    description: 'test',
  });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

  it('writes the 348-byte header, magic, dims and uint8 datatype, voxels at 352', () => {
    expect(view.getInt32(0, true)).toBe(348);
    expect(String.fromCharCode(...bytes.subarray(344, 348))).toBe('n+1\0');
    expect([0, 1, 2, 3].map((i) => view.getInt16(40 + 2 * i, true))).toEqual([3, 4, 3, 2]);
    expect(view.getInt16(70, true)).toBe(2);
    expect(view.getInt16(72, true)).toBe(8);
    expect(view.getInt16(68, true)).toBe(1002);
    expect(view.getFloat32(108, true)).toBe(352);
    expect(bytes.length).toBe(352 + 24);
    expect([...bytes.subarray(352)]).toEqual([...labels]);
    expect(view.getFloat32(124, true)).toBe(2);
  });

  it('stores the RAS affine as sform, and an equivalent qform', () => {
    expect(view.getInt16(252, true)).toBe(1);
    expect(view.getInt16(254, true)).toBe(1);
    for (let row = 0; row < 3; row++) {
      for (let col = 0; col < 4; col++)
        expect(view.getFloat32(280 + row * 16 + col * 4, true)).toBeCloseTo(affine[row]![col]!, 4);
    }
    const rotation = quaternionMatrix(
      view.getFloat32(256, true),
      view.getFloat32(260, true),
      view.getFloat32(264, true),
      view.getFloat32(76, true),
    );
    const sizes = [0.7, 0.7, 3];
    for (let row = 0; row < 3; row++) {
      for (let col = 0; col < 3; col++)
        expect(rotation[row]![col]! * sizes[col]!).toBeCloseTo(affine[row]![col]!, 4);
    }
    expect(view.getFloat32(268, true)).toBeCloseTo(affine[0][3]!, 4);
  });

  it('gzips deterministically', () => {
    const volume = {
      dims: [4, 3, 2] as const,
      voxelSizeMm: [0.7, 0.7, 3] as const,
      ijkToRas: affine,
      labels,
      description: 'x',
    };
    const a = encodeNiftiLabelsGz(volume);
    expect(Buffer.from(a).equals(Buffer.from(encodeNiftiLabelsGz(volume)))).toBe(true);
    expect(Buffer.from(gunzipSync(a)).equals(Buffer.from(encodeNiftiLabels(volume)))).toBe(true);
  });

  it('refuses labels that do not fill the dims', () => {
    expect(() =>
      encodeNiftiLabels({
        dims: [2, 2, 2],
        voxelSizeMm: [1, 1, 1],
        ijkToRas: affine,
        labels: new Uint8Array(7),
        description: '',
      }),
    ).toThrow(RangeError);
  });
});
