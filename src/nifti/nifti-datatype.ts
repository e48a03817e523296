/**
 * The voxel types radset reads and writes, with their nifti1.h `datatype`
 * codes (NIFTI_TYPE_*) and `bitpix`. Complex, 64-bit integer, 128-bit float
 * and RGBA types are refused by name in the reader.
 */
export type NiftiDatatype =
  'uint8' | 'int8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'float32' | 'float64' | 'rgb24';

/** The typed array that holds a datatype's voxels; rgb24 is a Uint8Array with R, G, B per voxel. */
export type NiftiVoxelData =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

interface DatatypeInfo {
  /** nifti1.h NIFTI_TYPE_* code. */
  readonly code: number;
  /** Bits per voxel (nifti1.h `bitpix`). */
  readonly bitpix: number;
  /** Array elements per voxel: 3 for rgb24, else 1. */
  readonly components: number;
  /** Bytes per array element (the unit byte swapping works in). */
  readonly elementBytes: number;
  /** The typed array class name, for messages. */
  readonly arrayName: string;
  readonly create: (buffer: ArrayBufferLike, byteOffset: number, length: number) => NiftiVoxelData;
  readonly is: (data: NiftiVoxelData) => boolean;
}

/** nifti1.h "NIFTI_TYPE_*" codes and sizes. */
export const NIFTI_DATATYPES: Readonly<Record<NiftiDatatype, DatatypeInfo>> = {
  uint8: {
    code: 2,
    bitpix: 8,
    components: 1,
    elementBytes: 1,
    arrayName: 'Uint8Array',
    create: (b, o, n) => new Uint8Array(b, o, n),
    is: (d) => d instanceof Uint8Array,
  },
  int16: {
    code: 4,
    bitpix: 16,
    components: 1,
    elementBytes: 2,
    arrayName: 'Int16Array',
    create: (b, o, n) => new Int16Array(b, o, n),
    is: (d) => d instanceof Int16Array,
  },
  int32: {
    code: 8,
    bitpix: 32,
    components: 1,
    elementBytes: 4,
    arrayName: 'Int32Array',
    create: (b, o, n) => new Int32Array(b, o, n),
    is: (d) => d instanceof Int32Array,
  },
  float32: {
    code: 16,
    bitpix: 32,
    components: 1,
    elementBytes: 4,
    arrayName: 'Float32Array',
    create: (b, o, n) => new Float32Array(b, o, n),
    is: (d) => d instanceof Float32Array,
  },
  float64: {
    code: 64,
    bitpix: 64,
    components: 1,
    elementBytes: 8,
    arrayName: 'Float64Array',
    create: (b, o, n) => new Float64Array(b, o, n),
    is: (d) => d instanceof Float64Array,
  },
  rgb24: {
    code: 128,
    bitpix: 24,
    components: 3,
    elementBytes: 1,
    arrayName: 'Uint8Array',
    create: (b, o, n) => new Uint8Array(b, o, n),
    is: (d) => d instanceof Uint8Array,
  },
  int8: {
    code: 256,
    bitpix: 8,
    components: 1,
    elementBytes: 1,
    arrayName: 'Int8Array',
    create: (b, o, n) => new Int8Array(b, o, n),
    is: (d) => d instanceof Int8Array,
  },
  uint16: {
    code: 512,
    bitpix: 16,
    components: 1,
    elementBytes: 2,
    arrayName: 'Uint16Array',
    create: (b, o, n) => new Uint16Array(b, o, n),
    is: (d) => d instanceof Uint16Array,
  },
  uint32: {
    code: 768,
    bitpix: 32,
    components: 1,
    elementBytes: 4,
    arrayName: 'Uint32Array',
    create: (b, o, n) => new Uint32Array(b, o, n),
    is: (d) => d instanceof Uint32Array,
  },
};

const BY_CODE: ReadonlyMap<number, NiftiDatatype> = new Map(
  (Object.keys(NIFTI_DATATYPES) as NiftiDatatype[]).map((name) => [
    NIFTI_DATATYPES[name].code,
    name,
  ]),
);

/** The datatype with nifti1.h code `code`, or undefined when radset does not support it. */
export function niftiDatatypeFromCode(code: number): NiftiDatatype | undefined {
  return BY_CODE.get(code);
}

/** Bytes one voxel takes (`bitpix / 8`). */
export function niftiBytesPerVoxel(datatype: NiftiDatatype): number {
  return NIFTI_DATATYPES[datatype].bitpix / 8;
}
