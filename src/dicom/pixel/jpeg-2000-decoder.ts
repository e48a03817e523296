import {
  CodecMessages,
  instantiateEmscripten,
  lazyModule,
  runEmbindDecoder,
} from './codec-module.js';
import type { CodecOutput } from './codec-output.js';
import { checkCodestreamGeometry } from './frame-codec.js';
import { jpeg2000Codestream, readJpeg2000Header } from './jpeg-2000-header.js';
import type { PixelDescription } from './pixel-description.js';

/** Name reported for frames this codec decodes. */
export const JPEG_2000_CODEC = 'OpenJPEG (@cornerstonejs/codec-openjpeg)';

const messages = new CodecMessages();
const openjpeg = lazyModule(() =>
  instantiateEmscripten('@cornerstonejs/codec-openjpeg/decodewasmjs', messages),
);

/**
 * Decodes a JPEG 2000 frame (ISO/IEC 15444-1; DICOM 1.2.840.10008.1.2.4.90/.91
 * and Part 2 .92/.93, PS3.5 A.4.4) with OpenJPEG. A JP2 file-format wrapper is
 * removed first. Codestream signedness is kept and reconciled with Pixel
 * Representation afterwards (the Toshiba quirk). When the codestream uses the
 * multiple component transform (YBR_RCT / YBR_ICT) OpenJPEG returns RGB.
 */
export async function decodeJpeg2000Frame(
  encoded: Uint8Array,
  description: PixelDescription,
): Promise<CodecOutput> {
  const codestream = jpeg2000Codestream(encoded);
  const header = readJpeg2000Header(codestream);
  checkCodestreamGeometry('JPEG 2000', header, description);
  if (header.precision > 16)
    throw new Error(
      `JPEG 2000 precision ${header.precision} bits is above the 16 the decoder returns`,
    );
  const result = await runEmbindDecoder(openjpeg, messages, 'J2KDecoder', codestream);
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
    codec: JPEG_2000_CODEC,
    rows: header.rows,
    columns: header.columns,
    signCorrectAtPrecision: true,
  };
}
