import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { DicomError } from './dicom-error.js';
import { NeedMoreBytes } from './parser.js';
import { parsePart10, type DicomFile } from './part10.js';

export interface ReadDicomFileOptions {
  /**
   * Read only the header: stop before (7FE0,0010) and read the file in growing
   * chunks, so a large file's pixel data is never read into memory.
   */
  readonly headerOnly?: boolean;
  /** Size of the first chunk read in header mode. */
  readonly initialChunkBytes?: number;
}

const DEFAULT_CHUNK_BYTES = 64 * 1024;

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Parses what was read so far; when the parser needs more, says how much.
 */
function attempt(
  prefix: Uint8Array,
  size: number,
  file: string,
  headerOnly: boolean,
): DicomFile | number {
  try {
    return parsePart10(prefix, { headerOnly, streamLength: size, file });
  } catch (error) {
    if (error instanceof NeedMoreBytes) return error.needed;
    throw error;
  }
}

function gunzipped(bytes: Uint8Array, file: string): DicomFile {
  let inflated: Uint8Array;
  try {
    inflated = gunzipSync(bytes);
  } catch (error) {
    throw new DicomError(
      'DICOM_NOT_DICOM',
      `gzip-compressed and does not decompress: ${(error as Error).message}`,
      { file, offset: 0 },
      { cause: error },
    );
  }
  const parsed = parsePart10(inflated, { file });
  return {
    ...parsed,
    warnings: [
      { code: 'GZIP_WRAPPED', message: 'file is gzip-compressed DICOM; read after gunzip' },
      ...parsed.warnings,
    ],
  };
}

function readError(file: string, error: unknown): DicomError {
  if (error instanceof DicomError) return error.withFile(file);
  const code = (error as NodeJS.ErrnoException).code;
  return new DicomError(
    'DICOM_FILE_READ_FAILED',
    `cannot read file${code === undefined ? '' : ` (${code})`}: ${(error as Error).message}`,
    { file },
    { cause: error },
  );
}

/**
 * Reads a DICOM file (Part 10, bare data set, or gzip-wrapped). Errors are
 * DicomError naming the file, byte offset and element.
 */
export function readDicomFileSync(file: string, options: ReadDicomFileOptions = {}): DicomFile {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const size = fstatSync(fd).size;
    const headerOnly = options.headerOnly === true;
    let chunk = headerOnly
      ? Math.min(size, options.initialChunkBytes ?? DEFAULT_CHUNK_BYTES)
      : size;
    let prefix = Buffer.alloc(0);
    for (;;) {
      // Grow the prefix: keep what was read, read only the rest.
      const grown = Buffer.allocUnsafe(chunk);
      prefix.copy(grown);
      let got = prefix.length;
      while (got < chunk) {
        const n = readSync(fd, grown, got, chunk - got, got);
        if (n === 0) break;
        got += n;
      }
      prefix = grown.subarray(0, got);
      if (isGzip(prefix)) {
        const whole = got === size ? prefix : readAll(fd, size);
        return gunzipped(whole, file);
      }
      const result = attempt(prefix, size, file, headerOnly);
      if (typeof result !== 'number') return { ...result, bytesRead: got };
      if (chunk >= size)
        throw new DicomError('DICOM_TRUNCATED', 'data ends early', { file, offset: size });
      chunk = Math.min(size, Math.max(result, chunk * 2));
    }
  } catch (error) {
    throw readError(file, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function readAll(fd: number, size: number): Buffer {
  const buffer = Buffer.allocUnsafe(size);
  let done = 0;
  while (done < size) {
    const got = readSync(fd, buffer, done, size - done, done);
    if (got === 0) break;
    done += got;
  }
  return buffer.subarray(0, done);
}

/** Asynchronous form of {@link readDicomFileSync}. */
export async function readDicomFile(
  file: string,
  options: ReadDicomFileOptions = {},
): Promise<DicomFile> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const size = (await handle.stat()).size;
    const headerOnly = options.headerOnly === true;
    let chunk = headerOnly
      ? Math.min(size, options.initialChunkBytes ?? DEFAULT_CHUNK_BYTES)
      : size;
    let prefix = Buffer.alloc(0);
    for (;;) {
      const grown = Buffer.allocUnsafe(chunk);
      prefix.copy(grown);
      let got = prefix.length;
      while (got < chunk) {
        const { bytesRead } = await handle.read(grown, got, chunk - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      prefix = grown.subarray(0, got);
      if (isGzip(prefix)) {
        if (got < size) {
          const whole = Buffer.allocUnsafe(size);
          const all = await handle.read(whole, 0, size, 0);
          return gunzipped(whole.subarray(0, all.bytesRead), file);
        }
        return gunzipped(prefix, file);
      }
      const result = attempt(prefix, size, file, headerOnly);
      if (typeof result !== 'number') return { ...result, bytesRead: got };
      if (chunk >= size)
        throw new DicomError('DICOM_TRUNCATED', 'data ends early', { file, offset: size });
      chunk = Math.min(size, Math.max(result, chunk * 2));
    }
  } catch (error) {
    throw readError(file, error);
  } finally {
    await handle?.close();
  }
}
