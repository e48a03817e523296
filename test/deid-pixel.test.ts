/**
 * Burned-in text removal (PS3.15 E.3.1 Clean Pixel Data Option; E.3.3 Clean
 * Graphics for overlays) with the real Tesseract:
 *
 * - synthetic images with a fake name, MRN and date burned in by
 *   src/synth/bitmap-text (an 8-bit ultrasound-like image, a 12-bit CR-like
 *   MONOCHROME1 image, an overlay plane): OCR reads the text, masking covers
 *   it, and OCR of the cleaned image reads nothing;
 * - corpus ultrasound and secondary capture files (native, RLE, JPEG,
 *   JPEG 2000): text OCR reads before cleaning is gone after it, every pixel
 *   outside the masked boxes keeps its decoded value, the output is native
 *   Explicit VR Little Endian, re-reads and decodes, and dciodvfy reports no
 *   error the input did not already have.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  EXAMPLE_BURNED_IN_RULES,
  cleanOverlayText,
  cleanPixelData,
  detectTextBoxes,
  grayscaleFrame,
  parseBurnedInRules,
  type PixelBox,
  type PixelFinding,
} from '../src/deid/pixel/index.js';
import {
  createDataset,
  decodeAllFrames,
  decodeFrame,
  EXPLICIT_VR_LITTLE_ENDIAN,
  parsePart10,
  readDicomFile,
  readPaletteColorLut,
  writePart10,
  ybrToRgb,
  type Dataset,
  type DecodedFrame,
  type DicomFile,
} from '../src/dicom/index.js';
import { renderText } from '../src/synth/bitmap-text.js';
import { corpusPath, requireCorpus } from './support/corpus.js';
import { requirePeer } from './support/peers.js';

const US_IMAGE = '1.2.840.10008.5.1.4.1.1.6.1';
const CR_IMAGE = '1.2.840.10008.5.1.4.1.1.1';
const PHI_LINE = 'DOE^JOHN 12345678 2023-04-05';

const work = mkdtempSync(join(tmpdir(), 'radset-deid-pixel-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function contains(outer: PixelBox, inner: PixelBox): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}

/** The pixels of `box` where `ink` holds that lie in no finding's box (empty when all are covered). */
function uncoveredInk(
  findings: readonly { box: PixelBox }[],
  box: PixelBox,
  ink: (x: number, y: number) => boolean,
): string[] {
  const missed: string[] = [];
  for (let y = box.y; y < box.y + box.height; y++)
    for (let x = box.x; x < box.x + box.width; x++)
      if (ink(x, y) && !findings.some((f) => contains(f.box, { x, y, width: 1, height: 1 })))
        missed.push(`(${x},${y})`);
  return missed;
}

function inAnyBox(boxes: readonly PixelBox[], x: number, y: number): boolean {
  return boxes.some((b) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height);
}

/** Words OCR reads in frame 0 of a data set. */
async function ocrWords(dicom: DicomFile): Promise<string[]> {
  const frame = await decodeFrame(dicom, 0);
  const palette =
    frame.photometricInterpretation === 'PALETTE COLOR'
      ? readPaletteColorLut(dicom.dataset)
      : undefined;
  const { words } = await detectTextBoxes(grayscaleFrame(frame, palette));
  return words.map((w) => w.text);
}

/** Writes, re-reads and returns the cleaned data set as a file. */
function roundTrip(name: string, dataset: Dataset, transferSyntaxUid: string): DicomFile {
  const bytes = writePart10({ dataset, transferSyntaxUid });
  writeFileSync(join(work, name), bytes);
  return parsePart10(bytes, { file: name });
}

/** A smooth ultrasound-like picture: dark background, a bright sector fan (no speckle, so OCR reads no noise). */
function ultrasoundLike(columns: number, rows: number): Uint8Array {
  const pixels = new Uint8Array(columns * rows);
  const apexX = columns / 2;
  const apexY = 60;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const dx = x - apexX;
      const dy = y - apexY;
      const r = Math.hypot(dx, dy);
      if (dy > 0 && Math.abs(dx) < dy * 0.8 && r < rows - 80)
        pixels[y * columns + x] = 60 + Math.round(50 * Math.sin(r / 25) ** 2);
    }
  }
  return pixels;
}

