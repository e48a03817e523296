import { createHash } from 'node:crypto';
import type { DecodedFrame } from './decoded-frame.js';
import { littleEndianBytes } from './stored-values.js';

/**
 * SHA-256 (hex) of a frame's stored values as little-endian bytes, samples
 * colour-by-pixel: the digest `radset pixels --digest` prints and
 * `test/reference/pixel_digests.py` computes with pydicom.
 */
export function frameSha256Hex(frame: DecodedFrame): string {
  return createHash('sha256').update(littleEndianBytes(frame.values)).digest('hex');
}
