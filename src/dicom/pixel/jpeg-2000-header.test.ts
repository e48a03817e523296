import { describe, expect, test } from 'vitest';
import { jpeg2000Codestream, readJpeg2000Header } from './jpeg-2000-header.js';

/** SOC, SIZ (one tile), COD with the given MCT flag, then SOT and EOC. */
function codestream(
  width: number,
  height: number,
  components: number,
  ssiz: number,
  mct: number,
): Uint8Array {
  const u32 = (v: number): number[] => [
    (v >>> 24) & 0xff,
    (v >>> 16) & 0xff,
    (v >>> 8) & 0xff,
    v & 0xff,
  ];
  const siz = [
    0,
    0,
    ...u32(width),
    ...u32(height),
    ...u32(0),
    ...u32(0),
    ...u32(width),
    ...u32(height),
    ...u32(0),
    ...u32(0),
    0,
    components,
  ];
  for (let c = 0; c < components; c++) siz.push(ssiz, 1, 1);
  const cod = [0, 0, 0, 1, mct, 5, 4, 4, 0, 0];
  return Uint8Array.from([
    0xff,
    0x4f,
    0xff,
    0x51,
    0,
    siz.length + 2,
    ...siz,
    0xff,
    0x52,
    0,
    cod.length + 2,
    ...cod,
    0xff,
    0x90,
    0,
    10,
    0,
    0,
    0,
    0,
    0,
    0,
    0,
    1,
    0xff,
    0xd9,
  ]);
}

describe('JPEG 2000 main header (ISO/IEC 15444-1 A.5)', () => {
  test('reads size, precision, signedness and the colour transform flag', () => {
    expect(readJpeg2000Header(codestream(640, 480, 3, 7, 1))).toEqual({
      columns: 640,
      rows: 480,
      components: 3,
      precision: 8,
      signed: false,
      colourTransform: true,
    });
    expect(readJpeg2000Header(codestream(512, 512, 1, 0x80 | 12, 0))).toMatchObject({
      precision: 13,
      signed: true,
      colourTransform: false,
    });
  });

  test('a JP2 file-format wrapper is removed (Elscint, Marotech)', () => {
    const raw = codestream(4, 4, 1, 15, 0);
    const box = (type: string, body: number[]): number[] => {
      const length = 8 + body.length;
      return [
        (length >>> 24) & 0xff,
        (length >>> 16) & 0xff,
        (length >>> 8) & 0xff,
        length & 0xff,
        ...Array.from(type, (c) => c.charCodeAt(0)),
        ...body,
      ];
    };
    const jp2 = Uint8Array.from([
      ...box('jP  ', [0x0d, 0x0a, 0x87, 0x0a]),
      ...box('ftyp', [0x6a, 0x70, 0x32, 0x20, 0, 0, 0, 0]),
      ...box('jp2c', Array.from(raw)),
    ]);
    expect(Array.from(jpeg2000Codestream(jp2))).toEqual(Array.from(raw));
    expect(jpeg2000Codestream(raw)).toBe(raw);
    expect(readJpeg2000Header(jpeg2000Codestream(jp2)).columns).toBe(4);
  });

  test('malformed headers are errors', () => {
    expect(() => readJpeg2000Header(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0]))).toThrow(/SOC, SIZ/);
    expect(() => readJpeg2000Header(codestream(4, 4, 1, 7, 0).subarray(0, 20))).toThrow(
      /truncated/,
    );
  });
});
