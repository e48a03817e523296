/**
 * radset as a user runs it, from the built CLI (`node bin/radset.js`): a fresh
 * project per run (`radset init --data-dir DIR --key-file KEY`, not timed),
 * then `radset ingest SET --data-dir DIR --key-file KEY --jobs N --report
 * FILE.json`, timed from spawn to exit; de-identification on (the project's
 * default profile). The stored count is checked twice: the report's `stored`
 * and the catalog's instance count (`radset stats --json`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { InputSet } from '../deid/input-sets.js';
import { runMeasured } from './measured-process.js';
import { contenderRun, type ContenderRun } from './results.js';

/** Environment variables that would point radset at another project, database or key. */
const PROJECT_ENV = [
  'RADSET_DATABASE_URL',
  'RADSET_DATA_DIR',
  'RADSET_DEID_KEY',
  'RADSET_DEID_KEY_FILE',
];

/** The bench's environment for radset: the embedded database unless `databaseUrl` is given. */
export function radsetEnv(databaseUrl?: string): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of PROJECT_ENV) delete env[name];
  if (databaseUrl !== undefined) env.RADSET_DATABASE_URL = databaseUrl;
  return env;
}

/** `node bin/radset.js ARGS…` to completion; throws with stderr on a non-zero exit. */
export function radsetCli(bin: string, args: readonly string[], env: NodeJS.ProcessEnv): string {
  return execFileSync(process.execPath, [bin, ...args], {
    encoding: 'utf8',
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 64 * 2 ** 20,
  });
}

/** A new de-identification key at `keyFile` (`radset init --key-file`, replacing an old one). */
export function createKey(bin: string, keyFile: string): void {
  rmSync(keyFile, { force: true });
  radsetCli(bin, ['init', '--key-file', keyFile], radsetEnv());
}

/** An empty project in `dataDir` (removed first) on the embedded or given database. */
export function freshProject(
  bin: string,
  dataDir: string,
  keyFile: string,
  env: NodeJS.ProcessEnv,
): void {
  rmSync(dataDir, { recursive: true, force: true });
  radsetCli(bin, ['init', '--data-dir', dataDir, '--key-file', keyFile], env);
}

/** Instances in the project's catalog (`radset stats --data-dir DIR --json`). */
export function catalogInstances(bin: string, dataDir: string, env: NodeJS.ProcessEnv): number {
  const stats = JSON.parse(radsetCli(bin, ['stats', '--data-dir', dataDir, '--json'], env)) as {
    instances: number | string;
  };
  return Number(stats.instances);
}

interface IngestReportFields {
  readonly inputs: number;
  readonly stored: number;
  readonly duplicates: number;
  readonly quarantined: number;
  readonly elapsedSeconds: number;
  readonly peakRssBytes: number;
  readonly bytesStored: number;
  readonly quarantine: readonly { readonly code: string; readonly reason: string }[];
}

export interface RadsetIngestOptions {
  readonly bin: string;
  readonly contender: string;
  readonly set: InputSet;
  readonly dataDir: string;
  readonly keyFile: string;
  readonly jobs: number;
  readonly reportFile: string;
  /** PostgreSQL instead of the embedded database. */
  readonly databaseUrl?: string;
  /** Called after the project is made, just before the timed run (sync, page cache). */
  readonly settle: () => void;
}

export async function radsetIngest(options: RadsetIngestOptions): Promise<ContenderRun> {
  const { bin, set, dataDir, keyFile, jobs, reportFile } = options;
  const env = radsetEnv(options.databaseUrl);
  freshProject(bin, dataDir, keyFile, env);
  rmSync(reportFile, { force: true });
  const args = [
    'ingest',
    set.dir,
    '--data-dir',
    dataDir,
    '--key-file',
    keyFile,
    '--jobs',
    String(jobs),
    '--report',
    reportFile,
  ];
  options.settle();
  const run = await runMeasured(process.execPath, [bin, ...args], { env });
  if (run.exitCode !== 0 || !existsSync(reportFile))
    throw new Error(
      `radset ingest failed (exit ${run.exitCode}): ${`${run.stderr}\n${run.stdout}`.trim().slice(-2000)}`,
    );
  const report = JSON.parse(readFileSync(reportFile, 'utf8')) as IngestReportFields;
  const catalogued = catalogInstances(bin, dataDir, env);
  const reasons = new Map<string, number>();
  for (const q of report.quarantine) {
    const reason = `${q.code}: ${q.reason}`.replace(/\s+/g, ' ').slice(0, 160);
    reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
  }
  const notes = [
    `report: ${report.inputs} inputs = ${report.stored} stored + ${report.duplicates} duplicate + ${report.quarantined} quarantined; catalog (radset stats): ${catalogued} instances`,
    `radset's own figure: ${report.elapsedSeconds.toFixed(2)} s inside the process (after start-up); ${(report.bytesStored / 1e6).toFixed(0)} MB stored`,
    `peak RSS: report ${(report.peakRssBytes / 1e6).toFixed(0)} MB, getrusage of the process ${(run.peakRssBytes / 1e6).toFixed(0)} MB`,
  ];
  return contenderRun({
    contender: options.contender,
    how: `radset ingest SET --data-dir DIR --key-file KEY --jobs ${jobs} --report R.json${options.databaseUrl === undefined ? '' : ' (RADSET_DATABASE_URL=postgres://…/fresh database)'}`,
    timing: 'process spawn to exit (parse, validate, de-identify, store, catalog, report)',
    set: set.name,
    instances: set.files.length,
    bytes: set.bytes,
    // Both counts must agree for the run to count as complete.
    stored: Math.min(report.stored, catalogued),
    countedBy: 'report.stored and radset stats (instances), the smaller',
    seconds: run.seconds,
    peakRssBytes: report.peakRssBytes,
    peakRssOf: 'radset (report)',
    failures: report.quarantined,
    failureReasons: [...reasons].map(([r, n]) => `${n} × ${r}`).slice(0, 5),
    notes,
  });
}
