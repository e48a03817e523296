import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { RadsetError } from '../errors.js';
import type { NiftiVoxelData } from './nifti-datatype.js';
import type { NiftiImage } from './nifti-image.js';
import { parseNiftiHeader } from './nifti-header-parser.js';
import { parseNifti, readNifti, readNiftiHeader } from './nifti-reader.js';
import { encodeNifti1 } from './nifti1-writer.js';

const dir = mkdtempSync(join(tmpdir(), 'radset-nifti-reader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SROW = [-0.9, 0.1, 0, 100, 0.1, 0.9, 0, -50, 0, 0, 3, 20, 0, 0, 0, 1];

function sample(overrides: Partial<NiftiImage> = {}): NiftiImage {
  return {
    dimensions: [5, 4, 3],
    pixdim: [0.9055, 0.9055, 3],
    datatype: 'int16',
    data: Int16Array.from({ length: 60 }, (_, i) => ((i * 1237) % 4000) - 1024),
    sclSlope: 1,
    sclInter: -1024,
    qformCode: 1,
    sformCode: 1,
    srow: SROW,
    description: 'sample',
    ...overrides,
  };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

function encode(image: NiftiImage): Uint8Array {
  return concat(encodeNifti1(image));
}

/** Byte-swaps a little-endian NIfTI-1 file (header fields per nifti1.h, extensions, voxels) to big endian. */
function toBigEndian(bytes: Uint8Array, elementBytes: number): Uint8Array {
  const out = bytes.slice();
  const swap = (offset: number, size: number): void => {
    out.subarray(offset, offset + size).reverse();
  };
  for (const o of [0, 32, 140, 144]) swap(o, 4);
  for (const o of [36, 68, 70, 72, 74, 120, 252, 254]) swap(o, 2);
  for (let i = 0; i < 8; i++) swap(40 + 2 * i, 2);
  for (const o of [56, 60, 64, 108, 112, 116, 124, 128, 132, 136]) swap(o, 4);
  for (let i = 0; i < 8; i++) swap(76 + 4 * i, 4);
  for (let i = 0; i < 18; i++) swap(256 + 4 * i, 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const voxOffset = view.getFloat32(108, true);
  for (let o = 352; o + 8 <= voxOffset;) {
    const size = view.getInt32(o, true);
    swap(o, 4);
    swap(o + 4, 4);
    o += size;
  }
  if (elementBytes > 1)
    for (let o = voxOffset; o < out.length; o += elementBytes) swap(o, elementBytes);
  return out;
}

/** A NIfTI-2 file (nifti2.h), written field by field, as a second implementation to read against. */
function nifti2(options: {
  readonly littleEndian: boolean;
  readonly magic?: string;
  readonly dimensions: readonly number[];
  readonly data: Int16Array;
}): Uint8Array {
  const le = options.littleEndian;
  const out = new Uint8Array(544 + options.data.byteLength);
  const view = new DataView(out.buffer);
  view.setInt32(0, 540, le);
  out.set(new TextEncoder().encode(options.magic ?? 'n+2\0\r\n\x1a\n'), 4);
  view.setInt16(12, 4, le);
  view.setInt16(14, 16, le);
  const dim = [options.dimensions.length, ...options.dimensions];
  for (let i = 0; i < 8; i++) view.setBigInt64(16 + 8 * i, BigInt(dim[i] ?? 1), le);
  const pixdim = [-1, 2, 2, 2.2, 2000, 1, 1, 1];
  for (let i = 0; i < 8; i++) view.setFloat64(104 + 8 * i, pixdim[i] ?? 1, le);
  view.setBigInt64(168, 544n, le);
  view.setFloat64(176, 2, le); // scl_slope
  view.setFloat64(184, 10, le);
  view.setFloat64(192, 255, le); // cal_max
  out.set(new TextEncoder().encode('nifti-2 test'), 240);
  view.setInt32(344, 1, le);
  view.setInt32(348, 2, le);
  view.setFloat64(352 + 16, 0.5, le); // quatern_d
  for (let i = 0; i < 12; i++) view.setFloat64(400 + 8 * i, i + 0.25, le);
  view.setInt32(500, 10, le);
  view.setInt32(504, 1002, le);
  out.set(new TextEncoder().encode('labels'), 508);
  out[524] = 57;
  for (let i = 0; i < options.data.length; i++)
    view.setInt16(544 + 2 * i, options.data[i] ?? 0, le);
  return out;
}

function expectError(attempt: () => unknown, code: string, ...messages: RegExp[]): void {
  let thrown: unknown;
  try {
    attempt();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(RadsetError);
  expect((thrown as RadsetError).code).toBe(code);
  for (const message of messages) expect((thrown as RadsetError).message).toMatch(message);
}

async function expectRejection(
  promise: Promise<unknown>,
  code: string,
  ...messages: RegExp[]
): Promise<void> {
  const thrown = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(thrown).toBeInstanceOf(RadsetError);
  expect((thrown as RadsetError).code).toBe(code);
  for (const message of messages) expect((thrown as RadsetError).message).toMatch(message);
}

function plainArray(data: NiftiVoxelData): number[] {
  return Array.from(data);
}

describe('parseNifti: NIfTI-1 written by encodeNifti1 reads back', () => {
  it('keeps every header field and the voxels', () => {
    const image = sample({
      xyztUnits: 2 | 8,
      intentCode: 1002,
      intentParameters: [1, 2, 3],
      intentName: 'labels',
      calMin: -5,
      calMax: 200,
      toffset: 0.5,
      sliceCode: 2,
      sliceStart: 1,
      sliceEnd: 2,
      sliceDuration: 0.25,
      dimInfo: 57,
      auxFile: 'aux',
      extensions: [{ code: 6, data: new TextEncoder().encode('a comment') }],
    });
    const parsed = parseNifti(encode(image), { file: 'sample.nii' });
    expect(parsed.niftiVersion).toBe(1);
    expect(parsed.littleEndian).toBe(true);
    expect(parsed.pair).toBe(false);
    expect(parsed.voxOffset).toBe(384); // 352 + one 32-byte extension
    expect(parsed.dimensions).toEqual([5, 4, 3]);
    expect(parsed.pixdim).toEqual([Math.fround(0.9055), Math.fround(0.9055), 3]);
    expect(parsed.datatype).toBe('int16');
    expect(plainArray(parsed.data)).toEqual(plainArray(image.data));
    expect(parsed.sclSlope).toBe(1);
    expect(parsed.sclInter).toBe(-1024);
    expect(parsed.qformCode).toBe(1);
    expect(parsed.sformCode).toBe(1);
    parsed.srow.forEach((v, i) => expect(v).toBe(Math.fround(SROW[i] ?? 0)));
    expect(parsed.quaternion.qfac).toBe(-1);
    expect(parsed.xyztUnits).toBe(10);
    expect(parsed.description).toBe('sample');
    expect(parsed.intentCode).toBe(1002);
    expect(parsed.intentParameters).toEqual([1, 2, 3]);
    expect(parsed.intentName).toBe('labels');
    expect([parsed.calMin, parsed.calMax, parsed.toffset]).toEqual([-5, 200, 0.5]);
    expect([parsed.sliceCode, parsed.sliceStart, parsed.sliceEnd]).toEqual([2, 1, 2]);
    expect(parsed.sliceDuration).toBe(0.25);
    expect(parsed.dimInfo).toBe(57);
    expect(parsed.auxFile).toBe('aux');
    expect(parsed.extensions).toHaveLength(1);
    expect(parsed.extensions[0]?.code).toBe(6);
    expect(new TextDecoder().decode(parsed.extensions[0]?.data).replace(/\0+$/, '')).toBe(
      'a comment',
    );
  });

  it.for([
    ['uint8', Uint8Array.from({ length: 60 }, (_, i) => i * 4)],
    ['int8', Int8Array.from({ length: 60 }, (_, i) => i - 30)],
    ['uint16', Uint16Array.from({ length: 60 }, (_, i) => i * 1000)],
    ['int32', Int32Array.from({ length: 60 }, (_, i) => (i - 30) * 100000)],
    ['uint32', Uint32Array.from({ length: 60 }, (_, i) => i * 70000000)],
    ['float32', Float32Array.from({ length: 60 }, (_, i) => i / 7)],
    ['float64', Float64Array.from({ length: 60 }, (_, i) => Math.PI * i)],
    ['rgb24', Uint8Array.from({ length: 180 }, (_, i) => (i * 7) % 256)],
  ] as const)('reads %s voxels in both byte orders', ([datatype, data]) => {
    const bytes = encode(sample({ datatype, data }));
    const little = parseNifti(bytes, { file: `${datatype}.nii` });
    expect(little.datatype).toBe(datatype);
    expect(little.data.constructor).toBe(data.constructor);
    expect(plainArray(little.data)).toEqual(plainArray(data));
    const elementBytes = data.BYTES_PER_ELEMENT;
    const bigBytes = toBigEndian(bytes, elementBytes);
    const big = parseNifti(bigBytes, { file: `${datatype}-be.nii` });
    expect(big.littleEndian).toBe(false);
    expect(big.datatype).toBe(datatype);
    expect(plainArray(big.data)).toEqual(plainArray(data));
    expect(big.dimensions).toEqual([5, 4, 3]);
    expect(big.srow).toEqual(little.srow);
    expect(big.quaternion).toEqual(little.quaternion);
    expect(big.sclInter).toBe(-1024);
    // Swapping works on a copy: the input bytes are left as they were.
    const again = parseNifti(bigBytes, { file: `${datatype}-be.nii` });
    expect(plainArray(again.data)).toEqual(plainArray(data));
  });

  it('reads gzipped bytes', () => {
    const image = sample();
    const parsed = parseNifti(gzipSync(encode(image)), { file: 'sample.nii.gz' });
    expect(plainArray(parsed.data)).toEqual(plainArray(image.data));
  });

  it('returns a view of aligned input and copies misaligned input', () => {
    const bytes = encode(
      sample({ datatype: 'float64', data: Float64Array.from({ length: 60 }, (_, i) => i) }),
    );
    const aligned = parseNifti(bytes, { file: 'a.nii' });
    expect(aligned.data.buffer).toBe(bytes.buffer);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const misaligned = parseNifti(shifted.subarray(1), { file: 'b.nii' });
    expect(misaligned.data.buffer).not.toBe(shifted.buffer);
    expect(plainArray(misaligned.data)).toEqual(plainArray(aligned.data));
  });

  it('reads a single file whose vox_offset is 0 from byte 352, as nifti1_io and nibabel do', () => {
    const bytes = encode(sample());
    new DataView(bytes.buffer).setFloat32(108, 0, true);
    const parsed = parseNifti(bytes, { file: 'zero-offset.nii' });
    expect(parsed.voxOffset).toBe(352);
    expect(plainArray(parsed.data)).toEqual(plainArray(sample().data));
  });

  it('stops at a malformed extension instead of failing', () => {
    const bytes = encode(sample({ extensions: [{ code: 6, data: new Uint8Array(8) }] }));
    new DataView(bytes.buffer).setInt32(352, 4000, true); // esize past vox_offset
    const parsed = parseNifti(bytes, { file: 'bad-extension.nii' });
    expect(parsed.extensions).toEqual([]);
    expect(plainArray(parsed.data)).toEqual(plainArray(sample().data));
  });
});

describe('parseNifti: NIfTI-2 (nifti2.h)', () => {
  const data = Int16Array.from({ length: 24 }, (_, i) => i * 3 - 7);
  it.for([true, false])('reads a NIfTI-2 file, little endian %s', (littleEndian) => {
    const parsed = parseNifti(nifti2({ littleEndian, dimensions: [4, 3, 2], data }), {
      file: 'v2.nii',
    });
    expect(parsed.niftiVersion).toBe(2);
    expect(parsed.littleEndian).toBe(littleEndian);
    expect(parsed.voxOffset).toBe(544);
    expect(parsed.dimensions).toEqual([4, 3, 2]);
    expect(parsed.pixdim).toEqual([2, 2, 2.2]);
    expect(parsed.datatype).toBe('int16');
    expect(plainArray(parsed.data)).toEqual(plainArray(data));
    expect([parsed.sclSlope, parsed.sclInter, parsed.calMax]).toEqual([2, 10, 255]);
    expect([parsed.qformCode, parsed.sformCode]).toEqual([1, 2]);
    expect(parsed.quaternion.quaternD).toBe(0.5);
    expect(parsed.quaternion.qfac).toBe(-1);
    expect(parsed.srow.slice(0, 12)).toEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((i) => i + 0.25),
    );
    expect(parsed.xyztUnits).toBe(10);
    expect(parsed.intentCode).toBe(1002);
    expect(parsed.intentName).toBe('labels');
    expect(parsed.description).toBe('nifti-2 test');
    expect(parsed.dimInfo).toBe(57);
  });

  it('reads a NIfTI-2 header of a pair (ni2) with its image bytes', () => {
    const full = nifti2({
      littleEndian: true,
      magic: 'ni2\0\r\n\x1a\n',
      dimensions: [4, 3, 2],
      data,
    });
    const header = full.slice(0, 544);
    new DataView(header.buffer).setBigInt64(168, 0n, true);
    const parsed = parseNifti(header, { file: 'v2.hdr', imageBytes: full.slice(544) });
    expect(parsed.pair).toBe(true);
    expect(plainArray(parsed.data)).toEqual(plainArray(data));
  });
});

describe('parseNifti: invalid input names the file', () => {
  it('refuses a file too short for a header', () => {
    expectError(
      () => parseNifti(new Uint8Array(3), { file: 'tiny.nii' }),
      'NIFTI_INVALID',
      /tiny\.nii/,
      /3 bytes/,
    );
    expectError(
      () => parseNifti(encode(sample()).slice(0, 200), { file: 'short.nii' }),
      'NIFTI_INVALID',
      /short\.nii/,
      /200 bytes, shorter than the NIfTI-1 header \(348 bytes\)/,
    );
  });

  it('refuses a wrong sizeof_hdr', () => {
    const bytes = encode(sample());
    new DataView(bytes.buffer).setInt32(0, 1234, true);
    expectError(
      () => parseNifti(bytes, { file: 'x.nii' }),
      'NIFTI_INVALID',
      /x\.nii/,
      /sizeof_hdr is 1234/,
    );
  });

  it('refuses a bad magic (Analyze 7.5)', () => {
    const bytes = encode(sample());
    bytes.set([0, 0, 0, 0], 344);
    expectError(
      () => parseNifti(bytes, { file: 'analyze.hdr' }),
      'NIFTI_INVALID',
      /analyze\.hdr/,
      /magic/,
      /Analyze/,
    );
  });

  it.for([
    ['dim[0] = 0', 40, 0, /dim\[0\] is 0; it must be 1\.\.7/],
    ['dim[0] = 8', 40, 8, /dim\[0\] is 8/],
    ['a negative size', 44, -5, /dim\[2\] is -5; sizes must be positive/],
    ['a zero size', 46, 0, /dim\[3\] is 0/],
  ] as const)('refuses %s', ([, offset, value, message]) => {
    const bytes = encode(sample());
    new DataView(bytes.buffer).setInt16(offset, value, true);
    expectError(
      () => parseNifti(bytes, { file: 'dims.nii' }),
      'NIFTI_INVALID',
      /dims\.nii/,
      message,
    );
  });

  it.for([
    [32, /unsupported datatype 32 in complex\.nii \(complex64/],
    [1792, /unsupported datatype 1792 in complex\.nii \(complex128/],
    [1024, /unsupported datatype 1024 in complex\.nii \(int64/],
    [9999, /unsupported datatype 9999 in complex\.nii \(not a NIfTI datatype/],
  ] as const)('refuses datatype %i', ([code, message]) => {
    const bytes = encode(sample());
    new DataView(bytes.buffer).setInt16(70, code, true);
    expectError(() => parseNifti(bytes, { file: 'complex.nii' }), 'NIFTI_INVALID', message);
  });

  it('refuses truncated voxels, saying how many bytes were expected and found', () => {
    const bytes = encode(sample()).slice(0, 352 + 100);
    expectError(
      () => parseNifti(bytes, { file: 'cut.nii' }),
      'NIFTI_INVALID',
      /cut\.nii/,
      /truncated/,
      /need 120 bytes from offset 352, the file has 100/,
    );
  });

  it('refuses a vox_offset past the end of the file', () => {
    const bytes = encode(sample());
    new DataView(bytes.buffer).setFloat32(108, 100000, true);
    expectError(
      () => parseNifti(bytes, { file: 'far.nii' }),
      'NIFTI_INVALID',
      /far\.nii/,
      /vox_offset 100000 is beyond the end/,
    );
  });

  it('refuses corrupt gzip', () => {
    const gz = gzipSync(encode(sample()));
    expectError(
      () => parseNifti(gz.subarray(0, gz.length - 20), { file: 'cut.nii.gz' }),
      'NIFTI_INVALID',
      /cut\.nii\.gz/,
      /gzip/,
    );
  });

  it('refuses a pair header without image bytes', () => {
    const bytes = encode(sample()).slice(0, 352);
    bytes.set([0x6e, 0x69, 0x31, 0], 344);
    expectError(
      () => parseNifti(bytes, { file: 'x.hdr' }),
      'NIFTI_INVALID',
      /x\.hdr/,
      /imageBytes/,
    );
  });
});

describe('readNifti and readNiftiHeader on files', () => {
  const image = sample();
  const bytes = encode(image);

  it('reads .nii and .nii.gz', async () => {
    writeFileSync(join(dir, 'a.nii'), bytes);
    writeFileSync(join(dir, 'a.nii.gz'), gzipSync(bytes));
    for (const name of ['a.nii', 'a.nii.gz']) {
      const read = await readNifti(join(dir, name));
      expect(plainArray(read.data)).toEqual(plainArray(image.data));
      expect((await readNiftiHeader(join(dir, name))).dimensions).toEqual([5, 4, 3]);
    }
  });

  it('reads a .hdr/.img pair named by either file, the .img gzipped or not', async () => {
    const header = bytes.slice(0, 352);
    header.set([0x6e, 0x69, 0x31, 0], 344); // ni1
    new DataView(header.buffer).setFloat32(108, 0, true);
    writeFileSync(join(dir, 'pair.hdr'), header);
    writeFileSync(join(dir, 'pair.img'), bytes.subarray(352));
    writeFileSync(join(dir, 'zipped.hdr'), header);
    writeFileSync(join(dir, 'zipped.img.gz'), gzipSync(bytes.subarray(352)));
    for (const name of ['pair.hdr', 'pair.img', 'zipped.hdr']) {
      const read = await readNifti(join(dir, name));
      expect(read.pair).toBe(true);
      expect(plainArray(read.data)).toEqual(plainArray(image.data));
    }
  });

  it('refuses a header-only .hdr with NOT_FOUND, and readNiftiHeader reads it', async () => {
    const header = bytes.slice(0, 352);
    header.set([0x6e, 0x69, 0x31, 0], 344);
    writeFileSync(join(dir, 'alone.hdr'), header);
    await expectRejection(
      readNifti(join(dir, 'alone.hdr')),
      'NOT_FOUND',
      /alone\.hdr/,
      /alone\.img is missing/,
      /readNiftiHeader/,
    );
    const read = await readNiftiHeader(join(dir, 'alone.hdr'));
    expect(read.pair).toBe(true);
    expect(read.dimensions).toEqual([5, 4, 3]);
  });

  it('names the file when it is missing or invalid', async () => {
    await expectRejection(readNifti(join(dir, 'missing.nii')), 'NOT_FOUND', /missing\.nii/);
    writeFileSync(join(dir, 'short.nii'), bytes.subarray(0, 400));
    await expectRejection(
      readNifti(join(dir, 'short.nii')),
      'NIFTI_INVALID',
      /short\.nii/,
      /truncated/,
    );
    writeFileSync(join(dir, 'broken.nii.gz'), gzipSync(bytes).subarray(0, 50));
    await expectRejection(
      readNifti(join(dir, 'broken.nii.gz')),
      'NIFTI_INVALID',
      /broken\.nii\.gz/,
      /gzip/,
    );
    await expectRejection(readNifti(dir), 'INVALID_ARGUMENT', /is a folder/);
  });
});

describe('parseNiftiHeader', () => {
  it('needs only the header bytes', () => {
    const header = parseNiftiHeader(encode(sample()).slice(0, 352), { file: 'h.nii' });
    expect(header.dimensions).toEqual([5, 4, 3]);
    expect(header.datatype).toBe('int16');
  });
});
