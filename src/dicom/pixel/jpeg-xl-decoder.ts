import type { CodecOutput } from './codec-output.js';
import { decodeWithDcmjsCodecs } from './dcmjs-codecs-decoder.js';
import type { PixelDescription } from './pixel-description.js';

/** Name reported for frames this codec decodes. */
export const JPEG_XL_CODEC = 'libjxl (dcmjs-codecs)';

/**
 * Decodes a JPEG XL frame (ISO/IEC 18181; DICOM 1.2.840.10008.1.2.4.110/.111/.112,
 * PS3.5 A.4.12) with the libjxl build in dcmjs-codecs. libjxl returns colour
 * as RGB, including JPEG recompression (.111) of YBR_FULL_422 JPEGs.
 */
export async function decodeJpegXlFrame(
  encoded: Uint8Array,
  description: PixelDescription,
): Promise<CodecOutput> {
  const bitsAllocated = description.BitsAllocated <= 8 ? 8 : 16;
  if (description.BitsAllocated > 16)
    throw new Error(`JPEG XL with Bits Allocated ${description.BitsAllocated} is not supported`);
  const bytes = await decodeWithDcmjsCodecs('decodeJpegXl', encoded, {
    width: description.Columns,
    height: description.Rows,
    bitsAllocated,
    bitsStored: description.BitsStored,
    samplesPerPixel: description.SamplesPerPixel,
    photometricInterpretation: description.PhotometricInterpretation,
    convertColorspaceToRgb: false,
  });
  const colour = description.SamplesPerPixel === 3;
  return {
    bytes,
    bytesPerSample: bitsAllocated === 8 ? 1 : 2,
    signed: false,
    precision: description.BitsStored,
    planar: false,
    photometricInterpretation:
      colour && description.PhotometricInterpretation.startsWith('YBR')
        ? 'RGB'
        : description.PhotometricInterpretation,
    codec: JPEG_XL_CODEC,
    rows: description.Rows,
    columns: description.Columns,
  };
}
