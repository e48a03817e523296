import type { CodecOutput } from './codec-output.js';
import type { PixelDescription } from './pixel-description.js';

/**
 * Decodes one compressed frame (the joined fragments of PS3.5 A.4) of an image
 * with this description into samples. Implementations check the codestream's
 * own header against the description before decoding, so a lying header
 * cannot make the codec allocate more than the image needs, and throw an
 * Error with the codec's message on failure.
 */
export type FrameCodec = (
  encoded: Uint8Array,
  description: PixelDescription,
) => Promise<CodecOutput>;

/**
 * Throws unless the codestream's component count is the data set's and its
 * size is no larger than Rows × Columns (PS3.5 8.2: they shall agree). A
 * smaller codestream is accepted: some whole-slide writers store the right
 * and bottom edge tiles unpadded, and the caller places them top-left.
 */
export function checkCodestreamGeometry(
  what: string,
  stream: { readonly rows: number; readonly columns: number; readonly components: number },
  description: PixelDescription,
): void {
  if (
    stream.rows > description.Rows ||
    stream.columns > description.Columns ||
    stream.rows === 0 ||
    stream.columns === 0 ||
    stream.components !== description.SamplesPerPixel
  ) {
    throw new Error(
      `${what} header says ${stream.columns}x${stream.rows} with ${stream.components} component(s) ` +
        `but the data set says ${description.Columns}x${description.Rows} with ${description.SamplesPerPixel} sample(s) per pixel`,
    );
  }
}

/** Bytes writers leave after the end marker: even-length padding (PS3.5 A.4) and stray fill. */
const TRAILING_FILL = new Set([0x00, 0x20, 0xff]);

/**
 * Whether a codestream ends with FFD9, the JPEG / JPEG-LS EOI marker and the
 * JPEG 2000 EOC marker, allowing up to 16 trailing fill bytes. Used where the
 * decoder would not notice truncation itself (or takes seconds to).
 */
export function endsWithEndMarker(bytes: Uint8Array): boolean {
  let end = bytes.length;
  while (end > 0 && bytes.length - end < 16 && TRAILING_FILL.has(bytes[end - 1] as number)) {
    if (end >= 2 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9) return true;
    end--;
  }
  return end >= 2 && bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9;
}
