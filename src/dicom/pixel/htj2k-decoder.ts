import { embindCodec } from './codec-module.js';
import type { CodecOutput } from './codec-output.js';
import { decodeJpeg2000Codestream, type Jpeg2000Decoder } from './jpeg-2000-decoder.js';
import type { PixelDescription } from './pixel-description.js';

/** Name reported for frames this codec decodes. */
export const HTJ2K_CODEC = 'OpenJPH (@cornerstonejs/codec-openjph)';

const OPENJPH: Jpeg2000Decoder = {
  what: 'HTJ2K',
  codec: HTJ2K_CODEC,
  decode: embindCodec('@cornerstonejs/codec-openjph/wasmjs', 'HTJ2KDecoder'),
  requireEndMarker: true,
};

/**
 * Decodes a High-Throughput JPEG 2000 frame (ISO/IEC 15444-15; DICOM
 * 1.2.840.10008.1.2.4.201/.202/.203, PS3.5 A.4.11) with OpenJPH. Signedness
 * and colour transform are handled as for JPEG 2000. OpenJPH decodes a
 * truncated codestream silently, so one without its EOC marker is rejected.
 */
export async function decodeHtj2kFrame(
  encoded: Uint8Array,
  description: PixelDescription,
): Promise<CodecOutput> {
  return decodeJpeg2000Codestream(OPENJPH, encoded, description);
}
