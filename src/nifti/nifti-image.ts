import type { NiftiDatatype, NiftiVoxelData } from './nifti-datatype.js';

/**
 * A 4×4 affine, 16 numbers row-major (the last row 0 0 0 1), mapping voxel
 * indices (i, j, k) to NIfTI world coordinates in mm: RAS+ (+x Right, +y
 * Anterior, +z Superior; nifti1.h "3D IMAGE (VOLUME) ORIENTATION AND LOCATION IN SPACE").
 */
export type NiftiAffine = readonly number[];

/**
 * The qform as nifti1.h stores it: a rotation as a unit quaternion (a, b, c, d)
 * with a ≥ 0 implied (a = √(1 − b² − c² − d²)), the offset of voxel (0, 0, 0)
 * in mm, and `qfac` (pixdim[0]): −1 flips the k axis for a left-handed grid.
 */
export interface NiftiQuaternion {
  readonly quaternB: number;
  readonly quaternC: number;
  readonly quaternD: number;
  readonly qoffsetX: number;
  readonly qoffsetY: number;
  readonly qoffsetZ: number;
  /** ±1 (pixdim[0]); readers treat 0 as 1. */
  readonly qfac: number;
}

/** A header extension (nifti1.h "extension"): `code` (ecode, e.g. 6 comment, 32 CIFTI) and its bytes. */
export interface NiftiExtension {
  readonly code: number;
  /** The payload, without the 8-byte esize/ecode prefix; the writer pads it to a multiple of 16. */
  readonly data: Uint8Array;
}

/** nifti1.h xform codes (qform_code, sform_code). */
export const NIFTI_XFORM = {
  UNKNOWN: 0,
  SCANNER_ANAT: 1,
  ALIGNED_ANAT: 2,
  TALAIRACH: 3,
  MNI_152: 4,
} as const;

/** nifti1.h xyzt_units bits. */
export const NIFTI_UNITS = { METER: 1, MM: 2, MICRON: 3, SEC: 8, MSEC: 16, USEC: 24 } as const;

/** nifti1.h intent code for a label volume (NIFTI_INTENT_LABEL). */
export const NIFTI_INTENT_LABEL = 1002;

/**
 * A NIfTI image: the voxels and the header fields radset uses (nifti1.h
 * names in camelCase). Optional fields have the defaults the writer uses;
 * {@link NiftiHeader} (what the reader returns) has every one.
 */
export interface NiftiImage {
  /** Size along each axis (nifti1.h dim[1..dim[0]]), 1 to 7 axes, spatial first; i varies fastest in `data`. */
  readonly dimensions: readonly number[];
  /** Spacing along each axis (pixdim[1..dim[0]]): mm for x, y, z, seconds for t with the default units; as many as `dimensions`. */
  readonly pixdim: readonly number[];
  readonly datatype: NiftiDatatype;
  /** The voxels, native byte order; for rgb24 three bytes (R, G, B) per voxel. */
  readonly data: NiftiVoxelData;
  /** Stored value × slope + inter = real value; slope 0 means unscaled (nifti1.h). Default 1. */
  readonly sclSlope?: number;
  /** Default 0. */
  readonly sclInter?: number;
  /** Default 0 (no sform); > 0 requires `srow`. */
  readonly sformCode?: number;
  /** The sform (srow_x, srow_y, srow_z, then 0 0 0 1): voxel index to RAS mm. */
  readonly srow?: NiftiAffine;
  /** Default 0 (no qform). */
  readonly qformCode?: number;
  /** The qform; when absent the writer derives it from `srow` (qformFromAffine). */
  readonly quaternion?: NiftiQuaternion;
  /** nifti1.h xyzt_units; default NIFTI_UNITS.MM | NIFTI_UNITS.SEC (10). */
  readonly xyztUnits?: number;
  /** descrip: at most 79 bytes of UTF-8 (longer text is cut on a character boundary). */
  readonly description?: string;
  readonly intentCode?: number;
  /** intent_p1..p3; default zeros. */
  readonly intentParameters?: readonly [number, number, number];
  /** intent_name: at most 15 bytes of UTF-8. */
  readonly intentName?: string;
  /** Display range (cal_min, cal_max); default 0 0 (none). */
  readonly calMin?: number;
  readonly calMax?: number;
  /** Time offset of the first volume, in the t unit. */
  readonly toffset?: number;
  readonly sliceCode?: number;
  readonly sliceStart?: number;
  readonly sliceEnd?: number;
  /** Time to acquire one slice, in the t unit. */
  readonly sliceDuration?: number;
  /** dim_info: freq_dim | phase_dim << 2 | slice_dim << 4. */
  readonly dimInfo?: number;
  /** aux_file: at most 23 bytes of UTF-8. */
  readonly auxFile?: string;
  readonly extensions?: readonly NiftiExtension[];
}

/** Where a header came from and how it was stored. */
export interface NiftiStorage {
  readonly niftiVersion: 1 | 2;
  readonly littleEndian: boolean;
  /** Byte offset of the voxels in the file that holds them (the .nii, or the .img of a pair). */
  readonly voxOffset: number;
  /** True for a .hdr/.img pair (magic ni1/ni2), false for a single file (n+1/n+2). */
  readonly pair: boolean;
}

/** Every header field of a read file: {@link NiftiImage} less the voxels, with nothing left optional. */
export type NiftiHeader = Required<Omit<NiftiImage, 'data'>> & NiftiStorage;

/** A NIfTI image as read from a file: its full header and its voxels. */
export type ParsedNiftiImage = NiftiHeader & { readonly data: NiftiVoxelData };
