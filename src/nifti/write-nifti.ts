import { mkdir, open, rename, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { RadsetError } from '../errors.js';
import type { NiftiImage } from './nifti-image.js';
import { encodeNifti1 } from './nifti1-writer.js';
import { gzipParallel } from './parallel-gzip.js';

/** Options of {@link writeNifti}. */
export interface WriteNiftiOptions {
  /** Gzip the file; default: when the path ends in `.gz`. */
  readonly gzip?: boolean;
  /** zlib level 0–9; default 6, as dcm2niix and pigz. */
  readonly compressionLevel?: number;
  /** Blocks compressed at once; default os.availableParallelism(). */
  readonly threads?: number;
}

let temporaryCounter = 0;

/**
 * Writes `image` as a single-file NIfTI-1 (`.nii`, or `.nii.gz` gzipped with
 * {@link gzipParallel}) at `path`, atomically: the bytes go to a hidden
 * temporary file in the same folder (created if missing) that is renamed
 * over `path` (POSIX rename(2) is atomic within a file system), so readers
 * see the old file or the whole new one, and a failure leaves nothing
 * half-written. Not fsync'd: this guards against failed and interrupted
 * runs, not power loss. The voxels are written from `image.data` without a
 * copy. Throws RadsetError INVALID_ARGUMENT for an image NIfTI-1 cannot hold
 * and OUTPUT_WRITE_FAILED (naming `path`) when writing fails.
 */
export async function writeNifti(
  path: string,
  image: NiftiImage,
  options: WriteNiftiOptions = {},
): Promise<void> {
  if (/\.(hdr|img)(\.gz)?$/i.test(path))
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `${path}: radset writes single-file NIfTI (.nii or .nii.gz), not .hdr/.img pairs`,
    );
  const level = options.compressionLevel ?? 6;
  const threads = options.threads ?? availableParallelism();
  if (!Number.isInteger(level) || level < 0 || level > 9)
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `${path}: compression level must be 0..9, got ${level}`,
    );
  if (!Number.isInteger(threads) || threads < 1)
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `${path}: threads must be a positive integer, got ${threads}`,
    );
  const chunks = encodeNifti1(image);
  const gzip = options.gzip ?? path.toLowerCase().endsWith('.gz');
  const bytes = gzip ? await gzipParallel(chunks, { level, threads }) : chunks;
  const folder = dirname(path);
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${temporaryCounter++}.tmp`);
  try {
    await mkdir(folder, { recursive: true });
    const handle = await open(temporary, 'wx');
    try {
      const expected = bytes.reduce((sum, chunk) => sum + chunk.length, 0);
      const { bytesWritten } = await handle.writev(bytes);
      if (bytesWritten !== expected)
        throw new Error(`short write: ${bytesWritten} of ${expected} bytes`);
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    // Best effort: when the folder itself is the problem there is no temporary file to remove.
    await rm(temporary, { force: true }).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new RadsetError('OUTPUT_WRITE_FAILED', `${path}: NIfTI not written: ${reason}`, {
      cause: error,
    });
  }
}
