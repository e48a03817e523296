import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { CatalogWriter, type IngestedFile, type IngestSource } from '../catalog/index.js';
import { deidProfileDocument, KeyedPseudonyms, PhiTerms, type DeidContext } from '../deid/index.js';
import type { Project } from '../project/index.js';
import { startWorkerPool, workerScriptBeside, type WorkerPool } from '../workers/index.js';
import { runIngestTask, type IngestWorkerData, type IngestWorkerTask } from './ingest-worker.js';
import type { ProcessContext, ProcessedInstance } from './process-instance.js';
import { Quarantine, type QuarantineRecord } from '../store/index.js';

/** What one input ended as (DESIGN.md "Nothing is lost": exactly one of three). */
export type InputOutcome =
  | {
      readonly status: 'stored' | 'duplicate';
      readonly sopInstanceUid: string;
      readonly sopClassUid: string | null;
    }
  | { readonly status: 'quarantined'; readonly code: string; readonly reason: string };

/** The running tally of a pipeline. */
export interface IngestCounts {
  inputs: number;
  stored: number;
  duplicates: number;
  quarantined: number;
  /** Quarantined because the SOP Instance UID was there with other content. */
  conflicts: number;
  /** Inputs already ingested by an earlier run, not read again (counted as duplicates). */
  skipped: number;
  bytesStored: number;
  /** Stored instances whose burned-in text masking a person should confirm (the first 10,000). */
  reviewRequired: string[];
}

export interface IngestPipelineOptions {
  readonly source: IngestSource;
  /** Worker threads; 1 runs in this thread. */
  readonly jobs: number;
  readonly software: string;
}

/**
 * Quarantined inputs and instances for review kept in memory for the report;
 * beyond this (a long `radset listen`, a tree of junk) only the counts grow.
 * Every quarantined input is in the quarantine's reasons.jsonl regardless.
 */
const MAX_LISTED = 10_000;

/** Lanes for inputs waiting on their catalog commit (see IngestPipeline.concurrency). */
const CATALOG_LANES = 64;

/** Default worker count: one per core. */
export function defaultIngestJobs(): number {
  return availableParallelism();
}

/**
 * The ingest pipeline (DESIGN.md flow): parse → validate → de-identify →
 * store → catalog, for every source. Parsing, de-identification and the blob
 * write run on worker threads; the catalog is written here, batched with
 * group commit. Every input is counted as stored, duplicate or quarantined.
 */
export class IngestPipeline {
  readonly runId = randomUUID();
  readonly counts: IngestCounts = {
    inputs: 0,
    stored: 0,
    duplicates: 0,
    quarantined: 0,
    conflicts: 0,
    skipped: 0,
    bytesStored: 0,
    reviewRequired: [],
  };
  /** The first 10,000 quarantined inputs; `counts.quarantined` counts them all. */
  readonly quarantineRecords: QuarantineRecord[] = [];
  readonly quarantine: Quarantine;
  private readonly writer: CatalogWriter;
  private readonly local: ProcessContext;
  /** Each patient's terms as worker data, made once per patient rather than per file. */
  private readonly phiJson = new Map<string, { exact: string[]; words: string[] }>();

  private constructor(
    readonly project: Project,
    readonly options: IngestPipelineOptions,
    private readonly pool: WorkerPool<IngestWorkerTask, ProcessedInstance> | undefined,
  ) {
    this.quarantine = new Quarantine(project.layout.quarantine);
    this.writer = new CatalogWriter(project.db);
    const deid: DeidContext = {
      profile: project.profile,
      pseudonyms: new KeyedPseudonyms(project.key.key),
      software: options.software,
    };
    this.local = { deid, blobs: project.blobs, key: project.key.key };
  }

  static async start(project: Project, options: IngestPipelineOptions): Promise<IngestPipeline> {
    const script =
      options.jobs > 1 ? workerScriptBeside(import.meta.url, 'ingest-worker.js') : undefined;
    const pool =
      script === undefined
        ? undefined
        : startWorkerPool<IngestWorkerTask, ProcessedInstance>({
            script,
            size: options.jobs,
            workerData: {
              profile: deidProfileDocument(project.profile),
              profileSource: project.profile.source,
              keyHex: Buffer.from(project.key.key).toString('hex'),
              software: options.software,
              blobRoot: project.blobs.root,
            } satisfies IngestWorkerData,
            onCrash: (error) => ({
              ok: false,
              code: 'INTERNAL',
              reason: `worker failed: ${error.message}`,
            }),
          });
    const pipeline = new IngestPipeline(project, options, pool);
    await project.db.query('INSERT INTO ingest_runs (run_id, source) VALUES ($1, $2)', [
      pipeline.runId,
      options.source,
    ]);
    return pipeline;
  }

  /**
   * Inputs in flight at once: enough to keep every worker busy, plus a
   * catalog batch's worth waiting for their commit. An input holds its lane
   * until its outcome is committed; without the extra lanes each commit
   * would carry only a few instances and the database would set the pace.
   * Inputs beyond the workers wait as small task objects, so memory stays
   * bounded.
   */
  get concurrency(): number {
    return (this.pool?.size ?? 1) * 2 + CATALOG_LANES;
  }

