/**
 * Bytes received from a socket and not yet consumed, kept as the chunks they
 * arrived in. Reading a value out hands back views of those chunks rather
 * than copies, so a data set travels from the socket to its final buffer
 * with one copy in all.
 */
export class ByteQueue {
  private readonly chunks: Uint8Array[] = [];
  /** Bytes of `chunks[0]` already consumed. */
  private head = 0;
  private total = 0;

  /** Bytes available. */
  get length(): number {
    return this.total;
  }

  push(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.length;
  }

  /** The byte `index` bytes ahead (index < length). */
  byteAt(index: number): number {
    let i = index + this.head;
    for (const chunk of this.chunks) {
      if (i < chunk.length) return chunk[i] ?? 0;
      i -= chunk.length;
    }
    throw new RangeError(`byte ${index} is beyond the ${this.total} bytes queued`);
  }

  /** Big-endian unsigned 32-bit number `index` bytes ahead. */
  uint32At(index: number): number {
    return (
      ((this.byteAt(index) << 24) |
        (this.byteAt(index + 1) << 16) |
        (this.byteAt(index + 2) << 8) |
        this.byteAt(index + 3)) >>>
      0
    );
  }

  /** Drops `count` bytes. */
  skip(count: number): void {
    this.take(count);
  }

  /** Removes `count` bytes and returns them as views of the queued chunks (no copy). */
  take(count: number): Uint8Array[] {
    if (count > this.total)
      throw new RangeError(`cannot take ${count} bytes: only ${this.total} queued`);
    const out: Uint8Array[] = [];
    let left = count;
    while (left > 0) {
      const chunk = this.chunks[0] as Uint8Array;
      const available = chunk.length - this.head;
      if (left < available) {
        out.push(chunk.subarray(this.head, this.head + left));
        this.head += left;
        left = 0;
      } else {
        out.push(this.head === 0 ? chunk : chunk.subarray(this.head));
        this.chunks.shift();
        this.head = 0;
        left -= available;
      }
    }
    this.total -= count;
    return out;
  }

  /** Removes `count` bytes as one buffer: a view when they sit in one chunk, else a copy. */
  takeContiguous(count: number): Uint8Array {
    const parts = this.take(count);
    if (parts.length === 1) return parts[0] as Uint8Array;
    return concatChunks(parts, count);
  }
}

/** Concatenates chunks into one new buffer (the single copy a message gets). */
export function concatChunks(chunks: readonly Uint8Array[], totalBytes?: number): Uint8Array {
  const out = new Uint8Array(totalBytes ?? chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
