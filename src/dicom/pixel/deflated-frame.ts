import { inflateRawSync } from 'node:zlib';
import { decodeNativeFrame, nativeFrameLengthBytes } from './native-frame.js';
import type { PixelDescription } from './pixel-description.js';
import type { StoredValues } from './stored-values.js';

/** Name reported for frames this codec decodes. */
export const DEFLATED_FRAME_CODEC = 'Deflate (node:zlib)';

/**
 * Decodes one frame of Deflated Image Frame Compression (1.2.840.10008.1.2.8.1,
 * PS3.5 A.4.13 / 8.2.16): the frame's native little-endian bytes (1-bit frames
 * packed from their own first bit) compressed with raw deflate (RFC 1951).
 * Inflation stops at the frame's size: a stream that inflates to more is an
 * error rather than an allocation.
 */
export function decodeDeflatedFrame(
  encoded: Uint8Array,
  description: PixelDescription,
): StoredValues {
  const single: PixelDescription = { ...description, NumberOfFrames: 1 };
  const frameBytes = Math.ceil(nativeFrameLengthBytes(single));
  let inflated: Uint8Array;
  try {
    // One spare byte tells "exactly the frame" from "more than the frame"; a trailing pad byte is allowed.
    inflated = inflateRawSync(encoded, { maxOutputLength: frameBytes + 2 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE')
      throw new Error(
        `deflated frame inflates to more than the ${frameBytes} bytes the frame needs`,
        { cause: error },
      );
    throw new Error(`deflated frame does not inflate: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return decodeNativeFrame(inflated, single, 0, { littleEndian: true, vr: 'OB' });
}