describe('burned-in text in synthetic images', () => {
  it.for([1, 2, 3])('OCR reads the synthetic bitmap font at scale %i', async (scale, ctx) => {
    requirePeer(ctx, 'tesseract');
    const columns = 720;
    const rows = 160;
    const pixels = new Uint8Array(columns * rows);
    const target = { pixels, columns, rows, samplesPerPixel: 1 as const };
    renderText(target, 'SMITH, JANE', 10, 10, { scale, value: 220 });
    renderText(target, 'MRN 0098771 2023-04-05', 10, 20 + 10 * scale, { scale, value: 220 });
    const { words } = await detectTextBoxes({ pixels, columns, rows });
    const text = words.map((w) => w.text);
    expect(text).toEqual(expect.arrayContaining(['SMITH,', 'JANE', '0098771', '2023-04-05']));
  });

  it('finds and blacks out a name, MRN and date in an 8-bit ultrasound image', async (ctx) => {
    requirePeer(ctx, 'tesseract');
    const columns = 640;
    const rows = 480;
    const pixels = ultrasoundLike(columns, rows);
    const target = { pixels, columns, rows, samplesPerPixel: 1 as const };
    const textBox = renderText(target, PHI_LINE, 12, 10, { scale: 2, value: 230 });
    const dataset = createDataset({
      SOPClassUID: US_IMAGE,
      SOPInstanceUID: '2.25.101',
      Modality: 'US',
      BurnedInAnnotation: 'YES',
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: rows,
      Columns: columns,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
      PixelData: { vr: 'OB', value: pixels.slice() },
    });
    const original = { dataset, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN };

    // OCR reads the MRN and date as words; the name (with its caret, which
    // Tesseract reads poorly) must at least fall in a masked text line, below.
    const words = await ocrWords(roundTrip('us-before.dcm', dataset, EXPLICIT_VR_LITTLE_ENDIAN));
    expect(words).toContain('12345678');
    expect(words).toContain('2023-04-05');

    const started = performance.now();
    const result = await cleanPixelData(original, { rules: [], ocr: true });
    ctx.annotate(`cleanPixelData 640x480 8-bit: ${Math.round(performance.now() - started)} ms`);
    expect(result.ocrReason).toMatch(/ultrasound/);
    expect(result).toMatchObject({ changed: true, reviewRequired: true });
    expect(result.findings.every((f: PixelFinding) => f.source === 'ocr' && f.frame === 0)).toBe(
      true,
    );
    expect(
      uncoveredInk(result.findings, textBox, (x, y) => pixels[y * columns + x] === 230),
    ).toEqual([]);

    const cleaned = roundTrip('us-after.dcm', dataset, result.transferSyntaxUid);
    const [frame] = await decodeAllFrames(cleaned);
    const boxes = result.findings.map((f) => f.box);
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < columns; x++) {
        const expected = inAnyBox(boxes, x, y) ? 0 : pixels[y * columns + x];
        if (frame?.values[y * columns + x] !== expected)
          throw new Error(`(${x},${y}): ${frame?.values[y * columns + x]} != ${expected}`);
      }
    }
    expect(await ocrWords(cleaned)).toEqual([]);
  });

  it('finds and blacks out text in a 12-bit MONOCHROME1 CR image, filling with the dark value', async (ctx) => {
    requirePeer(ctx, 'tesseract');
    const columns = 900;
    const rows = 700;
    const pixels = new Uint16Array(columns * rows);
    for (let y = 0; y < rows; y++)
      for (let x = 0; x < columns; x++)
        pixels[y * columns + x] =
          1200 + Math.round(1500 * Math.exp(-((x - 450) ** 2 + (y - 400) ** 2) / 90000));
    // MONOCHROME1: low values display bright, so burned-in labels are stored near 0.
    const target = { pixels, columns, rows, samplesPerPixel: 1 as const };
    const textBox = renderText(target, PHI_LINE, 40, rows - 60, { scale: 3, value: 0 });
    const dataset = createDataset({
      SOPClassUID: CR_IMAGE,
      SOPInstanceUID: '2.25.102',
      Modality: 'CR',
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME1',
      Rows: rows,
      Columns: columns,
      BitsAllocated: 16,
      BitsStored: 12,
      HighBit: 11,
      PixelRepresentation: 0,
      PixelData: { vr: 'OW', value: pixels.slice() },
    });
    const started = performance.now();
    const result = await cleanPixelData(
      { dataset, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN },
      { rules: [], ocr: true },
    );
    ctx.annotate(`cleanPixelData 900x700 16-bit: ${Math.round(performance.now() - started)} ms`);
    expect(result.ocrReason).toMatch(/Computed Radiography/);
    expect(uncoveredInk(result.findings, textBox, (x, y) => pixels[y * columns + x] === 0)).toEqual(
      [],
    );
    const cleaned = roundTrip('cr-after.dcm', dataset, result.transferSyntaxUid);
    const [frame] = await decodeAllFrames(cleaned);
    for (let y = textBox.y; y < textBox.y + textBox.height; y++)
      for (let x = textBox.x; x < textBox.x + textBox.width; x++)
        if (pixels[y * columns + x] === 0) expect(frame?.values[y * columns + x]).toBe(4095);
    expect(await ocrWords(cleaned)).toEqual([]);
  });

  it('clears text bits in an overlay plane (Clean Graphics) and leaves the other bits', async (ctx) => {
    requirePeer(ctx, 'tesseract');
    const columns = 512;
    const rows = 256;
    const plane = new Uint8Array(columns * rows);
    const target = { pixels: plane, columns, rows, samplesPerPixel: 1 as const };
    const textBox = renderText(target, PHI_LINE, 20, 30, { scale: 2, value: 1 });
    // A graphic that is not text: a rectangle outline well away from the text.
    for (let x = 100; x < 400; x++) {
      plane[200 * columns + x] = 1;
      plane[240 * columns + x] = 1;
    }
    const packed = new Uint8Array(Math.ceil(plane.length / 8));
    plane.forEach((bit, i) => {
      if (bit !== 0) packed[i >>> 3] = (packed[i >>> 3] as number) | (1 << (i & 7));
    });
    const dataset = createDataset({
      SOPClassUID: US_IMAGE,
      SOPInstanceUID: '2.25.103',
      '60000010': { vr: 'US', value: rows },
      '60000011': { vr: 'US', value: columns },
      '60000040': { vr: 'CS', value: 'G' },
      '60000050': { vr: 'SS', value: [1, 1] },
      '60000100': { vr: 'US', value: 1 },
      '60000102': { vr: 'US', value: 0 },
      // OW holds 16-bit words: hand over the packed bytes as little endian words.
      '60003000': { vr: 'OW', value: new Uint16Array(packed.buffer) },
    });
    const result = await cleanOverlayText(dataset);
    expect(result.changed).toBe(true);
    expect((result.words.get(0x6000) ?? []).map((w) => w.text)).toContain('12345678');
    expect(uncoveredInk(result.findings, textBox, (x, y) => plane[y * columns + x] === 1)).toEqual(
      [],
    );

    const cleaned = roundTrip('overlay-after.dcm', dataset, EXPLICIT_VR_LITTLE_ENDIAN);
    const bytes = cleaned.dataset.bytes(0x60003000) ?? new Uint8Array(0);
    const bit = (i: number): number => ((bytes[i >>> 3] ?? 0) >>> (i & 7)) & 1;
    const boxes = result.findings.map((f) => f.box);
    for (let i = 0; i < plane.length; i++) {
      const x = i % columns;
      const y = Math.floor(i / columns);
      expect(bit(i), `(${x},${y})`).toBe(inAnyBox(boxes, x, y) ? 0 : plane[i]);
    }
    const again = await cleanOverlayText(cleaned.dataset);
    expect(again).toMatchObject({ changed: false, findings: [] });
  });

  it('leaves images without findings exactly as they were', async (ctx) => {
    requirePeer(ctx, 'tesseract');
    const pixels = ultrasoundLike(320, 240);
    const dataset = createDataset({
      SOPClassUID: US_IMAGE,
      SOPInstanceUID: '2.25.104',
      Modality: 'US',
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: 240,
      Columns: 320,
      BitsAllocated: 8,
      BitsStored: 8,
      HighBit: 7,
      PixelRepresentation: 0,
      PixelData: { vr: 'OB', value: pixels },
    });
    const element = dataset.element('PixelData');
    const result = await cleanPixelData(
      { dataset, transferSyntaxUid: '1.2.840.10008.1.2' },
      { rules: [], ocr: true },
    );
    expect(result).toMatchObject({
      transferSyntaxUid: '1.2.840.10008.1.2',
      findings: [],
      changed: false,
      reviewRequired: false,
    });
    expect(dataset.element('PixelData')).toBe(element);
  });

  it('does nothing to a data set without pixel data', async () => {
    const dataset = createDataset({
      SOPClassUID: US_IMAGE,
      SOPInstanceUID: '2.25.105',
      Modality: 'US',
    });
    const result = await cleanPixelData(
      { dataset, transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN },
      { rules: EXAMPLE_BURNED_IN_RULES, ocr: true },
    );
    expect(result).toMatchObject({ findings: [], changed: false, reviewRequired: false });
  });
});

