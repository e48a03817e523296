import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ctLikeVolume } from '../../test/support/ct-like-volume.js';
import { requirePeer } from '../../test/support/peers.js';
import { gzipParallel } from './parallel-gzip.js';

function concat(chunks: readonly Uint8Array[]): Buffer {
  return Buffer.concat(chunks);
}

/** 10 MB: random stretches between runs of repeated, compressible text. */
function mixedBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  const random = randomBytes(length);
  const text = new TextEncoder().encode('radset NIfTI parallel gzip block ');
  for (let offset = 0; offset < length;) {
    const run = Math.min(length - offset, 1000 + ((offset * 7919) % 50000));
    if ((offset / 1000) % 2 < 1) out.set(random.subarray(offset, offset + run), offset);
    else for (let i = 0; i < run; i++) out[offset + i] = text[i % text.length] ?? 0;
    offset += run;
  }
  return out;
}

describe('gzipParallel (RFC 1952, blocks deflated concurrently as pigz)', () => {
  it.for([
    ['empty input', [new Uint8Array(0)], 1024],
    ['no chunks at all', [], 1024],
    ['one byte', [Uint8Array.of(42)], 1024],
    ['exactly one block', [new Uint8Array(1024).fill(7)], 1024],
    ['exactly four blocks', [randomBytes(4096)], 1024],
    ['four blocks plus one byte', [randomBytes(4097)], 1024],
    [
      'chunks that straddle blocks',
      [randomBytes(352), randomBytes(5000), new Uint8Array(0), randomBytes(3)],
      1000,
    ],
    ['two default blocks exactly', [randomBytes(256 * 1024)], undefined],
  ] as const)('round-trips %s', async ([, chunks, blockBytes]) => {
    const input = concat(chunks);
    const output = concat(
      await gzipParallel(chunks, {
        level: 6,
        threads: 3,
        ...(blockBytes === undefined ? {} : { blockBytes }),
      }),
    );
    expect(Buffer.from(gunzipSync(output)).equals(input)).toBe(true);
  });

  it('writes a deterministic header (mtime 0, OS Unix) and a CRC-32/ISIZE trailer', async () => {
    const input = randomBytes(5000);
    const output = concat(await gzipParallel([input], { level: 9, threads: 2, blockBytes: 1024 }));
    expect([...output.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
    const reference = gzipSync(input);
    // CRC-32 and length match zlib's own trailer.
    expect([...output.subarray(output.length - 8)]).toEqual([
      ...reference.subarray(reference.length - 8),
    ]);
  });

  it('gives the same bytes whatever the number of threads', async () => {
    const input = mixedBytes(600_000);
    const one = concat(await gzipParallel([input], { threads: 1, blockBytes: 64 * 1024 }));
    const many = concat(await gzipParallel([input], { threads: 7, blockBytes: 64 * 1024 }));
    expect(one.equals(many)).toBe(true);
  });

  it('round-trips 10 MB of random and compressible data, through Node and gzip(1)', async (ctx) => {
    const input = mixedBytes(10_000_000);
    const output = concat(
      await gzipParallel([input.subarray(0, 352), input.subarray(352)], { level: 6 }),
    );
    expect(Buffer.from(gunzipSync(output)).equals(Buffer.from(input))).toBe(true);
    requirePeer(ctx, 'gzip');
    const test = spawnSync('gzip', ['-t'], { input: output });
    expect(test.status, test.stderr.toString()).toBe(0);
    const decompressed = spawnSync('gzip', ['-dc'], { input: output, maxBuffer: 64 * 1024 * 1024 });
    expect(decompressed.status).toBe(0);
    expect(decompressed.stdout.equals(Buffer.from(input))).toBe(true);
  });

  it('gzip -t accepts empty and one-byte members', async (ctx) => {
    requirePeer(ctx, 'gzip');
    for (const input of [new Uint8Array(0), Uint8Array.of(1)]) {
      const output = concat(await gzipParallel([input]));
      expect(spawnSync('gzip', ['-t'], { input: output }).status).toBe(0);
      expect(spawnSync('gzip', ['-dc'], { input: output }).stdout.equals(Buffer.from(input))).toBe(
        true,
      );
    }
  });

  it('compresses a CT-like int16 volume within 1% of single-stream gzip at the same level', async () => {
    const volume = ctLikeVolume(512, 512, 16);
    const input = new Uint8Array(volume.buffer);
    for (const level of [1, 6]) {
      const single = gzipSync(input, { level }).length;
      const parallel = concat(await gzipParallel([input], { level })).length;
      expect(
        Math.abs(parallel / single - 1),
        `level ${level}: ${parallel} vs ${single}`,
      ).toBeLessThan(0.01);
    }
  });

  it('refuses invalid options', async () => {
    await expect(gzipParallel([], { level: 10 })).rejects.toThrow(
      /level must be an integer 0\.\.9/,
    );
    await expect(gzipParallel([], { threads: 0 })).rejects.toThrow(/threads/);
    await expect(gzipParallel([], { blockBytes: 1.5 })).rejects.toThrow(/blockBytes/);
  });
});
