import { gzipSync } from 'node:zlib';
import type { Affine4 } from './volume-geometry.js';

/** NIfTI-1 header size and the offset of the voxel data after the 4-byte extension flag (nifti1.h). */
const HEADER_BYTES = 348;
const VOX_OFFSET = 352;
const DT_UNSIGNED_CHAR = 2;
const NIFTI_INTENT_LABEL = 1002;
const NIFTI_XFORM_SCANNER_ANAT = 1;
const NIFTI_UNITS_MM = 2;
const NIFTI_UNITS_SEC = 8;

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
 * The quaternion form of the rotation part of an affine (nifti1.h, qform
 * with `qfac`), as `nifti_mat44_to_quatern` computes it.
 */
function quaternion(
  affine: Affine4,
  voxelSizeMm: readonly [number, number, number],
): { b: number; c: number; d: number; qfac: number } {
  const col = (j: number): [number, number, number] => {
    const size = voxelSizeMm[j] ?? 1;
    return [(affine[0][j] ?? 0) / size, (affine[1][j] ?? 0) / size, (affine[2][j] ?? 0) / size];
  };
  const [r11, r21, r31] = col(0);
  const [r12, r22, r32] = col(1);
  let [r13, r23, r33] = col(2);
  const det =
    r11 * (r22 * r33 - r32 * r23) - r12 * (r21 * r33 - r31 * r23) + r13 * (r21 * r32 - r31 * r22);
  let qfac = 1;
  if (det < 0) {
    qfac = -1;
    r13 = -r13;
    r23 = -r23;
    r33 = -r33;
  }
  let a = r11 + r22 + r33 + 1;
  let b: number;
  let c: number;
  let d: number;
  if (a > 0.5) {
    a = 0.5 * Math.sqrt(a);
    b = (0.25 * (r32 - r23)) / a;
    c = (0.25 * (r13 - r31)) / a;
    d = (0.25 * (r21 - r12)) / a;
  } else {
    const xd = 1 + r11 - (r22 + r33);
    const yd = 1 + r22 - (r11 + r33);
    const zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      b = 0.5 * Math.sqrt(xd);
      c = (0.25 * (r12 + r21)) / b;
      d = (0.25 * (r13 + r31)) / b;
      a = (0.25 * (r32 - r23)) / b;
    } else if (yd > 1) {
      c = 0.5 * Math.sqrt(yd);
      b = (0.25 * (r12 + r21)) / c;
      d = (0.25 * (r23 + r32)) / c;
      a = (0.25 * (r13 - r31)) / c;
    } else {
      d = 0.5 * Math.sqrt(zd);
      b = (0.25 * (r13 + r31)) / d;
      c = (0.25 * (r23 + r32)) / d;
      a = (0.25 * (r21 - r12)) / d;
    }
    if (a < 0) {
      b = -b;
      c = -c;
      d = -d;
    }
  }
  return { ...storableVector(a, b, c, d), qfac };
}

/**
 * Readers recompute a = √(1 − b² − c² − d²) from the float32 b, c, d. For a
 * rotation near 180° (a ≈ 0, e.g. the coronal plane of a radiograph) float32
 * rounding alone would make a ≈ 2e-4 and tilt the qform by ~0.03°; nudge the
 * largest component by one float32 step until b² + c² + d² ≥ 1 so readers get
 * a = 0 (nibabel tolerates a sum up to 3 float32 epsilons above 1).
 */
function storableVector(
  a: number,
  b: number,
  c: number,
  d: number,
): { b: number; c: number; d: number } {
  const v = [Math.fround(b), Math.fround(c), Math.fround(d)];
  if (Math.abs(a) > 1e-3) return { b: v[0] ?? 0, c: v[1] ?? 0, d: v[2] ?? 0 };
  const largest = v.reduce((best, x, i) => (Math.abs(x) > Math.abs(v[best] ?? 0) ? i : best), 0);
  for (
    let step = 0;
    step < 8 && (v[0] ?? 0) ** 2 + (v[1] ?? 0) ** 2 + (v[2] ?? 0) ** 2 < 1;
    step++
  ) {
    const x = v[largest] ?? 0;
    v[largest] = Math.fround(x + Math.sign(x) * 2 ** (Math.floor(Math.log2(Math.abs(x))) - 23));
  }
  return { b: v[0] ?? 0, c: v[1] ?? 0, d: v[2] ?? 0 };
}

