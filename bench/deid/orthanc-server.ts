/**
 * A private Orthanc (Debian's /usr/sbin/Orthanc) for the benchmarks: its own
 * configuration, HTTP port and storage folder, no plugins, no authentication,
 * no storage compression, default SQLite index; a DICOM listener only when
 * asked for ({@link OrthancServerOptions}). Stopped and its storage deleted by
 * `stop()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { InputSet } from './input-sets.js';

export const ORTHANC = '/usr/sbin/Orthanc';

/** A port nobody listens on right now (the OS picks it). */
export async function freePort(): Promise<number> {
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

/** Runs `task` over `items` with at most `lanes` in flight; results in input order. */
export async function inLanes<T, R>(
  items: readonly T[],
  lanes: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const at = next++;
      results[at] = await task(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, lanes) }, lane));
  return results;
}

export interface Uploaded {
  /** Input file → Orthanc instance ID. */
  readonly instanceOf: ReadonlyMap<string, string>;
  /** Orthanc instance ID → input file. */
  readonly inputOf: ReadonlyMap<string, string>;
  /** Orthanc study IDs of the set. */
  readonly studies: readonly string[];
  /** Wall clock of the first upload of this set (POST /instances per file). */
  readonly seconds: number;
  readonly failures: readonly { readonly input: string; readonly reason: string }[];
}

export interface OrthancServerOptions {
  /**
   * Open Orthanc's DICOM (DIMSE) listener under this AE title, on a free port
   * ({@link OrthancServer.dicomPort}); it accepts C-ECHO and C-STORE from any
   * calling AE title. Omitted: no DICOM listener.
   */
  readonly dicomAeTitle?: string;
  /** Extra environment variables for Orthanc's process (e.g. TCP_NODELAY=1 for its DICOM stack, dcmtk). */
  readonly env?: Readonly<Record<string, string>>;
}

export class OrthancServer {
  private readonly uploads = new Map<string, Uploaded>();

  private constructor(
    readonly baseUrl: string,
    readonly version: string,
    /** Port of the DICOM listener; undefined without `dicomAeTitle`. */
    readonly dicomPort: number | undefined,
    private readonly process: ChildProcess,
    private readonly storageDir: string,
  ) {}

  /** Orthanc's process ID (for /proc/PID/status), or undefined once it has stopped. */
  get pid(): number | undefined {
    return this.process.exitCode === null ? this.process.pid : undefined;
  }

  static async start(workDir: string, options: OrthancServerOptions = {}): Promise<OrthancServer> {
    const port = await freePort();
    let dicomPort: number | undefined;
    if (options.dicomAeTitle !== undefined) {
      dicomPort = await freePort();
      while (dicomPort === port) dicomPort = await freePort();
    }
    const dicom =
      options.dicomAeTitle === undefined || dicomPort === undefined
        ? { DicomServerEnabled: false }
        : {
            DicomServerEnabled: true,
            DicomAet: options.dicomAeTitle,
            DicomPort: dicomPort,
            DicomCheckCalledAet: false,
            DicomAlwaysAllowEcho: true,
            DicomAlwaysAllowStore: true,
          };
    const storageDir = join(workDir, 'orthanc-storage');
    rmSync(storageDir, { recursive: true, force: true });
    mkdirSync(storageDir, { recursive: true });
    const configFile = join(workDir, 'orthanc.json');
    writeFileSync(
      configFile,
      JSON.stringify(
        {
          Name: 'radset-bench',
          HttpPort: port,
          ...dicom,
          RemoteAccessAllowed: true,
          AuthenticationEnabled: false,
          StorageDirectory: storageDir,
          IndexDirectory: storageDir,
          StorageCompression: false,
          HttpCompressionEnabled: false,
          Plugins: [],
        },
        null,
        2,
      ),
    );
    const log = openSync(join(workDir, 'orthanc.log'), 'w');
    const child = spawn(ORTHANC, [configFile], {
      stdio: ['ignore', log, log],
      ...(options.env === undefined ? {} : { env: { ...process.env, ...options.env } }),
    });
    closeSync(log);
    const baseUrl = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(
          `Orthanc exited (${child.exitCode}): ${readFileSync(join(workDir, 'orthanc.log'), 'utf8').slice(-1000)}`,
        );
      try {
        const system = (await (await fetch(`${baseUrl}/system`)).json()) as { Version: string };
        return new OrthancServer(baseUrl, system.Version, dicomPort, child, storageDir);
      } catch {
        if (Date.now() > deadline) {
          child.kill();
          throw new Error(`Orthanc did not answer on ${baseUrl} within 30 s`);
        }
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  async request(method: string, path: string, body?: Uint8Array | string): Promise<Response> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      ...(body === undefined ? {} : { body }),
    });
    if (!response.ok) {
      // Orthanc answers errors with a JSON document: keep its message and details.
      const text = await response.text();
      let reason = text;
      try {
        const error = JSON.parse(text) as { Message?: string; Details?: string };
        reason = [error.Message, error.Details].filter((s) => s !== undefined).join(': ');
      } catch {
        // Not JSON: keep the text.
      }
      throw new Error(
        `Orthanc ${method} ${path.replace(/[0-9a-f-]{44}/, '{id}')}: ${response.status} ${reason}`,
      );
    }
    return response;
  }

  async json<T>(method: string, path: string, body?: Uint8Array | string): Promise<T> {
    return (await (await this.request(method, path, body)).json()) as T;
  }

  /** Uploads every file of the set once (POST /instances); later calls reuse the IDs. */
  async upload(set: InputSet, lanes: number): Promise<Uploaded> {
    const known = this.uploads.get(set.name);
    if (known !== undefined) return known;
    const instanceOf = new Map<string, string>();
    const inputOf = new Map<string, string>();
    const studies = new Set<string>();
    const failures: { input: string; reason: string }[] = [];
    const started = performance.now();
    await inLanes(set.files, lanes, async (input) => {
      try {
        const stored = await this.json<{ ID: string; ParentStudy: string }>(
          'POST',
          '/instances',
          readFileSync(input),
        );
        instanceOf.set(input, stored.ID);
        inputOf.set(stored.ID, input);
        studies.add(stored.ParentStudy);
      } catch (error) {
        failures.push({ input, reason: (error as Error).message.slice(0, 200) });
      }
    });
    const uploaded: Uploaded = {
      instanceOf,
      inputOf,
      studies: [...studies].sort(),
      seconds: (performance.now() - started) / 1000,
      failures,
    };
    this.uploads.set(set.name, uploaded);
    return uploaded;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode === null) {
      const exited = new Promise((r) => this.process.once('exit', r));
      this.process.kill('SIGTERM');
      await exited;
    }
    rmSync(this.storageDir, { recursive: true, force: true });
  }
}
