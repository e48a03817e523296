import { gzipSync } from 'node:zlib';
import { encodeNifti1, NIFTI_INTENT_LABEL, NIFTI_UNITS, NIFTI_XFORM } from '../nifti/index.js';
import type { Affine4 } from './volume-geometry.js';

/** A label volume and its RAS affine, as the NIfTI-1 writer takes it. */
export interface NiftiLabelVolume {
  /** Voxels along i, j, k; i varies fastest in `labels`. */
  readonly dims: readonly [number, number, number];
  readonly voxelSizeMm: readonly [number, number, number];
  /** Voxel indices (i, j, k) to RAS mm (the NIfTI world frame). */
  readonly ijkToRas: Affine4;
  /** Label per voxel, 0 for background. */
  readonly labels: Uint8Array;
  /** Free text (up to 79 bytes) for the `descrip` field. */
  readonly description: string;
}

/**
 * Encodes a uint8 label volume as a single-file NIfTI-1 image (`.nii`) with
 * src/nifti: sform and qform both hold the RAS affine (code 1, scanner
 * anatomical), intent NIFTI_INTENT_LABEL, cal_max the highest label.
 */
export function encodeNiftiLabels(volume: NiftiLabelVolume): Uint8Array {
  const [nx, ny, nz] = volume.dims;
  if (volume.labels.length !== nx * ny * nz) {
    throw new RangeError(
      `label volume has ${volume.labels.length} voxels, dims say ${nx * ny * nz}`,
    );
  }
  let max = 0;
  for (const label of volume.labels) if (label > max) max = label;
  const chunks = encodeNifti1({
    dimensions: volume.dims,
    pixdim: volume.voxelSizeMm,
    datatype: 'uint8',
    data: volume.labels,
    sclSlope: 1,
    sclInter: 0,
    qformCode: NIFTI_XFORM.SCANNER_ANAT,
    sformCode: NIFTI_XFORM.SCANNER_ANAT,
    srow: volume.ijkToRas.flatMap((row) => [0, 1, 2, 3].map((column) => row[column] ?? 0)),
    xyztUnits: NIFTI_UNITS.MM | NIFTI_UNITS.SEC,
    description: volume.description,
    intentCode: NIFTI_INTENT_LABEL,
    intentName: 'labels',
    calMin: 0,
    calMax: max,
  });
  const out = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/** {@link encodeNiftiLabels}, gzip-compressed (`.nii.gz`); deterministic (no timestamp in the gzip header). */
export function encodeNiftiLabelsGz(volume: NiftiLabelVolume): Uint8Array {
  return gzipSync(encodeNiftiLabels(volume), { level: 6 });
}
