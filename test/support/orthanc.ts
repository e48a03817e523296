/**
 * A private Orthanc PACS (Debian's `/usr/sbin/Orthanc`, with the
 * `orthanc-dicomweb` plugin) for integration tests: its own configuration,
 * free HTTP and DICOM ports, a temporary storage folder, no authentication.
 * Each call to {@link startOrthanc} gives a fresh, empty server; `stop()`
 * kills it and deletes its folder.
 *
 * ```ts
 * test('pulls a study over DICOMweb', async (ctx) => {
 *   requirePeer(ctx, 'Orthanc', { command: ORTHANC });
 *   if (!orthancAvailable()) skipOrFail(ctx, 'the Orthanc DICOMweb plugin is missing');
 *   const orthanc = await startOrthanc();
 *   try {
 *     await orthanc.upload([corpusPath('syntaxes/explicit_vr_le/CT_small.dcm')]);
 *     // … fetch(`${orthanc.dicomwebUrl}/studies`) …
 *   } finally {
 *     await orthanc.stop();
 *   }
 * });
 * ```
 *
 * Only local clients may use the HTTP API (`RemoteAccessAllowed: false`:
 * Orthanc refuses non-loopback clients; it has no bind-address option, so
 * its ports listen on every interface). The DICOM listener accepts
 * C-ECHO/C-STORE/C-FIND/C-GET/C-MOVE from any calling AE, so DIMSE tests need
 * not register their SCU; C-MOVE destinations must be declared in `modalities`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'vitest';
import { requirePeer, skipOrFail } from './peers.js';

/** Debian's Orthanc server binary. */
export const ORTHANC = '/usr/sbin/Orthanc';

/** Where Debian's `orthanc-dicomweb` puts its plugin (`dpkg -L orthanc-dicomweb`). */
const DICOMWEB_PLUGIN_CANDIDATES = [
  '/usr/share/orthanc/plugins/libOrthancDicomWeb.so',
  '/usr/lib/orthanc/libOrthancDicomWeb.so',
];

/** How long Orthanc may take to answer `/system` after being started. */
const START_TIMEOUT_MS = 60_000;
/** How long `stop()` waits after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 10_000;
/** Start attempts: a free port picked by the OS can be taken by someone else before Orthanc binds it. */
const START_ATTEMPTS = 3;

export interface OrthancOptions {
  /** Load the DICOMweb plugin (QIDO-RS, WADO-RS, STOW-RS under `/dicom-web/`). Default true. */
  readonly dicomweb?: boolean;
  /** DICOM peers Orthanc knows by name (`DicomModalities`), e.g. C-MOVE destinations. */
  readonly modalities?: Record<string, { aeTitle: string; host: string; port: number }>;
  /** Orthanc's own AE title (`DicomAet`). Default `ORTHANC`. */
  readonly aeTitle?: string;
}

export interface OrthancInstance {
  /** Orthanc's REST API root, e.g. `http://127.0.0.1:PORT` (no trailing slash). */
  readonly restUrl: string;
  /** DICOMweb root, e.g. `http://127.0.0.1:PORT/dicom-web` (no trailing slash); answers only with `dicomweb: true`. */
  readonly dicomwebUrl: string;
  /** Port of Orthanc's DICOM (DIMSE) listener. */
  readonly dicomPort: number;
  /** Orthanc's AE title. */
  readonly aeTitle: string;
  /** Stores Part 10 files through the REST API (POST /instances); returns Orthanc instance IDs in input order. */
  upload(files: readonly string[]): Promise<string[]>;
  /** Kills the server and deletes its storage; safe to call twice. */
  stop(): Promise<void>;
}

let pluginPath: string | null | undefined;

/** The DICOMweb plugin's shared library, or null when `orthanc-dicomweb` is not installed. */
export function dicomwebPluginPath(): string | null {
  if (pluginPath !== undefined) return pluginPath;
  pluginPath = DICOMWEB_PLUGIN_CANDIDATES.find((p) => existsSync(p)) ?? null;
  if (pluginPath === null) {
    const listed = spawnSync('dpkg', ['-L', 'orthanc-dicomweb'], { encoding: 'utf8' });
    const found =
      listed.status === 0
        ? listed.stdout.split('\n').find((line) => /libOrthancDicomWeb\.so(\.|$)/.test(line))
        : undefined;
    pluginPath = found !== undefined && existsSync(found) ? found : null;
  }
  return pluginPath;
}

/** Whether Orthanc and its DICOMweb plugin are installed. */
export function orthancAvailable(): boolean {
  return existsSync(ORTHANC) && dicomwebPluginPath() !== null;
}

/**
 * Requires Orthanc with its DICOMweb plugin for the running test: returns
 * when both are installed; else skips (locally) or fails (CI).
 */
export function requireOrthanc(context: TestContext): void {
  requirePeer(context, 'Orthanc', { command: ORTHANC });
  if (!orthancAvailable()) {
    skipOrFail(context, 'Orthanc DICOMweb plugin missing: install orthanc-dicomweb');
  }
}

