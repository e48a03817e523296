import { RadsetError } from '../errors.js';
import { NIFTI_DATATYPES, niftiDatatypeFromCode, type NiftiDatatype } from './nifti-datatype.js';
import type { NiftiExtension, NiftiHeader } from './nifti-image.js';

/** nifti1.h / nifti2.h sizeof_hdr. */
const NIFTI1_HEADER_BYTES = 348;
const NIFTI2_HEADER_BYTES = 540;

/** NIfTI codes radset recognises but does not read, named in its error. */
const UNSUPPORTED_DATATYPES: ReadonlyMap<number, string> = new Map([
  [1, 'binary'],
  [32, 'complex64'],
  [1024, 'int64'],
  [1280, 'uint64'],
  [1536, 'float128'],
  [1792, 'complex128'],
  [2048, 'complex256'],
  [2304, 'rgba32'],
]);

const SUPPORTED_NAMES = Object.keys(NIFTI_DATATYPES).join(', ');

/** A NIFTI_INVALID error about `file`. */
export function niftiInvalid(file: string, message: string): RadsetError {
  return new RadsetError('NIFTI_INVALID', `${file}: ${message}`);
}

/**
 * Field offsets of the two header versions (nifti1.h `nifti_1_header`,
 * nifti2.h `nifti_2_header`). NIfTI-2 widens dim, vox_offset and slice_start/end to
 * int64, floats to double, codes to int32, and reorders the fields.
 */
interface Layout {
  readonly version: 1 | 2;
  readonly headerBytes: number;
  readonly magic: number;
  readonly dimInfo: number;
  readonly dim: number;
  readonly intentP: number;
  readonly intentCode: number;
  readonly datatype: number;
  readonly sliceStart: number;
  readonly pixdim: number;
  readonly voxOffset: number;
  readonly sclSlope: number;
  readonly sclInter: number;
  readonly sliceEnd: number;
  readonly sliceCode: number;
  readonly xyztUnits: number;
  readonly calMax: number;
  readonly calMin: number;
  readonly sliceDuration: number;
  readonly toffset: number;
  readonly descrip: number;
  readonly auxFile: number;
  readonly qformCode: number;
  readonly sformCode: number;
  readonly quatern: number;
  readonly srow: number;
  readonly intentName: number;
}

const NIFTI1: Layout = {
  version: 1,
  headerBytes: NIFTI1_HEADER_BYTES,
  magic: 344,
  dimInfo: 39,
  dim: 40,
  intentP: 56,
  intentCode: 68,
  datatype: 70,
  sliceStart: 74,
  pixdim: 76,
  voxOffset: 108,
  sclSlope: 112,
  sclInter: 116,
  sliceEnd: 120,
  sliceCode: 122,
  xyztUnits: 123,
  calMax: 124,
  calMin: 128,
  sliceDuration: 132,
  toffset: 136,
  descrip: 148,
  auxFile: 228,
  qformCode: 252,
  sformCode: 254,
  quatern: 256,
  srow: 280,
  intentName: 328,
};

const NIFTI2: Layout = {
  version: 2,
  headerBytes: NIFTI2_HEADER_BYTES,
  magic: 4,
  datatype: 12,
  dim: 16,
  intentP: 80,
  pixdim: 104,
  voxOffset: 168,
  sclSlope: 176,
  sclInter: 184,
  calMax: 192,
  calMin: 200,
  sliceDuration: 208,
  toffset: 216,
  sliceStart: 224,
  sliceEnd: 232,
  descrip: 240,
  auxFile: 320,
  qformCode: 344,
  sformCode: 348,
  quatern: 352,
  srow: 400,
  sliceCode: 496,
  xyztUnits: 500,
  intentCode: 504,
  intentName: 508,
  dimInfo: 524,
};