interface CorpusCase {
  readonly path: string;
  /** Words OCR must read before cleaning and must not read after. */
  readonly phi: readonly string[];
  /** A burned-in rule expected to match. */
  readonly rule?: string;
}

const CORPUS_CASES: readonly CorpusCase[] = [
  {
    path: 'syntaxes/jpeg_extended_p2_4/JPEGExtended_3s_1f_u_08_08.dcm',
    phi: ['BERNARD:', 'SOPHIE', 'HOPITAL'],
    rule: 'example-acuson-us-768x576-header',
  },
  {
    path: 'syntaxes/jpeg2000/US1_J2KI.dcm',
    phi: ['BAPTIST', 'CTR'],
    rule: 'example-ge-logiq-us-640x480-header',
  },
  {
    path: 'syntaxes/rle_lossless/OBXXXX1A_rle.dcm',
    phi: ['5/25/2011', '11-05-25-142825'],
    rule: 'example-philips-cx50-us-800x600-header',
  },
  {
    path: 'syntaxes/jpeg_baseline_p1/IM00001.fragmented_no_bot_jpeg_baseline.50.dcm',
    phi: [],
    rule: 'project-acuson-cine-320x240-top',
  },
  { path: 'modalities/us/YBR_422.dcm', phi: ['PRS', 'RES-A'] },
  { path: 'syntaxes/jpeg_baseline_p1/GH538-jpeg1.dcm', phi: [] },
  // Explicit VR Big Endian, 16-bit PALETTE COLOR: OW written back in the other byte order.
  {
    path: 'vendor/other/gdcm-US-ALOKA-16_big.dcm',
    phi: ['9123', 'R15'],
    rule: 'example-aloka-us-640x480-header',
  },
];

