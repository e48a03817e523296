import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DicomError, parsePart10 } from '../src/dicom/index.js';

const corpus = new URL('../../shared/corpus/', import.meta.url);

const SAMPLES = [
  'syntaxes/explicit_vr_le/CT_small.dcm',
  'syntaxes/implicit_vr_le/MR_small_implicit.dcm',
  'syntaxes/explicit_vr_be/MR_small_bigendian.dcm',
  'syntaxes/deflated_explicit_vr_le/image_dfl.dcm',
  'modalities/sr/test-SR.dcm',
  'seg/dcmqi_liver_ct3slice/liver.dcm',
  'modalities/enhanced_ct/eCT_Supplemental.dcm',
  'syntaxes/jpeg2000_lossless/slicethickness_empty_string.dcm',
];

/** Deterministic PRNG so a failure reproduces. */
function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe('malformed input', () => {
  // Truncating or corrupting real files must give a typed DicomError (or a
  // parse), never a RangeError/TypeError from deep inside the parser.
  for (const path of SAMPLES) {
    it(`never crashes on truncated or corrupted ${path}`, () => {
      const original = readFileSync(new URL(path, corpus));
      const random = lcg(path.length * 7919);
      const outcomes = new Map<string, number>();
      for (let i = 0; i < 300; i++) {
        let bytes: Uint8Array;
        if (i % 2 === 0) {
          bytes = original.subarray(0, Math.floor(random() * original.length));
        } else {
          bytes = Uint8Array.from(original);
          const flips = 1 + Math.floor(random() * 8);
          for (let k = 0; k < flips; k++) {
            bytes[Math.floor(random() * Math.min(bytes.length, 4096))] = Math.floor(random() * 256);
          }
        }
        try {
          parsePart10(bytes, { file: `${path}#${i}` });
          outcomes.set('parsed', (outcomes.get('parsed') ?? 0) + 1);
        } catch (error) {
          if (!(error instanceof DicomError)) throw error;
          expect(error.message).toContain(`${path}#${i}`);
          outcomes.set(error.code, (outcomes.get(error.code) ?? 0) + 1);
        }
      }
      expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(300);
    });
  }

  it('reports a length past the end of the data with offset and element, without allocating it', () => {
    // (0010,0010) PN declaring 0xFFF0 bytes with 4 present; explicit VR LE bare data set.
    const bytes = Uint8Array.from([
      0x08,
      0x00,
      0x05,
      0x00,
      0x43,
      0x53,
      0x0a,
      0x00,
      ...Buffer.from('ISO_IR 100'),
      0x10,
      0x00,
      0x10,
      0x00,
      0x50,
      0x4e,
      0xf0,
      0xff,
      0x41,
      0x42,
      0x43,
      0x44,
    ]);
    expect(() => parsePart10(bytes, { file: 'x.dcm' })).toThrowError(
      expect.objectContaining({
        code: 'DICOM_TRUNCATED',
        offset: 18,
        element: '(0010,0010) PatientName',
      }),
    );
  });

  it('rejects data that is not DICOM with DICOM_NOT_DICOM', () => {
    expect(() =>
      parsePart10(Buffer.from('path,source_repo,source_path\nfoo,bar,baz\n'), { file: 'a.csv' }),
    ).toThrowError(expect.objectContaining({ code: 'DICOM_NOT_DICOM', file: 'a.csv' }));
    expect(() => parsePart10(Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]))).toThrowError(
      /gzip/,
    );
  });

  it('refuses sequences nested deeper than the limit instead of overflowing the stack', () => {
    // 100 nested undefined-length SQ/items in implicit VR LE: (0008,1115) SQ.
    const parts: number[] = [];
    for (let i = 0; i < 100; i++)
      parts.push(
        0x08,
        0x00,
        0x15,
        0x11,
        0xff,
        0xff,
        0xff,
        0xff,
        0xfe,
        0xff,
        0x00,
        0xe0,
        0xff,
        0xff,
        0xff,
        0xff,
      );
    const bytes = Uint8Array.from(parts);
    expect(() => parsePart10(bytes)).toThrowError(
      expect.objectContaining({ code: 'DICOM_MALFORMED' }),
    );
  });
});
