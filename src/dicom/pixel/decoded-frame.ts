import type { PixelDescription } from './pixel-description.js';
import type { StoredValues, StoredValueType } from './stored-values.js';

/**
 * One decoded frame: its stored values (PS3.3 C.7.6.3.1, before the Modality
 * LUT) as a typed array of Rows × Columns × samples, row by row, samples
 * colour-by-pixel whatever the Planar Configuration, in the container type
 * Bits Allocated and Pixel Representation imply, masked or sign-extended to
 * Bits Stored.
 */
export interface DecodedFrame {
  /** Zero-based frame number. */
  readonly frameIndex: number;
  /** The data set's pixel description. */
  readonly description: PixelDescription;
  /**
   * Colour space of `values`: the data set's Photometric Interpretation,
   * except RGB where the codec converted (JPEG YCbCr, JPEG 2000 YBR_RCT/ICT,
   * JPEG XL) and YBR_FULL for native YBR_FULL_422, whose chroma is upsampled.
   */
  readonly photometricInterpretation: string;
  readonly values: StoredValues;
  readonly valueType: StoredValueType;
  /** The decoder that produced the values. */
  readonly codec: string;
}
