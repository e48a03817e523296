/**
 * Rectangles in image pixel coordinates: `x` is the column and `y` the row of
 * the top-left pixel (both from 0, as PS3.3 C.7.6.3 numbers Columns and Rows
 * from the top-left corner), `width` and `height` in pixels.
 */
export interface PixelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The part of `box` inside a `columns` × `rows` image, or undefined when none is. */
export function clipBox(box: PixelBox, columns: number, rows: number): PixelBox | undefined {
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(columns, Math.ceil(box.x + box.width));
  const y1 = Math.min(rows, Math.ceil(box.y + box.height));
  if (x1 <= x0 || y1 <= y0) return undefined;
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** `box` grown by `paddingPx` on every side (not clipped). */
export function padBox(box: PixelBox, paddingPx: number): PixelBox {
  return {
    x: box.x - paddingPx,
    y: box.y - paddingPx,
    width: box.width + 2 * paddingPx,
    height: box.height + 2 * paddingPx,
  };
}

/** Whether two boxes share at least one pixel. */
export function boxesOverlap(a: PixelBox, b: PixelBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The smallest box holding both. */
export function unionBox(a: PixelBox, b: PixelBox): PixelBox {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return {
    x,
    y,
    width: Math.max(a.x + a.width, b.x + b.width) - x,
    height: Math.max(a.y + a.height, b.y + b.height) - y,
  };
}

/**
 * Merges overlapping boxes until none overlap, so a line of words becomes one
 * box (callers pad word boxes first, which makes neighbours overlap).
 * Order: by row, then column.
 */
export function mergeOverlappingBoxes(boxes: readonly PixelBox[]): PixelBox[] {
  const merged: PixelBox[] = [];
  for (const box of boxes) {
    let current = box;
    for (let i = merged.length - 1; i >= 0; i--) {
      const other = merged[i] as PixelBox;
      if (boxesOverlap(current, other)) {
        current = unionBox(current, other);
        merged.splice(i, 1);
        // The grown box may now overlap ones already passed over.
        i = merged.length;
      }
    }
    merged.push(current);
  }
  return merged.sort((a, b) => a.y - b.y || a.x - b.x);
}

/** Whether every pixel of `inner` lies in `outer`. */
export function boxContains(outer: PixelBox, inner: PixelBox): boolean {
  return (
    inner.x >= outer.x &&
    inner.y >= outer.y &&
    inner.x + inner.width <= outer.x + outer.width &&
    inner.y + inner.height <= outer.y + outer.height
  );
}
