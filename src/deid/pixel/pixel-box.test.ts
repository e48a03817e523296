import { describe, expect, it } from 'vitest';
import { boxContains, clipBox, mergeOverlappingBoxes, padBox } from './pixel-box.js';

describe('pixel boxes', () => {
  it('clips to the image and drops boxes outside it', () => {
    expect(clipBox({ x: -5, y: 2, width: 10, height: 100 }, 20, 30)).toEqual({
      x: 0,
      y: 2,
      width: 5,
      height: 28,
    });
    expect(clipBox({ x: 20, y: 0, width: 5, height: 5 }, 20, 30)).toBeUndefined();
    expect(clipBox({ x: 0, y: 0, width: 0, height: 5 }, 20, 30)).toBeUndefined();
  });

  it('pads on every side', () => {
    expect(padBox({ x: 5, y: 6, width: 2, height: 3 }, 2)).toEqual({
      x: 3,
      y: 4,
      width: 6,
      height: 7,
    });
  });

  it('merges chains of overlapping boxes and keeps separate ones apart', () => {
    const merged = mergeOverlappingBoxes([
      { x: 0, y: 0, width: 10, height: 10 },
      { x: 50, y: 50, width: 5, height: 5 },
      { x: 20, y: 0, width: 10, height: 10 },
      { x: 9, y: 5, width: 12, height: 2 },
    ]);
    expect(merged).toEqual([
      { x: 0, y: 0, width: 30, height: 10 },
      { x: 50, y: 50, width: 5, height: 5 },
    ]);
    expect(boxContains(merged[0]!, { x: 9, y: 5, width: 12, height: 2 })).toBe(true);
  });
});