/** A rule as a project would add it in its profile file: masks a band of an 8-frame JPEG cine. */
const PROJECT_RULES = parseBurnedInRules(
  JSON.parse(`[{
    "id": "project-acuson-cine-320x240-top",
    "description": "test rule: top band of a small Acuson cine",
    "match": { "manufacturer": "acuson", "modality": "US", "rows": 240, "columns": 320 },
    "boxes": [{ "x": 0, "y": 0, "width": 320, "height": 16 }]
  }]`) as unknown,
  'deid-pixel.test.ts profile',
);

function dciodvfyErrors(file: string): string[] {
  const result = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  return `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => line.startsWith('Error'))
    .map((line) => line.trim());
}

describe('burned-in text in corpus files', () => {
  it.for(CORPUS_CASES)('cleans $path', async ({ path, phi, rule }, ctx) => {
    requireCorpus(ctx);
    requirePeer(ctx, 'tesseract');
    requirePeer(ctx, 'dciodvfy');
    const input = await readDicomFile(corpusPath(path));
    if (phi.length > 0) {
      const before = await ocrWords(input);
      for (const word of phi) expect(before, `OCR of the original reads ${word}`).toContain(word);
    }
    const decoded = await decodeAllFrames(input);
    const started = performance.now();
    const result = await cleanPixelData(input, {
      rules: [...EXAMPLE_BURNED_IN_RULES, ...PROJECT_RULES],
      ocr: true,
    });
    ctx.annotate(
      `${path}: ${Math.round(performance.now() - started)} ms, ${result.findings.length} finding(s)`,
    );
    expect(result.ocrReason).toBeDefined();
    expect(result.changed).toBe(true);
    expect(result.transferSyntaxUid).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
    if (rule !== undefined) expect(result.findings.map((f) => f.source)).toContain(`rule:${rule}`);

    const name = path.replaceAll('/', '_');
    const output = roundTrip(name, input.dataset, result.transferSyntaxUid);
    expect(output.transferSyntaxUid).toBe(EXPLICIT_VR_LITTLE_ENDIAN);
    expect(output.dataset.element('PixelData')?.fragments).toBeUndefined();
    const after = await decodeAllFrames(output);
    expect(after).toHaveLength(decoded.length);

    // Outside the boxes every sample keeps its decoded value (YBR stored as RGB).
    const boxes = result.findings.map((f) => f.box);
    after.forEach((frame, f) => {
      const source = decoded[f] as DecodedFrame;
      const expected = source.photometricInterpretation.startsWith('YBR_FULL')
        ? ybrToRgb(source)
        : source;
      expect(frame.photometricInterpretation).toBe(expected.photometricInterpretation);
      const { Rows, Columns, SamplesPerPixel } = frame.description;
      let differing = 0;
      for (let y = 0; y < Rows; y++)
        for (let x = 0; x < Columns; x++) {
          if (inAnyBox(boxes, x, y)) continue;
          const at = (y * Columns + x) * SamplesPerPixel;
          for (let s = 0; s < SamplesPerPixel; s++)
            if (frame.values[at + s] !== expected.values[at + s]) differing++;
        }
      expect(differing, `frame ${f}: samples outside the boxes that changed`).toBe(0);
    });

    const remaining = await ocrWords(output);
    for (const word of phi) expect(remaining).not.toContain(word);

    const inputErrors = new Set(dciodvfyErrors(corpusPath(path)));
    const newErrors = dciodvfyErrors(join(work, name)).filter((line) => !inputErrors.has(line));
    expect(newErrors).toEqual([]);
  });
});
