import {
  Dataset,
  decodeAllFrames,
  DicomError,
  encodeValue,
  EXPLICIT_VR_LITTLE_ENDIAN,
  lookupTransferSyntax,
  PIXEL_DATA_TAGS,
  readPixelDescription,
  setValue,
  type DecodedFrame,
  type DicomFile,
  type PixelDescription,
  type StoredValues,
  ybrToRgb,
} from '../../dicom/index.js';
import { packBits, swap16 } from './bit-plane.js';
import { clipBox, type PixelBox } from './pixel-box.js';

/** A data set with the transfer syntax it was read in: what the pixel cleaner works on. */
export interface PixelDataFile {
  readonly dataset: Dataset;
  readonly transferSyntaxUid: string;
}

/** What {@link maskPixelData} did. */
export interface MaskResult {
  /** The transfer syntax to write the data set in: Explicit VR Little Endian when frames were masked, else the input's. */
  readonly transferSyntaxUid: string;
  /** Frames rewritten (every frame when any box meets the image, else 0). */
  readonly maskedFrames: number;
}

/** Options of {@link maskPixelData}. */
export interface MaskOptions {
  /** Frames already decoded from this data set (all of them, in order), to save decoding twice. */
  readonly decodedFrames?: readonly DecodedFrame[];
  /** The file name, for error messages. */
  readonly file?: string;
}

const EXTENDED_OFFSET_TABLE = 0x7fe00001;
const EXTENDED_OFFSET_TABLE_LENGTHS = 0x7fe00002;

/** Wraps a data set as the DicomFile the pixel decoders take. */
export function asDicomFile(file: PixelDataFile): DicomFile {
  return {
    meta: new Dataset(true),
    dataset: file.dataset,
    transferSyntaxUid: file.transferSyntaxUid,
    transferSyntax: lookupTransferSyntax(file.transferSyntaxUid),
    hasPreamble: false,
    hasMeta: false,
    headerOnly: false,
    datasetOffset: 0,
    warnings: [],
  };
}

/**
 * The sample values a masked pixel gets: what displays as black, so a box
 * reads as "blacked out" (PS3.15 E.3.1): the lowest stored value, or the
 * highest for MONOCHROME1 (where high values are dark, PS3.3 C.7.6.3.1.2);
 * black (Y 0, Cb = Cr = mid-range) for YBR. Float data gets the frame's
 * lowest value, having no fixed range.
 */
function fillSamples(frame: DecodedFrame): number[] {
  const { BitsStored, PixelRepresentation, SamplesPerPixel, pixelDataKeyword } = frame.description;
  if (pixelDataKeyword !== 'PixelData') {
    let min = Infinity;
    for (const v of frame.values) if (v < min) min = v;
    return [Number.isFinite(min) ? min : 0];
  }
  const lowest = PixelRepresentation === 1 ? -(2 ** (BitsStored - 1)) : 0;
  const highest = PixelRepresentation === 1 ? 2 ** (BitsStored - 1) - 1 : 2 ** BitsStored - 1;
  const photometric = frame.photometricInterpretation;
  if (SamplesPerPixel === 1) return [photometric === 'MONOCHROME1' ? highest : lowest];
  if (SamplesPerPixel === 3 && photometric.startsWith('YBR')) {
    const mid = 2 ** (BitsStored - 1);
    return [lowest, mid, mid];
  }
  return new Array<number>(SamplesPerPixel).fill(lowest);
}

/** Sets every sample inside `boxes` to the fill values, in place. */
function maskFrame(frame: DecodedFrame, boxes: readonly PixelBox[]): void {
  const { Columns, SamplesPerPixel } = frame.description;
  const fill = fillSamples(frame);
  const values = frame.values;
  for (const box of boxes) {
    for (let y = box.y; y < box.y + box.height; y++) {
      for (let x = box.x; x < box.x + box.width; x++) {
        const at = (y * Columns + x) * SamplesPerPixel;
        for (let s = 0; s < SamplesPerPixel; s++) values[at + s] = fill[s] as number;
      }
    }
  }
}

/** Concatenates frames into one container of their type. */
function concatFrames(frames: readonly DecodedFrame[]): StoredValues {
  const first = frames[0] as DecodedFrame;
  const perFrame = first.values.length;
  const Ctor = first.values.constructor as new (length: number) => StoredValues;
  const all = new Ctor(perFrame * frames.length);
  frames.forEach((frame, i) =>
    all.set(frame.values as ArrayLike<number> & StoredValues, i * perFrame),
  );
  return all;
}

/**
 * The native Pixel Data value (PS3.5 section 8.1.1) of the frames, as bytes
 * in the data set's byte order, and its VR: OB for Bits Allocated 1 and 8, OW
 * for 16 and 32 (PS3.5 section 8.2), OF/OD for float pixel data.
 */
