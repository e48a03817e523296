/**
 * Ingest (DESIGN.md flow: sources → parse → validate → de-identify → store →
 * catalog): folders, DICOMweb pull, DIMSE C-STORE and STOW-RS, every input
 * ending stored, duplicate or quarantined with a reason.
 */
export {
  defaultIngestJobs,
  IngestPipeline,
  type IngestCounts,
  type IngestPipelineOptions,
  type InputOutcome,
} from './ingest-pipeline.js';
export {
  ingestFolder,
  type FolderIngestProgress,
  type FolderIngestResult,
} from './folder-ingest.js';
export { buildIngestReport, INGEST_REPORT_VERSION, type IngestReport } from './ingest-report.js';
export { Quarantine, type QuarantineRecord } from '../store/index.js';
export { BULK_DATA_IN_BLOB, processInstance, type ProcessedInstance } from './process-instance.js';
export { ingestFromDicomweb, type SourceFailure } from './dicomweb-ingest.js';
export type { DicomwebPullOptions } from './dicomweb/index.js';
export { startDimseIngest, type DimseIngestOptions } from './dimse-ingest.js';
export { startStowEndpoint, type StowEndpoint } from './stow-endpoint.js';
export type { DimseEvent, DimseListener } from './dimse/index.js';
