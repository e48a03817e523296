/**
 * NIfTI-1/NIfTI-2 (nifti1.h, nifti2.h): a pure format domain, like src/dicom.
 * Writes single-file NIfTI-1 (`.nii`, `.nii.gz` with parallel gzip), reads
 * NIfTI-1 and NIfTI-2 single files and `.hdr`/`.img` pairs in either byte order.
 */
export {
  NIFTI_DATATYPES,
  niftiBytesPerVoxel,
  niftiDatatypeFromCode,
  type NiftiDatatype,
  type NiftiVoxelData,
} from './nifti-datatype.js';
export {
  NIFTI_INTENT_LABEL,
  NIFTI_UNITS,
  NIFTI_XFORM,
  type NiftiAffine,
  type NiftiExtension,
  type NiftiHeader,
  type NiftiImage,
  type NiftiQuaternion,
  type NiftiStorage,
  type ParsedNiftiImage,
} from './nifti-image.js';
export { niftiAffine, type NiftiAffineSource } from './nifti-affine.js';
export { affineFromQform, qformFromAffine } from './quaternion.js';
export { encodeNifti1, encodeNifti1Header } from './nifti1-writer.js';
export { writeNifti, type WriteNiftiOptions } from './write-nifti.js';
export { gzipParallel, type GzipParallelOptions } from './parallel-gzip.js';
export { parseNiftiHeader } from './nifti-header-parser.js';
export { parseNifti, readNifti, readNiftiHeader, type ParseNiftiOptions } from './nifti-reader.js';
