import { embindCodec } from './codec-module.js';
import type { CodecOutput } from './codec-output.js';
import { checkCodestreamGeometry, endsWithEndMarker } from './frame-codec.js';
import { readJpegHeader } from './jpeg-header.js';
import type { PixelDescription } from './pixel-description.js';

/** Name reported for frames this codec decodes. */
export const JPEG_LS_CODEC = 'CharLS (@cornerstonejs/codec-charls)';

const charls = embindCodec('@cornerstonejs/codec-charls/decodewasmjs', 'JpegLSDecoder');

/**
 * Decodes a JPEG-LS frame (ISO/IEC 14495-1; DICOM 1.2.840.10008.1.2.4.80/.81,
 * PS3.5 A.4.3) with CharLS. JPEG-LS carries no signedness: samples come back
 * unsigned at the codestream precision and are sign-extended to Bits Stored
 * afterwards, as pydicom 3 does. Interleave mode 0 (by plane) is returned as
 * colour-by-plane and converted by the caller. A stream without its EOI
 * marker is rejected as truncated before CharLS sees it.
 */
export async function decodeJpegLsFrame(
  encoded: Uint8Array,
  description: PixelDescription,
): Promise<CodecOutput> {
  const header = readJpegHeader(encoded);
  if (header.sofMarker !== 0xf7)
    throw new Error(
      `not a JPEG-LS codestream: frame header is SOF${(header.sofMarker - 0xc0).toString()}, not SOF55`,
    );
  checkCodestreamGeometry(
    'JPEG-LS',
    { rows: header.rows, columns: header.columns, components: header.componentIds.length },
    description,
  );
  // CharLS takes seconds to reject a truncated stream: check for EOI (ISO/IEC 14495-1 C.1.1) first.
  if (!endsWithEndMarker(encoded))
    throw new Error('JPEG-LS stream is truncated: it does not end with an EOI marker (FFD9)');
  const result = await charls(encoded, (decoder) => {
    const interleave = decoder.getInterleaveMode;
    return {
      interleaveMode: typeof interleave === 'function' ? Number(interleave.call(decoder)) : 2,
    };
  });
  return {
    bytes: result.bytes,
    bytesPerSample: result.frameInfo.bitsPerSample <= 8 ? 1 : 2,
    signed: false,
    precision: result.frameInfo.bitsPerSample,
    planar: result.frameInfo.componentCount > 1 && result.extra.interleaveMode === 0,
    photometricInterpretation: description.PhotometricInterpretation,
    codec: JPEG_LS_CODEC,
    rows: header.rows,
    columns: header.columns,
  };
}
