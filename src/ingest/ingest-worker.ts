import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { KeyedPseudonyms, parseDeidProfile, PhiTerms } from '../deid/index.js';
import { LocalBlobStore } from '../store/index.js';
import { serveWorkerTasks } from '../workers/index.js';
import {
  processInstance,
  type ProcessContext,
  type ProcessedInstance,
} from './process-instance.js';

/** What the pipeline hands each worker once. */
export interface IngestWorkerData {
  readonly profile: unknown;
  readonly profileSource: string;
  readonly keyHex: string;
  readonly software: string;
  readonly blobRoot: string;
}

/** One input: a file to read here, or bytes that arrived over the network. */
export type IngestWorkerTask =
  | {
      readonly kind: 'file';
      readonly path: string;
      readonly patient: string | undefined;
      readonly phi: { exact: string[]; words: string[] } | undefined;
    }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly name: string };

/** Runs a task in whatever thread calls it (a worker, or the main thread with one job). */
export async function runIngestTask(
  task: IngestWorkerTask,
  context: ProcessContext,
  phiFor: (task: Extract<IngestWorkerTask, { kind: 'file' }>) => PhiTerms | undefined,
): Promise<ProcessedInstance> {
  if (task.kind === 'bytes') return processInstance(task.bytes, task.name, context, undefined);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(task.path);
  } catch (error) {
    return { ok: false, code: 'DICOM_FILE_READ_FAILED', reason: (error as Error).message };
  }
  return processInstance(bytes, task.path, context, phiFor(task));
}

if (parentPort !== null) {
  const port = parentPort;
  const data = workerData as IngestWorkerData;
  const key = Buffer.from(data.keyHex, 'hex');
  const context: ProcessContext = {
    deid: {
      profile: parseDeidProfile(data.profile, data.profileSource),
      pseudonyms: new KeyedPseudonyms(key),
      software: data.software,
    },
    blobs: new LocalBlobStore(data.blobRoot),
    key,
  };
  // One PhiTerms per patient: its pattern is compiled once, not per file.
  const phiByPatient = new Map<string, PhiTerms>();
  const phiFor = (task: Extract<IngestWorkerTask, { kind: 'file' }>): PhiTerms | undefined => {
    if (task.patient === undefined || task.phi === undefined) return undefined;
    let phi = phiByPatient.get(task.patient);
    if (phi === undefined) {
      phi = PhiTerms.fromJSON(task.phi);
      phiByPatient.set(task.patient, phi);
    }
    return phi;
  };
  serveWorkerTasks<IngestWorkerTask, ProcessedInstance>(port, (task) =>
    runIngestTask(task, context, phiFor),
  );
}