function writeAscii(view: DataView, offset: number, text: string, maxBytes: number): void {
  for (let i = 0; i < Math.min(text.length, maxBytes - 1); i++)
    view.setUint8(offset + i, text.charCodeAt(i) & 0x7f);
}

/**
 * Encodes a uint8 label volume as a single-file NIfTI-1 image (`.nii`),
 * little endian, header hand-written per nifti1.h: 348-byte header, a 4-byte
 * extension flag (none), then the voxels. sform and qform both hold the
 * RAS affine (code 1, scanner anatomical), intent NIFTI_INTENT_LABEL.
 */
export function encodeNiftiLabels(volume: NiftiLabelVolume): Uint8Array {
  const [nx, ny, nz] = volume.dims;
  if (volume.labels.length !== nx * ny * nz) {
    throw new RangeError(
      `label volume has ${volume.labels.length} voxels, dims say ${nx * ny * nz}`,
    );
  }
  const out = new Uint8Array(VOX_OFFSET + volume.labels.length);
  const view = new DataView(out.buffer);
  const le = true;
  let max = 0;
  for (const label of volume.labels) if (label > max) max = label;
  view.setInt32(0, HEADER_BYTES, le); // sizeof_hdr
  view.setUint8(38, 'r'.charCodeAt(0)); // regular
  const dim = [3, nx, ny, nz, 1, 1, 1, 1];
  dim.forEach((v, i) => view.setInt16(40 + 2 * i, v, le));
  view.setInt16(68, NIFTI_INTENT_LABEL, le); // intent_code
  view.setInt16(70, DT_UNSIGNED_CHAR, le); // datatype
  view.setInt16(72, 8, le); // bitpix
  const q = quaternion(volume.ijkToRas, volume.voxelSizeMm);
  const pixdim = [
    q.qfac,
    volume.voxelSizeMm[0],
    volume.voxelSizeMm[1],
    volume.voxelSizeMm[2],
    0,
    0,
    0,
    0,
  ];
  pixdim.forEach((v, i) => view.setFloat32(76 + 4 * i, v, le));
  view.setFloat32(108, VOX_OFFSET, le); // vox_offset
  view.setFloat32(112, 1, le); // scl_slope: 1 (0 would also mean "no scaling")
  view.setFloat32(116, 0, le); // scl_inter
  view.setUint8(123, NIFTI_UNITS_MM | NIFTI_UNITS_SEC); // xyzt_units
  view.setFloat32(124, max, le); // cal_max
  view.setFloat32(128, 0, le); // cal_min
  writeAscii(view, 148, volume.description, 80); // descrip
  view.setInt16(252, NIFTI_XFORM_SCANNER_ANAT, le); // qform_code
  view.setInt16(254, NIFTI_XFORM_SCANNER_ANAT, le); // sform_code
  view.setFloat32(256, q.b, le);
  view.setFloat32(260, q.c, le);
  view.setFloat32(264, q.d, le);
  view.setFloat32(268, volume.ijkToRas[0][3] ?? 0, le); // qoffset_x
  view.setFloat32(272, volume.ijkToRas[1][3] ?? 0, le);
  view.setFloat32(276, volume.ijkToRas[2][3] ?? 0, le);
  for (let row = 0; row < 3; row++) {
    for (let col = 0; col < 4; col++)
      view.setFloat32(280 + row * 16 + col * 4, volume.ijkToRas[row]?.[col] ?? 0, le); // srow_x/y/z
  }
  writeAscii(view, 328, 'labels', 16); // intent_name
  out.set([0x6e, 0x2b, 0x31, 0x00], 344); // magic "n+1\0"
  // Bytes 348–351: extension flag, all zero (no extensions).
  out.set(volume.labels, VOX_OFFSET);
  return out;
}

/** {@link encodeNiftiLabels}, gzip-compressed (`.nii.gz`); deterministic (no timestamp in the gzip header). */
export function encodeNiftiLabelsGz(volume: NiftiLabelVolume): Uint8Array {
  return gzipSync(encodeNiftiLabels(volume), { level: 6 });
}