/** A port nobody listens on right now (the OS picks it). */
async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function orthancConfiguration(
  dir: string,
  httpPort: number,
  dicomPort: number,
  aeTitle: string,
  options: OrthancOptions,
): Record<string, unknown> {
  const dicomweb = options.dicomweb ?? true;
  let plugins: string[] = [];
  if (dicomweb) {
    const plugin = dicomwebPluginPath();
    if (plugin === null)
      throw new Error('Orthanc DICOMweb plugin not found: install orthanc-dicomweb');
    plugins = [plugin];
  }
  const modalities = Object.fromEntries(
    Object.entries(options.modalities ?? {}).map(([name, m]) => [
      name,
      [m.aeTitle, m.host, m.port],
    ]),
  );
  return {
    Name: 'radset-test',
    HttpPort: httpPort,
    RemoteAccessAllowed: false,
    AuthenticationEnabled: false,
    DicomServerEnabled: true,
    DicomAet: aeTitle,
    DicomPort: dicomPort,
    DicomCheckCalledAet: false,
    DicomAlwaysAllowEcho: true,
    DicomAlwaysAllowStore: true,
    DicomAlwaysAllowFind: true,
    DicomAlwaysAllowGet: true,
    DicomAlwaysAllowMove: true,
    DicomModalities: modalities,
    StorageDirectory: join(dir, 'storage'),
    IndexDirectory: join(dir, 'storage'),
    StorageCompression: false,
    HttpCompressionEnabled: false,
    SaveJobs: false,
    // Tests compare what they get back with what they sent: keep every instance as stored.
    OverwriteInstances: false,
    Plugins: plugins,
    DicomWeb: { Enable: true, Root: '/dicom-web/', Host: '127.0.0.1', Ssl: false },
  };
}

class RunningOrthanc implements OrthancInstance {
  readonly dicomwebUrl: string;
  private stopped = false;

  constructor(
    readonly restUrl: string,
    readonly dicomPort: number,
    readonly aeTitle: string,
    private readonly child: ChildProcess,
    private readonly dir: string,
  ) {
    this.dicomwebUrl = `${restUrl}/dicom-web`;
  }

  async upload(files: readonly string[]): Promise<string[]> {
    const ids: string[] = [];
    for (const file of files) {
      const response = await fetch(`${this.restUrl}/instances`, {
        method: 'POST',
        body: readFileSync(file),
      });
      const text = await response.text();
      if (!response.ok)
        throw new Error(
          `Orthanc refused ${file}: POST /instances ${response.status} ${text.slice(0, 200)}`,
        );
      const stored = JSON.parse(text) as { ID?: unknown };
      if (typeof stored.ID !== 'string')
        throw new Error(`Orthanc stored ${file} but returned no ID: ${text.slice(0, 200)}`);
      ids.push(stored.ID);
    }
    return ids;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await killChild(this.child);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

function logTail(logFile: string): string {
  try {
    return readFileSync(logFile, 'utf8').slice(-1500);
  } catch {
    return '(no log)';
  }
}

/** One attempt; `exited` when Orthanc stopped before answering (e.g. a port was taken meanwhile). */
async function tryStart(
  options: OrthancOptions,
): Promise<{ instance: OrthancInstance } | { exited: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'radset-orthanc-'));
  const httpPort = await freePort();
  let dicomPort = await freePort();
  while (dicomPort === httpPort) dicomPort = await freePort();
  const aeTitle = options.aeTitle ?? 'ORTHANC';
  const configFile = join(dir, 'orthanc.json');
  try {
    writeFileSync(
      configFile,
      JSON.stringify(orthancConfiguration(dir, httpPort, dicomPort, aeTitle, options), null, 2),
    );
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  const logFile = join(dir, 'orthanc.log');
  const log = openSync(logFile, 'w');
  const child = spawn(ORTHANC, [configFile], { stdio: ['ignore', log, log] });
  closeSync(log);
  const spawnFailed = new Promise<Error>((resolveError) => child.once('error', resolveError));
  let spawnError: Error | undefined;
  void spawnFailed.then((e) => (spawnError = e));
  const restUrl = `http://127.0.0.1:${httpPort}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (spawnError !== undefined) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`Orthanc could not be started (${ORTHANC}): ${spawnError.message}`);
    }
    if (child.exitCode !== null || child.signalCode !== null) {
      const tail = logTail(logFile);
      rmSync(dir, { recursive: true, force: true });
      return { exited: `Orthanc exited (${child.exitCode ?? child.signalCode}): ${tail}` };
    }
    try {
      const response = await fetch(`${restUrl}/system`);
      if (response.ok) {
        await response.arrayBuffer();
        return { instance: new RunningOrthanc(restUrl, dicomPort, aeTitle, child, dir) };
      }
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await killChild(child);
      const tail = logTail(logFile);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `Orthanc did not answer on ${restUrl}/system within ${START_TIMEOUT_MS / 1000} s: ${tail}`,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Starts a fresh, empty Orthanc; the caller must `stop()` it (use try/finally or afterAll). */
export async function startOrthanc(options: OrthancOptions = {}): Promise<OrthancInstance> {
  let last = '';
  for (let attempt = 0; attempt < START_ATTEMPTS; attempt += 1) {
    const result = await tryStart(options);
    if ('instance' in result) return result.instance;
    last = result.exited;
  }
  throw new Error(last);
}
