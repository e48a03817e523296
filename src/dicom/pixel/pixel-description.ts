import type { Dataset } from '../dataset.js';
import { DicomError } from '../dicom-error.js';
import { formatTag } from '../tag.js';

/** Which element holds the pixels: integer Pixel Data, or the float forms (PS3.3 C.7.6.24, C.7.6.25). */
export type PixelDataKeyword = 'PixelData' | 'FloatPixelData' | 'DoubleFloatPixelData';

/** Tags of the three pixel data elements (PS3.6). */
export const PIXEL_DATA_TAGS: Readonly<Record<PixelDataKeyword, number>> = {
  PixelData: 0x7fe00010,
  FloatPixelData: 0x7fe00008,
  DoubleFloatPixelData: 0x7fe00009,
};

/**
 * How the pixel data of an image is laid out: the Image Pixel Description
 * Macro (PS3.3 C.7.6.3), or the Floating Point / Double Floating Point Image
 * Pixel modules (PS3.3 C.7.6.24 / C.7.6.25), plus Number of Frames
 * (PS3.3 C.7.6.6). Attribute names are the PS3.6 keywords.
 */
export interface PixelDescription {
  readonly pixelDataKeyword: PixelDataKeyword;
  readonly Rows: number;
  readonly Columns: number;
  readonly SamplesPerPixel: number;
  /** 1, 8, 16 or 32 for Pixel Data; 32 for Float and 64 for Double Float Pixel Data. */
  readonly BitsAllocated: number;
  /** Equals BitsAllocated for float pixel data. */
  readonly BitsStored: number;
  readonly HighBit: number;
  /** 0 unsigned, 1 two's complement; 0 for float pixel data (the sign is in the float). */
  readonly PixelRepresentation: 0 | 1;
  readonly PhotometricInterpretation: string;
  /** 0 colour-by-pixel, 1 colour-by-plane; 0 when absent or irrelevant (one sample per pixel). */
  readonly PlanarConfiguration: 0 | 1;
  /** 1 when (0028,0008) is absent, empty or zero, as pydicom and DCMTK read it. */
  readonly NumberOfFrames: number;
}

/** `(GGGG,EEEE) Keyword` of a pixel data element, for error messages. */
export function pixelDataElementName(keyword: PixelDataKeyword): string {
  return `${formatTag(PIXEL_DATA_TAGS[keyword])} ${keyword}`;
}

const INTEGER_BITS_ALLOCATED = new Set([1, 8, 16, 32]);

/** Which pixel data element a data set has, or undefined when it has none. */
export function pixelDataKeywordOf(dataset: Dataset): PixelDataKeyword | undefined {
  for (const keyword of ['PixelData', 'FloatPixelData', 'DoubleFloatPixelData'] as const) {
    if (dataset.elements.has(PIXEL_DATA_TAGS[keyword])) return keyword;
  }
  return undefined;
}

function invalid(keyword: string, tag: string, detail: string): DicomError {
  return new DicomError('DICOM_INVALID_VALUE', detail, { element: `${tag} ${keyword}` });
}

function required(dataset: Dataset, keyword: string, tag: string): number {
  const value = dataset.number(keyword);
  if (value === undefined) {
    throw invalid(
      keyword,
      tag,
      `required Image Pixel attribute ${keyword} is missing or empty (PS3.3 C.7.6.3)`,
    );
  }
  if (!Number.isInteger(value) || value < 0)
    throw invalid(keyword, tag, `${keyword} ${value} is not a non-negative integer`);
  return value;
}

function numberOfFrames(dataset: Dataset): number {
  let value: number | undefined;
  try {
    value = dataset.number('NumberOfFrames');
  } catch (error) {
    if (error instanceof DicomError)
      throw invalid(
        'NumberOfFrames',
        '(0028,0008)',
        `NumberOfFrames is not an integer: ${error.detail}`,
      );
    throw error;
  }
  if (value === undefined || value === 0) return 1;
  if (!Number.isInteger(value) || value < 0)
    throw invalid(
      'NumberOfFrames',
      '(0028,0008)',
      `NumberOfFrames ${value} is not a positive integer`,
    );
  return value;
}

