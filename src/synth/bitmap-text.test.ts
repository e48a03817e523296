import { describe, expect, it } from 'vitest';
import { BITMAP_FONT_CHARACTERS, measureText, renderText } from './bitmap-text.js';

function frame(columns: number, rows: number, samplesPerPixel: 1 | 3 = 1) {
  return {
    pixels: new Uint16Array(columns * rows * samplesPerPixel),
    columns,
    rows,
    samplesPerPixel,
  };
}

function inkBounds(target: ReturnType<typeof frame>): {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
} {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < target.rows; y++) {
    for (let x = 0; x < target.columns; x++) {
      if ((target.pixels[(y * target.columns + x) * target.samplesPerPixel] ?? 0) === 0) continue;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  }
  return { x0, y0, x1, y1 };
}

describe('bitmap text', () => {
  it('covers the documented character set', () => {
    for (const char of "AZaz09 .,:/-^()#'_") expect(BITMAP_FONT_CHARACTERS).toContain(char);
  });

  it('measures a 6x10 cell per character at scale 1, without trailing spacing', () => {
    expect(measureText('AB', 1)).toEqual({ width: 11, height: 9 });
    expect(measureText('AB', 3)).toEqual({ width: 33, height: 27 });
    expect(measureText('', 2)).toEqual({ width: 0, height: 0 });
    expect(() => measureText('A', 1.5)).toThrow(RangeError);
  });

  it('draws ink only inside the returned box, with the given value', () => {
    const target = frame(200, 40);
    const box = renderText(target, 'DOE^JOHN gy', 5, 7, { scale: 2, value: 4095 });
    expect(box).toEqual({ x: 5, y: 7, ...measureText('DOE^JOHN gy', 2) });
    const ink = inkBounds(target);
    expect(ink.x0).toBeGreaterThanOrEqual(box.x);
    expect(ink.y0).toBe(box.y);
    expect(ink.x1).toBeLessThan(box.x + box.width);
    // 'g' and 'y' reach the bottom descender row.
    expect(ink.y1).toBe(box.y + box.height - 1);
    expect(new Set(target.pixels)).toEqual(new Set([0, 4095]));
  });

  it('writes every channel of RGB pixels', () => {
    const target = frame(20, 12, 3);
    renderText(target, 'I', 0, 0, { scale: 1, value: 200 });
    // Top row of 'I' is '.###.': columns 1..3.
    expect(Array.from(target.pixels.subarray(0, 15))).toEqual([
      0, 0, 0, 200, 200, 200, 200, 200, 200, 200, 200, 200, 0, 0, 0,
    ]);
  });

  it('clips at the frame edge and reports the clipped box', () => {
    const target = frame(20, 10);
    const box = renderText(target, 'HELLO', 12, 4, { scale: 1, value: 1 });
    expect(box).toEqual({ x: 12, y: 4, width: 8, height: 6 });
    const outside = renderText(target, 'X', 30, 30, { scale: 1, value: 1 });
    expect(outside.width * outside.height).toBe(0);
    const negative = renderText(frame(20, 10), 'X', -3, -2, { scale: 1, value: 1 });
    expect(negative).toEqual({ x: 0, y: 0, width: 2, height: 7 });
  });

  it('writes signed values', () => {
    const target = {
      pixels: new Int16Array(30 * 10),
      columns: 30,
      rows: 10,
      samplesPerPixel: 1 as const,
    };
    renderText(target, '-', 0, 0, { scale: 1, value: -1000 });
    expect(target.pixels[3 * 30]).toBe(-1000);
  });
});
