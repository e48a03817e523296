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
  /**
   * A buffer to read whole files into, reused from call to call (grown when
   * a file is bigger): reading a series file by file then allocates once
   * instead of once per file. The returned DicomFile's values are views of
   * it, valid only until the next read with the same holder.
   */
  readonly reuse?: ReusableReadBuffer;
}

/** Holder of the buffer {@link ReadDicomFileOptions.reuse} reads into. */
export interface ReusableReadBuffer {
  buffer: Buffer | undefined;
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
 * The reading plan, apart from the I/O: yields how many bytes of the file it
 * wants in memory (a prefix from offset 0), is given that prefix back, and
 * returns the parsed file. Header reads start small and grow the prefix only
 * as far as the parser asks; gzip-wrapped files are read whole.
 */
function* readPlan(
  file: string,
  size: number,
  options: ReadDicomFileOptions,
): Generator<number, DicomFile, Buffer> {
  const headerOnly = options.headerOnly === true;
  let chunk = headerOnly ? Math.min(size, options.initialChunkBytes ?? DEFAULT_CHUNK_BYTES) : size;
  for (;;) {
    let prefix = yield chunk;
    if (isGzip(prefix)) {
      if (prefix.length < size) prefix = yield size;
      return gunzipped(prefix, file);
    }
    const result = attempt(prefix, size, file, headerOnly);
    if (typeof result !== 'number') return { ...result, bytesRead: prefix.length };
    if (chunk >= size)
      throw new DicomError('DICOM_TRUNCATED', 'data ends early', { file, offset: size });
    chunk = Math.min(size, Math.max(result, chunk * 2));
  }
}

/** `length` bytes of the reusable buffer, grown (to the next MiB) when too small. */
function reusable(holder: ReusableReadBuffer, length: number): Buffer {
  if (holder.buffer === undefined || holder.buffer.length < length) {
    holder.buffer = Buffer.allocUnsafeSlow(Math.ceil(length / 1048576) * 1048576);
  }
  return holder.buffer.subarray(0, length);
}

/** A bigger prefix that keeps the bytes already read: only the rest is read. */
function grown(prefix: Buffer, length: number): Buffer {
  const next = Buffer.allocUnsafe(length);
  prefix.copy(next);
  return next;
}

/**
 * Reads a DICOM file (Part 10, bare data set, or gzip-wrapped). Errors are
 * DicomError naming the file, byte offset and element.
 */
export function readDicomFileSync(file: string, options: ReadDicomFileOptions = {}): DicomFile {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const plan = readPlan(file, fstatSync(fd).size, options);
    let prefix: Buffer = Buffer.alloc(0);
    for (let step = plan.next(prefix); ; step = plan.next(prefix)) {
      if (step.done === true) return step.value;
      const buffer =
        prefix.length === 0 && options.reuse !== undefined
          ? reusable(options.reuse, step.value)
          : grown(prefix, step.value);
      let got = prefix.length;
      while (got < buffer.length) {
        const n = readSync(fd, buffer, got, buffer.length - got, got);
        if (n === 0) break;
        got += n;
      }
      prefix = buffer.subarray(0, got);
    }
  } catch (error) {
    throw readError(file, error);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Asynchronous form of {@link readDicomFileSync}. */
export async function readDicomFile(
  file: string,
  options: ReadDicomFileOptions = {},
): Promise<DicomFile> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(file, 'r');
    const plan = readPlan(file, (await handle.stat()).size, options);
    let prefix: Buffer = Buffer.alloc(0);
    for (let step = plan.next(prefix); ; step = plan.next(prefix)) {
      if (step.done === true) return step.value;
      const buffer =
        prefix.length === 0 && options.reuse !== undefined
          ? reusable(options.reuse, step.value)
          : grown(prefix, step.value);
      let got = prefix.length;
      while (got < buffer.length) {
        const { bytesRead } = await handle.read(buffer, got, buffer.length - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      prefix = buffer.subarray(0, got);
    }
  } catch (error) {
    throw readError(file, error);
  } finally {
    await handle?.close();
  }
}
