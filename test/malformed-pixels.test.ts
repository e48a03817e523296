/**
 * Corrupted compressed pixel data must end in a typed DicomError (or a decoded
 * frame), never in a crash, a hang or a raw codec exception: every codec is
 * fed seeded byte flips in its first frame's data.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeFrame, DicomError, parsePart10 } from '../src/dicom/index.js';
import { corpusAvailable, corpusPath, requireCorpus } from './support/corpus.js';

const FILES = [
  'syntaxes/jpeg2000/CTImage.dcm_JPEG2000TransferSyntax_1.2.840.10008.1.2.4.91.dcm',
  'syntaxes/jpeg2000_lossless/CTImage.dcm_JPEG2000LosslessOnlyTransferSyntax_1.2.840.10008.1.2.4.90.dcm',
  'syntaxes/jpeg_baseline_p1/CTImage.dcm_JPEGProcess1TransferSyntax_1.2.840.10008.1.2.4.50.dcm',
  'syntaxes/jpeg_extended_p2_4/JPGExtended.dcm',
  'syntaxes/jpeg_full_progression_p10_12_retired/CTImage.dcm_JPEGProcess10_12TransferSyntax_1.2.840.10008.1.2.4.55.dcm',
  'syntaxes/jpeg_lossless_p14_sv1/CTImage.dcm_JPEGProcess14SV1TransferSyntax_1.2.840.10008.1.2.4.70.dcm',
  'syntaxes/jpegls_lossless/CTImage.dcm_JPEGLSLosslessTransferSyntax_1.2.840.10008.1.2.4.80.dcm',
  'syntaxes/rle_lossless/CTImage.dcm_RLELosslessTransferSyntax_1.2.840.10008.1.2.5.dcm',
  'syntaxes/htj2k/HTJ2KLossless_08_RGB.dcm',
  'syntaxes/jpeg_xl/will-jxl.dcm',
  'syntaxes/deflated_image_frame_compression/liver_deflate.dcm',
];

function lcg(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state / 0x7fffffff;
  };
}

describe('corrupted compressed pixel data', () => {
  for (const path of FILES) {
    it(`gives a DicomError or a frame for ${path}`, async (context) => {
      if (!corpusAvailable()) requireCorpus(context);
      const original = readFileSync(corpusPath(path));
      const pixelData = parsePart10(original).dataset.element('PixelData');
      const fragment = pixelData?.fragments?.[1];
      expect(fragment, 'first frame fragment').toBeDefined();
      if (fragment === undefined) return;
      const random = lcg(path.length * 31);
      const outcomes = new Map<string, number>();
      for (let i = 0; i < 12; i++) {
        const bytes = Uint8Array.from(original);
        // Half the runs hit the codestream header, half anywhere in the frame.
        const span = i % 2 === 0 ? Math.min(64, fragment.length) : fragment.length;
        const flips = 1 + Math.floor(random() * 8);
        for (let k = 0; k < flips; k++) {
          bytes[fragment.offset + Math.floor(random() * span)] = Math.floor(random() * 256);
        }
        try {
          const frame = await decodeFrame(parsePart10(bytes), 0, { file: path });
          expect(frame.values.length).toBeGreaterThan(0);
          outcomes.set('decoded', (outcomes.get('decoded') ?? 0) + 1);
        } catch (error) {
          if (!(error instanceof DicomError)) throw error;
          expect(error.message).toContain(path);
          outcomes.set(error.code, (outcomes.get(error.code) ?? 0) + 1);
        }
      }
      expect([...outcomes.values()].reduce((a, b) => a + b, 0)).toBe(12);
      // The codec still works afterwards: the intact file decodes.
      await expect(decodeFrame(parsePart10(original), 0, { file: path })).resolves.toBeDefined();
    });
  }
});
