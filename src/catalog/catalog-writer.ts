import type { Database, Queryable } from '../db/index.js';
import type { CatalogEntry, IngestSource } from './catalog-entry.js';
import { insertRows } from './insert-rows.js';

/** What became of one submitted instance. */
export type CatalogOutcome = 'stored' | 'duplicate' | 'conflict';

/** A file the instance was read from, remembered so a resumed run can skip it. */
export interface IngestedFile {
  /** Keyed reference to the path (paths carry names and MRNs). */
  readonly ref: string;
  readonly sizeBytes: number;
  readonly mtimeMs: number;
}

export interface CatalogSubmission {
  readonly entry: CatalogEntry;
  readonly source: IngestSource;
  readonly runId: string;
  readonly file?: IngestedFile | undefined;
}

interface Pending {
  readonly submission: CatalogSubmission;
  readonly resolve: (outcome: CatalogOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/** Instances per transaction: big enough to amortise a commit, small enough to answer a C-STORE promptly. */
const DEFAULT_BATCH = 256;

const SERIES_COLUMNS = [
  'series_uid',
  'study_uid',
  'modality',
  'body_part',
  'body_part_source',
  'manufacturer',
  'manufacturer_original',
  'model',
  'field_strength_t',
  'slice_thickness_mm',
  'pixel_spacing_row_mm',
  'pixel_spacing_column_mm',
  'kvp',
  'convolution_kernel',
  'contrast',
  'series_description',
  'protocol_name',
  'source',
] as const;

const INSTANCE_COLUMNS = [
  'sop_instance_uid',
  'series_uid',
  'sop_class_uid',
  'transfer_syntax_uid',
  'instance_number',
  'frame_count',
  'rows',
  'columns',
  'blob_sha256',
  'size_bytes',
  'source_digest',
  'source',
  'run_id',
  'header',
] as const;

function seriesRow(s: CatalogSubmission): unknown[] {
  const e = s.entry;
  return [
    e.seriesUid,
    e.studyUid,
    e.modality,
    e.bodyPart,
    e.bodyPartSource,
    e.manufacturer,
    e.manufacturerOriginal,
    e.model,
    e.fieldStrengthT,
    e.sliceThicknessMm,
    e.pixelSpacingRowMm,
    e.pixelSpacingColumnMm,
    e.kvp,
    e.convolutionKernel,
    e.contrast,
    e.seriesDescription,
    e.protocolName,
    s.source,
  ];
}

function instanceRow(s: CatalogSubmission): unknown[] {
  const e = s.entry;
  return [
    e.sopInstanceUid,
    e.seriesUid,
    e.sopClassUid,
    e.transferSyntaxUid,
    e.instanceNumber,
    e.frameCount,
    e.rows,
    e.columns,
    e.blobSha256,
    e.sizeBytes,
    e.sourceDigest,
    s.source,
    s.runId,
    e.headerJson,
  ];
}

/** First submission per key, in order. */
function firstBy<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(key(item))) seen.set(key(item), item);
  return [...seen.values()];
}

/**
 * Writes de-identified instances into the catalog with group commit: callers
 * submit one instance and await its outcome; submissions that arrive while a
 * transaction is running go together into the next one. An outcome is given
 * only after its transaction commits, so "stored" means durable in the
 * catalog (a C-STORE or STOW-RS success may be sent on it).
 *
 * An instance whose SOP Instance UID is new is stored; one whose UID is there
 * with the same source digest is a duplicate; with another digest, a conflict:
 * never overwritten, recorded in instance_conflicts. Inserts use ON CONFLICT
 * DO NOTHING, so two processes ingesting the same instance at once end with
 * one row and a duplicate, not an error.
 */
export class CatalogWriter {
  private queue: Pending[] = [];
  private running: Promise<void> | undefined;

  constructor(
    private readonly db: Database,
    private readonly batchSize = DEFAULT_BATCH,
  ) {}

  submit(submission: CatalogSubmission): Promise<CatalogOutcome> {
    return new Promise<CatalogOutcome>((resolve, reject) => {
      this.queue.push({ submission, resolve, reject });
      this.running ??= this.drain();
    });
  }

  /** Resolves when everything submitted so far is written. */
  async idle(): Promise<void> {
    while (this.running !== undefined) await this.running;
  }

