import { createHmac } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { listFiles, readDicomFileSync } from '../dicom/index.js';
import { Quarantine, writeFileAtomicSync } from '../store/index.js';
import { startWorkerPool, workerScriptBeside } from '../workers/index.js';
import { deidentifyFileStaged, type DeidStagedOutcome } from './deid-file.js';
import type { DeidKey } from './deid-key.js';
import type { DeidInstanceLog } from './deid-log.js';
import { deidProfileDocument, type DeidProfile } from './deid-profile.js';
import type { DeidWorkerData, DeidWorkerTask } from './deid-worker.js';
import { MEDIA_STORAGE_DIRECTORY_SOP_CLASS, patientKeyOf } from './deidentify-instance.js';
import { KeyedPseudonyms, keyFingerprint } from './keyed-pseudonym.js';
import { PhiTerms } from './phi-terms.js';
import { ANNEX_E_EDITION } from './profile/index.js';

/** Version of deid-summary.json and of the records in deid-log.jsonl. */
export const DEID_LOG_VERSION = 1;

export interface DeidRunOptions {
  readonly inputs: readonly string[];
  readonly outDir: string;
  /** Where originals that could not be de-identified are copied, with reasons.jsonl. */
  readonly quarantineDir: string;
  readonly profile: DeidProfile;
  readonly key: DeidKey;
  /** Worker threads; 1 runs in this thread. */
  readonly jobs: number;
  readonly software: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface QuarantinedInput {
  readonly input: string;
  readonly code: string;
  readonly reason: string;
}

export interface DeidRunSummary {
  readonly version: number;
  readonly software: string;
  readonly profileEdition: string;
  readonly profileSource: string;
  readonly options: readonly string[];
  readonly keyFingerprint: string;
  readonly inputs: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly quarantined: readonly QuarantinedInput[];
  readonly reviewRequired: readonly string[];
  readonly patients: number;
  readonly actions: Readonly<Record<string, number>>;
  readonly elapsedSeconds: number;
  readonly filesPerSecond: number;
}

type Runner = (task: DeidWorkerTask) => Promise<DeidStagedOutcome>;

/**
 * De-identifies every file under the inputs into `outDir`
 * (patient/study/series/instance.dcm, all pseudonyms), in parallel. Two passes:
 * headers first, to gather each patient's identifying values from all of that
 * patient's files (Clean Descriptors scrubs them wherever they appear), then
 * the files. Every input ends stored, duplicate or quarantined with a reason
 * (DESIGN.md "Nothing is lost"). Writes deid-log.jsonl (one record per instance,
 * no original values) and deid-summary.json in `outDir`.
 */
export async function runDeidentification(options: DeidRunOptions): Promise<DeidRunSummary> {
  const started = performance.now();
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const pseudonyms = new KeyedPseudonyms(options.key.key);
  const listed = await listFiles(options.inputs.map((p) => resolve(p)));
  const quarantined: QuarantinedInput[] = [];
  const quarantineArea = new Quarantine(options.quarantineDir);
  const quarantine = (entry: QuarantinedInput): void => {
    quarantined.push(entry);
    quarantineArea.keepFile(entry.input, entry);
  };

  // Pass 1: headers. Which files are instances, and each patient's identifying values.
  const files: { input: string; patient: string }[] = [];
  const phiByPatient = new Map<string, PhiTerms>();
  const outputsDir = outDir + '/';
  for (const entry of listed) {
    if (entry.error !== undefined) {
      quarantine({ input: entry.path, code: 'NOT_FOUND', reason: entry.error.message });
      continue;
    }
    if (resolve(entry.path).startsWith(outputsDir)) continue; // never re-read our own output
    try {
      const header = readDicomFileSync(entry.path, { headerOnly: true });
      const sopClass =
        header.dataset.string('SOPClassUID') ?? header.meta.string('MediaStorageSOPClassUID');
      if (sopClass === MEDIA_STORAGE_DIRECTORY_SOP_CLASS) {
        quarantine({
          input: entry.path,
          code: 'DEID_REFUSED',
          reason:
            'DICOMDIR: a media index of the original files, not an instance; not copied (its records carry names, IDs and original paths)',
        });
        continue;
      }
      const patient = patientKeyOf(header.dataset);
      let terms = phiByPatient.get(patient);
      if (terms === undefined) {
        terms = new PhiTerms(options.profile.options);
        phiByPatient.set(patient, terms);
      }
      terms.addDataset(header.dataset);
      files.push({ input: entry.path, patient });
    } catch (error) {
      const code =
        typeof error === 'object' && error !== null && 'code' in error
          ? String(error.code)
          : 'INTERNAL';
      quarantine({ input: entry.path, code, reason: (error as Error).message });
    }
  }

  // Pass 2: the files, in parallel.
  const script =
    options.jobs > 1 ? workerScriptBeside(import.meta.url, 'deid-worker.js') : undefined;
  const pool =
    script === undefined
      ? undefined
      : startWorkerPool<DeidWorkerTask, DeidStagedOutcome>({
          script,
          size: Math.min(options.jobs, Math.max(1, files.length)),
          workerData: {
            profile: deidProfileDocument(options.profile),
            profileSource: options.profile.source,
            keyHex: Buffer.from(options.key.key).toString('hex'),
            software: options.software,
            outDir,
          } satisfies DeidWorkerData,
          onCrash: (error) => ({
            ok: false,
            code: 'INTERNAL',
            reason: `worker failed: ${error.message}`,
          }),
        });
  const context = { profile: options.profile, pseudonyms, software: options.software };
  const phiJsonByPatient = new Map<string, { exact: string[]; words: string[] }>();
  const phiJson = (patient: string): { exact: string[]; words: string[] } | undefined => {
    let json = phiJsonByPatient.get(patient);
    if (json === undefined) {
      json = phiByPatient.get(patient)?.toJSON();
      if (json !== undefined) phiJsonByPatient.set(patient, json);
    }
    return json;
  };
  const run: Runner =
    pool?.run ??
    ((task) => deidentifyFileStaged(task.input, outDir, context, phiByPatient.get(task.patient)));

  const logFile = join(outDir, 'deid-log.jsonl');
  const log = openSync(logFile, 'w');
  const written = new Map<string, string>();
  const reviewRequired: string[] = [];
  const actions: Record<string, number> = {};
  const fingerprint = keyFingerprint(options.key.key);
  const inputRef = (input: string): string =>
    createHmac('sha256', options.key.key)
      .update(`input\0${input}`)
      .digest('base64url')
      .slice(0, 22);
  let stored = 0;
  let duplicates = 0;
  let done = 0;
  const handle = (input: string, outcome: DeidStagedOutcome): void => {
    done++;
    options.onProgress?.(done, files.length);
    if (!outcome.ok) {
      quarantine({ input, code: outcome.code, reason: outcome.reason });
      return;
    }
    const previous = written.get(outcome.output);
    if (previous !== undefined) {
      rmSync(outcome.staged, { force: true });
      if (previous === outcome.sha256) duplicates++;
      else {
        quarantine({
          input,
          code: 'DEID_REFUSED',
          reason: `SOP Instance UID collision: another input with the same UIDs but different content was already written to ${outcome.output}`,
        });
      }
      return;
    }
    // Rename is atomic: readers see the whole file or none of it.
    renameSync(outcome.staged, join(outDir, outcome.output));
    written.set(outcome.output, outcome.sha256);
    stored++;
    if (outcome.record.pixel?.reviewRequired === true) reviewRequired.push(outcome.output);
    for (const entry of outcome.record.entries)
      actions[entry.action] = (actions[entry.action] ?? 0) + 1;
    // The input is named by a keyed reference, not its path: folder and file
    // names often carry names, MRNs and UIDs.
    const record: DeidInstanceLog & { version: number; sha256Base64Url: string } = {
      version: DEID_LOG_VERSION,
      input: inputRef(input),
      sha256Base64Url: outcome.sha256,
      ...outcome.record,
    };
    writeSync(log, `${JSON.stringify(record)}\n`);
  };

  try {
    const concurrency = pool === undefined ? 1 : options.jobs * 2;
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < files.length) {
        const file = files[next++];
        if (file === undefined) break;
        // Workers get the patient's terms as data; this thread shares the objects.
        const phi = pool === undefined ? undefined : phiJson(file.patient);
        handle(file.input, await run({ input: file.input, patient: file.patient, phi }));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, lane));
  } finally {
    await pool?.close();
    closeSync(log);
  }

  const elapsedSeconds = (performance.now() - started) / 1000;
  const summary: DeidRunSummary = {
    version: DEID_LOG_VERSION,
    software: options.software,
    profileEdition: `DICOM PS3.15 ${ANNEX_E_EDITION}`,
    profileSource: options.profile.source,
    options: [...options.profile.options],
    keyFingerprint: fingerprint,
    inputs: listed.length,
    stored,
    duplicates,
    quarantined,
    reviewRequired,
    patients: phiByPatient.size,
    actions,
    elapsedSeconds,
    filesPerSecond: elapsedSeconds > 0 ? files.length / elapsedSeconds : 0,
  };
  // The summary inside the output holds no input paths (they can carry PHI);
  // quarantined inputs are listed in the quarantine folder's reasons.jsonl.
  writeFileAtomicSync(
    join(outDir, 'deid-summary.json'),
    `${JSON.stringify({ ...summary, quarantined: quarantined.length }, null, 2)}\n`,
  );
  return summary;
}

/** Default worker count: one per core. */
export function defaultJobs(): number {
  return availableParallelism();
}
