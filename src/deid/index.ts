/**
 * De-identification (DESIGN.md "PHI stays at the door"): the PS3.15 Annex E
 * profile engine, keyed pseudonyms, date shifting, private tags, pixel PHI,
 * the de-identification log, and the independent residual-PHI scan.
 */
export {
  BASIC_PROFILE_CODE,
  DEFAULT_DEID_OPTIONS,
  DEID_OPTIONS,
  OPTION_CODES,
  OPTION_COLUMN_KEYS,
  type ColumnOption,
  type DeidOption,
} from './deid-option.js';
export {
  createKeyFile,
  defaultKeyFile,
  DEID_KEY_ENV,
  DEID_KEY_FILE_ENV,
  keyFileTooOpen,
  resolveDeidKey,
  type DeidKey,
} from './deid-key.js';
export {
  checkOptions,
  defaultDeidProfile,
  deidProfileDocument,
  DEID_PROFILE_VERSION,
  loadDeidProfile,
  parseDeidProfile,
  type DeidProfile,
} from './deid-profile.js';
export { KeyedPseudonyms, keyFingerprint, type DateOffset } from './keyed-pseudonym.js';
export { capAge, shiftDate, shiftDateAndTime, shiftDateTime, shiftTime } from './date-shift.js';
export { PhiTerms } from './phi-terms.js';
export {
  deidentifyInstance,
  MEDIA_STORAGE_DIRECTORY_SOP_CLASS,
  patientKeyOf,
  type DeidContext,
  type DeidInstanceResult,
} from './deidentify-instance.js';
export { deidentifyFile, type DeidFileOutcome } from './deid-file.js';
export type { DeidInstanceLog, DeidLogAction, DeidLogEntry } from './deid-log.js';
export {
  DEID_LOG_VERSION,
  defaultJobs,
  runDeidentification,
  type DeidRunOptions,
  type DeidRunSummary,
  type QuarantinedInput,
} from './deid-run.js';
export { ANNEX_E_EDITION } from './profile/index.js';
export {
  verifyDeidentification,
  type VerifyDeidentificationInput,
  type VerifyReport,
} from './residual-phi/index.js';
export {
  cleanPixelData,
  EXAMPLE_BURNED_IN_RULES,
  parseBurnedInRules,
  type BurnedInRule,
  type PixelCleanResult,
} from './pixel/index.js';
