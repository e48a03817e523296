/**
 * The attributes a de-identifier should leave in place, for the over-scrubbing
 * count. Two groups, checked against PS3.15 Table E.1-1 (2023b copy in
 * /work/shared/reference):
 *
 * - `basic`: not listed in Table E.1-1 at all, so every profile, the Basic
 *   Profile included, keeps them. Removing or emptying one is over-scrubbing
 *   by any tool; changing its value is a bug.
 * - `options`: listed, but kept (K) or cleaned (C) under the options radset
 *   applies by default — Retain Patient Characteristics (K), Clean Descriptors
 *   (C: the description stays, scrubbed), Retain Longitudinal Temporal
 *   Information with Modified Dates (C: the date stays, shifted). A Basic
 *   Profile tool removes or empties them by design; the count shows what a
 *   dataset loses with each tool, not a conformance error.
 */
export const KEPT_BASIC: readonly string[] = [
  'Modality',
  'Manufacturer',
  'ManufacturerModelName',
  'ImageType',
  'BodyPartExamined',
  'SliceThickness',
  'SpacingBetweenSlices',
  'KVP',
  'XRayTubeCurrent',
  'Exposure',
  'ConvolutionKernel',
  'PatientPosition',
  'SeriesNumber',
  'InstanceNumber',
  'ImagePositionPatient',
  'ImageOrientationPatient',
  'SliceLocation',
  'Rows',
  'Columns',
  'PixelSpacing',
  'PhotometricInterpretation',
  'BitsAllocated',
  'BitsStored',
  'RescaleIntercept',
  'RescaleSlope',
  'WindowCenter',
  'WindowWidth',
];

export const KEPT_BY_OPTIONS: readonly string[] = [
  // Retain Patient Characteristics Option: K.
  'PatientSex',
  'PatientAge',
  'PatientSize',
  'PatientWeight',
  // Clean Descriptors Option: C.
  'StudyDescription',
  'SeriesDescription',
  'ProtocolName',
  // Retain Longitudinal Temporal Information, Modified Dates: C.
  'StudyDate',
  'SeriesDate',
  'AcquisitionDate',
  'ContentDate',
];
