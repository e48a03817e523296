/**
 * storescu → `radset listen` (radset's C-STORE SCP), when this build has the
 * command: a fresh project, the listener started and answering on a free
 * port (not timed), then storescu sends the whole set over one association,
 * timed from spawn to exit. The listener is then stopped (SIGTERM: it
 * finishes what it received) and the catalog counted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { InputSet } from '../deid/input-sets.js';
import { freePort } from '../deid/orthanc-server.js';
import { peakRssOfPid } from './proc-status.js';
import { catalogInstances, freshProject, radsetCli, radsetEnv } from './radset-ingest.js';
import { contenderRun, type ContenderRun } from './results.js';
import { storescuArgs, storescuNotes, storescuSend } from './storescu.js';

const RADSET_AE = 'RADSET';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 120_000;

/** True when `radset help` lists a `listen` command. */
export function radsetHasListen(bin: string): boolean {
  try {
    return /^\s+listen\s/m.test(radsetCli(bin, ['help'], radsetEnv()));
  } catch {
    return false;
  }
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolveAccepts) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolveAccepts(true);
    });
    socket.once('error', () => resolveAccepts(false));
  });
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  const code = await exited;
  clearTimeout(timer);
  return code;
}

export interface ListenOptions {
  readonly bin: string;
  readonly set: InputSet;
  readonly dataDir: string;
  readonly keyFile: string;
  readonly logFile: string;
  /** Worker threads (--jobs), as for radset ingest. */
  readonly jobs: number;
  readonly settle: () => void;
}

export async function storescuToRadsetListen(options: ListenOptions): Promise<ContenderRun> {
  const { bin, set, dataDir, keyFile, logFile } = options;
  const env = radsetEnv();
  freshProject(bin, dataDir, keyFile, env);
  const port = await freePort();
  const log = openSync(logFile, 'w');
  const child = spawn(
    process.execPath,
    [
      bin,
      'listen',
      '--data-dir',
      dataDir,
      '--key-file',
      keyFile,
      '--ae-title',
      RADSET_AE,
      '--dimse-port',
      String(port),
      '--host',
      '127.0.0.1',
      '--jobs',
      String(options.jobs),
    ],
    { env, stdio: ['ignore', log, log] },
  );
  closeSync(log);
  try {
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!(await accepts(port))) {
      if (child.exitCode !== null || child.signalCode !== null)
        throw new Error(
          `radset listen exited (${child.exitCode ?? child.signalCode}): ${readFileSync(logFile, 'utf8').slice(-1500)}`,
        );
      if (Date.now() > deadline)
        throw new Error(`radset listen did not accept on port ${port} within 60 s`);
      await new Promise((r) => setTimeout(r, 100));
    }
    options.settle();
    const send = await storescuSend(set.dir, port, RADSET_AE);
    const peakRssBytes = child.pid === undefined ? undefined : peakRssOfPid(child.pid);
    const exitCode = await stop(child);
    const stored = catalogInstances(bin, dataDir, env);
    return contenderRun({
      contender: 'storescu → radset listen',
      how: `TCP_NODELAY=1 storescu ${storescuArgs('SET', 0, RADSET_AE)
        .join(' ')
        .replace(
          ' 0 SET',
          ' PORT SET',
        )}; radset listen --data-dir DIR --key-file KEY --ae-title ${RADSET_AE} --dimse-port PORT --host 127.0.0.1 --jobs ${options.jobs}`,
      timing: 'storescu spawn to exit (one association: every C-STORE answered, released)',
      set: set.name,
      instances: set.files.length,
      bytes: set.bytes,
      stored,
      countedBy: 'radset stats (instances) after the listener stopped',
      seconds: send.seconds,
      peakRssBytes: peakRssBytes ?? null,
      peakRssOf: 'radset listen (VmHWM)',
      failures: Math.max(0, set.files.length - stored),
      failureReasons: [],
      notes: [
        ...storescuNotes(send),
        'peak RSS read when storescu finished, before the listener was stopped',
        `radset listen exit status after SIGTERM: ${exitCode}`,
      ],
    });
  } finally {
    await stop(child);
  }
}
