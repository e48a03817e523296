import { embindCodec, type EmbindCodec } from './codec-module.js';
import type { CodecOutput } from './codec-output.js';
import { checkCodestreamGeometry, endsWithEndMarker } from './frame-codec.js';
import { jpeg2000Codestream, readJpeg2000Header } from './jpeg-2000-header.js';
import type { PixelDescription } from './pixel-description.js';

/** Name reported for frames this codec decodes. */
export const JPEG_2000_CODEC = 'OpenJPEG (@cornerstonejs/codec-openjpeg)';

/** What differs between the decoders of JPEG 2000 codestreams (Part 1 and HTJ2K). */
export interface Jpeg2000Decoder {
  /** The codestream family, for messages. */
  readonly what: string;
  /** Name reported for decoded frames. */
  readonly codec: string;
  readonly decode: EmbindCodec;
  /** The decoder accepts a truncated codestream silently: require EOC (ISO/IEC 15444-1 A.4.4) first. */
  readonly requireEndMarker: boolean;
}

const OPENJPEG: Jpeg2000Decoder = {
  what: 'JPEG 2000',
  codec: JPEG_2000_CODEC,
  decode: embindCodec('@cornerstonejs/codec-openjpeg/decodewasmjs', 'J2KDecoder'),
  requireEndMarker: false,
};

/**
 * Decodes a frame holding a JPEG 2000 codestream with `decoder`: removes a JP2
 * wrapper, checks the main header against the description, and reports
 * signedness and colour transform as the codestream declares them.
 */
export async function decodeJpeg2000Codestream(
  decoder: Jpeg2000Decoder,
  encoded: Uint8Array,
  description: PixelDescription,
): Promise<CodecOutput> {
  const codestream = jpeg2000Codestream(encoded);
  const header = readJpeg2000Header(codestream);
  checkCodestreamGeometry(decoder.what, header, description);
  if (decoder.requireEndMarker && !endsWithEndMarker(codestream))
    throw new Error(
      `${decoder.what} codestream is truncated: it does not end with an EOC marker (FFD9)`,
    );
  if (header.precision > 16)
    throw new Error(
      `${decoder.what} precision ${header.precision} bits is above the 16 the decoder returns`,
    );
  const result = await decoder.decode(codestream);
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
    codec: decoder.codec,
    rows: header.rows,
    columns: header.columns,
    signCorrectAtPrecision: true,
  };
}

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
  return decodeJpeg2000Codestream(OPENJPEG, encoded, description);
}
