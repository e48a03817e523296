/**
 * Ingest side by side, one run, same files: `radset ingest` (de-identification
 * on; embedded database, and again on PostgreSQL) vs Orthanc (REST POST
 * /instances with keep-alive, 2 clients; and storescu over DIMSE) vs
 * storescu → `radset listen` (when the CLI has it) vs `cp -r`. Run with
 * `npm run bench:ingest` (options: --sets ct,small  --no-build  --no-readme
 * --report-only, which re-renders bench/out/ingest/results.json without
 * running).
 *
 * Sets: 1,000 512×512 CT files and 10,000 64×64 MR files (bench/ingest/
 * ingest-sets.ts). Writes bench/out/ingest/results.json and the "Ingest —
 * bench/ingest" section of bench/README.md. Targets (the issue): radset ≥ 2×
 * Orthanc's instances/s on both sets, within 2.5× of cp -r, peak RSS < 1 GB.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import type { InputSet } from '../deid/input-sets.js';
import { cpCopy } from './cp-copy.js';
import { ctSet, smallSet } from './ingest-sets.js';
import { runMeasured } from './measured-process.js';
import { orthancRest, storescuToOrthanc } from './orthanc-ingest.js';
import {
  createDatabase,
  dropDatabase,
  postgresAvailable,
  postgresVersion,
} from './postgres-database.js';
import { createKey, radsetCli, radsetEnv, radsetIngest } from './radset-ingest.js';
import { radsetHasListen, storescuToRadsetListen } from './radset-listen.js';
import { printTables, writeReadmeSection } from './report.js';
import type { ContenderRun, IngestBenchResults, Ratio, TargetVerdict } from './results.js';
import { storescuVersion } from './storescu.js';

const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));
const REPO_DIR = join(BENCH_DIR, '..');
const OUT_DIR = join(BENCH_DIR, 'out');
const WORK_DIR = join(OUT_DIR, 'ingest');
const RUNS_DIR = join(WORK_DIR, 'runs');
const RADSET_BIN = join(REPO_DIR, 'bin', 'radset.js');
const RESULTS_FILE = join(WORK_DIR, 'results.json');
/** Orthanc REST clients in parallel (the issue's figure). */
const REST_CLIENTS = 2;
/** The issue's targets. */
const ORTHANC_TARGET = 2;
const CP_TARGET_TIMES = 2.5;
const RSS_TARGET_BYTES = 1e9;

const RADSET = 'radset';
const RADSET_PG = 'radset (PostgreSQL)';
const ORTHANC_REST = 'Orthanc REST';
const STORESCU_ORTHANC = 'storescu → Orthanc';
const CP = 'cp -r';
const LISTEN = 'storescu → radset listen';
/** Rows that are radset; every other row is a peer in the ratios. */
const RADSET_ROWS = [RADSET, RADSET_PG, LISTEN];

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** Reads every file once so that every contender starts with the set in the page cache. */
function readAll(files: readonly string[]): void {
  for (const file of files) readFileSync(file);
}

/** Before each timed run: earlier runs' dirty pages written back, the set still cached. */
function settleFor(set: InputSet): () => void {
  return () => {
    execFileSync('sync');
    readAll(set.files);
  };
}

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU';
}

async function report(document: IngestBenchResults): Promise<void> {
  printTables(document, say);
  if (process.argv.includes('--no-readme')) return;
  const readme = join(BENCH_DIR, 'README.md');
  const text = writeReadmeSection(readFileSync(readme, 'utf8'), document);
  // npm run lint checks the README with prettier: write it formatted (tables aligned).
  const config = (await prettier.resolveConfig(readme)) ?? {};
  writeFileSync(readme, await prettier.format(text, { ...config, filepath: readme }));
  say(`wrote ${readme} (section "Ingest — bench/ingest")`);
}

function ratiosOf(runs: readonly ContenderRun[], sets: readonly InputSet[]): Ratio[] {
  const ratios: Ratio[] = [];
  for (const set of sets) {
    const of = (name: string) => runs.find((r) => r.set === set.name && r.contender === name);
    for (const radsetName of RADSET_ROWS) {
      const radset = of(radsetName);
      if (radset === undefined) continue;
      for (const peer of runs.filter(
        (r) => r.set === set.name && !RADSET_ROWS.includes(r.contender),
      )) {
        ratios.push({
          set: set.name,
          radset: radsetName,
          peer: peer.contender,
          value: radset.instancesPerSecond / peer.instancesPerSecond,
        });
      }
    }
  }
  return ratios;
}

