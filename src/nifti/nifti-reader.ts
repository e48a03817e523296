import { readFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { promisify } from 'node:util';
import { gunzip, gunzipSync } from 'node:zlib';
import { RadsetError } from '../errors.js';
import { NIFTI_DATATYPES, niftiBytesPerVoxel, type NiftiVoxelData } from './nifti-datatype.js';
import { niftiInvalid, parseNiftiHeader } from './nifti-header-parser.js';
import type { NiftiHeader, ParsedNiftiImage } from './nifti-image.js';

const gunzipAsync = promisify(gunzip);
const HOST_LITTLE_ENDIAN = endianness() === 'LE';

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzipFailed(file: string, error: unknown): RadsetError {
  const reason = error instanceof Error ? error.message : String(error);
  return new RadsetError('NIFTI_INVALID', `${file}: gzip data is corrupt or truncated: ${reason}`, {
    cause: error,
  });
}

/**
 * The voxels of `header` from `bytes` (the .nii, or the .img of a pair), in
 * native byte order. A view of `bytes` when the byte order is native and the
 * offset aligned; else a copy (byte swapped with Buffer.swap16/32/64).
 */
function voxelsOf(header: NiftiHeader, bytes: Uint8Array, file: string): NiftiVoxelData {
  const info = NIFTI_DATATYPES[header.datatype];
  const voxels = header.dimensions.reduce((product, size) => product * size, 1);
  const byteLength = voxels * niftiBytesPerVoxel(header.datatype);
  const start = header.voxOffset;
  if (start > bytes.length)
    throw niftiInvalid(
      file,
      `vox_offset ${start} is beyond the end of the file (${bytes.length} bytes)`,
    );
  if (!Number.isSafeInteger(byteLength) || start + byteLength > bytes.length)
    throw niftiInvalid(
      file,
      `truncated: ${header.dimensions.join('×')} ${header.datatype} voxels need ${byteLength} bytes from offset ${start}, the file has ${bytes.length - start}`,
    );
  const length = voxels * info.components;
  const swap = header.littleEndian !== HOST_LITTLE_ENDIAN && info.elementBytes > 1;
  const absolute = bytes.byteOffset + start;
  if (!swap && absolute % info.elementBytes === 0)
    return info.create(bytes.buffer, absolute, length);
  // Unaligned or foreign byte order: copy into a fresh buffer (offset 0, so aligned).
  // Not bytes.slice(): on a Buffer that is a view, not a copy.
  const copy = new Uint8Array(bytes.subarray(start, start + byteLength));
  if (swap) {
    const swapped = Buffer.from(copy.buffer, 0, byteLength);
    if (info.elementBytes === 2) swapped.swap16();
    else if (info.elementBytes === 4) swapped.swap32();
    else swapped.swap64();
  }
  return info.create(copy.buffer, 0, length);
}

/** Options of {@link parseNifti}. */
export interface ParseNiftiOptions {
  /** Named in errors. */
  readonly file: string;
  /** The `.img` of a `.hdr`/`.img` pair (magic ni1/ni2); gzipped or not. */
  readonly imageBytes?: Uint8Array;
}

/**
 * A NIfTI-1 or NIfTI-2 image from its bytes: a single file (`.nii`, gzipped
 * or not), or a `.hdr` with its `.img` as `imageBytes`; big- or
 * little-endian. Checks the header ({@link parseNiftiHeader}), that
 * vox_offset lies inside the file and that the file holds every voxel.
 * `data` may be a view of the given bytes. Throws RadsetError NIFTI_INVALID naming `file`.
 */
export function parseNifti(bytes: Uint8Array, options: ParseNiftiOptions): ParsedNiftiImage {
  const { file } = options;
  const plain = (input: Uint8Array): Uint8Array => {
    if (!isGzip(input)) return input;
    try {
      return gunzipSync(input);
    } catch (error) {
      throw gunzipFailed(file, error);
    }
  };
  const headerBytes = plain(bytes);
  const header = parseNiftiHeader(headerBytes, { file });
  if (header.pair && options.imageBytes === undefined)
    throw niftiInvalid(
      file,
      `a .hdr header (magic ni${header.niftiVersion}): its voxels are in the .img file; pass imageBytes`,
    );
  const voxelBytes =
    header.pair && options.imageBytes !== undefined ? plain(options.imageBytes) : headerBytes;
  return { ...header, data: voxelsOf(header, voxelBytes, file) };
}

async function readBytes(path: string): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new RadsetError('NOT_FOUND', `${path}: no such NIfTI file`, { cause: error });
    if (code === 'EISDIR')
      throw new RadsetError('INVALID_ARGUMENT', `${path}: is a folder, not a NIfTI file`, {
        cause: error,
      });
    throw error;
  }
  if (!isGzip(bytes)) return bytes;
  try {
    return await gunzipAsync(bytes);
  } catch (error) {
    throw gunzipFailed(path, error);
  }
}

