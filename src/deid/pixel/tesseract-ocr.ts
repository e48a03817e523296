import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RadsetError } from '../../errors.js';
import type { GrayImage } from './grayscale-frame.js';
import { clipBox, padBox, type PixelBox } from './pixel-box.js';
import { twoToneSpread } from './two-tone-spread.js';

/** Options of {@link detectTextBoxes}. */
export interface TextDetectionOptions {
  /** Lowest Tesseract word confidence (0–100) that counts as text. Default 60. */
  readonly minConfidence?: number;
  /**
   * Words read with less than `minConfidence` that still count when `accept`
   * says so: the caller knows the patient's names and IDs, and Tesseract reads
   * a name it is unsure of (`SMITH^JOHN`, the caret) at low confidence.
   */
  readonly lowConfidence?: {
    readonly minConfidence: number;
    readonly accept: (text: string) => boolean;
  };
  /** Fewest letters or digits a word needs to count (drops specks read as `.` or `-`). Default 2. */
  readonly minAlphanumeric?: number;
  /**
   * Highest {@link twoToneSpread} of a word's box that counts as text. Burned-in
   * text is flat-coloured (about 0.0–0.1); words OCR reads into image texture
   * score 0.2 and more. Default 0.15; `Infinity` turns the check off.
   */
  readonly maxTwoToneSpread?: number;
  /** Pixels added on every side of each text line box, in image pixels. Default 3. */
  readonly paddingPx?: number;
  /**
   * Integer magnification before OCR. Default: 2 for images up to 1024 pixels
   * on their longer side (US and secondary capture fonts are often 8–12 pixels
   * high, below the 20-pixel x-height Tesseract does best at), else 1.
   */
  readonly upscale?: number;
  /** The Tesseract executable. Default `tesseract` (from PATH). */
  readonly tesseractPath?: string;
  /** Kill Tesseract after this long. Default 120. */
  readonly timeoutSeconds?: number;
}

/** A word Tesseract read, in image pixels (unpadded). Holds burned-in text: never log `text`. */
export interface DetectedWord {
  readonly text: string;
  readonly confidence: number;
  readonly box: PixelBox;
  /** Read in the inverted image: light text on a dark background in the original. */
  readonly inverted: boolean;
}

/** What {@link detectTextBoxes} found: padded boxes to mask, and the words behind them. */
export interface TextDetection {
  /** One padded box per text line holding a kept word, clipped to the image. */
  readonly boxes: readonly PixelBox[];
  /** The kept words; for tests and human review, never for logs (they are the PHI). */
  readonly words: readonly DetectedWord[];
}

/**
 * `--psm 11`: sparse text, no page layout assumed (annotation is scattered
 * over an image). `thresholding_method=2`: Sauvola's local threshold instead
 * of one global Otsu threshold, which blanks text on the grey header bands
 * many ultrasound screens have. `tessedit_do_invert=0`: see detectTextBoxes.
 */
function tesseractArgs(page: string): string[] {
  return [
    page,
    'stdout',
    '--psm',
    '11',
    '-c',
    'tessedit_do_invert=0',
    '-c',
    'thresholding_method=2',
    'tsv',
  ];
}

function defaultUpscale(image: GrayImage): number {
  return Math.max(image.columns, image.rows) <= 1024 ? 2 : 1;
}

/**
 * The image as a binary PGM (P5), magnified by `factor` (bilinear, which
 * keeps glyph edges smooth; nearest neighbour leaves staircase edges
 * Tesseract reads worse), inverted when `invert`.
 */