function targetsOf(runs: readonly ContenderRun[], sets: readonly InputSet[]): TargetVerdict[] {
  const targets: TargetVerdict[] = [];
  for (const set of sets) {
    const of = (name: string) => runs.find((r) => r.set === set.name && r.contender === name);
    for (const radsetName of [RADSET, RADSET_PG]) {
      const radset = of(radsetName);
      if (radset === undefined) continue;
      const complete = radset.lost === 0 ? '' : ` (radset lost ${radset.lost} instances)`;
      const orthancs = [of(ORTHANC_REST), of(STORESCU_ORTHANC)].filter(
        (r): r is ContenderRun => r !== undefined,
      );
      if (orthancs.length > 0) {
        const fastest = orthancs.reduce((a, b) =>
          b.instancesPerSecond > a.instancesPerSecond ? b : a,
        );
        const ratio = radset.instancesPerSecond / fastest.instancesPerSecond;
        targets.push({
          name: `≥ ${ORTHANC_TARGET}× Orthanc`,
          set: set.name,
          radset: radsetName,
          met: ratio >= ORTHANC_TARGET && radset.lost === 0,
          detail: `${ratio.toFixed(2)}× the faster Orthanc path (${fastest.contender}, ${fastest.instancesPerSecond.toFixed(0)} instances/s; radset ${radset.instancesPerSecond.toFixed(0)})${complete}`,
        });
      }
      const cp = of(CP);
      if (cp !== undefined) {
        const times = radset.seconds / cp.seconds;
        targets.push({
          name: `within ${CP_TARGET_TIMES}× of cp -r`,
          set: set.name,
          radset: radsetName,
          met: times <= CP_TARGET_TIMES && radset.lost === 0,
          detail: `radset took ${times.toFixed(2)}× cp's time (${radset.seconds.toFixed(2)} s vs ${cp.seconds.toFixed(2)} s)${complete}`,
        });
      }
      if (radset.peakRssBytes !== null) {
        targets.push({
          name: 'peak RSS < 1 GB',
          set: set.name,
          radset: radsetName,
          met: radset.peakRssBytes < RSS_TARGET_BYTES,
          detail: `${(radset.peakRssBytes / 1e6).toFixed(0)} MB (limit 1,000 MB = 10^9 bytes)`,
        });
      }
    }
  }
  return targets;
}

