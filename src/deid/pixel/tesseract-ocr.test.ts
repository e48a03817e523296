import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RadsetError } from '../../errors.js';
import { detectTextBoxes } from './tesseract-ocr.js';

const blank = { pixels: new Uint8Array(16 * 8), columns: 16, rows: 8 };

describe('detectTextBoxes without Tesseract', () => {
  it('says to install tesseract-ocr, and leaves no temporary files', async () => {
    // A private TMPDIR (os.tmpdir() reads it on every call), so other tests' OCR runs cannot interfere.
    const privateTmp = mkdtempSync(join(tmpdir(), 'radset-ocr-test-'));
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = privateTmp;
    try {
      const failure = detectTextBoxes(blank, {
        tesseractPath: '/nonexistent/radset-test/tesseract',
      });
      await expect(failure).rejects.toBeInstanceOf(RadsetError);
      await expect(failure).rejects.toMatchObject({
        code: 'INTERNAL',
        message: expect.stringMatching(/install tesseract-ocr/) as unknown,
      });
      expect(readdirSync(privateTmp)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
      rmSync(privateTmp, { recursive: true, force: true });
    }
  });

  it('rejects images smaller than their size and non-integer magnification', async () => {
    await expect(detectTextBoxes({ ...blank, rows: 9 })).rejects.toThrow(RangeError);
    await expect(detectTextBoxes(blank, { upscale: 1.5 })).rejects.toThrow(RangeError);
  });
});
