import type { DataElement } from '../dataset.js';
import { DicomError } from '../dicom-error.js';
import type { DicomFile } from '../part10.js';
import type { PixelEncoding } from '../transfer-syntax.js';
import { storedValuesFromCodec } from './codec-output.js';
import type { DecodedFrame } from './decoded-frame.js';
import { decodeDeflatedFrame, DEFLATED_FRAME_CODEC } from './deflated-frame.js';
import { encapsulatedFrameLayout, frameBytes } from './encapsulated-frames.js';
import type { FrameCodec } from './frame-codec.js';
import { decodeHtj2kFrame, HTJ2K_CODEC } from './htj2k-decoder.js';
import { decodeJpeg2000Frame, JPEG_2000_CODEC } from './jpeg-2000-decoder.js';
import { decodeJpegFrame, jpegCodecFor } from './jpeg-decoder.js';
import { readJpegHeader } from './jpeg-header.js';
import { decodeJpegLsFrame, JPEG_LS_CODEC } from './jpeg-ls-decoder.js';
import { decodeJpegXlFrame, JPEG_XL_CODEC } from './jpeg-xl-decoder.js';
import { decodeNativeFrame } from './native-frame.js';
import {
  PIXEL_DATA_TAGS,
  pixelDataElementName,
  readPixelDescription,
  type PixelDescription,
} from './pixel-description.js';
import { decodeRleFrame, RLE_CODEC } from './rle-decoder.js';
import { storedValueTypeOf, type StoredValues } from './stored-values.js';

/** Options of {@link decodeFrame}. */
export interface DecodeFrameOptions {
  /** The file name, for error messages (DicomFile does not keep it). */
  readonly file?: string;
}

/** Name reported for frames of native (uncompressed) pixel data. */
export const NATIVE_CODEC = 'native (PS3.5 section 8.1)';

const CODECS: Partial<Record<PixelEncoding, readonly [FrameCodec, string]>> = {
  rle: [decodeRleFrame, RLE_CODEC],
  'jpeg-ls': [decodeJpegLsFrame, JPEG_LS_CODEC],
  'jpeg-2000': [decodeJpeg2000Frame, JPEG_2000_CODEC],
  htj2k: [decodeHtj2kFrame, HTJ2K_CODEC],
  'jpeg-xl': [decodeJpegXlFrame, JPEG_XL_CODEC],
};

const JPEG_ENCODINGS = new Set<PixelEncoding>([
  'jpeg-baseline',
  'jpeg-extended',
  'jpeg-progressive',
  'jpeg-lossless',
]);

interface FrameSource {
  readonly dicom: DicomFile;
  readonly description: PixelDescription;
  readonly element: DataElement;
  readonly context: { readonly file?: string; readonly element: string };
}

function source(dicom: DicomFile, options: DecodeFrameOptions): FrameSource {
  const fileContext = options.file === undefined ? {} : { file: options.file };
  let description: PixelDescription;
  try {
    description = readPixelDescription(dicom.dataset);
  } catch (error) {
    throw error instanceof DicomError && options.file !== undefined
      ? error.withFile(options.file)
      : error;
  }
  const elementName = pixelDataElementName(description.pixelDataKeyword);
  const element = dicom.dataset.element(PIXEL_DATA_TAGS[description.pixelDataKeyword]);
  if (element === undefined || element.bytes === undefined) {
    throw new DicomError(
      'DICOM_NO_PIXEL_DATA',
      'the pixel data value was not read (header-only read)',
      { ...fileContext, element: elementName },
    );
  }
  return { dicom, description, element, context: { ...fileContext, element: elementName } };
}

function frameFailure(
  src: FrameSource,
  frameIndex: number,
  codec: string,
  error: unknown,
): DicomError {
  const detail =
    error instanceof DicomError
      ? error.detail
      : error instanceof Error
        ? error.message
        : String(error);
  const code = error instanceof DicomError ? error.code : 'DICOM_PIXEL_DECODE_FAILED';
  const syntax = src.dicom.transferSyntax?.name ?? src.dicom.transferSyntaxUid;
  return new DicomError(code, `frame ${frameIndex} (${syntax}, ${codec}): ${detail}`, src.context, {
    cause: error,
  });
}

