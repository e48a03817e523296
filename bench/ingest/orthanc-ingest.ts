/**
 * Orthanc as the peer: a fresh private server per run (bench/deid's
 * OrthancServer: own config and storage, no compression, default SQLite
 * index, no plugins), fed either over REST or by storescu over DIMSE. The
 * stored count is Orthanc's own (GET /statistics, CountInstances); its peak
 * RSS is VmHWM of the server process, read before it stops (its start-up is
 * not timed).
 */
import type { InputSet } from '../deid/input-sets.js';
import { OrthancServer } from '../deid/orthanc-server.js';
import { orthancRestIngest } from './orthanc-rest-ingest.js';
import { peakRssOfPid } from './proc-status.js';
import { contenderRun, type ContenderRun } from './results.js';
import { storescuArgs, storescuNotes, storescuSend } from './storescu.js';

/** Orthanc's AE title in this bench. */
const ORTHANC_AE = 'ORTHANC';

/**
 * Orthanc's DICOM stack is dcmtk, which reads TCP_NODELAY from the
 * environment like storescu: without it each C-STORE response waits on a
 * delayed ACK (~50 ms here; 1,000 small files took 53 s instead of 7 s).
 */
const ORTHANC_ENV = { TCP_NODELAY: '1' };

interface OrthancStatistics {
  readonly CountInstances: number;
}

async function withOrthanc<T>(
  workDir: string,
  dicom: boolean,
  body: (orthanc: OrthancServer) => Promise<T>,
): Promise<{ result: T; peakRssBytes: number | null; version: string }> {
  const orthanc = await OrthancServer.start(workDir, {
    ...(dicom ? { dicomAeTitle: ORTHANC_AE } : {}),
    env: ORTHANC_ENV,
  });
  try {
    const result = await body(orthanc);
    const pid = orthanc.pid;
    return {
      result,
      peakRssBytes: (pid === undefined ? undefined : peakRssOfPid(pid)) ?? null,
      version: orthanc.version,
    };
  } finally {
    await orthanc.stop();
  }
}

async function countInstances(orthanc: OrthancServer): Promise<number> {
  return (await orthanc.json<OrthancStatistics>('GET', '/statistics')).CountInstances;
}

function reasonCounts(failures: readonly { readonly reason: string }[]): string[] {
  const counts = new Map<string, number>();
  for (const f of failures) counts.set(f.reason, (counts.get(f.reason) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} × ${r}`).slice(0, 5);
}

/** REST: POST /instances per file, `clients` keep-alive connections in parallel. */
export async function orthancRest(
  set: InputSet,
  workDir: string,
  clients: number,
  settle: () => void,
): Promise<{ readonly run: ContenderRun; readonly orthancVersion: string }> {
  const { result, peakRssBytes, version } = await withOrthanc(workDir, false, async (orthanc) => {
    settle();
    const upload = await orthancRestIngest(orthanc.baseUrl, set.files, clients);
    return { upload, stored: await countInstances(orthanc) };
  });
  return {
    run: contenderRun({
      contender: 'Orthanc REST',
      how: `POST /instances per file (body: the file), HTTP keep-alive, ${clients} clients in parallel (node:http Agent keepAlive, maxSockets ${clients})`,
      timing: 'first request to last response (Orthanc already running)',
      set: set.name,
      instances: set.files.length,
      bytes: set.bytes,
      stored: result.stored,
      countedBy: 'Orthanc GET /statistics (CountInstances)',
      seconds: result.upload.seconds,
      peakRssBytes,
      peakRssOf: 'Orthanc (VmHWM)',
      failures: result.upload.failures.length,
      failureReasons: reasonCounts(result.upload.failures),
      notes: [],
    }),
    orthancVersion: version,
  };
}

/** DIMSE: storescu → Orthanc's DICOM port, the whole set over one association. */
export async function storescuToOrthanc(
  set: InputSet,
  workDir: string,
  settle: () => void,
): Promise<ContenderRun> {
  const { result, peakRssBytes } = await withOrthanc(workDir, true, async (orthanc) => {
    const port = orthanc.dicomPort;
    if (port === undefined) throw new Error('Orthanc started without its DICOM listener');
    settle();
    const send = await storescuSend(set.dir, port, ORTHANC_AE);
    return { send, stored: await countInstances(orthanc) };
  });
  return contenderRun({
    contender: 'storescu → Orthanc',
    how: `TCP_NODELAY=1 storescu ${storescuArgs('SET', 0, ORTHANC_AE)
      .join(' ')
      .replace(' 0 SET', ' PORT SET')} (Orthanc also with TCP_NODELAY=1)`,
    timing: 'storescu spawn to exit (one association: every C-STORE answered, released)',
    set: set.name,
    instances: set.files.length,
    bytes: set.bytes,
    stored: result.stored,
    countedBy: 'Orthanc GET /statistics (CountInstances)',
    seconds: result.send.seconds,
    peakRssBytes,
    peakRssOf: 'Orthanc (VmHWM)',
    failures: Math.max(0, set.files.length - result.stored),
    failureReasons: [],
    notes: storescuNotes(result.send),
  });
}
