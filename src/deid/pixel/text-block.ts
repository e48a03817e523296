import type { GrayImage } from './grayscale-frame.js';
import { clipBox, type PixelBox } from './pixel-box.js';
import { twoToneSpread } from './two-tone-spread.js';

/** Lines looked at above and below each line OCR found. */
const MAX_NEIGHBOUR_LINES = 4;
/** Same flatness bound as OCR words (see twoToneSpread). */
const MAX_SPREAD = 0.15;
/** Ink share of a strip that reads as a line of text, not a border or an empty band. */
const MIN_INK = 0.03;
const MAX_INK = 0.6;

/** Share of the strip's pixels on the minority side of its mid-grey. */
function inkShare(image: GrayImage, box: PixelBox): number {
  let min = 255;
  let max = 0;
  for (let y = box.y; y < box.y + box.height; y++)
    for (let x = box.x; x < box.x + box.width; x++) {
      const v = image.pixels[y * image.columns + x] ?? 0;
      if (v < min) min = v;
      if (v > max) max = v;
    }
  if (max - min < 32) return 0;
  const mid = (min + max) / 2;
  let above = 0;
  for (let y = box.y; y < box.y + box.height; y++)
    for (let x = box.x; x < box.x + box.width; x++)
      if ((image.pixels[y * image.columns + x] ?? 0) > mid) above++;
  const share = above / (box.width * box.height);
  return Math.min(share, 1 - share);
}

function looksLikeText(image: GrayImage, box: PixelBox): boolean {
  const ink = inkShare(image, box);
  return ink >= MIN_INK && ink <= MAX_INK && twoToneSpread(image, box) <= MAX_SPREAD;
}

/**
 * Burned-in annotation comes in blocks: name, ID and birth date stacked in a
 * corner. Tesseract may read the ID line and miss the name above it (a caret,
 * an accent, a low-contrast font). Each line OCR found is grown into its block:
 * strips of the same height directly above and below, twice as wide, are
 * added while they look like a line of text (two flat tones with some ink).
 * The result is masked and flagged for a person to confirm.
 */
export function growTextBlocks(image: GrayImage, lines: readonly PixelBox[]): PixelBox[] {
  const grown: PixelBox[] = [];
  for (const line of lines) {
    const width = Math.min(image.columns - line.x, line.width * 2);
    for (const direction of [-1, 1]) {
      for (let k = 1; k <= MAX_NEIGHBOUR_LINES; k++) {
        const strip = clipBox(
          { x: line.x, y: line.y + direction * k * line.height, width, height: line.height },
          image.columns,
          image.rows,
        );
        if (strip === undefined || strip.height < line.height / 2 || !looksLikeText(image, strip))
          break;
        grown.push(strip);
      }
    }
  }
  return grown;
}
