import type { IngestSource } from '../catalog/index.js';
import type { IngestCounts } from './ingest-pipeline.js';
import type { QuarantineRecord } from '../store/index.js';

/** Version of the ingest report's JSON shape. */
export const INGEST_REPORT_VERSION = 1;

/** What `radset ingest --report FILE.json` writes: the run's full accounting. */
export interface IngestReport {
  readonly version: number;
  readonly software: string;
  readonly runId: string;
  readonly source: IngestSource;
  readonly dataDir: string;
  readonly database: string;
  readonly keyFingerprint: string;
  readonly profileSource: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly elapsedSeconds: number;
  /** Every input is exactly one of stored, duplicate or quarantined: inputs = their sum. */
  readonly inputs: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly quarantined: number;
  /** Of the quarantined: same SOP Instance UID already stored with other content. */
  readonly conflicts: number;
  /** Of the duplicates: files an earlier run ingested, not read again. */
  readonly skipped: number;
  readonly dicomdirs: number;
  readonly missingFromDicomdir: number;
  readonly bytesStored: number;
  readonly instancesPerSecond: number;
  readonly peakRssBytes: number;
  readonly reviewRequired: readonly string[];
  /** The quarantined inputs with their reasons (the first 10,000; all are in the quarantine's reasons.jsonl). */
  readonly quarantine: readonly QuarantineRecord[];
  /** Source-level failures (a DICOMweb study that could not be fetched). */
  readonly sourceFailures: readonly { readonly ref: string; readonly reason: string }[];
}

export function buildIngestReport(fields: {
  readonly software: string;
  readonly runId: string;
  readonly source: IngestSource;
  readonly dataDir: string;
  readonly database: string;
  readonly keyFingerprint: string;
  readonly profileSource: string;
  readonly started: Date;
  readonly counts: IngestCounts;
  readonly quarantine: readonly QuarantineRecord[];
  readonly dicomdirs: number;
  readonly missingFromDicomdir: number;
  readonly peakRssBytes: number;
  readonly sourceFailures: readonly { readonly ref: string; readonly reason: string }[];
}): IngestReport {
  const finished = new Date();
  const elapsedSeconds = (finished.getTime() - fields.started.getTime()) / 1000;
  const { counts } = fields;
  return {
    version: INGEST_REPORT_VERSION,
    software: fields.software,
    runId: fields.runId,
    source: fields.source,
    dataDir: fields.dataDir,
    database: fields.database,
    keyFingerprint: fields.keyFingerprint,
    profileSource: fields.profileSource,
    startedAt: fields.started.toISOString(),
    finishedAt: finished.toISOString(),
    elapsedSeconds,
    inputs: counts.inputs,
    stored: counts.stored,
    duplicates: counts.duplicates,
    quarantined: counts.quarantined,
    conflicts: counts.conflicts,
    skipped: counts.skipped,
    dicomdirs: fields.dicomdirs,
    missingFromDicomdir: fields.missingFromDicomdir,
    bytesStored: counts.bytesStored,
    instancesPerSecond:
      elapsedSeconds > 0
        ? (counts.stored + counts.duplicates - counts.skipped) / elapsedSeconds
        : 0,
    peakRssBytes: fields.peakRssBytes,
    reviewRequired: counts.reviewRequired,
    quarantine: fields.quarantine,
    sourceFailures: fields.sourceFailures,
  };
}
