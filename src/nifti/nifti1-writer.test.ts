import { describe, expect, it } from 'vitest';
import { RadsetError } from '../errors.js';
import type { NiftiImage } from './nifti-image.js';
import { encodeNifti1, encodeNifti1Header } from './nifti1-writer.js';
import { affineFromQform, qformFromAffine } from './quaternion.js';

const OBLIQUE: readonly number[] = (() => {
  // A left-handed oblique affine: 0.8 × 0.8 × 2.5 mm voxels.
  const c = Math.cos(0.3);
  const s = Math.sin(0.3);
  return [-0.8 * c, 0.8 * s, 0, 10, 0.8 * s, 0.8 * c, 0, -20, 0, 0, 2.5, 30, 0, 0, 0, 1];
})();

function image(overrides: Partial<NiftiImage> = {}): NiftiImage {
  return {
    dimensions: [4, 3, 2],
    pixdim: [0.8, 0.8, 2.5],
    datatype: 'int16',
    data: Int16Array.from({ length: 24 }, (_, i) => i * 100 - 1000),
    ...overrides,
  };
}

function fields(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function text(bytes: Uint8Array, offset: number, length: number): string {
  const field = bytes.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(field.subarray(0, end === -1 ? length : end));
}

describe('encodeNifti1Header (nifti1.h, single file n+1)', () => {
  it('writes sizeof_hdr, magic, dim, datatype, bitpix, vox_offset and the defaults', () => {
    const header = encodeNifti1Header(image());
    const view = fields(header);
    expect(header.length).toBe(352);
    expect(view.getInt32(0, true)).toBe(348);
    expect(String.fromCharCode(...header.subarray(344, 348))).toBe('n+1\0');
    expect([...header.subarray(348, 352)]).toEqual([0, 0, 0, 0]);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((i) => view.getInt16(40 + 2 * i, true))).toEqual([
      3, 4, 3, 2, 1, 1, 1, 1,
    ]);
    expect(view.getInt16(70, true)).toBe(4);
    expect(view.getInt16(72, true)).toBe(16);
    expect(view.getFloat32(108, true)).toBe(352);
    expect(view.getFloat32(112, true)).toBe(1); // scl_slope
    expect(view.getFloat32(116, true)).toBe(0); // scl_inter
    expect(header[123]).toBe(10); // mm + sec
    expect(view.getInt16(252, true)).toBe(0);
    expect(view.getInt16(254, true)).toBe(0);
    expect(view.getFloat32(76, true)).toBe(1); // qfac
    expect([1, 2, 3].map((i) => view.getFloat32(76 + 4 * i, true))).toEqual([
      Math.fround(0.8),
      Math.fround(0.8),
      2.5,
    ]);
  });

  it('writes every datatype code and bitpix', () => {
    const cases = [
      ['uint8', new Uint8Array(24), 2, 8],
      ['int8', new Int8Array(24), 256, 8],
      ['int16', new Int16Array(24), 4, 16],
      ['uint16', new Uint16Array(24), 512, 16],
      ['int32', new Int32Array(24), 8, 32],
      ['uint32', new Uint32Array(24), 768, 32],
      ['float32', new Float32Array(24), 16, 32],
      ['float64', new Float64Array(24), 64, 64],
      ['rgb24', new Uint8Array(72), 128, 24],
    ] as const;
    for (const [datatype, data, code, bitpix] of cases) {
      const view = fields(encodeNifti1Header(image({ datatype, data })));
      expect(view.getInt16(70, true), datatype).toBe(code);
      expect(view.getInt16(72, true), datatype).toBe(bitpix);
    }
  });

  it('writes the sform rows, and derives the qform from them when none is given', () => {
    const header = encodeNifti1Header(image({ sformCode: 2, qformCode: 1, srow: OBLIQUE }));
    const view = fields(header);
    expect(view.getInt16(252, true)).toBe(1);
    expect(view.getInt16(254, true)).toBe(2);
    for (let i = 0; i < 12; i++)
      expect(view.getFloat32(280 + 4 * i, true)).toBe(Math.fround(OBLIQUE[i] ?? 0));
    const { quaternion } = qformFromAffine(OBLIQUE);
    expect(view.getFloat32(76, true)).toBe(-1); // left-handed: qfac −1
    expect(view.getFloat32(256, true)).toBe(Math.fround(quaternion.quaternB));
    expect(view.getFloat32(260, true)).toBe(Math.fround(quaternion.quaternC));
    expect(view.getFloat32(264, true)).toBe(Math.fround(quaternion.quaternD));
    expect([268, 272, 276].map((o) => view.getFloat32(o, true))).toEqual([10, -20, 30]);
    const stored = affineFromQform(
      {
        quaternB: view.getFloat32(256, true),
        quaternC: view.getFloat32(260, true),
        quaternD: view.getFloat32(264, true),
        qoffsetX: view.getFloat32(268, true),
        qoffsetY: view.getFloat32(272, true),
        qoffsetZ: view.getFloat32(276, true),
        qfac: view.getFloat32(76, true),
      },
      [view.getFloat32(80, true), view.getFloat32(84, true), view.getFloat32(88, true)],
    );
    stored.forEach((v, i) => expect(v).toBeCloseTo(OBLIQUE[i] ?? 0, 5));
  });

  it('writes a given quaternion as is', () => {
    const quaternion = {
      quaternB: 0.1,
      quaternC: 0.2,
      quaternD: 0.3,
      qoffsetX: 1,
      qoffsetY: 2,
      qoffsetZ: 3,
      qfac: -1,
    };
    const view = fields(encodeNifti1Header(image({ qformCode: 1, quaternion, srow: OBLIQUE })));
    expect(view.getFloat32(256, true)).toBe(Math.fround(0.1));
    expect(view.getFloat32(264, true)).toBe(Math.fround(0.3));
    expect(view.getFloat32(76, true)).toBe(-1);
    expect(view.getFloat32(276, true)).toBe(3);
  });

  it('writes scaling, units, intent, display range, timing and text fields', () => {
    const header = encodeNifti1Header(
      image({
        dimensions: [2, 2, 2, 3],
        pixdim: [1, 1, 1, 2.5],
        data: new Int16Array(24),
        sclSlope: 0.5,
        sclInter: -1024,
        xyztUnits: 2 | 16,
        intentCode: 1002,
        intentParameters: [1, 2, 3],
        intentName: 'labels',
        calMin: -100,
        calMax: 400,
        toffset: 1.5,
        sliceCode: 1,
        sliceStart: 0,
        sliceEnd: 1,
        sliceDuration: 0.04,
        dimInfo: 1 | (2 << 2) | (3 << 4),
        description: 'CT chest',
        auxFile: 'aux.txt',
      }),
    );
    const view = fields(header);
    expect(view.getFloat32(112, true)).toBe(0.5);
    expect(view.getFloat32(116, true)).toBe(-1024);
    expect(header[123]).toBe(18);
    expect(view.getInt16(68, true)).toBe(1002);
    expect([56, 60, 64].map((o) => view.getFloat32(o, true))).toEqual([1, 2, 3]);
    expect(text(header, 328, 16)).toBe('labels');
    expect(view.getFloat32(124, true)).toBe(400);
    expect(view.getFloat32(128, true)).toBe(-100);
    expect(view.getFloat32(132, true)).toBe(Math.fround(0.04));
    expect(view.getFloat32(136, true)).toBe(1.5);
    expect(header[122]).toBe(1);
    expect(view.getInt16(120, true)).toBe(1);
    expect(header[39]).toBe(57);
    expect(view.getFloat32(92, true)).toBe(2.5); // pixdim[4]
    expect(text(header, 148, 80)).toBe('CT chest');
    expect(text(header, 228, 24)).toBe('aux.txt');
  });

  it('cuts a long UTF-8 description at 79 bytes on a character boundary', () => {
    // 'é' is 2 bytes: 39 of them fill 78 bytes; the 40th would straddle byte 79.
    const header = encodeNifti1Header(image({ description: 'é'.repeat(60) }));
    expect(header[148 + 78]).toBe(0);
    expect(header[148 + 79]).toBe(0);
    expect(text(header, 148, 80)).toBe('é'.repeat(39));
    const ascii = encodeNifti1Header(image({ description: 'x'.repeat(100) }));
    expect(text(ascii, 148, 80)).toBe('x'.repeat(79));
    expect(ascii[148 + 79]).toBe(0);
  });

  it('writes extensions padded to 16 bytes and moves vox_offset past them', () => {
    const header = encodeNifti1Header(
      image({
        extensions: [
          { code: 6, data: new TextEncoder().encode('hello') },
          { code: 4, data: new Uint8Array(8) },
        ],
      }),
    );
    const view = fields(header);
    expect(header[348]).toBe(1);
    expect(header.length).toBe(352 + 16 + 16);
    expect(view.getFloat32(108, true)).toBe(384);
    expect(view.getInt32(352, true)).toBe(16);
    expect(view.getInt32(356, true)).toBe(6);
    expect(text(header, 360, 8)).toBe('hello');
    expect(view.getInt32(368, true)).toBe(16);
    expect(view.getInt32(372, true)).toBe(4);
  });

  it.for([
    ['no dimensions', { dimensions: [], pixdim: [] }, /1 to 7 dimensions/],
    [
      '8 dimensions',
      { dimensions: [1, 1, 1, 1, 1, 1, 1, 24], pixdim: [1, 1, 1, 1, 1, 1, 1, 1] },
      /1 to 7/,
    ],
    ['a zero size', { dimensions: [4, 0, 2] }, /dimension 2 is 0/],
    ['a size over int16', { dimensions: [40000, 1, 1], data: new Int16Array(40000) }, /1\.\.32767/],
    ['pixdim of the wrong length', { pixdim: [1, 1] }, /pixdim has 2 values for 3/],
    ['a NaN pixdim', { pixdim: [1, NaN, 1] }, /finite/],
    [
      'the wrong array type',
      { data: new Uint16Array(24) },
      /int16 needs a Int16Array, got a Uint16Array/,
    ],
    ['too few voxels', { data: new Int16Array(23) }, /23 elements.*need 24/],
    ['rgb24 with one byte per voxel', { datatype: 'rgb24', data: new Uint8Array(24) }, /need 72/],
    ['sform without srow', { sformCode: 1 }, /sformCode 1 needs srow/],
    ['qform with nothing to derive it from', { qformCode: 1 }, /qformCode 1 needs/],
    ['a short srow', { srow: [1, 0, 0] }, /16 finite numbers/],
    ['an out-of-range code', { intentCode: 70000 }, /intentCode must be an int16/],
    ['units over a byte', { xyztUnits: 256 }, /xyztUnits must be 0..255/],
  ] as const)('refuses %s with INVALID_ARGUMENT', ([, overrides, message]) => {
    const attempt = (): Uint8Array => encodeNifti1Header(image(overrides as Partial<NiftiImage>));
    expect(attempt).toThrow(RadsetError);
    expect(attempt).toThrow(message);
    try {
      attempt();
    } catch (error) {
      expect((error as RadsetError).code).toBe('INVALID_ARGUMENT');
    }
  });
});

describe('encodeNifti1', () => {
  it('returns the header, then the voxels as a view of the caller’s array (no copy)', () => {
    const backing = new ArrayBuffer(1000);
    const data = new Int16Array(backing, 200, 24);
    data.set(Array.from({ length: 24 }, (_, i) => i - 12));
    const [header, voxels, ...rest] = encodeNifti1(image({ data }));
    expect(rest).toEqual([]);
    expect(header?.length).toBe(352);
    expect(voxels?.buffer).toBe(backing);
    expect(voxels?.byteOffset).toBe(200);
    expect(voxels?.byteLength).toBe(48);
    // Little endian: −12 is f4 ff.
    expect([...(voxels ?? new Uint8Array()).subarray(0, 2)]).toEqual([0xf4, 0xff]);
  });
});
