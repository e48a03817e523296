import { samplesPerFrame, type PixelDescription } from './pixel-description.js';
import { planarToInterleaved } from './native-frame.js';
import {
  allocateStoredValues,
  normalizeStoredBits,
  storedValueType,
  type StoredValues,
} from './stored-values.js';

/** What a compressed-frame decoder hands back, before it becomes stored values. */
export interface CodecOutput {
  /** Decoded samples, little endian, `bytesPerSample` each. */
  readonly bytes: Uint8Array;
  readonly bytesPerSample: 1 | 2 | 4;
  /** The codec wrote two's complement samples (a signed J2K codestream). */
  readonly signed: boolean;
  /** Bits per sample in the codestream. */
  readonly precision: number;
  /** Samples come colour-by-plane (JPEG-LS interleave mode 0) rather than colour-by-pixel. */
  readonly planar: boolean;
  /** Photometric interpretation of the output: RGB where the codec turned YCbCr into RGB. */
  readonly photometricInterpretation: string;
  /** Name of the decoder, for messages and reports. */
  readonly codec: string;
  /** Size of the decoded image: Rows × Columns, or less for an unpadded edge tile. */
  readonly rows: number;
  readonly columns: number;
  /**
   * Reinterpret at the codestream precision when its signedness disagrees with
   * Pixel Representation (JPEG 2000: PS3.5 A.4.4 says they shall agree; Toshiba writers do not).
   */
  readonly signCorrectAtPrecision?: boolean;
}

/**
 * Turns a codec's output into the frame's stored values: checks it holds a
 * whole frame, converts colour-by-plane to colour-by-pixel, widens or narrows
 * to the Bits Allocated container, and masks or sign-extends to Bits Stored
 * (pydicom 3's `correct_unused_bits` and J2K sign correction). A decoded
 * image smaller than Rows × Columns (an unpadded edge tile) is placed
 * top-left in a zero-filled frame.
 */
export function storedValuesFromCodec(
  output: CodecOutput,
  description: PixelDescription,
): StoredValues {
  if (output.rows !== description.Rows || output.columns !== description.Columns) {
    const tile = storedValuesFromCodec(output, {
      ...description,
      Rows: output.rows,
      Columns: output.columns,
    });
    const frame = allocateStoredValues(storedValueType(description), samplesPerFrame(description));
    const rowSamples = output.columns * description.SamplesPerPixel;
    const frameRowSamples = description.Columns * description.SamplesPerPixel;
    for (let r = 0; r < output.rows; r++) {
      for (let i = 0; i < rowSamples; i++)
        frame[r * frameRowSamples + i] = tile[r * rowSamples + i] as number;
    }
    return frame;
  }
  const count = samplesPerFrame(description);
  const needed = count * output.bytesPerSample;
  if (output.bytes.length < needed) {
    throw new Error(
      `${output.codec} returned ${output.bytes.length} bytes, the frame needs ${needed}`,
    );
  }
  const values = allocateStoredValues(storedValueType(description), count);
  const view = new DataView(output.bytes.buffer, output.bytes.byteOffset, needed);
  const read =
    output.bytesPerSample === 1
      ? output.signed
        ? (i: number) => view.getInt8(i)
        : (i: number) => view.getUint8(i)
      : output.bytesPerSample === 2
        ? output.signed
          ? (i: number) => view.getInt16(i * 2, true)
          : (i: number) => view.getUint16(i * 2, true)
        : output.signed
          ? (i: number) => view.getInt32(i * 4, true)
          : (i: number) => view.getUint32(i * 4, true);
  for (let i = 0; i < count; i++) values[i] = read(i);
  const precisionCorrection =
    output.signCorrectAtPrecision === true &&
    output.signed !== (description.PixelRepresentation === 1) &&
    output.precision < description.BitsStored;
  if (precisionCorrection) normalizeStoredBits(values, output.precision);
  normalizeStoredBits(values, description.BitsStored);
  if (output.planar && description.SamplesPerPixel > 1)
    return planarToInterleaved(values, description.SamplesPerPixel);
  return values;
}