  /** Ingests one file; `phi` is the patient's identifying values gathered by a header pass. */
  async ingestFile(
    path: string,
    patient: { readonly key: string; readonly phi: PhiTerms } | undefined,
    file: IngestedFile | undefined,
  ): Promise<InputOutcome> {
    this.counts.inputs++;
    const task: IngestWorkerTask = {
      kind: 'file',
      path,
      patient: patient?.key,
      phi: this.pool === undefined || patient === undefined ? undefined : this.phiJsonOf(patient),
    };
    const processed = await this.process(task, patient?.phi);
    return this.settle(processed, path, file, this.options.source, (record) =>
      this.quarantine.keepFile(path, record),
    );
  }

  /**
   * Ingests one instance that arrived over the network (DICOMweb, C-STORE,
   * STOW-RS) as Part 10 bytes; `source` overrides the pipeline's (one
   * listener pipeline serves C-STORE and STOW-RS).
   */
  async ingestBytes(
    bytes: Uint8Array,
    ref: string,
    source = this.options.source,
  ): Promise<InputOutcome> {
    this.counts.inputs++;
    const processed = await this.process({ kind: 'bytes', bytes, name: ref }, undefined);
    return this.settle(processed, ref, undefined, source, (record) =>
      this.quarantine.keepBytes(bytes, record),
    );
  }

  /** Counts an input that never reached the pipeline (unreadable, missing) as quarantined. */
  quarantineInput(record: QuarantineRecord): InputOutcome {
    this.counts.inputs++;
    return this.quarantined(record);
  }

  /** Counts an input an earlier run already ingested (same path, size and modification time). */
  skipIngested(): void {
    this.counts.inputs++;
    this.counts.duplicates++;
    this.counts.skipped++;
  }

  /** Waits for the catalog, stops the workers and records the run's counts. */
  async finish(): Promise<IngestCounts> {
    await this.writer.idle();
    await this.pool?.close();
    const { reviewRequired, ...counts } = this.counts;
    await this.project.db.query(
      'UPDATE ingest_runs SET finished_at = now(), counts = $2::jsonb WHERE run_id = $1',
      [this.runId, JSON.stringify({ ...counts, reviewRequired: reviewRequired.length })],
    );
    return this.counts;
  }

  private phiJsonOf(patient: { readonly key: string; readonly phi: PhiTerms }): {
    exact: string[];
    words: string[];
  } {
    let json = this.phiJson.get(patient.key);
    if (json === undefined) {
      json = patient.phi.toJSON();
      this.phiJson.set(patient.key, json);
    }
    return json;
  }

  private process(task: IngestWorkerTask, phi: PhiTerms | undefined): Promise<ProcessedInstance> {
    if (this.pool !== undefined) return this.pool.run(task);
    return runIngestTask(task, this.local, () => phi);
  }

  private quarantined(record: QuarantineRecord): InputOutcome {
    this.counts.quarantined++;
    if (this.quarantineRecords.length < MAX_LISTED) this.quarantineRecords.push(record);
    return { status: 'quarantined', code: record.code, reason: record.reason };
  }

  private async settle(
    processed: ProcessedInstance,
    input: string,
    file: IngestedFile | undefined,
    source: IngestSource,
    keep: (record: Omit<QuarantineRecord, 'kept' | 'at'>) => QuarantineRecord,
  ): Promise<InputOutcome> {
    if (!processed.ok) {
      return this.quarantined(
        keep({ input, code: processed.code, reason: processed.reason, runId: this.runId }),
      );
    }
    const { entry } = processed;
    let outcome;
    try {
      outcome = await this.writer.submit({
        entry,
        source,
        runId: this.runId,
        file,
      });
    } catch (error) {
      return this.quarantined(
        keep({
          input,
          code: 'DATABASE_UNAVAILABLE',
          reason: `the catalog could not record it: ${(error as Error).message}`,
          runId: this.runId,
        }),
      );
    }
    if (outcome === 'conflict') {
      this.counts.conflicts++;
      return this.quarantined(
        keep({
          input,
          code: 'INGEST_CONFLICT',
          reason: `SOP Instance UID ${entry.sopInstanceUid} (pseudonym) is already in the catalog with different content; the stored instance was kept`,
          runId: this.runId,
        }),
      );
    }
    if (outcome === 'stored') {
      this.counts.stored++;
      this.counts.bytesStored += entry.sizeBytes;
      if (processed.reviewRequired && this.counts.reviewRequired.length < MAX_LISTED) {
        this.counts.reviewRequired.push(entry.sopInstanceUid);
      }
    } else this.counts.duplicates++;
    return {
      status: outcome,
      sopInstanceUid: entry.sopInstanceUid,
      sopClassUid: entry.sopClassUid,
    };
  }
}
