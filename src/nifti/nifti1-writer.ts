import { endianness } from 'node:os';
import { RadsetError } from '../errors.js';
import { NIFTI_DATATYPES } from './nifti-datatype.js';
import { NIFTI_UNITS, type NiftiImage, type NiftiQuaternion } from './nifti-image.js';
import { float32Quaternion, qformFromAffine } from './quaternion.js';

/** nifti1.h: sizeof_hdr, and vox_offset of a single .nii without extensions (header + 4-byte extension flag). */
const NIFTI1_HEADER_BYTES = 348;
const NIFTI1_VOX_OFFSET = 352;
/** dim[] is int16 in NIfTI-1. */
const NIFTI1_MAX_DIMENSION = 32767;
const HOST_LITTLE_ENDIAN = endianness() === 'LE';

function invalid(message: string): RadsetError {
  return new RadsetError('INVALID_ARGUMENT', `NIfTI image: ${message}`);
}

function checkInt16(name: string, value: number): number {
  if (!Number.isInteger(value) || value < -32768 || value > 32767)
    throw invalid(`${name} must be an int16, got ${value}`);
  return value;
}

function checkUint8(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 255)
    throw invalid(`${name} must be 0..255, got ${value}`);
  return value;
}

/** Writes `text` as UTF-8 into a NUL-terminated field of `fieldBytes`, cut on a character boundary. */
function writeText(bytes: Uint8Array, offset: number, fieldBytes: number, text: string): void {
  // encodeInto writes whole characters only, so a cut never splits a UTF-8 sequence.
  new TextEncoder().encodeInto(text, bytes.subarray(offset, offset + fieldBytes - 1));
}

/** The number of voxels the dimensions describe, after checking them. */
function voxelCount(dimensions: readonly number[]): number {
  if (dimensions.length < 1 || dimensions.length > 7)
    throw invalid(`needs 1 to 7 dimensions, got ${dimensions.length}`);
  let count = 1;
  for (const [axis, size] of dimensions.entries()) {
    if (!Number.isInteger(size) || size < 1 || size > NIFTI1_MAX_DIMENSION)
      throw invalid(
        `dimension ${axis + 1} is ${size}; NIfTI-1 sizes are 1..${NIFTI1_MAX_DIMENSION}`,
      );
    count *= size;
  }
  return count;
}

/** The qform to store: the caller's, else one derived from the sform, else none (identity, qfac 1). */
function qformOf(image: NiftiImage): NiftiQuaternion | undefined {
  if (image.quaternion !== undefined) return image.quaternion;
  if (image.srow !== undefined) return qformFromAffine(image.srow).quaternion;
  return undefined;
}

function checkImage(image: NiftiImage): void {
  const info = NIFTI_DATATYPES[image.datatype];
  if ((info as typeof info | undefined) === undefined)
    throw invalid(`unknown datatype '${String(image.datatype)}'`);
  const voxels = voxelCount(image.dimensions);
  if (image.pixdim.length !== image.dimensions.length)
    throw invalid(
      `pixdim has ${image.pixdim.length} values for ${image.dimensions.length} dimensions`,
    );
  if (!image.pixdim.every(Number.isFinite)) throw invalid(`pixdim must be finite numbers`);
  if (!info.is(image.data))
    throw invalid(
      `datatype ${image.datatype} needs a ${info.arrayName}, got a ${image.data.constructor.name}`,
    );
  if (image.data.length !== voxels * info.components)
    throw invalid(
      `data has ${image.data.length} elements; dimensions ${image.dimensions.join('×')} of ${image.datatype} need ${voxels * info.components}`,
    );
  if (image.srow !== undefined && (image.srow.length !== 16 || !image.srow.every(Number.isFinite)))
    throw invalid(`srow must be 16 finite numbers (a row-major 4×4), got ${image.srow.length}`);
  if ((image.sformCode ?? 0) > 0 && image.srow === undefined)
    throw invalid(`sformCode ${image.sformCode} needs srow`);
  if ((image.qformCode ?? 0) > 0 && image.quaternion === undefined && image.srow === undefined)
    throw invalid(`qformCode ${image.qformCode} needs a quaternion or an srow to derive it from`);
  for (const extension of image.extensions ?? []) checkInt16('extension code', extension.code);
}

/** Bytes each extension takes: 8 (esize, ecode) + data, padded to a multiple of 16 (nifti1.h). */
function extensionBytes(dataBytes: number): number {
  return Math.ceil((dataBytes + 8) / 16) * 16;
}

/**
 * The bytes of a single-file NIfTI-1 (`.nii`, magic `n+1`) before the voxels,
 * little endian, laid out per nifti1.h: the 348-byte header, the 4-byte
 * extension flag, then any extensions; its length is vox_offset (352 without
 * extensions). When `quaternion` is absent and `srow` present, the qform is
 * derived from the sform ({@link qformFromAffine}); pixdim[1..] are the
 * caller's either way. Throws RadsetError INVALID_ARGUMENT for an image the
 * format cannot hold (sizes above 32767, data of the wrong type or length).
 */