  private async drain(): Promise<void> {
    // Let submissions made in the same turn of the event loop join the first batch.
    await new Promise<void>((resolveSoon) => setImmediate(resolveSoon));
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.batchSize);
        try {
          const outcomes = await this.db.transaction((tx) =>
            this.write(
              tx,
              batch.map((p) => p.submission),
            ),
          );
          batch.forEach((pending, i) => pending.resolve(outcomes[i] ?? 'stored'));
        } catch (error) {
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  private async write(
    tx: Queryable,
    batch: readonly CatalogSubmission[],
  ): Promise<CatalogOutcome[]> {
    const firsts = firstBy(batch, (s) => s.entry.sopInstanceUid);
    await insertRows(
      tx,
      'patients',
      ['patient_id', 'sex'],
      firstBy(firsts, (s) => s.entry.patientId).map((s) => [s.entry.patientId, s.entry.sex]),
      'ON CONFLICT DO NOTHING',
    );
    await insertRows(
      tx,
      'studies',
      ['study_uid', 'patient_id', 'study_date', 'study_description', 'age_band'],
      firstBy(firsts, (s) => s.entry.studyUid).map((s) => [
        s.entry.studyUid,
        s.entry.patientId,
        s.entry.studyDate,
        s.entry.studyDescription,
        s.entry.ageBand,
      ]),
      'ON CONFLICT DO NOTHING',
    );
    await insertRows(
      tx,
      'series',
      SERIES_COLUMNS,
      firstBy(firsts, (s) => s.entry.seriesUid).map(seriesRow),
      'ON CONFLICT DO NOTHING',
    );
    const inserted = await insertRows<{ sop_instance_uid: string }>(
      tx,
      'instances',
      INSTANCE_COLUMNS,
      firsts.map(instanceRow),
      'ON CONFLICT DO NOTHING RETURNING sop_instance_uid',
      { header: 'json' },
    );
    const stored = new Set(inserted.map((row) => row.sop_instance_uid));
    // The digest each UID had before this batch, for those this batch did not insert.
    const known = new Map<string, string>();
    const others = firsts.filter((s) => !stored.has(s.entry.sopInstanceUid));
    if (others.length > 0) {
      const slots = others.map((_, i) => `$${i + 1}`).join(', ');
      const rows = await tx.query<{ sop_instance_uid: string; source_digest: string }>(
        `SELECT sop_instance_uid, source_digest FROM instances WHERE sop_instance_uid IN (${slots})`,
        others.map((s) => s.entry.sopInstanceUid),
      );
      for (const row of rows) known.set(row.sop_instance_uid, row.source_digest);
    }
    const digestInBatch = new Map<string, string>();
    for (const s of firsts) {
      if (stored.has(s.entry.sopInstanceUid))
        digestInBatch.set(s.entry.sopInstanceUid, s.entry.sourceDigest);
    }
    const isFirst = new Set(firsts);
    const outcomes = batch.map((s): CatalogOutcome => {
      const uid = s.entry.sopInstanceUid;
      if (isFirst.has(s) && stored.has(uid)) return 'stored';
      const existing = known.get(uid) ?? digestInBatch.get(uid);
      return existing === undefined || existing === s.entry.sourceDigest ? 'duplicate' : 'conflict';
    });
    const conflicts = batch.filter((_, i) => outcomes[i] === 'conflict');
    await insertRows(
      tx,
      'instance_conflicts',
      ['sop_instance_uid', 'source_digest', 'source', 'run_id'],
      conflicts.map((s) => [s.entry.sopInstanceUid, s.entry.sourceDigest, s.source, s.runId]),
      'ON CONFLICT DO NOTHING',
    );
    const files = batch.flatMap((s, i) =>
      s.file === undefined || outcomes[i] === 'conflict'
        ? []
        : [
            [
              s.file.ref,
              s.file.sizeBytes,
              s.file.mtimeMs,
              outcomes[i],
              s.entry.sopInstanceUid,
              s.runId,
            ],
          ],
    );
    await insertRows(
      tx,
      'ingested_files',
      ['file_ref', 'size_bytes', 'mtime_ms', 'outcome', 'sop_instance_uid', 'run_id'],
      firstBy(files, (row) => String(row[0])),
      `ON CONFLICT (file_ref) DO UPDATE SET size_bytes = EXCLUDED.size_bytes,
        mtime_ms = EXCLUDED.mtime_ms, outcome = EXCLUDED.outcome,
        sop_instance_uid = EXCLUDED.sop_instance_uid, run_id = EXCLUDED.run_id`,
    );
    return outcomes;
  }
}