/**
 * Reads the pixel description of a data set (PS3.3 C.7.6.3). Required
 * attributes (Rows, Columns, Samples per Pixel, Bits Allocated, Photometric
 * Interpretation; Bits Stored and Pixel Representation for integer Pixel
 * Data) must be present: a missing or out-of-range one is a DicomError
 * `DICOM_INVALID_VALUE` naming the element. Conditional ones get their
 * standard defaults: High Bit = Bits Stored − 1, Planar Configuration 0,
 * Number of Frames 1. Throws `DICOM_NO_PIXEL_DATA` when the data set has no
 * pixel data element.
 */
export function readPixelDescription(dataset: Dataset): PixelDescription {
  const pixelDataKeyword = pixelDataKeywordOf(dataset);
  if (pixelDataKeyword === undefined) {
    throw new DicomError(
      'DICOM_NO_PIXEL_DATA',
      'the data set has no Pixel Data, Float Pixel Data or Double Float Pixel Data',
    );
  }
  const Rows = required(dataset, 'Rows', '(0028,0010)');
  const Columns = required(dataset, 'Columns', '(0028,0011)');
  const SamplesPerPixel = required(dataset, 'SamplesPerPixel', '(0028,0002)');
  const BitsAllocated = required(dataset, 'BitsAllocated', '(0028,0100)');
  const PhotometricInterpretation = dataset.string('PhotometricInterpretation');
  if (PhotometricInterpretation === undefined) {
    throw invalid(
      'PhotometricInterpretation',
      '(0028,0004)',
      'required Image Pixel attribute PhotometricInterpretation is missing or empty (PS3.3 C.7.6.3)',
    );
  }
  if (Rows === 0 || Columns === 0)
    throw invalid(
      Rows === 0 ? 'Rows' : 'Columns',
      Rows === 0 ? '(0028,0010)' : '(0028,0011)',
      `image is ${Rows}x${Columns}: nothing to decode`,
    );
  if (SamplesPerPixel < 1 || SamplesPerPixel > 4)
    throw invalid(
      'SamplesPerPixel',
      '(0028,0002)',
      `SamplesPerPixel ${SamplesPerPixel} is not 1 to 4`,
    );

  let BitsStored: number;
  let PixelRepresentation: 0 | 1;
  if (pixelDataKeyword === 'PixelData') {
    if (!INTEGER_BITS_ALLOCATED.has(BitsAllocated)) {
      throw invalid(
        'BitsAllocated',
        '(0028,0100)',
        `BitsAllocated ${BitsAllocated} is not 1, 8, 16 or 32 (PS3.5 section 8.1.1)`,
      );
    }
    BitsStored = required(dataset, 'BitsStored', '(0028,0101)');
    if (BitsStored < 1 || BitsStored > BitsAllocated) {
      throw invalid(
        'BitsStored',
        '(0028,0101)',
        `BitsStored ${BitsStored} is not between 1 and BitsAllocated ${BitsAllocated}`,
      );
    }
    const representation = required(dataset, 'PixelRepresentation', '(0028,0103)');
    if (representation !== 0 && representation !== 1) {
      throw invalid(
        'PixelRepresentation',
        '(0028,0103)',
        `PixelRepresentation ${representation} is not 0 or 1`,
      );
    }
    PixelRepresentation = representation;
  } else {
    const expected = pixelDataKeyword === 'FloatPixelData' ? 32 : 64;
    if (BitsAllocated !== expected) {
      throw invalid(
        'BitsAllocated',
        '(0028,0100)',
        `BitsAllocated ${BitsAllocated} with ${pixelDataKeyword}: must be ${expected} (PS3.3 C.7.6.24/25)`,
      );
    }
    BitsStored = BitsAllocated;
    PixelRepresentation = 0;
  }
  const highBit = dataset.number('HighBit');
  const planar = SamplesPerPixel > 1 ? dataset.number('PlanarConfiguration') : 0;
  return {
    pixelDataKeyword,
    Rows,
    Columns,
    SamplesPerPixel,
    BitsAllocated,
    BitsStored,
    HighBit: highBit ?? BitsStored - 1,
    PixelRepresentation,
    PhotometricInterpretation: PhotometricInterpretation.toUpperCase(),
    PlanarConfiguration: planar === 1 ? 1 : 0,
    NumberOfFrames: numberOfFrames(dataset),
  };
}

/** Samples in one frame: Rows × Columns × Samples per Pixel. */
export function samplesPerFrame(description: PixelDescription): number {
  return description.Rows * description.Columns * description.SamplesPerPixel;
}
