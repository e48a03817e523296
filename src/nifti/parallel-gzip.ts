import { availableParallelism } from 'node:os';
import { constants, crc32, deflateRaw } from 'node:zlib';

/** Options of {@link gzipParallel}. */
export interface GzipParallelOptions {
  /** zlib level 0–9; default 6 (gzip's, pigz's and dcm2niix's default). */
  readonly level?: number;
  /** Blocks compressed at once; default os.availableParallelism(). */
  readonly threads?: number;
  /** Input bytes per block; default 128 KiB (pigz's default). */
  readonly blockBytes?: number;
}

/** Deflate's window: each block is primed with this much of the input before it, as pigz does. */
const WINDOW_BYTES = 32 * 1024;
const DEFAULT_BLOCK_BYTES = 128 * 1024;
const DEFAULT_LEVEL = 6;
/** RFC 1952 §2.3.1 OS field: 3 = Unix, as zlib and pigz write on Linux. */
const OS_UNIX = 3;

/** The logical concatenation of `chunks`, read by byte range without copying where one chunk holds the range. */
class ChunkedBytes {
  readonly length: number;
  private readonly starts: number[] = [];

  constructor(private readonly chunks: readonly Uint8Array[]) {
    let length = 0;
    for (const chunk of chunks) {
      this.starts.push(length);
      length += chunk.length;
    }
    this.length = length;
  }

  /** Bytes [start, end): a view when one chunk holds them, else a copy. */
  range(start: number, end: number): Uint8Array {
    const pieces: Uint8Array[] = [];
    for (let i = 0; i < this.chunks.length && start < end; i++) {
      const chunk = this.chunks[i] as Uint8Array;
      const chunkStart = this.starts[i] ?? 0;
      const chunkEnd = chunkStart + chunk.length;
      if (chunkEnd <= start || chunk.length === 0) continue;
      pieces.push(chunk.subarray(start - chunkStart, Math.min(end, chunkEnd) - chunkStart));
      start = Math.min(end, chunkEnd);
    }
    if (pieces.length === 1) return pieces[0] as Uint8Array;
    return Buffer.concat(pieces);
  }
}

function deflateBlock(
  input: Uint8Array,
  dictionary: Uint8Array | undefined,
  level: number,
  last: boolean,
): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    deflateRaw(
      input,
      {
        level,
        // Room for the whole block's output, so zlib hands it back in one piece
        // rather than returning to the main thread every 16 KiB.
        chunkSize: Math.max(64 * 1024, input.length + (input.length >> 8) + 64),
        // Z_SYNC_FLUSH ends a non-final block on a byte boundary with an empty
        // stored block (RFC 1951 §3.2.4), so blocks concatenate into one stream.
        finishFlush: last ? constants.Z_FINISH : constants.Z_SYNC_FLUSH,
        ...(dictionary === undefined ? {} : { dictionary }),
      },
      (error, output) => {
        if (error !== null) reject(error);
        // The output sits in a buffer sized for the input: keep only its bytes.
        else
          resolve(output.length * 2 < output.buffer.byteLength ? new Uint8Array(output) : output);
      },
    );
  });
}

function checkOption(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new RangeError(`gzipParallel: ${name} must be an integer ${min}..${max}, got ${value}`);
  return value;
}

/**
 * Compresses the concatenation of `chunks` into ONE gzip member (RFC 1952)
 * with blocks deflated concurrently, as pigz does: the input is cut into
 * `blockBytes` blocks; each is raw-deflated (RFC 1951) on libuv's thread pool,
 * primed with the previous 32 KiB as its dictionary (so the ratio stays
 * within a fraction of a percent of single-stream gzip) and ended with
 * Z_SYNC_FLUSH, the last one with Z_FINISH. At most `threads` blocks are in
 * flight. The output is deterministic (mtime 0, no name) and independent of
 * `threads`. Returns the member as chunks to write in order.
 *
 * Parallelism is capped by libuv's pool size: UV_THREADPOOL_SIZE, read when
 * the process first uses the pool (default 4). bin/radset.js sets it to the
 * number of cores; a library caller must set it in the environment of the
 * process, since an ES module entry has already started the pool.
 */
export async function gzipParallel(
  chunks: readonly Uint8Array[],
  options: GzipParallelOptions = {},
): Promise<Uint8Array[]> {
  const level = checkOption('level', options.level ?? DEFAULT_LEVEL, 0, 9);
  const threads = checkOption(
    'threads',
    options.threads ?? availableParallelism(),
    1,
    Number.MAX_SAFE_INTEGER,
  );
  const blockBytes = checkOption(
    'blockBytes',
    options.blockBytes ?? DEFAULT_BLOCK_BYTES,
    1,
    2 ** 30,
  );
  const input = new ChunkedBytes(chunks);
  const blockCount = Math.max(1, Math.ceil(input.length / blockBytes));
  const blocks: Uint8Array[] = new Array<Uint8Array>(blockCount);
  const running = new Set<Promise<void>>();
  // The first failure; later blocks are not started, running ones are awaited.
  let failure: { readonly error: unknown } | undefined;
  let crc = 0;
  for (let index = 0; index < blockCount && failure === undefined; index++) {
    while (running.size >= threads) await Promise.race(running);
    if (failure !== undefined) break;
    const start = index * blockBytes;
    const end = Math.min(input.length, start + blockBytes);
    const block = input.range(start, end);
    const dictionary =
      start === 0 ? undefined : input.range(Math.max(0, start - WINDOW_BYTES), start);
    const task: Promise<void> = deflateBlock(block, dictionary, level, index === blockCount - 1)
      .then(
        (output) => {
          blocks[index] = output;
        },
        (error: unknown) => {
          failure ??= { error };
        },
      )
      .finally(() => running.delete(task));
    running.add(task);
    // The CRC runs on this thread while the pool compresses.
    crc = crc32(block, crc);
  }
  await Promise.all(running);
  if (failure !== undefined) throw failure.error;
  // RFC 1952 §2.3: ID1 ID2 CM=8 (deflate) FLG=0 MTIME=0 XFL OS.
  const xfl = level === 9 ? 2 : level === 1 ? 4 : 0;
  const header = Uint8Array.of(0x1f, 0x8b, 8, 0, 0, 0, 0, 0, xfl, OS_UNIX);
  const trailer = new Uint8Array(8);
  const view = new DataView(trailer.buffer);
  view.setUint32(0, crc >>> 0, true); // CRC32
  view.setUint32(4, input.length % 2 ** 32, true); // ISIZE: length mod 2^32
  return [header, ...blocks, trailer];
}
