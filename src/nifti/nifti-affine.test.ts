import { describe, expect, it } from 'vitest';
import { niftiAffine } from './nifti-affine.js';
import type { NiftiQuaternion } from './nifti-image.js';

const SROW = [-2, 0, 0, 90, 0, 2, 0, -126, 0, 0, 2, -72, 0, 0, 0, 1];
/** 180° about z: x and y flip. */
const QUATERNION: NiftiQuaternion = {
  quaternB: 0,
  quaternC: 0,
  quaternD: 1,
  qoffsetX: 1,
  qoffsetY: 2,
  qoffsetZ: 3,
  qfac: 1,
};

describe('niftiAffine (sform, else qform, else pixdim: nibabel get_best_affine order)', () => {
  it('uses the sform when sform_code > 0', () => {
    const result = niftiAffine({
      pixdim: [2, 2, 2],
      sformCode: 4,
      srow: SROW,
      qformCode: 1,
      quaternion: QUATERNION,
    });
    expect(result.source).toBe('sform');
    expect(result.affine).toEqual(SROW);
  });

  it('uses the qform when only qform_code > 0', () => {
    const result = niftiAffine({
      pixdim: [2, 3, 4],
      sformCode: 0,
      srow: SROW,
      qformCode: 1,
      quaternion: QUATERNION,
    });
    expect(result.source).toBe('qform');
    result.affine.forEach((v, i) =>
      expect(v).toBeCloseTo([-2, 0, 0, 1, 0, -3, 0, 2, 0, 0, 4, 3, 0, 0, 0, 1][i] ?? NaN, 12),
    );
  });

  it('falls back to pixdim scaling from voxel (0, 0, 0) (nifti1.h method 1)', () => {
    const result = niftiAffine({
      pixdim: [2, 3, 0],
      sformCode: 0,
      qformCode: 0,
      quaternion: QUATERNION,
    });
    expect(result.source).toBe('pixdim');
    expect(result.affine).toEqual([2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
  });

  it('treats a code without its fields as absent', () => {
    expect(niftiAffine({ pixdim: [1], sformCode: 1 }).source).toBe('pixdim');
  });
});
