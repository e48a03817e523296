import { describe, expect, test } from 'vitest';
import { endsWithEndMarker } from './frame-codec.js';
import { readJpegHeader } from './jpeg-header.js';

/** SOI, an SOF of the given marker, a DHT stub and an SOS with the given Ss, Se, Ah/Al. */
function stream(
  sof: number,
  precision: number,
  ss: number,
  se: number,
  ahal = 0,
  components = [1],
): Uint8Array {
  const sofBody = [
    precision,
    0,
    4,
    0,
    8,
    components.length,
    ...components.flatMap((id) => [id, 0x11, 0]),
  ];
  const sosBody = [components.length, ...components.flatMap((id) => [id, 0]), ss, se, ahal];
  return Uint8Array.from([
    0xff,
    0xd8,
    0xff,
    0xe0,
    0,
    16,
    0x4a,
    0x46,
    0x49,
    0x46,
    0,
    1,
    1,
    0,
    0,
    1,
    0,
    1,
    0,
    0,
    0xff,
    sof,
    0,
    sofBody.length + 2,
    ...sofBody,
    0xff,
    0xda,
    0,
    sosBody.length + 2,
    ...sosBody,
    0x12,
    0x34,
    0xff,
    0xd9,
  ]);
}

describe('JPEG header checks (ISO/IEC 10918-1 B.2)', () => {
  test('reads the frame header, JFIF and the first scan', () => {
    const header = readJpegHeader(stream(0xc0, 8, 0, 63, 0, [1, 2, 3]));
    expect(header).toMatchObject({
      sofMarker: 0xc0,
      precision: 8,
      rows: 4,
      columns: 8,
      componentIds: [1, 2, 3],
      jfif: true,
      adobeTransform: undefined,
      scan: { ss: 0, se: 63, ah: 0, al: 0 },
    });
  });

  test('sequential DCT needs Ss=0 Se=63 Ah=Al=0 (the JPEG-lossy.dcm defect)', () => {
    expect(() => readJpegHeader(stream(0xc1, 12, 0, 0))).toThrow(/sequential DCT needs Ss=0 Se=63/);
    expect(() => readJpegHeader(stream(0xc0, 8, 0, 63, 0x01))).toThrow(/B\.2\.3/);
  });

  test('lossless needs a predictor 1-7, Se=0 and a point transform below the precision', () => {
    expect(readJpegHeader(stream(0xc3, 16, 6, 0)).scan.ss).toBe(6);
    expect(() => readJpegHeader(stream(0xc3, 16, 0, 0))).toThrow(/predictor Ss=0/);
    expect(() => readJpegHeader(stream(0xc3, 16, 1, 5))).toThrow(/lossless needs 0/);
  });

  test('progressive scans: DC-only scans have Se=0; Ss<=Se<=63', () => {
    expect(readJpegHeader(stream(0xc2, 8, 0, 0, 0x01)).scan).toEqual({
      ss: 0,
      se: 0,
      ah: 0,
      al: 1,
    });
    expect(() => readJpegHeader(stream(0xc2, 8, 0, 5))).toThrow(/progressive/);
    expect(() => readJpegHeader(stream(0xc2, 8, 6, 2))).toThrow(/progressive/);
  });

  test('malformed streams', () => {
    expect(() => readJpegHeader(Uint8Array.from([0, 1, 2]))).toThrow(/SOI/);
    expect(() => readJpegHeader(stream(0xc0, 8, 0, 63).subarray(0, 30))).toThrow(
      /runs past the end|no scan/,
    );
    expect(() =>
      readJpegHeader(Uint8Array.from([0xff, 0xd8, 0xff, 0xda, 0, 8, 1, 1, 0, 0, 63, 0])),
    ).toThrow(/before any frame header/);
  });

  test('JPEG-LS frame headers (SOF55) are read without DCT scan checks', () => {
    const header = readJpegHeader(stream(0xf7, 12, 2, 1));
    expect(header).toMatchObject({ sofMarker: 0xf7, precision: 12, scan: { ss: 2, se: 1 } });
  });

  test('end markers may be followed by a few fill bytes', () => {
    expect(endsWithEndMarker(Uint8Array.from([1, 0xff, 0xd9]))).toBe(true);
    expect(endsWithEndMarker(Uint8Array.from([1, 0xff, 0xd9, 0x00]))).toBe(true);
    expect(endsWithEndMarker(Uint8Array.from([1, 0xff, 0xd9, 0xff]))).toBe(true);
    expect(endsWithEndMarker(Uint8Array.from([1, 0xff, 0xd9, 0x20]))).toBe(true);
    expect(endsWithEndMarker(Uint8Array.from([1, 2, 3, 0xff]))).toBe(false);
    expect(endsWithEndMarker(new Uint8Array(0))).toBe(false);
  });
});
