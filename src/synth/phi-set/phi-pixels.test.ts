import { describe, expect, it } from 'vitest';
import { measureText } from '../bitmap-text.js';
import { SeededRandom } from '../seeded-random.js';
import { bodyImage, burnLine, burnText, inkFraction, packOverlayBits } from './phi-pixels.js';

function frame(columns: number, rows: number, samplesPerPixel: 1 | 3 = 1) {
  return {
    pixels: new Uint8Array(columns * rows * samplesPerPixel),
    columns,
    rows,
    samplesPerPixel,
  };
}

describe('packOverlayBits', () => {
  it('puts pixel i in bit i % 16 of word i / 16 (first pixel in the low bit, PS3.5 8.1.2)', () => {
    const mask = new Uint8Array(40);
    mask[0] = 1;
    mask[15] = 1;
    mask[17] = 1;
    mask[39] = 1;
    expect([...packOverlayBits(mask)]).toEqual([0x8001, 0x0002, 0x0080]);
  });
});

describe('burnText and burnLine', () => {
  it('plant the text where it was drawn', () => {
    const target = frame(200, 40);
    const plant = burnText(target, 'SMITH^JOHN', {
      location: 'pixels',
      kind: 'name',
      xPx: 4,
      yPx: 6,
      scale: 2,
      value: 255,
    });
    expect(plant.box).toEqual({ x: 4, y: 6, ...measureText('SMITH^JOHN', 2) });
    expect(inkFraction(target, plant.box, 255)).toBeGreaterThan(0.15);
    expect(inkFraction(target, { x: 4, y: 30, width: 20, height: 8 }, 255)).toBe(0);
  });

  it('refuse a label that falls outside the frame', () => {
    expect(() =>
      burnText(frame(20, 20), 'X', {
        location: 'pixels',
        kind: 'text',
        xPx: 40,
        yPx: 40,
        scale: 1,
        value: 1,
      }),
    ).toThrow(RangeError);
  });

  it('plant the whole line and each part with its own box', () => {
    const target = frame(480, 40, 3);
    const plants = burnLine(
      target,
      [
        { text: 'SMITH^JOHN', kind: 'name' },
        { text: 'MRN 12345678', kind: 'id' },
        { text: '2023-04-05', kind: 'date' },
      ],
      '  ',
      { location: 'pixels', xPx: 8, yPx: 6, scale: 2, value: 255 },
    );
    expect(plants.map((p) => [p.kind, p.value])).toEqual([
      ['text', 'SMITH^JOHN  MRN 12345678  2023-04-05'],
      ['name', 'SMITH^JOHN'],
      ['id', 'MRN 12345678'],
      ['date', '2023-04-05'],
    ]);
    const [whole, name, id, date] = plants;
    expect(name?.box.x).toBe(8);
    // Monospaced cells: part n starts where its first character's cell does.
    expect(id?.box.x).toBe(8 + 'SMITH^JOHN  '.length * 6 * 2);
    expect((date?.box.x ?? 0) + (date?.box.width ?? 0)).toBe(
      (whole?.box.x ?? 0) + (whole?.box.width ?? 0),
    );
    for (const plant of plants) expect(inkFraction(target, plant.box, 255)).toBeGreaterThan(0.1);
  });
});

describe('bodyImage', () => {
  it('is the same for the same seed and stays within its bounds', () => {
    const levels = { background: 10, body: 200, noise: 30, maxValue: 220 };
    const a = bodyImage(new SeededRandom('x'), 32, 24, levels);
    const b = bodyImage(new SeededRandom('x'), 32, 24, levels);
    expect(a).toEqual(b);
    expect(Math.max(...a)).toBeLessThanOrEqual(220);
    expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
    expect(a[12 * 32 + 16]).toBeGreaterThan(100);
    expect(a[0]).toBeLessThan(50);
  });
});
