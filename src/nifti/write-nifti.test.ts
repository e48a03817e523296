import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { RadsetError } from '../errors.js';
import type { NiftiImage } from './nifti-image.js';
import { readNifti } from './nifti-reader.js';
import { encodeNifti1 } from './nifti1-writer.js';
import { writeNifti } from './write-nifti.js';

const dir = mkdtempSync(join(tmpdir(), 'radset-write-nifti-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const image: NiftiImage = {
  dimensions: [64, 48, 20],
  pixdim: [0.7, 0.7, 2],
  datatype: 'int16',
  data: Int16Array.from({ length: 64 * 48 * 20 }, (_, i) => (i % 640) - 100),
  sformCode: 1,
  qformCode: 1,
  srow: [0.7, 0, 0, -20, 0, 0.7, 0, -15, 0, 0, 2, 5, 0, 0, 0, 1],
};

async function rejection(promise: Promise<unknown>): Promise<RadsetError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RadsetError);
  return error as RadsetError;
}

describe('writeNifti', () => {
  it('writes .nii as the encoded bytes, and .nii.gz gzipped (from the name)', async () => {
    await writeNifti(join(dir, 'a.nii'), image);
    await writeNifti(join(dir, 'a.nii.gz'), image, { threads: 3, compressionLevel: 1 });
    const expected = Buffer.concat(encodeNifti1(image));
    expect(readFileSync(join(dir, 'a.nii')).equals(expected)).toBe(true);
    const gz = readFileSync(join(dir, 'a.nii.gz'));
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    expect(gunzipSync(gz).equals(expected)).toBe(true);
    expect(Array.from((await readNifti(join(dir, 'a.nii.gz'))).data)).toEqual(
      Array.from(image.data),
    );
  });

  it('follows the gzip option over the name, and creates missing folders', async () => {
    await writeNifti(join(dir, 'sub', 'deeper', 'b.nii'), image, { gzip: true });
    expect(readFileSync(join(dir, 'sub', 'deeper', 'b.nii')).subarray(0, 2)).toEqual(
      Buffer.from([0x1f, 0x8b]),
    );
    await writeNifti(join(dir, 'plain.nii.gz'), image, { gzip: false });
    expect(readFileSync(join(dir, 'plain.nii.gz')).readInt32LE(0)).toBe(348);
  });

  it('replaces an existing file whole', async () => {
    writeFileSync(join(dir, 'c.nii'), 'old');
    await writeNifti(join(dir, 'c.nii'), image);
    expect(readFileSync(join(dir, 'c.nii')).length).toBe(352 + 64 * 48 * 20 * 2);
  });

  it('fails with OUTPUT_WRITE_FAILED naming the path, leaving nothing behind', async () => {
    const folder = join(dir, 'fail');
    mkdirSync(folder);
    writeFileSync(join(folder, 'blocker'), 'x');
    const underFile = await rejection(writeNifti(join(folder, 'blocker', 'x.nii.gz'), image));
    expect(underFile.code).toBe('OUTPUT_WRITE_FAILED');
    expect(underFile.message).toContain(join(folder, 'blocker', 'x.nii.gz'));
    mkdirSync(join(folder, 'target.nii'));
    const onFolder = await rejection(writeNifti(join(folder, 'target.nii'), image));
    expect(onFolder.code).toBe('OUTPUT_WRITE_FAILED');
    expect(onFolder.message).toContain(join(folder, 'target.nii'));
    expect(readdirSync(folder).sort()).toEqual(['blocker', 'target.nii']);
  });

  it('refuses invalid images and options before touching the disk', async () => {
    const folder = join(dir, 'invalid');
    const bad = await rejection(
      writeNifti(join(folder, 'x.nii'), { ...image, data: new Int16Array(3) }),
    );
    expect(bad.code).toBe('INVALID_ARGUMENT');
    expect((await rejection(writeNifti(join(folder, 'x.hdr'), image))).code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(
      (await rejection(writeNifti(join(folder, 'x.nii.gz'), image, { compressionLevel: 12 })))
        .message,
    ).toMatch(/compression level must be 0\.\.9/);
    expect(
      (await rejection(writeNifti(join(folder, 'x.nii.gz'), image, { threads: 0 }))).code,
    ).toBe('INVALID_ARGUMENT');
    expect(readdirSync(dir)).not.toContain('invalid');
  });
});