function pgmPage(image: GrayImage, factor: number, invert: boolean): Uint8Array {
  const { columns, rows, pixels } = image;
  const width = columns * factor;
  const height = rows * factor;
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const pgm = new Uint8Array(header.length + width * height);
  pgm.set(header);
  const body = pgm.subarray(header.length);
  for (let y = 0; y < height; y++) {
    const sy = Math.max(0, (y + 0.5) / factor - 0.5);
    const y0 = Math.min(rows - 1, Math.floor(sy));
    const y1 = Math.min(rows - 1, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      let value: number;
      if (factor === 1) value = pixels[y * columns + x] as number;
      else {
        const sx = Math.max(0, (x + 0.5) / factor - 0.5);
        const x0 = Math.min(columns - 1, Math.floor(sx));
        const x1 = Math.min(columns - 1, x0 + 1);
        const fx = sx - x0;
        const top =
          (pixels[y0 * columns + x0] as number) * (1 - fx) +
          (pixels[y0 * columns + x1] as number) * fx;
        const bottom =
          (pixels[y1 * columns + x0] as number) * (1 - fx) +
          (pixels[y1 * columns + x1] as number) * fx;
        value = Math.round(top * (1 - fy) + bottom * fy);
      }
      body[y * width + x] = invert ? 255 - value : value;
    }
  }
  return pgm;
}

function runTesseract(
  executable: string,
  args: readonly string[],
  timeoutSeconds: number,
): Promise<string> {
  return new Promise((resolve, reject) => {
    // One OpenMP thread: faster for page-sized images, and radset runs files in parallel itself.
    const child = spawn(executable, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, OMP_THREAD_LIMIT: '1' },
      timeout: timeoutSeconds * 1000,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new RadsetError(
              'INTERNAL',
              `OCR for burned-in text needs Tesseract, but '${executable}' was not found: install tesseract-ocr (Debian/Ubuntu: apt-get install tesseract-ocr tesseract-ocr-eng)`,
              { cause: error },
            )
          : new RadsetError(
              'INTERNAL',
              `could not run Tesseract '${executable}': ${error.message}`,
              {
                cause: error,
              },
            ),
      );
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(Buffer.concat(stdout).toString('utf8'));
        return;
      }
      const detail = Buffer.concat(stderr)
        .toString('utf8')
        .trim()
        .split('\n')
        .slice(-3)
        .join(' | ');
      reject(
        new RadsetError(
          'INTERNAL',
          signal !== null
            ? `Tesseract was stopped by ${signal} (timeout ${timeoutSeconds} s?)`
            : `Tesseract exited with status ${code}: ${detail}`,
        ),
      );
    });
  });
}

