import { describe, expect, it } from 'vitest';
import { renderText } from '../../synth/index.js';
import { growTextBlocks } from './text-block.js';

function image(
  columns: number,
  rows: number,
): { pixels: Uint8Array; columns: number; rows: number } {
  return { pixels: new Uint8Array(columns * rows), columns, rows };
}

describe('growTextBlocks', () => {
  it('grows a line OCR found into the text lines stacked above and below it', () => {
    const target = image(200, 120);
    const frame = { ...target, samplesPerPixel: 1 as const };
    renderText(frame, 'SMITH JOHN', 4, 10, { scale: 2, value: 255 });
    const id = renderText(frame, 'MRN 12345', 4, 30, { scale: 2, value: 255 });
    renderText(frame, '1956-04-12', 4, 50, { scale: 2, value: 255 });
    const line = { x: id.x - 2, y: id.y - 3, width: id.width + 4, height: 20 };
    const grown = growTextBlocks(target, [line]);
    expect(grown.some((b) => b.y < line.y)).toBe(true);
    expect(grown.some((b) => b.y > line.y)).toBe(true);
    // Below the last line there is only background: growth stops there.
    expect(grown.every((b) => b.y < 80)).toBe(true);
  });

  it('does not grow into an empty or textured neighbourhood', () => {
    const flat = image(100, 100);
    expect(growTextBlocks(flat, [{ x: 10, y: 40, width: 30, height: 12 }])).toEqual([]);
    const noise = image(100, 100);
    let seed = 7;
    for (let i = 0; i < noise.pixels.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      noise.pixels[i] = (seed >>> 16) & 0xff;
    }
    expect(growTextBlocks(noise, [{ x: 10, y: 40, width: 30, height: 12 }])).toEqual([]);
  });
});