export function encodeNifti1Header(image: NiftiImage): Uint8Array {
  checkImage(image);
  const info = NIFTI_DATATYPES[image.datatype];
  const extensions = image.extensions ?? [];
  const voxOffset =
    NIFTI1_VOX_OFFSET + extensions.reduce((sum, e) => sum + extensionBytes(e.data.length), 0);
  const bytes = new Uint8Array(voxOffset);
  const view = new DataView(bytes.buffer);
  const le = true;
  view.setInt32(0, NIFTI1_HEADER_BYTES, le); // sizeof_hdr
  bytes[38] = 'r'.charCodeAt(0); // regular: as nibabel and dcm2niix write it
  bytes[39] = checkUint8('dimInfo', image.dimInfo ?? 0); // dim_info
  const dim = [image.dimensions.length, ...image.dimensions];
  for (let i = 0; i < 8; i++) view.setInt16(40 + 2 * i, dim[i] ?? 1, le);
  const [p1, p2, p3] = image.intentParameters ?? [0, 0, 0];
  view.setFloat32(56, p1, le);
  view.setFloat32(60, p2, le);
  view.setFloat32(64, p3, le);
  view.setInt16(68, checkInt16('intentCode', image.intentCode ?? 0), le);
  view.setInt16(70, info.code, le); // datatype
  view.setInt16(72, info.bitpix, le);
  view.setInt16(74, checkInt16('sliceStart', image.sliceStart ?? 0), le);
  const quaternion = qformOf(image);
  const stored = quaternion === undefined ? undefined : float32Quaternion(quaternion);
  // pixdim[0] is qfac; unused trailing entries are 1, as nibabel writes them.
  const pixdim = [stored !== undefined && stored.qfac < 0 ? -1 : 1, ...image.pixdim];
  for (let i = 0; i < 8; i++) view.setFloat32(76 + 4 * i, pixdim[i] ?? 1, le);
  view.setFloat32(108, voxOffset, le);
  view.setFloat32(112, image.sclSlope ?? 1, le);
  view.setFloat32(116, image.sclInter ?? 0, le);
  view.setInt16(120, checkInt16('sliceEnd', image.sliceEnd ?? 0), le);
  bytes[122] = checkUint8('sliceCode', image.sliceCode ?? 0);
  bytes[123] = checkUint8('xyztUnits', image.xyztUnits ?? NIFTI_UNITS.MM | NIFTI_UNITS.SEC);
  view.setFloat32(124, image.calMax ?? 0, le);
  view.setFloat32(128, image.calMin ?? 0, le);
  view.setFloat32(132, image.sliceDuration ?? 0, le);
  view.setFloat32(136, image.toffset ?? 0, le);
  // glmax, glmin (140, 144): unused in NIfTI-1, left 0.
  writeText(bytes, 148, 80, image.description ?? ''); // descrip
  writeText(bytes, 228, 24, image.auxFile ?? ''); // aux_file
  view.setInt16(252, checkInt16('qformCode', image.qformCode ?? 0), le);
  view.setInt16(254, checkInt16('sformCode', image.sformCode ?? 0), le);
  if (stored !== undefined) {
    view.setFloat32(256, stored.quaternB, le);
    view.setFloat32(260, stored.quaternC, le);
    view.setFloat32(264, stored.quaternD, le);
    view.setFloat32(268, stored.qoffsetX, le);
    view.setFloat32(272, stored.qoffsetY, le);
    view.setFloat32(276, stored.qoffsetZ, le);
  }
  if (image.srow !== undefined) {
    for (let i = 0; i < 12; i++) view.setFloat32(280 + 4 * i, image.srow[i] ?? 0, le); // srow_x, srow_y, srow_z
  }
  writeText(bytes, 328, 16, image.intentName ?? ''); // intent_name
  bytes.set([0x6e, 0x2b, 0x31, 0x00], 344); // magic "n+1\0"
  // Extension flag (348–351): extension[0] = 1 when extensions follow.
  if (extensions.length > 0) bytes[348] = 1;
  let offset = NIFTI1_VOX_OFFSET;
  for (const extension of extensions) {
    const size = extensionBytes(extension.data.length);
    view.setInt32(offset, size, le); // esize
    view.setInt32(offset + 4, extension.code, le); // ecode
    bytes.set(extension.data, offset + 8);
    offset += size;
  }
  return bytes;
}

/**
 * A single-file NIfTI-1 image as the byte chunks to write in order: the
 * header ({@link encodeNifti1Header}), then the voxels, little endian. On a
 * little-endian host the voxel chunk is a view of `image.data` (no copy of
 * the volume); write the chunks before changing the data.
 */
export function encodeNifti1(image: NiftiImage): Uint8Array[] {
  const header = encodeNifti1Header(image);
  const { data } = image;
  const voxels = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (HOST_LITTLE_ENDIAN || NIFTI_DATATYPES[image.datatype].elementBytes === 1)
    return [header, voxels];
  const swapped = Buffer.from(voxels);
  const elementBytes = NIFTI_DATATYPES[image.datatype].elementBytes;
  if (elementBytes === 2) swapped.swap16();
  else if (elementBytes === 4) swapped.swap32();
  else swapped.swap64();
  return [header, swapped];
}
