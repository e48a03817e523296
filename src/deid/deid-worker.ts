import { parentPort, workerData } from 'node:worker_threads';
import type { DeidContext } from './deidentify-instance.js';
import { deidentifyFile } from './deid-file.js';
import { parseDeidProfile } from './deid-profile.js';
import { KeyedPseudonyms } from './keyed-pseudonym.js';
import { PhiTerms } from './phi-terms.js';

/** What the run hands each worker once: the profile document, the key and the software name. */
export interface DeidWorkerData {
  readonly profile: unknown;
  readonly profileSource: string;
  readonly keyHex: string;
  readonly software: string;
}

/** One task: a file and its patient's identifying values. */
export interface DeidWorkerTask {
  readonly id: number;
  readonly input: string;
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
  port.on('message', (task: DeidWorkerTask) => {
    void deidentifyFile(
      task.input,
      context,
      task.phi === undefined ? undefined : PhiTerms.fromJSON(task.phi),
    ).then((outcome) => {
      // Copied, not transferred: the encoder's buffer may be shared with Node's pool.
      port.postMessage({ id: task.id, outcome });
    });
  });
}
