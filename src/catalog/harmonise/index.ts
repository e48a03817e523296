export { harmoniseInstance, type HarmonisedInstance } from './harmonise-instance.js';
export {
  BODY_PARTS,
  BODY_PART_STANDARD,
  isBodyPart,
  type BodyPart,
  type BodyPartStandard,
} from './body-part.js';
export { BODY_PART_TERMS, bodyPartFromTerm } from './body-part-terms.js';
export { bodyPartFromText } from './body-part-text.js';
export { bodyPartFromAnatomicRegion, bodyPartFromCode } from './anatomic-region.js';
export {
  harmoniseBodyPart,
  type BodyPartSource,
  type HarmonisedBodyPart,
} from './harmonise-body-part.js';
export {
  CANONICAL_MANUFACTURERS,
  MANUFACTURER_ALIASES,
  canonicalManufacturer,
  harmoniseManufacturer,
  type HarmonisedManufacturer,
  type ManufacturerAlias,
} from './manufacturer.js';
export { ageBand, ageInYears, harmoniseAgeBand, parseAgeYears } from './age-band.js';
export { harmoniseSex, normaliseSex } from './sex.js';
export { harmoniseStudyDate } from './study-date.js';
export { isoDate, parseDicomDate, type CalendarDate } from './dicom-date.js';
export {
  contrastFromAttributes,
  contrastFromText,
  harmoniseContrast,
  type Contrast,
} from './contrast.js';
export { fieldStrengthTesla, harmoniseFieldStrength } from './field-strength.js';
export { harmonisePixelSpacing, spacingPair, type PixelSpacingMm } from './pixel-spacing.js';
export {
  harmoniseConvolutionKernel,
  harmoniseFrameCount,
  harmoniseKvp,
  harmoniseMatrixSize,
  harmoniseSliceThicknessMm,
} from './acquisition-parameters.js';
export { parseDecimal } from './header-read.js';