/** The header path and the candidate image paths of a file named as either half of a pair (or a single file). */
function pairPaths(path: string): {
  readonly headerPath: string;
  readonly imagePaths: readonly string[];
} {
  const match = /^(.*)\.(hdr|img)(\.gz)?$/i.exec(path);
  if (match === null) return { headerPath: path, imagePaths: [] };
  const [, stem = '', kind = '', gz = ''] = match;
  const upper = kind === kind.toUpperCase();
  const hdr = upper ? 'HDR' : 'hdr';
  const img = upper ? 'IMG' : 'img';
  if (kind.toLowerCase() === 'img')
    return { headerPath: `${stem}.${hdr}${gz}`, imagePaths: [path] };
  // Prefer the image compressed like its header, then the other.
  const other = gz === '' ? '.gz' : '';
  return { headerPath: path, imagePaths: [`${stem}.${img}${gz}`, `${stem}.${img}${other}`] };
}

/**
 * The header of the NIfTI-1/NIfTI-2 file at `path` (`.nii`, `.nii.gz`, `.hdr`,
 * `.hdr.gz`, or the `.img` of a pair, whose `.hdr` is then read), without its
 * voxels: works for a header-only `.hdr`. Throws RadsetError NIFTI_INVALID
 * (naming the file) or NOT_FOUND.
 */
export async function readNiftiHeader(path: string): Promise<NiftiHeader> {
  const { headerPath } = pairPaths(path);
  return parseNiftiHeader(await readBytes(headerPath), { file: headerPath });
}

/**
 * The NIfTI-1/NIfTI-2 image at `path`: `.nii`, `.nii.gz` (gzip is recognised
 * by its magic, whatever the name), or a `.hdr`/`.img` pair named by either
 * file (the `.img` may be gzipped). Big-endian files are byte swapped to
 * native order. A `.hdr` whose `.img` is missing is refused with NOT_FOUND
 * (read it with {@link readNiftiHeader}); invalid files with NIFTI_INVALID,
 * naming the file.
 */
export async function readNifti(path: string): Promise<ParsedNiftiImage> {
  const { headerPath, imagePaths } = pairPaths(path);
  const bytes = await readBytes(headerPath);
  const header = parseNiftiHeader(bytes, { file: headerPath });
  if (!header.pair) return { ...header, data: voxelsOf(header, bytes, headerPath) };
  for (const imagePath of imagePaths) {
    let imageBytes: Uint8Array;
    try {
      imageBytes = await readBytes(imagePath);
    } catch (error) {
      if (error instanceof RadsetError && error.code === 'NOT_FOUND') continue;
      throw error;
    }
    return { ...header, data: voxelsOf(header, imageBytes, imagePath) };
  }
  throw new RadsetError(
    'NOT_FOUND',
    `${headerPath}: a .hdr/.img pair header (magic ni${header.niftiVersion}) whose image ` +
      `${imagePaths[0] ?? '(.img)'} is missing; readNiftiHeader reads the header alone`,
  );
}