function nativeValue(
  frames: readonly DecodedFrame[],
  description: PixelDescription,
  littleEndian: boolean,
): { vr: 'OB' | 'OW' | 'OF' | 'OD'; bytes: Uint8Array } {
  const all = concatFrames(frames);
  if (description.pixelDataKeyword === 'FloatPixelData')
    return { vr: 'OF', bytes: encodeValue('OF', all as Float32Array, littleEndian, []) };
  if (description.pixelDataKeyword === 'DoubleFloatPixelData')
    return { vr: 'OD', bytes: encodeValue('OD', all as Float64Array, littleEndian, []) };
  if (description.BitsAllocated === 1) return { vr: 'OB', bytes: padEven(packBits(all)) };
  if (description.BitsAllocated === 8)
    return {
      vr: 'OB',
      bytes: padEven(new Uint8Array(all.buffer, all.byteOffset, all.byteLength).slice()),
    };
  // Little endian bytes of each sample (16 or 32 bits).
  const size = description.BitsAllocated / 8;
  const bytes = new Uint8Array(all.length * size);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < all.length; i++) {
    const v = all[i] as number;
    if (size === 2) view.setUint16(i * 2, v & 0xffff, true);
    else view.setUint32(i * 4, v >>> 0, true);
  }
  // The writer turns OW from the data set's byte order into the target's by
  // swapping 16-bit words; hand it big endian words when the data set is big endian.
  return { vr: 'OW', bytes: littleEndian ? bytes : swap16(bytes) };
}

function padEven(bytes: Uint8Array): Uint8Array {
  if (bytes.length % 2 === 0) return bytes;
  const out = new Uint8Array(bytes.length + 1);
  out.set(bytes);
  return out;
}

/**
 * Blacks out `boxes` (image pixels, applied to every frame) in the stored
 * pixel values, as PS3.15 E.3.1 requires ("the Stored Pixel Values are to be
 * changed"). Every frame is decoded with the decoders of src/dicom/pixel,
 * masked (see the fill rule above; every channel of colour pixels), and the
 * data set is rewritten IN PLACE as native pixel data for Explicit VR Little
 * Endian:
 * - Pixel Data (or Float/Double Float Pixel Data) becomes a native value (OB
 *   for Bits Allocated 1 and 8, else OW; OF/OD), encapsulation removed;
 * - Photometric Interpretation becomes what the decoder produced (RGB for
 *   JPEG YCbCr and JPEG 2000 YBR_ICT/YBR_RCT), except that YBR_FULL and
 *   native YBR_FULL_422 are converted to RGB (ybrToRgb, PS3.3 C.7.6.3.1.2);
 * - Planar Configuration becomes 0 (decoded samples are colour-by-pixel);
 * - the Extended Offset Table (7FE0,0001-0002), meaningful only for
 *   encapsulated data, is removed.
 * Lossy Image Compression and its ratio/method stay as they are: they record
 * the image's history (PS3.3 C.7.6.1.1.5), which decoding does not undo.
 * Samples outside the boxes keep their decoded stored values exactly (after
 * that YBR to RGB conversion where it applies; bits above Bits Stored are
 * not kept: PS3.5 section 8.1.1 gives them no meaning).
 *
 * Boxes outside the image are ignored; when no box meets the image the data
 * set is left as it was and the input transfer syntax is returned. Decoding
 * failures are DicomError (DICOM_PIXEL_DECODE_FAILED etc.) naming the frame.
 */
export async function maskPixelData(
  file: PixelDataFile,
  boxes: readonly PixelBox[],
  options: MaskOptions = {},
): Promise<MaskResult> {
  const { dataset } = file;
  const description = readPixelDescription(dataset);
  const clipped = boxes.flatMap((box) => clipBox(box, description.Columns, description.Rows) ?? []);
  if (clipped.length === 0) return { transferSyntaxUid: file.transferSyntaxUid, maskedFrames: 0 };
  const frames =
    options.decodedFrames ??
    (await decodeAllFrames(
      asDicomFile(file),
      options.file === undefined ? {} : { file: options.file },
    ));
  if (frames.length !== description.NumberOfFrames) {
    throw new RangeError(
      `maskPixelData was given ${frames.length} decoded frame(s), the image has ${description.NumberOfFrames}`,
    );
  }
  const photometric = (frames[0] as DecodedFrame).photometricInterpretation;
  const mixed = frames.find((frame) => frame.photometricInterpretation !== photometric);
  if (mixed !== undefined) {
    throw new DicomError(
      'DICOM_PIXEL_DECODE_FAILED',
      `frames decode to different colour spaces (${photometric} and ${mixed.photometricInterpretation}): cannot store them as one native image`,
      {
        element: '(7FE0,0010) PixelData',
        ...(options.file === undefined ? {} : { file: options.file }),
      },
    );
  }
  // Native YBR_FULL_422 cannot be stored again as decoded (its chroma is now
  // full resolution), and YBR_FULL colour-by-pixel is not valid in every IOD
  // (dciodvfy rejects it for US): store every YBR_FULL-family image as RGB, as
  // JPEG decoders already do for YCbCr streams.
  const output = frames.map((frame) =>
    frame.photometricInterpretation === 'YBR_FULL' ||
    frame.photometricInterpretation === 'YBR_FULL_422'
      ? ybrToRgb(frame)
      : frame,
  );
  for (const frame of output) maskFrame(frame, clipped);
  const { vr, bytes } = nativeValue(output, description, dataset.littleEndian);
  const tag = PIXEL_DATA_TAGS[description.pixelDataKeyword];
  dataset.set({ tag, vr, bytes, offset: 0, length: bytes.length, undefinedLength: false });
  dataset.delete(EXTENDED_OFFSET_TABLE);
  dataset.delete(EXTENDED_OFFSET_TABLE_LENGTHS);
  const storedPhotometric = (output[0] as DecodedFrame).photometricInterpretation;
  if (storedPhotometric !== description.PhotometricInterpretation)
    setValue(dataset, 'PhotometricInterpretation', storedPhotometric);
  if (description.SamplesPerPixel > 1) setValue(dataset, 'PlanarConfiguration', 0);
  return { transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN, maskedFrames: frames.length };
}