async function main(): Promise<void> {
  if (process.argv.includes('--report-only')) {
    // Re-renders the last run's results (after editing report.ts), runs nothing.
    await report(JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as IngestBenchResults);
    return;
  }
  const wanted = new Set((option('sets') ?? 'ct,small').split(','));
  const loadAtStart = loadavg()[0] ?? 0;
  const started = performance.now();
  mkdirSync(WORK_DIR, { recursive: true });
  rmSync(RUNS_DIR, { recursive: true, force: true });
  mkdirSync(RUNS_DIR, { recursive: true });
  if (!process.argv.includes('--no-build')) {
    say('building radset (npm run build) …');
    try {
      execFileSync('npm', ['run', 'build'], { cwd: REPO_DIR, stdio: 'pipe', encoding: 'utf8' });
    } catch (error) {
      const output = error as { stdout?: string; stderr?: string };
      throw new Error(
        `npm run build failed: the bench times the built CLI, fix the build first\n${`${output.stdout ?? ''}${output.stderr ?? ''}`.slice(-2000)}`,
      );
    }
  }
  if (!existsSync(join(REPO_DIR, 'dist', 'cli', 'main.js')))
    throw new Error('dist/cli/main.js is missing: run `npm run build` first');
  const radsetVersion = radsetCli(RADSET_BIN, ['--version'], radsetEnv()).trim();

  const sets: InputSet[] = [];
  if (wanted.has('ct')) sets.push(ctSet(OUT_DIR, join(WORK_DIR, 'sets')));
  if (wanted.has('small'))
    sets.push(smallSet(join(WORK_DIR, 'cache', 'mr-64'), join(WORK_DIR, 'sets')));
  const warmStarted = performance.now();
  for (const set of sets) readAll(set.files);
  say(
    `warm-up: read ${sets.reduce((n, s) => n + s.files.length, 0)} files once in ${((performance.now() - warmStarted) / 1000).toFixed(1)} s`,
  );
  for (const set of sets)
    say(
      `set ${set.name}: ${set.description}; ${set.files.length} files, ${(set.bytes / 1e6).toFixed(0)} MB`,
    );

  const jobs = availableParallelism();
  const keyFile = join(WORK_DIR, 'bench.key');
  createKey(RADSET_BIN, keyFile);
  const omitted: string[] = [];
  const withPostgres = postgresAvailable();
  if (!withPostgres)
    omitted.push(`${RADSET_PG}: psql could not reach postgres@127.0.0.1:5432 (database test)`);
  const withListen = radsetHasListen(RADSET_BIN);
  if (!withListen)
    omitted.push(
      `${LISTEN}: this radset has no \`listen\` command (\`radset help\` does not list it)`,
    );
  // The wrapper's own floor, so that tiny peak RSS figures are not misread.
  const rssFloorBytes = (await runMeasured('/usr/bin/true', [])).peakRssBytes;

  const runs: ContenderRun[] = [];
  let orthancVersion = 'unknown';
  const record = (run: ContenderRun): void => {
    runs.push(run);
    say(
      `${run.set}: ${run.contender.padEnd(26)} ${run.seconds.toFixed(2).padStart(7)} s  ${run.instancesPerSecond.toFixed(0).padStart(5)} inst/s  ${run.megabytesPerSecond.toFixed(1).padStart(6)} MB/s  stored ${run.stored}/${run.instances}${run.peakRssBytes === null ? '' : `  peak RSS ${(run.peakRssBytes / 1e6).toFixed(0)} MB`}`,
    );
  };
  const attempt = async (name: string, set: InputSet, body: () => Promise<void>) => {
    try {
      await body();
    } catch (error) {
      const message = (error as Error).message.replace(/\s+/g, ' ').slice(0, 600);
      say(`${set.name}: ${name} FAILED: ${message}`);
      omitted.push(`${name} on ${set.name}: failed: ${message}`);
    }
  };

  for (const set of sets) {
    const settle = settleFor(set);
    const runDir = (name: string) => join(RUNS_DIR, `${set.name}-${name}`);
    await attempt(RADSET, set, async () => {
      record(
        await radsetIngest({
          bin: RADSET_BIN,
          contender: RADSET,
          set,
          dataDir: runDir('radset'),
          keyFile,
          jobs,
          reportFile: join(RUNS_DIR, `${set.name}-radset-report.json`),
          settle,
        }),
      );
    });
    rmSync(runDir('radset'), { recursive: true, force: true });
    if (withPostgres) {
      const database = `radset_bench_ingest_${set.name}`;
      await attempt(RADSET_PG, set, async () => {
        try {
          record(
            await radsetIngest({
              bin: RADSET_BIN,
              contender: RADSET_PG,
              set,
              dataDir: runDir('radset-pg'),
              keyFile,
              jobs,
              reportFile: join(RUNS_DIR, `${set.name}-radset-pg-report.json`),
              databaseUrl: createDatabase(database),
              settle,
            }),
          );
        } finally {
          dropDatabase(database);
        }
      });
      rmSync(runDir('radset-pg'), { recursive: true, force: true });
    }
    await attempt(ORTHANC_REST, set, async () => {
      const rest = await orthancRest(set, runDir('orthanc-rest'), REST_CLIENTS, settle);
      orthancVersion = rest.orthancVersion;
      record(rest.run);
    });
    await attempt(STORESCU_ORTHANC, set, async () => {
      record(await storescuToOrthanc(set, runDir('orthanc-dimse'), settle));
    });
    if (withListen) {
      await attempt(LISTEN, set, async () => {
        record(
          await storescuToRadsetListen({
            bin: RADSET_BIN,
            set,
            dataDir: runDir('radset-listen'),
            keyFile,
            logFile: join(RUNS_DIR, `${set.name}-radset-listen.log`),
            jobs,
            settle,
          }),
        );
      });
      rmSync(runDir('radset-listen'), { recursive: true, force: true });
    }
    await attempt(CP, set, async () => {
      record(await cpCopy(set, runDir('cp'), settle));
    });
    rmSync(runDir('cp'), { recursive: true, force: true });
  }

  const document: IngestBenchResults = {
    version: 1,
    date: new Date().toISOString(),
    command: `npm run bench:ingest${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: {
      cpuModel: cpuModel(),
      cores: cpus().length,
      nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverageAtStart: loadAtStart,
      software: [
        `Node ${process.version}`,
        `radset ${radsetVersion} (built CLI, --jobs ${jobs})`,
        `Orthanc ${orthancVersion}`,
        `dcmtk storescu ${storescuVersion()}`,
        ...(withPostgres ? [`PostgreSQL ${postgresVersion()}`] : []),
      ].join('; '),
    },
    sets: sets.map((s) => ({
      name: s.name,
      description: s.description,
      instances: s.files.length,
      bytes: s.bytes,
    })),
    omitted,
    runs,
    ratios: ratiosOf(runs, sets),
    targets: targetsOf(runs, sets),
    rssFloorBytes,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(document, null, 2)}\n`);
  say(
    `\nwrote ${RESULTS_FILE} (whole bench ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  await report(document);
}

await main();
