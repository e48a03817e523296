import { describe, expect, it } from 'vitest';
import { twoToneSpread } from './two-tone-spread.js';

function image(values: (x: number, y: number) => number, columns = 20, rows = 10) {
  const pixels = new Uint8Array(columns * rows);
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < columns; x++) pixels[y * columns + x] = values(x, y);
  return { pixels, columns, rows };
}

describe('twoToneSpread', () => {
  const all = { x: 0, y: 0, width: 20, height: 10 };

  it('is 0 for text-like two-tone pixels', () => {
    expect(
      twoToneSpread(
        image((x, y) => ((x + y) % 3 === 0 ? 230 : 20)),
        all,
      ),
    ).toBe(0);
  });

  it('is large for a continuous spread of values', () => {
    expect(
      twoToneSpread(
        image((x, y) => (x * 37 + y * 101) % 256),
        all,
      ),
    ).toBeGreaterThan(0.2);
  });

  it('is 1 for a flat or empty box', () => {
    expect(
      twoToneSpread(
        image(() => 7),
        all,
      ),
    ).toBe(1);
    expect(
      twoToneSpread(
        image(() => 7),
        { x: 0, y: 0, width: 0, height: 0 },
      ),
    ).toBe(1);
  });
});
