import { measureText, renderText, type TextTarget } from '../bitmap-text.js';
import type { SeededRandom } from '../seeded-random.js';
import type { PhiKind, PixelBox } from './phi-manifest.js';

/** Text burned into pixels (the image, an overlay plane or an icon), for the manifest. */
export interface PixelPlant {
  /** `pixels`, `overlay 6000` or `icon`. */
  readonly location: string;
  readonly kind: PhiKind;
  readonly value: string;
  readonly box: PixelBox;
  readonly frame?: number;
}

/** Where a label goes and how it is drawn. */
export interface BurnOptions {
  readonly location: string;
  readonly kind: PhiKind;
  readonly xPx: number;
  readonly yPx: number;
  readonly scale: number;
  /** Sample value of the ink (all channels for RGB). */
  readonly value: number;
  readonly frame?: number;
}

/** Burns `text` into a frame and says where it went. */
export function burnText(target: TextTarget, text: string, options: BurnOptions): PixelPlant {
  const box = renderText(target, text, options.xPx, options.yPx, {
    scale: options.scale,
    value: options.value,
  });
  if (box.width === 0 || box.height === 0)
    throw new RangeError(
      `label '${text}' falls outside the ${target.columns}×${target.rows} frame`,
    );
  return {
    location: options.location,
    kind: options.kind,
    value: text,
    box,
    ...(options.frame === undefined ? {} : { frame: options.frame }),
  };
}

/** One identifying part of a burned-in line of text. */
export interface LinePart {
  readonly text: string;
  readonly kind: PhiKind;
}

/** Left offset of the character at `index` of a line: the bitmap font is monospaced. */
function offsetPx(line: string, index: number, scale: number): number {
  if (index === 0) return 0;
  return measureText(`${line.slice(0, index)}.`, scale).width - measureText('.', scale).width;
}

/**
 * Burns a line made of identifying parts joined by `separator` (as a burned-in
 * header band reads: `SMITH^JOHN  MRN 12345678  2023-04-05`). Plants the
 * whole line (kind `text`) and each part with its own box.
 */
export function burnLine(
  target: TextTarget,
  parts: readonly LinePart[],
  separator: string,
  options: Omit<BurnOptions, 'kind'>,
): PixelPlant[] {
  const line = parts.map((p) => p.text).join(separator);
  const whole = burnText(target, line, { ...options, kind: 'text' });
  const plants: PixelPlant[] = [whole];
  let index = 0;
  for (const part of parts) {
    const x = options.xPx + offsetPx(line, index, options.scale);
    const size = measureText(part.text, options.scale);
    plants.push({
      ...whole,
      kind: part.kind,
      value: part.text,
      box: { x, y: whole.box.y, width: size.width, height: whole.box.height },
    });
    index += part.text.length + separator.length;
  }
  return plants;
}

/**
 * A smooth elliptical "body" on a dark background with seeded noise: enough
 * structure that an image looks like one, and dark margins where labels go.
 * Values are clamped to [0, maxValue].
 */
export function bodyImage(
  random: SeededRandom,
  columns: number,
  rows: number,
  levels: {
    readonly background: number;
    readonly body: number;
    readonly noise: number;
    readonly maxValue: number;
  },
): Float64Array {
  const out = new Float64Array(columns * rows);
  const cx = columns / 2;
  const cy = rows / 2;
  const rx = columns * 0.38;
  const ry = rows * 0.3;
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < columns; x++) {
      const r = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
      const base = r <= 1 ? levels.body * (1 - 0.35 * r) : levels.background;
      const value = Math.round(base + levels.noise * (random.next() - 0.5) * 2);
      out[y * columns + x] = Math.min(Math.max(value, 0), levels.maxValue);
    }
  }
  return out;
}

/**
 * Packs a one-sample-per-pixel mask (non-zero = set) into Overlay Data bits:
 * one bit per pixel, row by row, the first pixel in the least significant bit
 * (PS3.5 section 8.1.2 and PS3.3 C.9.2.1.1), as 16-bit words so the writer
 * swaps them correctly for big-endian transfer syntaxes.
 */
export function packOverlayBits(mask: ArrayLike<number>): Uint16Array {
  const words = new Uint16Array(Math.ceil(mask.length / 16));
  for (let i = 0; i < mask.length; i++) {
    if ((mask[i] ?? 0) !== 0) words[i >>> 4] = (words[i >>> 4] ?? 0) | (1 << (i & 15));
  }
  return words;
}

/**
 * The fraction of pixels inside `box` whose samples all equal `ink`: about
 * a third for text of the bitmap font, near zero where no label was drawn
 * (labels go on dark margins, ink is the brightest value).
 */
export function inkFraction(target: TextTarget, box: PixelBox, ink: number): number {
  if (box.width <= 0 || box.height <= 0) return 0;
  let inked = 0;
  for (let y = box.y; y < box.y + box.height; y++) {
    for (let x = box.x; x < box.x + box.width; x++) {
      let all = true;
      for (let s = 0; s < target.samplesPerPixel; s++) {
        if (target.pixels[(y * target.columns + x) * target.samplesPerPixel + s] !== ink)
          all = false;
      }
      if (all) inked++;
    }
  }
  return inked / (box.width * box.height);
}
