import type { Dataset } from '../../dicom/index.js';
import {
  harmoniseConvolutionKernel,
  harmoniseFrameCount,
  harmoniseKvp,
  harmoniseMatrixSize,
  harmoniseSliceThicknessMm,
} from './acquisition-parameters.js';
import { harmoniseAgeBand } from './age-band.js';
import type { BodyPart } from './body-part.js';
import { harmoniseContrast, type Contrast } from './contrast.js';
import { harmoniseFieldStrength } from './field-strength.js';
import { harmoniseBodyPart, type BodyPartSource } from './harmonise-body-part.js';
import { readCode, readText } from './header-read.js';
import { harmoniseManufacturer } from './manufacturer.js';
import { harmonisePixelSpacing, type PixelSpacingMm } from './pixel-spacing.js';
import { harmoniseSex } from './sex.js';
import { harmoniseStudyDate } from './study-date.js';

/** The catalog fields of one instance, harmonised across vendors. */
export interface HarmonisedInstance {
  /** Modality (0008,0060), upper case. */
  readonly modality: string | null;
  readonly bodyPart: BodyPart | null;
  readonly bodyPartSource: BodyPartSource | null;
  /** Canonical manufacturer ('Siemens', 'GE', …), else the trimmed original. */
  readonly manufacturer: string | null;
  readonly manufacturerOriginal: string | null;
  /** Manufacturer's Model Name (0008,1090), trimmed. */
  readonly model: string | null;
  readonly fieldStrengthT: number | null;
  readonly sliceThicknessMm: number | null;
  /** (row, column) in mm. */
  readonly pixelSpacingMm: PixelSpacingMm | null;
  readonly kvp: number | null;
  /** All values joined with a backslash. */
  readonly convolutionKernel: string | null;
  readonly contrast: Contrast | null;
  readonly seriesDescription: string | null;
  readonly protocolName: string | null;
  readonly studyDescription: string | null;
  /** Number of Frames, 1 for single-frame objects. */
  readonly frameCount: number;
  readonly rows: number | null;
  readonly columns: number | null;
  /** '0-9', '10-19', … '80-89', '90+'. */
  readonly ageBand: string | null;
  readonly sex: 'F' | 'M' | 'O' | null;
  /** YYYY-MM-DD. */
  readonly studyDate: string | null;
}

/**
 * Harmonises one instance's header into catalog fields. Pure and total: no
 * I/O, and no header makes it throw (unreadable values are treated as absent).
 *
 * `original`, the header before de-identification, is read for the age band
 * and sex only (coarse, not identifying, and what the ML team filters on;
 * the Basic Profile removes them). Every other field comes from
 * `deidentified`. Without `original`, age band and sex come from
 * `deidentified` too; with it, `deidentified` is the fallback.
 */
export function harmoniseInstance(deidentified: Dataset, original?: Dataset): HarmonisedInstance {
  const demographics = original === undefined ? [deidentified] : [original, deidentified];
  const { bodyPart, bodyPartSource } = harmoniseBodyPart(deidentified);
  const { manufacturer, manufacturerOriginal } = harmoniseManufacturer(
    readText(deidentified, 'Manufacturer'),
  );
  return {
    modality: readCode(deidentified, 'Modality')?.toUpperCase() ?? null,
    bodyPart,
    bodyPartSource,
    manufacturer,
    manufacturerOriginal,
    model: readText(deidentified, 'ManufacturerModelName'),
    fieldStrengthT: harmoniseFieldStrength(deidentified),
    sliceThicknessMm: harmoniseSliceThicknessMm(deidentified),
    pixelSpacingMm: harmonisePixelSpacing(deidentified),
    kvp: harmoniseKvp(deidentified),
    convolutionKernel: harmoniseConvolutionKernel(deidentified),
    contrast: harmoniseContrast(deidentified),
    seriesDescription: readText(deidentified, 'SeriesDescription'),
    protocolName: readText(deidentified, 'ProtocolName'),
    studyDescription: readText(deidentified, 'StudyDescription'),
    frameCount: harmoniseFrameCount(deidentified),
    rows: harmoniseMatrixSize(deidentified, 'Rows'),
    columns: harmoniseMatrixSize(deidentified, 'Columns'),
    ageBand: harmoniseAgeBand(demographics),
    sex: harmoniseSex(demographics),
    studyDate: harmoniseStudyDate(deidentified),
  };
}