/** Reads the fields of one layout, in one byte order: NIfTI-1 fields are 16/32-bit, NIfTI-2 fields 32/64-bit. */
class FieldReader {
  private readonly view: DataView;
  constructor(
    private readonly bytes: Uint8Array,
    private readonly layout: Layout,
    readonly littleEndian: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  /** int16 in NIfTI-1, int64 in NIfTI-2 (dim, slice_start, slice_end, vox_offset). */
  wideInt(offset: number): number {
    if (this.layout.version === 1) return this.view.getInt16(offset, this.littleEndian);
    const value = this.view.getBigInt64(offset, this.littleEndian);
    return value > BigInt(Number.MAX_SAFE_INTEGER) || value < BigInt(Number.MIN_SAFE_INTEGER)
      ? Number.NaN
      : Number(value);
  }
  /** float32 in NIfTI-1, float64 in NIfTI-2. */
  real(offset: number): number {
    return this.layout.version === 1
      ? this.view.getFloat32(offset, this.littleEndian)
      : this.view.getFloat64(offset, this.littleEndian);
  }
  /** int16 in NIfTI-1, int32 in NIfTI-2 (intent_code, qform_code, sform_code). */
  code(offset: number): number {
    return this.layout.version === 1
      ? this.view.getInt16(offset, this.littleEndian)
      : this.view.getInt32(offset, this.littleEndian);
  }
  /** uint8 in NIfTI-1, int32 in NIfTI-2 (slice_code, xyzt_units). */
  smallCode(offset: number): number {
    return this.layout.version === 1
      ? (this.bytes[offset] ?? 0)
      : this.view.getInt32(offset, this.littleEndian);
  }
  int16(offset: number): number {
    return this.view.getInt16(offset, this.littleEndian);
  }
  int32(offset: number): number {
    return this.view.getInt32(offset, this.littleEndian);
  }
  /** A NUL-terminated text field, UTF-8 (ASCII in practice). */
  text(offset: number, fieldBytes: number): string {
    const field = this.bytes.subarray(offset, offset + fieldBytes);
    const end = field.indexOf(0);
    return new TextDecoder().decode(end === -1 ? field : field.subarray(0, end));
  }
}

function ascii(bytes: Uint8Array): string {
  return [...bytes]
    .map((b) =>
      b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`,
    )
    .join('');
}

/** Which header version and byte order `bytes` start with, from sizeof_hdr (nifti1.h, nifti2.h). */
function detectLayout(bytes: Uint8Array, file: string): { layout: Layout; littleEndian: boolean } {
  if (bytes.length < 4)
    throw niftiInvalid(file, `${bytes.length} bytes, too short for a NIfTI header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (const layout of [NIFTI1, NIFTI2]) {
    for (const littleEndian of [true, false]) {
      if (view.getInt32(0, littleEndian) === layout.headerBytes) {
        if (bytes.length < layout.headerBytes)
          throw niftiInvalid(
            file,
            `${bytes.length} bytes, shorter than the NIfTI-${layout.version} header (${layout.headerBytes} bytes)`,
          );
        return { layout, littleEndian };
      }
    }
  }
  throw niftiInvalid(
    file,
    `sizeof_hdr is ${view.getInt32(0, true)}, not 348 (NIfTI-1) or 540 (NIfTI-2): not a NIfTI file`,
  );
}

/**
 * Header extensions (nifti1.h "extension"): present when the first byte of
 * the 4-byte flag after the header is non-zero; each is esize (a multiple of
 * 16, counting its 8-byte prefix), ecode and data, up to `limit` (vox_offset
 * of a single file, the end of a .hdr). A malformed esize ends the list, as in
 * nifti1_io, rather than failing the read.
 */
function parseExtensions(
  bytes: Uint8Array,
  fields: FieldReader,
  headerBytes: number,
  limit: number,
): NiftiExtension[] {
  const extensions: NiftiExtension[] = [];
  if (bytes.length < headerBytes + 4 || bytes[headerBytes] === 0) return extensions;
  let offset = headerBytes + 4;
  const end = Math.min(limit, bytes.length);
  while (offset + 8 <= end) {
    const size = fields.int32(offset);
    if (size < 8 || offset + size > end) break;
    extensions.push({
      code: fields.int32(offset + 4),
      // A copy (not bytes.slice(), a view on a Buffer): the header must not pin the file.
      data: new Uint8Array(bytes.subarray(offset + 8, offset + size)),
    });
    offset += size;
  }
  return extensions;
}

/**
 * The header of a NIfTI-1 or NIfTI-2 file (single `.nii` or `.hdr` of a
 * pair), either byte order, from its first bytes (uncompressed). Validates
 * sizeof_hdr, the magic, dim (dim[0] 1..7, positive sizes), the datatype
 * (those of {@link NiftiDatatype}) and vox_offset. A single file whose
 * vox_offset is below the header and extension flag is read from just after
 * them, as nifti1_io and nibabel do. Throws RadsetError NIFTI_INVALID naming `file`.
 */
export function parseNiftiHeader(
  bytes: Uint8Array,
  options: { readonly file: string },
): NiftiHeader {
  const { file } = options;
  const { layout, littleEndian } = detectLayout(bytes, file);
  const fields = new FieldReader(bytes, layout, littleEndian);
  const magicBytes = bytes.subarray(layout.magic, layout.magic + 4);
  const magic = ascii(magicBytes);
  const expected = layout.version === 1 ? ['n+1\\x00', 'ni1\\x00'] : ['n+2\\x00', 'ni2\\x00'];
  if (!expected.includes(magic))
    throw niftiInvalid(
      file,
      `magic is '${magic}', not '${expected[0]}' or '${expected[1]}'` +
        (layout.version === 1 ? ' (an Analyze 7.5 header?)' : ''),
    );
  const pair = magic.startsWith('ni');
  const rank = fields.wideInt(layout.dim);
  if (!(rank >= 1 && rank <= 7)) throw niftiInvalid(file, `dim[0] is ${rank}; it must be 1..7`);
  const dimensions: number[] = [];
  for (let axis = 1; axis <= rank; axis++) {
    const size = fields.wideInt(layout.dim + axis * (layout.version === 1 ? 2 : 8));
    if (!(size >= 1)) throw niftiInvalid(file, `dim[${axis}] is ${size}; sizes must be positive`);
    dimensions.push(size);
  }
  const datatypeCode = fields.int16(layout.datatype);
  const datatype: NiftiDatatype | undefined = niftiDatatypeFromCode(datatypeCode);
  if (datatype === undefined) {
    const name = UNSUPPORTED_DATATYPES.get(datatypeCode);
    throw new RadsetError(
      'NIFTI_INVALID',
      `unsupported datatype ${datatypeCode} in ${file}` +
        ` (${name ?? 'not a NIfTI datatype'}; radset reads ${SUPPORTED_NAMES})`,
    );
  }
  const realWidth = layout.version === 1 ? 4 : 8;
  const real = (index: number, base: number): number => fields.real(base + index * realWidth);
  const pixdim = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => real(i, layout.pixdim));
  const storedVoxOffset =
    layout.version === 1 ? fields.real(layout.voxOffset) : fields.wideInt(layout.voxOffset);
  if (!Number.isFinite(storedVoxOffset) || storedVoxOffset < 0)
    throw niftiInvalid(file, `vox_offset is ${storedVoxOffset}`);
  const minimumSingleFileOffset = layout.headerBytes + 4;
  const voxOffset =
    !pair && storedVoxOffset < minimumSingleFileOffset
      ? minimumSingleFileOffset
      : Math.floor(storedVoxOffset);
  const srow = [
    ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => real(i, layout.srow)),
    0,
    0,
    0,
    1,
  ];
  return {
    niftiVersion: layout.version,
    littleEndian,
    voxOffset,
    pair,
    dimensions,
    pixdim: pixdim.slice(1, rank + 1),
    datatype,
    sclSlope: fields.real(layout.sclSlope),
    sclInter: fields.real(layout.sclInter),
    sformCode: fields.code(layout.sformCode),
    srow,
    qformCode: fields.code(layout.qformCode),
    quaternion: {
      quaternB: real(0, layout.quatern),
      quaternC: real(1, layout.quatern),
      quaternD: real(2, layout.quatern),
      qoffsetX: real(3, layout.quatern),
      qoffsetY: real(4, layout.quatern),
      qoffsetZ: real(5, layout.quatern),
      // nifti1_io: qfac is −1 when pixdim[0] < 0, else 1 (0 included).
      qfac: (pixdim[0] ?? 0) < 0 ? -1 : 1,
    },
    xyztUnits: fields.smallCode(layout.xyztUnits),
    description: fields.text(layout.descrip, 80),
    intentCode: fields.code(layout.intentCode),
    intentParameters: [real(0, layout.intentP), real(1, layout.intentP), real(2, layout.intentP)],
    intentName: fields.text(layout.intentName, 16),
    calMin: fields.real(layout.calMin),
    calMax: fields.real(layout.calMax),
    toffset: fields.real(layout.toffset),
    sliceCode: fields.smallCode(layout.sliceCode),
    sliceStart: fields.wideInt(layout.sliceStart),
    sliceEnd: fields.wideInt(layout.sliceEnd),
    sliceDuration: fields.real(layout.sliceDuration),
    dimInfo: bytes[layout.dimInfo] ?? 0,
    auxFile: fields.text(layout.auxFile, 24),
    extensions: parseExtensions(bytes, fields, layout.headerBytes, pair ? bytes.length : voxOffset),
  };
}
