/**
 * A tiny built-in bitmap font for burning text into synthetic pixel data: the
 * "burned-in annotation" that PS3.15 E.3.1 (Clean Pixel Data Option) is about.
 * Tests render fake names, IDs and dates with it and check that OCR finds them
 * and that masking removes them.
 *
 * Glyphs are 5 columns by 7 rows above the baseline plus 2 descender rows, in
 * a 6×10 cell (1 column and 1 row of spacing), scaled by an integer factor.
 * The shapes follow the classic HD44780-style 5×7 LCD font; above scale 1
 * they are drawn as round strokes through the glyph cells, which Tesseract
 * reads reliably (checked at scales 1–3 in test/deid-pixel.test.ts).
 */

const GLYPH_WIDTH = 5;
const CELL_WIDTH = 6;
const CELL_HEIGHT = 10;

/** Rows of '#' (ink) and '.' (background); 7 rows, or 9 with descenders. */
const GLYPHS: Readonly<Record<string, readonly string[]>> = {
  A: ['.###.', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  B: ['####.', '#...#', '#...#', '####.', '#...#', '#...#', '####.'],
  C: ['.###.', '#...#', '#....', '#....', '#....', '#...#', '.###.'],
  D: ['####.', '#...#', '#...#', '#...#', '#...#', '#...#', '####.'],
  E: ['#####', '#....', '#....', '####.', '#....', '#....', '#####'],
  F: ['#####', '#....', '#....', '####.', '#....', '#....', '#....'],
  G: ['.###.', '#...#', '#....', '#.###', '#...#', '#...#', '.####'],
  H: ['#...#', '#...#', '#...#', '#####', '#...#', '#...#', '#...#'],
  I: ['.###.', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  J: ['..###', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  K: ['#...#', '#..#.', '#.#..', '##...', '#.#..', '#..#.', '#...#'],
  L: ['#....', '#....', '#....', '#....', '#....', '#....', '#####'],
  M: ['#...#', '##.##', '#.#.#', '#.#.#', '#...#', '#...#', '#...#'],
  N: ['#...#', '##..#', '##..#', '#.#.#', '#..##', '#..##', '#...#'],
  O: ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  P: ['####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  Q: ['.###.', '#...#', '#...#', '#...#', '#.#.#', '#..#.', '.##.#'],
  R: ['####.', '#...#', '#...#', '####.', '#.#..', '#..#.', '#...#'],
  S: ['.####', '#....', '#....', '.###.', '....#', '....#', '####.'],
  T: ['#####', '..#..', '..#..', '..#..', '..#..', '..#..', '..#..'],
  U: ['#...#', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  V: ['#...#', '#...#', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  W: ['#...#', '#...#', '#...#', '#.#.#', '#.#.#', '##.##', '#...#'],
  X: ['#...#', '#...#', '.#.#.', '..#..', '.#.#.', '#...#', '#...#'],
  Y: ['#...#', '#...#', '#...#', '.#.#.', '..#..', '..#..', '..#..'],
  Z: ['#####', '....#', '...#.', '..#..', '.#...', '#....', '#####'],
  a: ['.....', '.....', '.###.', '....#', '.####', '#...#', '.####'],
  b: ['#....', '#....', '#.##.', '##..#', '#...#', '#...#', '####.'],
  c: ['.....', '.....', '.###.', '#....', '#....', '#...#', '.###.'],
  d: ['....#', '....#', '.##.#', '#..##', '#...#', '#...#', '.####'],
  e: ['.....', '.....', '.###.', '#...#', '#####', '#....', '.###.'],
  f: ['..##.', '.#..#', '.#...', '###..', '.#...', '.#...', '.#...'],
  g: ['.....', '.....', '.####', '#...#', '#...#', '.####', '....#', '....#', '.###.'],
  h: ['#....', '#....', '#.##.', '##..#', '#...#', '#...#', '#...#'],
  i: ['..#..', '.....', '.##..', '..#..', '..#..', '..#..', '.###.'],
  j: ['...#.', '.....', '..##.', '...#.', '...#.', '...#.', '...#.', '#..#.', '.##..'],
  k: ['#....', '#....', '#..#.', '#.#..', '##...', '#.#..', '#..#.'],
  l: ['.##..', '..#..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  m: ['.....', '.....', '##.#.', '#.#.#', '#.#.#', '#...#', '#...#'],
  n: ['.....', '.....', '#.##.', '##..#', '#...#', '#...#', '#...#'],
  o: ['.....', '.....', '.###.', '#...#', '#...#', '#...#', '.###.'],
  p: ['.....', '.....', '####.', '#...#', '#...#', '####.', '#....', '#....', '#....'],
  q: ['.....', '.....', '.####', '#...#', '#...#', '.####', '....#', '....#', '....#'],
  r: ['.....', '.....', '#.##.', '##..#', '#....', '#....', '#....'],
  s: ['.....', '.....', '.####', '#....', '.###.', '....#', '####.'],
  t: ['.#...', '.#...', '###..', '.#...', '.#...', '.#..#', '..##.'],
  u: ['.....', '.....', '#...#', '#...#', '#...#', '#..##', '.##.#'],
  v: ['.....', '.....', '#...#', '#...#', '#...#', '.#.#.', '..#..'],
  w: ['.....', '.....', '#...#', '#...#', '#.#.#', '#.#.#', '.#.#.'],
  x: ['.....', '.....', '#...#', '.#.#.', '..#..', '.#.#.', '#...#'],
  y: ['.....', '.....', '#...#', '#...#', '#...#', '.####', '....#', '....#', '.###.'],
  z: ['.....', '.....', '#####', '...#.', '..#..', '.#...', '#####'],
  '0': ['.###.', '#...#', '#...#', '#...#', '#...#', '#...#', '.###.'],
  '1': ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
  '2': ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
  '3': ['#####', '...#.', '..#..', '...#.', '....#', '#...#', '.###.'],
  '4': ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
  '5': ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
  '6': ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
  '7': ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
  '8': ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
  '9': ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
  ' ': ['.....', '.....', '.....', '.....', '.....', '.....', '.....'],
  '.': ['.....', '.....', '.....', '.....', '.....', '.##..', '.##..'],
  ',': ['.....', '.....', '.....', '.....', '.....', '.##..', '.##..', '..#..', '.#...'],
  ':': ['.....', '.##..', '.##..', '.....', '.##..', '.##..', '.....'],
  '/': ['.....', '....#', '...#.', '..#..', '.#...', '#....', '.....'],
  '-': ['.....', '.....', '.....', '#####', '.....', '.....', '.....'],
  '^': ['..#..', '.#.#.', '#...#', '.....', '.....', '.....', '.....'],
  '(': ['...#.', '..#..', '.#...', '.#...', '.#...', '..#..', '...#.'],
  ')': ['.#...', '..#..', '...#.', '...#.', '...#.', '..#..', '.#...'],
  '#': ['.#.#.', '.#.#.', '#####', '.#.#.', '#####', '.#.#.', '.#.#.'],
  "'": ['.##..', '..#..', '.#...', '.....', '.....', '.....', '.....'],
  _: ['.....', '.....', '.....', '.....', '.....', '.....', '#####'],
};

/** The characters {@link renderText} can draw; others render as a filled box. */
export const BITMAP_FONT_CHARACTERS: string = Object.keys(GLYPHS).join('');

const UNKNOWN_GLYPH: readonly string[] = [
  '#####',
  '#...#',
  '#...#',
  '#...#',
  '#...#',
  '#...#',
  '#####',
];

/** A frame to draw into: interleaved samples (PlanarConfiguration 0) when RGB. */
export interface TextTarget {
  readonly pixels: Uint8Array | Uint16Array | Int16Array;
  readonly columns: number;
  readonly rows: number;
  readonly samplesPerPixel: 1 | 3;
}

/** Drawing options: `scale` is the integer magnification, `value` the sample value of ink (all channels for RGB). */
export interface TextOptions {
  readonly scale: number;
  readonly value: number;
}

/** A rectangle in pixels: `x` is the column, `y` the row of its top-left corner. */
export interface TextBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function checkScale(scale: number): void {
  if (!Number.isInteger(scale) || scale < 1) {
    throw new RangeError(`bitmap text scale must be a positive integer, got ${scale}`);
  }
}

/** A stroke of a glyph: a segment between two ink cell centres (a point when both ends agree), in glyph cells. */
interface Stroke {
  readonly r0: number;
  readonly c0: number;
  readonly r1: number;
  readonly c1: number;
}

const strokeCache = new Map<readonly string[], readonly Stroke[]>();

/**
 * The glyph as strokes: every ink cell is a dot, joined to its ink neighbours
 * right and below, and diagonally where no orthogonal path joins them.
 */
function glyphStrokes(glyph: readonly string[]): readonly Stroke[] {
  const cached = strokeCache.get(glyph);
  if (cached !== undefined) return cached;
  const ink = (r: number, c: number): boolean => glyph[r]?.[c] === '#';
  const strokes: Stroke[] = [];
  glyph.forEach((line, r) => {
    for (let c = 0; c < line.length; c++) {
      if (!ink(r, c)) continue;
      strokes.push({ r0: r, c0: c, r1: r, c1: c });
      if (ink(r, c + 1)) strokes.push({ r0: r, c0: c, r1: r, c1: c + 1 });
      if (ink(r + 1, c)) strokes.push({ r0: r, c0: c, r1: r + 1, c1: c });
      for (const dc of [-1, 1]) {
        if (ink(r + 1, c + dc) && !ink(r, c + dc) && !ink(r + 1, c))
          strokes.push({ r0: r, c0: c, r1: r + 1, c1: c + dc });
      }
    }
  });
  strokeCache.set(glyph, strokes);
  return strokes;
}

function distanceToStroke(v: number, u: number, s: Stroke): number {
  const dr = s.r1 - s.r0;
  const dc = s.c1 - s.c0;
  const lengthSquared = dr * dr + dc * dc;
  const t =
    lengthSquared === 0
      ? 0
      : Math.max(0, Math.min(1, ((v - s.r0) * dr + (u - s.c0) * dc) / lengthSquared));
  return Math.hypot(v - (s.r0 + t * dr), u - (s.c0 + t * dc));
}

/**
 * Whether output pixel (gx, gy) of a glyph drawn at `scale` is ink. At scale 1
 * it is the glyph pixel. Larger, the glyph is drawn as round strokes one cell
 * wide through its ink cells: OCR engines trained on real fonts read blocky
 * magnified bitmaps poorly (staircase diagonals, square dots), stroked ones well.
 */
function inkAt(glyph: readonly string[], gx: number, gy: number, scale: number): boolean {
  if (scale === 1) return glyph[gy]?.[gx] === '#';
  const u = (gx + 0.5) / scale - 0.5;
  const v = (gy + 0.5) / scale - 0.5;
  return glyphStrokes(glyph).some((stroke) => distanceToStroke(v, u, stroke) <= 0.55);
}

/** The size in pixels of `text` drawn at `scale` (one line; cell includes spacing and descenders). */
export function measureText(text: string, scale: number): { width: number; height: number } {
  checkScale(scale);
  if (text.length === 0) return { width: 0, height: 0 };
  return { width: (text.length * CELL_WIDTH - 1) * scale, height: (CELL_HEIGHT - 1) * scale };
}

/**
 * Renders `text` with its top-left corner at (`xPx`, `yPx`) into `target` in
 * place, setting ink samples to `options.value`; background is untouched.
 * Returns the box covered, clipped to the frame (width/height 0 when fully outside).
 */
export function renderText(
  target: TextTarget,
  text: string,
  xPx: number,
  yPx: number,
  options: TextOptions,
): TextBox {
  const { scale, value } = options;
  checkScale(scale);
  const { pixels, columns, rows, samplesPerPixel } = target;
  if (pixels.length < columns * rows * samplesPerPixel) {
    throw new RangeError(
      `bitmap text target has ${pixels.length} samples, expected ${columns * rows * samplesPerPixel}`,
    );
  }
  const chars = [...text];
  chars.forEach((char, index) => {
    const glyph = GLYPHS[char] ?? UNKNOWN_GLYPH;
    const left = xPx + index * CELL_WIDTH * scale;
    const glyphRows = glyph.length;
    for (let gy = 0; gy < glyphRows * scale; gy++) {
      const y = yPx + gy;
      if (y < 0 || y >= rows) continue;
      for (let gx = 0; gx < GLYPH_WIDTH * scale; gx++) {
        const x = left + gx;
        if (x < 0 || x >= columns) continue;
        if (!inkAt(glyph, gx, gy, scale)) continue;
        const base = (y * columns + x) * samplesPerPixel;
        for (let sample = 0; sample < samplesPerPixel; sample++) pixels[base + sample] = value;
      }
    }
  });
  const size = measureText(chars.join(''), scale);
  const x0 = Math.max(0, Math.min(columns, xPx));
  const y0 = Math.max(0, Math.min(rows, yPx));
  const x1 = Math.max(0, Math.min(columns, xPx + size.width));
  const y1 = Math.max(0, Math.min(rows, yPx + size.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}
