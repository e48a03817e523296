import { parentPort, workerData } from 'node:worker_threads';
import type { DeidContext } from './deidentify-instance.js';
import { serveWorkerTasks } from '../workers/index.js';
import { deidentifyFileStaged, type DeidStagedOutcome } from './deid-file.js';
import { parseDeidProfile } from './deid-profile.js';
import { KeyedPseudonyms } from './keyed-pseudonym.js';
import { PhiTerms } from './phi-terms.js';

/** What the run hands each worker once: the profile document, the key and the software name. */
export interface DeidWorkerData {
  readonly profile: unknown;
  readonly profileSource: string;
  readonly keyHex: string;
  readonly software: string;
  readonly outDir: string;
}

/** One task: a file, its patient and that patient's identifying values. */
export interface DeidWorkerTask {
  readonly input: string;
  readonly patient: string;
  readonly phi: { exact: string[]; words: string[] } | undefined;
}

if (parentPort !== null) {
  const port = parentPort;
  const data = workerData as DeidWorkerData;
  const context: DeidContext = {
    profile: parseDeidProfile(data.profile, data.profileSource),
    pseudonyms: new KeyedPseudonyms(Buffer.from(data.keyHex, 'hex')),
    software: data.software,
  };
  // One PhiTerms per patient: its pattern is compiled once, not per file.
  const phiByPatient = new Map<string, PhiTerms>();
  serveWorkerTasks<DeidWorkerTask, DeidStagedOutcome>(port, (task) => {
    let phi = phiByPatient.get(task.patient);
    if (phi === undefined && task.phi !== undefined) {
      phi = PhiTerms.fromJSON(task.phi);
      phiByPatient.set(task.patient, phi);
    }
    return deidentifyFileStaged(task.input, data.outDir, context, phi);
  });
}
