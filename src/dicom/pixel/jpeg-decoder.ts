import { embindCodec } from './codec-module.js';
import type { CodecOutput } from './codec-output.js';
import { decodeWithDcmjsCodecs } from './dcmjs-codecs-decoder.js';
import { checkCodestreamGeometry, endsWithEndMarker } from './frame-codec.js';
import { isLosslessSof, readJpegHeader, type JpegHeader } from './jpeg-header.js';
import type { PixelDescription } from './pixel-description.js';

/** Names reported for frames these decoders handle. */
export const JPEG_CODECS = {
  dct8: 'libjpeg-turbo (@cornerstonejs/codec-libjpeg-turbo-8bit)',
  dct12: 'IJG libjpeg 12-bit (dcmjs-codecs)',
  lossless: 'IJG libjpeg lossless (dcmjs-codecs)',
} as const;

const libjpegTurbo = embindCodec(
  '@cornerstonejs/codec-libjpeg-turbo-8bit/decodewasmjs',
  'JPEGDecoder',
);

/** Which decoder a JPEG frame goes to: by its frame header, not the transfer syntax (writers mislabel). */
export function jpegCodecFor(header: JpegHeader): string {
  if (isLosslessSof(header.sofMarker)) return JPEG_CODECS.lossless;
  return header.precision <= 8 ? JPEG_CODECS.dct8 : JPEG_CODECS.dct12;
}

/**
 * An Adobe APP14 segment with colour transform 0 (ISO/IEC 10918-6 / Adobe
 * TN 5116), inserted after SOI when the data set says RGB but the stream has
 * no JFIF or Adobe marker and no 'R','G','B' component IDs: libjpeg would
 * otherwise assume YCbCr and convert colours the encoder never transformed
 * (PS3.5 8.2.1: Photometric Interpretation RGB means no colour transform).
 */
const ADOBE_NO_TRANSFORM = Uint8Array.from([
  0xff, 0xee, 0x00, 0x0e, 0x41, 0x64, 0x6f, 0x62, 0x65, 0x00, 0x64, 0x00, 0x00, 0x00, 0x00, 0x00,
]);

function withoutColourTransform(
  encoded: Uint8Array,
  header: JpegHeader,
  description: PixelDescription,
): Uint8Array {
  const rgbIds =
    header.componentIds.join(',') === '82,71,66' || header.componentIds.join(',') === '114,103,98';
  if (
    description.PhotometricInterpretation !== 'RGB' ||
    header.componentIds.length !== 3 ||
    header.jfif ||
    header.adobeTransform !== undefined ||
    rgbIds
  ) {
    return encoded;
  }
  const patched = new Uint8Array(encoded.length + ADOBE_NO_TRANSFORM.length);
  patched.set(encoded.subarray(0, 2));
  patched.set(ADOBE_NO_TRANSFORM, 2);
  patched.set(encoded.subarray(2), 2 + ADOBE_NO_TRANSFORM.length);
  return patched;
}

/**
 * Decodes a JPEG frame (ISO/IEC 10918-1; DICOM 1.2.840.10008.1.2.4.50/.51/.53/.55/.57/.70,
 * PS3.5 A.4.1): 8-bit DCT (baseline, extended, progressive) with libjpeg-turbo,
 * 12-bit DCT and lossless (process 14) with dcmjs-codecs' IJG build. Scan
 * parameters the standard forbids (B.2.3) are rejected before decoding,
 * although libjpeg would only warn, and 12-bit and lossless streams without
 * their EOI marker are rejected as truncated. Three-component DCT frames come back as
 * RGB, as libjpeg, GDCM, DCMTK and pydicom 3 return them.
 */
export async function decodeJpegFrame(
  encoded: Uint8Array,
  description: PixelDescription,
): Promise<CodecOutput> {
  const header = readJpegHeader(encoded);
  if (header.sofMarker === 0xf7) throw new Error('the frame is JPEG-LS (SOF55), not JPEG');
  checkCodestreamGeometry(
    'JPEG',
    { rows: header.rows, columns: header.columns, components: header.componentIds.length },
    description,
  );
  const codec = jpegCodecFor(header);
  const colour = description.SamplesPerPixel === 3;
  if (codec === JPEG_CODECS.dct8) {
    const result = await libjpegTurbo(withoutColourTransform(encoded, header, description));
    return {
      bytes: result.bytes,
      bytesPerSample: 1,
      signed: false,
      precision: 8,
      planar: false,
      photometricInterpretation: colour ? 'RGB' : description.PhotometricInterpretation,
      codec,
      rows: header.rows,
      columns: header.columns,
    };
  }
  // This IJG build fills a truncated scan with zeros and only warns: require EOI (ISO/IEC 10918-1 B.2.1).
  // (libjpeg-turbo above rejects truncated scans itself and accepts a missing EOI after complete data.)
  if (!endsWithEndMarker(encoded))
    throw new Error('JPEG stream is truncated: it does not end with an EOI marker (FFD9)');
  const lossless = codec === JPEG_CODECS.lossless;
  const toRgb = !lossless && colour && description.PhotometricInterpretation.startsWith('YBR');
  const bitsAllocated = header.precision <= 8 ? 8 : 16;
  const bytes = await decodeWithDcmjsCodecs('decodeJpeg', encoded, {
    width: header.columns,
    height: header.rows,
    bitsAllocated,
    bitsStored: header.precision,
    samplesPerPixel: header.componentIds.length,
    photometricInterpretation: description.PhotometricInterpretation,
    convertColorspaceToRgb: toRgb,
  });
  return {
    bytes,
    bytesPerSample: bitsAllocated === 8 ? 1 : 2,
    signed: false,
    precision: header.precision,
    planar: false,
    photometricInterpretation: toRgb ? 'RGB' : description.PhotometricInterpretation,
    codec,
    rows: header.rows,
    columns: header.columns,
  };
}