/** A box Tesseract reported, in page pixels: `line` ties words to their text line. */
interface TsvBox {
  readonly level: 4 | 5;
  readonly line: string;
  readonly text: string;
  readonly confidence: number;
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

/** Line (level 4) and word (level 5) rows of Tesseract's TSV output. */
function parseTsv(tsv: string): TsvBox[] {
  const out: TsvBox[] = [];
  for (const row of tsv.split('\n')) {
    const fields = row.split('\t');
    if (fields.length < 11 || (fields[0] !== '4' && fields[0] !== '5')) continue;
    const [left, top, width, height, confidence] = fields.slice(6, 11).map(Number) as [
      number,
      number,
      number,
      number,
      number,
    ];
    if (![left, top, width, height, confidence].every(Number.isFinite)) continue;
    out.push({
      level: fields[0] === '4' ? 4 : 5,
      line: fields.slice(1, 5).join('.'),
      text: fields.slice(11).join('\t').trim(),
      confidence,
      left,
      top,
      width,
      height,
    });
  }
  return out;
}

function alphanumericCount(text: string): number {
  return (text.match(/[\p{L}\p{N}]/gu) ?? []).length;
}

/**
 * Finds burned-in text in an 8-bit grayscale image with Tesseract (`tesseract
 * PAGE stdout --psm 11 tsv`: sparse text, no layout assumed, as annotation is
 * scattered over an image). The image and its inverse are read concurrently.
 *
 * A word counts when its confidence is at least `minConfidence`, it has at
 * least `minAlphanumeric` letters or digits, and its box is two flat tones
 * (`maxTwoToneSpread`): Tesseract reads short "words" into ultrasound
 * speckle with fair confidence, and masking those would damage the image. Each text line holding such a
 * word is masked whole: Tesseract often reads part of a line poorly (a name
 * after a colon, units after a number), and a line is the unit a human reads.
 * Boxes are padded by `paddingPx` and clipped to the image. The temporary page
 * files are always deleted.
 *
 * Throws RadsetError INTERNAL when Tesseract is missing or fails.
 */
export async function detectTextBoxes(
  image: GrayImage,
  options: TextDetectionOptions = {},
): Promise<TextDetection> {
  const { columns, rows } = image;
  if (image.pixels.length < columns * rows) {
    throw new RangeError(
      `OCR image has ${image.pixels.length} pixels, expected ${columns}x${rows}`,
    );
  }
  const factor = options.upscale ?? defaultUpscale(image);
  if (!Number.isInteger(factor) || factor < 1)
    throw new RangeError(`OCR upscale must be a positive integer, got ${factor}`);
  const minConfidence = options.minConfidence ?? 60;
  const minAlphanumeric = options.minAlphanumeric ?? 2;
  const paddingPx = options.paddingPx ?? 3;
  const maxSpread = options.maxTwoToneSpread ?? 0.15;
  const executable = options.tesseractPath ?? 'tesseract';
  const timeoutSeconds = options.timeoutSeconds ?? 120;
  const dir = await mkdtemp(join(tmpdir(), 'radset-ocr-'));
  let found: (TsvBox & { readonly inverted: boolean })[];
  try {
    // Light-on-dark and dark-on-light text: the image and its inverse, read
    // by two concurrent processes. Tesseract's own retry of poorly read lines
    // inverted (tessedit_do_invert) is then redundant and switched off.
    // (One process on both stacked into one page reads text markedly worse.)
    const runs = [false, true].map(async (inverted) => {
      const page = join(dir, inverted ? 'inverse.pgm' : 'image.pgm');
      await writeFile(page, pgmPage(image, factor, inverted));
      const tsv = await runTesseract(executable, tesseractArgs(page), timeoutSeconds);
      return parseTsv(tsv).map((entry) => ({
        ...entry,
        line: `${inverted ? 'i' : 'n'}.${entry.line}`,
        inverted,
      }));
    });
    // Wait for both before deleting their files, even when one fails.
    const settled = await Promise.allSettled(runs);
    found = settled.flatMap((run) => {
      if (run.status === 'rejected') throw run.reason;
      return run.value;
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  const toImage = (entry: TsvBox): PixelBox | undefined => {
    const x0 = Math.floor(entry.left / factor);
    const y0 = Math.floor(entry.top / factor);
    const x1 = Math.ceil((entry.left + entry.width) / factor);
    const y1 = Math.ceil((entry.top + entry.height) / factor);
    return clipBox({ x: x0, y: y0, width: x1 - x0, height: y1 - y0 }, columns, rows);
  };
  const words: DetectedWord[] = [];
  const textLines = new Set<string>();
  for (const entry of found) {
    if (entry.level !== 5) continue;
    const low = options.lowConfidence;
    if (
      entry.confidence < minConfidence &&
      (low === undefined || entry.confidence < low.minConfidence || !low.accept(entry.text))
    )
      continue;
    if (alphanumericCount(entry.text) < minAlphanumeric) continue;
    const box = toImage(entry);
    if (box === undefined || twoToneSpread(image, box) > maxSpread) continue;
    words.push({ text: entry.text, confidence: entry.confidence, box, inverted: entry.inverted });
    textLines.add(entry.line);
  }
  const boxes: PixelBox[] = [];
  for (const entry of found) {
    if (entry.level !== 4 || !textLines.has(entry.line)) continue;
    const box = toImage(entry);
    const padded = box && clipBox(padBox(box, paddingPx), columns, rows);
    if (padded !== undefined) boxes.push(padded);
  }
  return { boxes, words };
}
