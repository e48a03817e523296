import type { DecodedFrame } from './decoded-frame.js';
import { allocateStoredValues, type StoredValues } from './stored-values.js';

/** Photometric interpretations {@link ybrToRgb} converts. */
const YBR_FULL_FAMILY = new Set(['YBR_FULL', 'YBR_FULL_422']);

/**
 * Converts YBR_FULL (and YBR_FULL_422, whose chroma the decoder has already
 * upsampled) to RGB with the full-range equations of PS3.3 C.7.6.3.1.2 /
 * ISO/IEC 10918-5 section 7, for samples of `bitsStored` bits (chroma offset
 * 2^(bits−1)):
 *
 *   R = Y + 1.402 (Cr − o)
 *   G = Y − 0.344136 (Cb − o) − 0.714136 (Cr − o)
 *   B = Y + 1.772 (Cb − o)
 *
 * rounded half up and clamped to [0, 2^bits − 1], as pydicom's
 * `convert_color_space` does. Returns a new frame with the same container
 * type and photometric interpretation RGB. Frames the codec already turned
 * into RGB (JPEG) are returned unchanged; other colour spaces are a RangeError.
 */
export function ybrToRgb(frame: DecodedFrame): DecodedFrame {
  if (frame.photometricInterpretation === 'RGB') return frame;
  if (
    !YBR_FULL_FAMILY.has(frame.photometricInterpretation) ||
    frame.description.SamplesPerPixel !== 3
  ) {
    throw new RangeError(
      `ybrToRgb converts YBR_FULL and YBR_FULL_422, not ${frame.photometricInterpretation} with ${frame.description.SamplesPerPixel} sample(s)`,
    );
  }
  const bits = frame.description.BitsStored;
  const offset = 2 ** (bits - 1);
  const max = 2 ** bits - 1;
  const input = frame.values;
  const out: StoredValues = allocateStoredValues(frame.valueType, input.length);
  const gb = (0.114 * 1.772) / 0.587;
  const gr = (0.299 * 1.402) / 0.587;
  const clamp = (x: number): number => Math.min(max, Math.max(0, Math.floor(x + 0.5)));
  for (let i = 0; i < input.length; i += 3) {
    const y = input[i] as number;
    const cb = (input[i + 1] as number) - offset;
    const cr = (input[i + 2] as number) - offset;
    out[i] = clamp(y + 1.402 * cr);
    out[i + 1] = clamp(y - gb * cb - gr * cr);
    out[i + 2] = clamp(y + 1.772 * cb);
  }
  return { ...frame, values: out, photometricInterpretation: 'RGB' };
}
