import {
  CodecMessages,
  instantiateEmscripten,
  lazyModule,
  runEmbindDecoder,
} from './codec-module.js';
import type { CodecOutput } from './codec-output.js';
import { checkCodestreamGeometry, endsWithEndMarker } from './frame-codec.js';
import { jpeg2000Codestream, readJpeg2000Header } from './jpeg-2000-header.js';
import type { PixelDescription } from './pixel-description.js';

/** Name reported for frames this codec decodes. */
export const HTJ2K_CODEC = 'OpenJPH (@cornerstonejs/codec-openjph)';

const messages = new CodecMessages();
const openjph = lazyModule(() =>
  instantiateEmscripten('@cornerstonejs/codec-openjph/wasmjs', messages),
);

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
  const codestream = jpeg2000Codestream(encoded);
  const header = readJpeg2000Header(codestream);
  checkCodestreamGeometry('HTJ2K', header, description);
  // OpenJPH decodes a truncated codestream without complaint: require EOC (ISO/IEC 15444-1 A.4.4).
  if (!endsWithEndMarker(codestream))
    throw new Error('HTJ2K codestream is truncated: it does not end with an EOC marker (FFD9)');
  if (header.precision > 16)
    throw new Error(`HTJ2K precision ${header.precision} bits is above the 16 the decoder returns`);
  const result = await runEmbindDecoder(openjph, messages, 'HTJ2KDecoder', codestream);
  return {
    bytes: result.bytes,
    bytesPerSample: result.frameInfo.bitsPerSample <= 8 ? 1 : 2,
    signed: result.frameInfo.isSigned ?? header.signed,
    precision: result.frameInfo.bitsPerSample,
    planar: false,
    photometricInterpretation:
      header.colourTransform && description.SamplesPerPixel === 3
        ? 'RGB'
        : description.PhotometricInterpretation,
    codec: HTJ2K_CODEC,
    rows: header.rows,
    columns: header.columns,
    signCorrectAtPrecision: true,
  };
}
