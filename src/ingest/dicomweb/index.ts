/**
 * DICOMweb for ingest: pulling studies from a PACS (QIDO-RS, WADO-RS), reading
 * STOW-RS uploads, and the multipart/related codec they share (PS3.18).
 */
export {
  pullFromDicomweb,
  searchStudies,
  type DicomwebPull,
  type DicomwebPullOptions,
  type DicomwebStudyOutcome,
  type PulledInstance,
  type SearchStudiesOptions,
} from './dicomweb-client.js';
export { DICOMWEB_REMOTE_ERROR } from './dicomweb-http.js';
export { formatMediaType, parseMediaType, type MediaType } from './media-type.js';
export {
  encodeMultipartRelated,
  multipartParameters,
  multipartRelatedContentType,
  parseMultipartRelated,
  randomBoundary,
  type MultipartParseOptions,
  type MultipartPart,
  type MultipartPartInput,
} from './multipart-related.js';
export {
  readStowRequest,
  STOW_FAILURE_REASON,
  stowResponse,
  type ReadStowOptions,
  type StowPart,
  type StowResponse,
  type StowResponseOptions,
  type StowResult,
} from './stow-rs.js';