/** Decodes frame `frameIndex` of an already-read source. */
async function decodeFrom(src: FrameSource, frameIndex: number): Promise<DecodedFrame> {
  const { dicom, description, element } = src;
  if (!Number.isInteger(frameIndex) || frameIndex < 0 || frameIndex >= description.NumberOfFrames) {
    throw new RangeError(
      `frame ${frameIndex} does not exist: the image has ${description.NumberOfFrames} frame(s), numbered from 0`,
    );
  }
  const syntax = dicom.transferSyntax;
  if (syntax === undefined) {
    throw new DicomError(
      'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
      `transfer syntax ${dicom.transferSyntaxUid} is unknown: its pixel data cannot be decoded`,
      src.context,
    );
  }
  if (syntax.pixelEncoding === 'video') {
    throw new DicomError(
      'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
      `${syntax.name} (${syntax.uid}) is a video transfer syntax: radset does not decode video`,
      src.context,
    );
  }
  let codec =
    syntax.pixelEncoding === 'native'
      ? NATIVE_CODEC
      : syntax.pixelEncoding === 'deflated-frame'
        ? DEFLATED_FRAME_CODEC
        : (CODECS[syntax.pixelEncoding]?.[1] ?? 'JPEG stream check (ISO/IEC 10918-1)');
  try {
    let values: StoredValues;
    let photometric = description.PhotometricInterpretation;
    if (syntax.pixelEncoding === 'native' && element.fragments === undefined) {
      const value = (element.bytes as Uint8Array).subarray(
        element.offset,
        element.offset + element.length,
      );
      values = decodeNativeFrame(value, description, frameIndex, {
        littleEndian: dicom.dataset.littleEndian,
        vr: element.vr,
      });
    } else {
      if (element.fragments === undefined)
        throw new Error(`${syntax.name} needs encapsulated pixel data but the value is native`);
      if (description.pixelDataKeyword !== 'PixelData')
        throw new Error(`${description.pixelDataKeyword} cannot be encapsulated`);
      const layout = encapsulatedFrameLayout(
        element,
        dicom.dataset,
        description.NumberOfFrames,
        syntax.pixelEncoding,
      );
      const encoded = frameBytes(element, layout.frames[frameIndex] ?? []);
      if (syntax.pixelEncoding === 'native') {
        values = decodeNativeFrame(encoded, { ...description, NumberOfFrames: 1 }, 0, {
          littleEndian: true,
          vr: 'OB',
        });
      } else if (syntax.pixelEncoding === 'deflated-frame') {
        values = decodeDeflatedFrame(encoded, description);
      } else {
        let decode: FrameCodec;
        if (JPEG_ENCODINGS.has(syntax.pixelEncoding)) {
          codec = jpegCodecFor(readJpegHeader(encoded));
          decode = decodeJpegFrame;
        } else {
          const entry = CODECS[syntax.pixelEncoding];
          if (entry === undefined)
            throw new DicomError(
              'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
              `no decoder for ${syntax.name}`,
            );
          decode = entry[0];
        }
        const output = await decode(encoded, description);
        codec = output.codec;
        values = storedValuesFromCodec(output, description);
        photometric = output.photometricInterpretation;
      }
    }
    if (syntax.pixelEncoding === 'native' || syntax.pixelEncoding === 'deflated-frame') {
      if (photometric === 'YBR_FULL_422' && description.SamplesPerPixel === 3)
        photometric = 'YBR_FULL';
    }
    return {
      frameIndex,
      description,
      photometricInterpretation: photometric,
      values,
      valueType: storedValueTypeOf(values),
      codec,
    };
  } catch (error) {
    throw frameFailure(src, frameIndex, codec, error);
  }
}

/**
 * Decodes one frame (zero-based) of a file read with `readDicomFile` into its
 * stored values (PS3.3 C.7.6.3; PS3.5 section 8 and Annex A). Every
 * transfer syntax radset knows is decoded except the video ones. Failures
 * are DicomError naming the file, frame, transfer syntax and codec:
 * `DICOM_PIXEL_DECODE_FAILED` for damaged or inconsistent data,
 * `DICOM_UNSUPPORTED_TRANSFER_SYNTAX`, `DICOM_NO_PIXEL_DATA`, or
 * `DICOM_INVALID_VALUE` for a missing or invalid pixel description. A frame
 * number out of range is a RangeError. Codec packages load on first use.
 */
export async function decodeFrame(
  dicom: DicomFile,
  frameIndex: number,
  options: DecodeFrameOptions = {},
): Promise<DecodedFrame> {
  return decodeFrom(source(dicom, options), frameIndex);
}

/** Decodes every frame, in order (see {@link decodeFrame}). */
export async function decodeAllFrames(
  dicom: DicomFile,
  options: DecodeFrameOptions = {},
): Promise<DecodedFrame[]> {
  const src = source(dicom, options);
  const frames: DecodedFrame[] = [];
  for (let i = 0; i < src.description.NumberOfFrames; i++) frames.push(await decodeFrom(src, i));
  return frames;
}
