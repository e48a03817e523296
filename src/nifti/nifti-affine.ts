import type { NiftiAffine, NiftiImage } from './nifti-image.js';
import { affineFromQform } from './quaternion.js';

/** Which header fields an affine came from. */
export type NiftiAffineSource = 'sform' | 'qform' | 'pixdim';

/**
 * The voxel index → RAS mm affine of an image, chosen as nibabel's
 * `get_best_affine` does: the sform when sform_code > 0, else the qform when
 * qform_code > 0 (nifti1.h method 2), else pixdim scaling with the origin at
 * voxel (0, 0, 0) (nifti1.h method 1, as nifti1_io; nibabel instead flips x
 * and centres the volume there, an Analyze convention). Voxel sizes that
 * are missing or not positive count as 1.
 */
export function niftiAffine(
  image: Pick<NiftiImage, 'pixdim' | 'sformCode' | 'srow' | 'qformCode' | 'quaternion'>,
): { readonly affine: NiftiAffine; readonly source: NiftiAffineSource } {
  if ((image.sformCode ?? 0) > 0 && image.srow !== undefined) {
    const s = image.srow;
    return {
      affine: [...s.slice(0, 12), 0, 0, 0, 1],
      source: 'sform',
    };
  }
  const spacing = (axis: number): number => image.pixdim[axis] ?? 1;
  if ((image.qformCode ?? 0) > 0 && image.quaternion !== undefined) {
    return {
      affine: affineFromQform(image.quaternion, [spacing(0), spacing(1), spacing(2)]),
      source: 'qform',
    };
  }
  const [dx, dy, dz] = [0, 1, 2].map((axis) => {
    const size = spacing(axis);
    return size > 0 ? size : 1;
  }) as [number, number, number];
  return { affine: [dx, 0, 0, 0, 0, dy, 0, 0, 0, 0, dz, 0, 0, 0, 0, 1], source: 'pixdim' };
}
