/**
 * The residual-PHI scan (`radset deid verify`): an independent check that no
 * identifying value of the originals survives anywhere in the de-identified
 * outputs. It shares no logic with the de-identification engine.
 */
export { ByteMatcher, foldAsciiCase, type MatchCallback } from './byte-matcher.js';
export {
  CANDIDATE_CLASSES,
  CandidateSet,
  type BoundaryRule,
  type Candidate,
  type CandidateClass,
  type CandidateSource,
} from './candidate.js';
export {
  CandidateCollector,
  MIN_DIGITS_IDENTIFIER_CHARS,
  MIN_DIGITS_TEXT_CHARS,
  MIN_IDENTIFIER_CHARS,
  MIN_IDENTIFYING_AGE_YEARS,
  MIN_NAME_CHARS,
  MIN_TEXT_CHARS,
  MIN_UID_CHARS,
  type CollectionCounts,
  type CollectorPolicy,
} from './collect-candidates.js';
export {
  actionUnderOptions,
  parseAllowList,
  privateDisposition,
  publicDisposition,
  type ElementDisposition,
} from './exemption-policy.js';
export { OutputLocator, type OutputLocation } from './output-locator.js';
export {
  MIN_BULK_MATCH_BYTES,
  OutputScanner,
  type OutputStream,
  type ResidualPhiHit,
} from './output-scanner.js';
export {
  verifyDeidentification,
  type UnreadableFile,
  type VerifyDeidentificationInput,
  type VerifyReport,
  type VerifyVerdict,
} from './verify-deidentification.js';
