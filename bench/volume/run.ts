/**
 * NIfTI conversion, one run: a 512×512×250 CT series from `radset synth`,
 * `radset nifti` vs dcm2niix, to `.nii` and to `.nii.gz` (dcm2niix with
 * pigz). Run with `npm run bench:volume` (= `tsx bench/volume/run.ts`;
 * options: --runs N (measured rounds, default 5), --phase-runs N (default 3),
 * --no-build, --no-readme, --report-only, which re-renders
 * bench/out/volume/results.json without running).
 *
 * Each conversion is one child process, measured from spawn to exit with its
 * peak RSS (bench/ingest/measured-process.ts). One warm-up round, then N
 * measured rounds, round-robin; before each run the output folder is emptied,
 * `sync` writes back the previous run's files and the input is read again
 * (still in the page cache), none of it timed. Then the last outputs are
 * checked against each other, and radset's steps are timed apart
 * (bench/volume/radset-phases.ts). Writes bench/out/volume/results.json and
 * the "NIfTI conversion — bench/volume" section of bench/README.md. Target
 * (the issue): radset no slower than dcm2niix for either format.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { runMeasured, type MeasuredRun } from '../ingest/measured-process.js';
import { checkOutputs } from './output-checks.js';
import { printSummary, writeReadmeSection } from './report.js';
import {
  PHASES,
  type FormatRatio,
  type OutputFormat,
  type PhaseSummary,
  type PhaseTimings,
  type ToolRow,
  type VolumeBenchResults,
} from './results.js';
import { INPUT_DIMENSIONS, ensureVolumeInput, type VolumeInput } from './volume-input.js';
import { describeTool, outputFile, volumeTools, type VolumeTool } from './volume-tools.js';

const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));
const REPO_DIR = join(BENCH_DIR, '..');
const WORK_DIR = join(BENCH_DIR, 'out', 'volume');
const RUNS_DIR = join(WORK_DIR, 'runs');
const RADSET_BIN = join(REPO_DIR, 'bin', 'radset.js');
const PHASES_SCRIPT = join(BENCH_DIR, 'volume', 'radset-phases.ts');
const RESULTS_FILE = join(WORK_DIR, 'results.json');
/** The issue's target: dcm2niix's time ÷ radset's ≥ 1 for both formats. */
const RATIO_TARGET = 1;
const WARMUP_RUNS = 1;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

function countOption(name: string, fallback: number): number {
  const text = option(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`--${name} must be a positive integer, got ${text}`);
  return value;
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return line?.split(':')[1]?.trim() ?? cpus()[0]?.model ?? 'unknown CPU';
}

function procLoadavg(): string {
  return readFileSync('/proc/loadavg', 'utf8').trim();
}

/** First line of a tool's version output (some print it on stderr, some exit non-zero). */
function versionOf(command: string, args: readonly string[], pattern: RegExp): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  const text = `${result.stdout ?? ''}\n${result.stderr ?? ''}`;
  return text.match(pattern)?.[1] ?? 'unknown';
}

/** Output written back, the input in the page cache: every run starts alike. */
function settle(input: VolumeInput): void {
  execFileSync('sync');
  for (const file of input.files) readFileSync(file);
}

function freshFolder(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}

function toolId(tool: VolumeTool): string {
  return `${tool.tool}-${tool.format.replace('.', '-')}`;
}

/** What one tool's runs collected. */
interface Collected {
  readonly tool: VolumeTool;
  readonly runs: MeasuredRun[];
  readonly loads: number[];
  readonly notes: Set<string>;
}

function checkRun(tool: VolumeTool, run: MeasuredRun, outDir: string, notes: Set<string>): void {
  if (run.exitCode !== 0)
    throw new Error(
      `${describeTool(tool)} exited ${run.exitCode}: ${`${run.stdout}${run.stderr}`.slice(-1500)}`,
    );
  outputFile(outDir, tool.format);
  if (tool.tool === 'dcm2niix' && tool.format === 'nii.gz') {
    // dcm2niix prints the compressor it runs; without pigz it falls back to its own single-threaded zlib.
    const line = run.stdout.split('\n').find((l) => l.startsWith('Compress:'));
    notes.add(
      line !== undefined && /pigz/.test(line)
        ? `used pigz: \`${line.replace(/"[^"]*\.nii"/, '"OUT/….nii"').trim()}\``
        : '**did not use pigz** (no "Compress: … pigz" line): compressed by its internal zlib',
    );
  }
  const conversion = run.stdout.match(
    /Conversion required ([\d.]+) seconds \(([\d.]+) for core code\)/,
  );
  if (tool.tool === 'dcm2niix' && conversion !== null)
    notes.add(
      `its own figure: "Conversion required ${conversion[1]} s (${conversion[2]} for core code)" (last run)`,
    );
}

async function measureRounds(
  tools: readonly VolumeTool[],
  input: VolumeInput,
  rounds: number,
): Promise<{ collected: Collected[]; startup: number[] }> {
  const collected: Collected[] = tools.map((tool) => ({
    tool,
    runs: [],
    loads: [],
    notes: new Set<string>(),
  }));
  const startup: number[] = [];
  for (let round = 0; round < WARMUP_RUNS + rounds; round++) {
    const measured = round >= WARMUP_RUNS;
    const label = measured ? `run ${round - WARMUP_RUNS + 1}/${rounds}` : 'warm-up';
    for (const entry of collected) {
      const outDir = join(RUNS_DIR, toolId(entry.tool));
      freshFolder(outDir);
      settle(input);
      const load = loadavg()[0] ?? 0;
      const run = await runMeasured(entry.tool.command, entry.tool.args(input.seriesDir, outDir), {
        cwd: REPO_DIR,
      });
      const notes = new Set<string>();
      checkRun(entry.tool, run, outDir, notes);
      say(
        `${label.padEnd(9)} ${entry.tool.tool.padEnd(8)} .${entry.tool.format.padEnd(6)} ${run.seconds.toFixed(2).padStart(6)} s  peak RSS ${(run.peakRssBytes / 2 ** 20).toFixed(0).padStart(4)} MiB  load ${load.toFixed(1)}`,
      );
      if (!measured) continue;
      entry.runs.push(run);
      entry.loads.push(load);
      // Notes of the last measured run win (one per kind).
      entry.notes.clear();
      for (const note of notes) entry.notes.add(note);
    }
    // Process start-up and module loading alone, for the phase breakdown.
    const version = await runMeasured(process.execPath, [RADSET_BIN, '--version'], {
      cwd: REPO_DIR,
    });
    if (measured) startup.push(version.seconds);
  }
  return { collected, startup };
}

function rowOf(entry: Collected): ToolRow {
  const outDir = join(RUNS_DIR, toolId(entry.tool));
  const seconds = entry.runs.map((r) => r.seconds);
  return {
    tool: entry.tool.tool,
    format: entry.tool.format,
    how: describeTool(entry.tool),
    seconds,
    medianSeconds: median(seconds),
    peakRssBytes: Math.max(...entry.runs.map((r) => r.peakRssBytes)),
    outputBytes: readFileSync(outputFile(outDir, entry.tool.format)).length,
    loadAverages: entry.loads,
    notes: [...entry.notes],
  };
}

function ratiosOf(rows: readonly ToolRow[]): FormatRatio[] {
  return (['nii', 'nii.gz'] as const).flatMap((format) => {
    const of = (tool: string) => rows.find((r) => r.tool === tool && r.format === format);
    const dcm2niix = of('dcm2niix');
    const radset = of('radset');
    if (dcm2niix === undefined || radset === undefined) return [];
    const value = dcm2niix.medianSeconds / radset.medianSeconds;
    return [{ format, value, met: value >= RATIO_TARGET }];
  });
}

/** radset's steps timed apart, in fresh processes, alternating formats; medians per step. */
function phaseSummaries(input: VolumeInput, runs: number): PhaseSummary[] {
  const outDir = join(RUNS_DIR, 'radset-phases');
  const byFormat = new Map<OutputFormat, PhaseTimings[]>();
  for (let run = 0; run < runs; run++) {
    for (const format of ['nii', 'nii.gz'] as const) {
      freshFolder(outDir);
      settle(input);
      const stdout = execFileSync(
        process.execPath,
        ['--import', 'tsx', PHASES_SCRIPT, input.seriesDir, outDir, format],
        {
          cwd: REPO_DIR,
          encoding: 'utf8',
          // As bin/radset.js sets it, so the gzip gets the CLI's thread pool.
          env: {
            ...process.env,
            UV_THREADPOOL_SIZE: String(Math.max(4, availableParallelism())),
          },
        },
      );
      const timings = JSON.parse(stdout) as PhaseTimings;
      say(
        `phases ${run + 1}/${runs} .${format.padEnd(6)} ${(timings.totalMs / 1000).toFixed(2)} s: ${timings.phases.map((p) => `${p.name} ${p.ms.toFixed(0)}`).join(', ')} (ms)`,
      );
      byFormat.set(format, [...(byFormat.get(format) ?? []), timings]);
    }
  }
  rmSync(outDir, { recursive: true, force: true });
  return [...byFormat].map(([format, list]) => ({
    format,
    runs: list.length,
    totalMs: median(list.map((t) => t.totalMs)),
    gcMs: median(list.map((t) => t.gcMs)),
    phases: PHASES.map(({ name }) => {
      const of = list.map((t) => t.phases.find((p) => p.name === name));
      return {
        name,
        ms: median(of.map((p) => p?.ms ?? 0)),
        gcMs: median(of.map((p) => p?.gcMs ?? 0)),
      };
    }),
  }));
}

async function report(document: VolumeBenchResults): Promise<void> {
  printSummary(document, say);
  if (process.argv.includes('--no-readme')) return;
  const readme = join(BENCH_DIR, 'README.md');
  const text = writeReadmeSection(readFileSync(readme, 'utf8'), document);
  // npm run lint checks the README with prettier: write it formatted (tables aligned).
  const config = (await prettier.resolveConfig(readme)) ?? {};
  writeFileSync(readme, await prettier.format(text, { ...config, filepath: readme }));
  say(`wrote ${readme} (its section "NIfTI conversion — bench/volume")`);
}

function build(): void {
  say('building radset (npm run build) …');
  try {
    execFileSync('npm', ['run', 'build'], { cwd: REPO_DIR, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    const output = error as { stdout?: string; stderr?: string };
    throw new Error(
      `npm run build failed: the bench times the built CLI, fix the build first (or --no-build)\n${`${output.stdout ?? ''}${output.stderr ?? ''}`.slice(-2000)}`,
    );
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--report-only')) {
    // Re-renders the last run's results (after editing report.ts), runs nothing.
    await report(JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as VolumeBenchResults);
    return;
  }
  const rounds = countOption('runs', 5);
  const phaseRuns = countOption('phase-runs', 3);
  const loadAtStart = procLoadavg();
  const started = performance.now();
  say(`load average at start: ${loadAtStart}`);
  if (!process.argv.includes('--no-build')) build();
  if (!existsSync(join(REPO_DIR, 'dist', 'cli', 'main.js')))
    throw new Error('dist/cli/main.js is missing: run `npm run build` first');
  mkdirSync(WORK_DIR, { recursive: true });
  rmSync(RUNS_DIR, { recursive: true, force: true });

  const input = ensureVolumeInput(RADSET_BIN, REPO_DIR, join(WORK_DIR, 'in'), say);
  say(
    `input: ${relative(REPO_DIR, input.seriesDir)}, ${input.files.length} files, ${(input.bytes / 2 ** 20).toFixed(1)} MiB`,
  );
  const tools = volumeTools(RADSET_BIN);
  const { collected, startup } = await measureRounds(tools, input, rounds);
  const rows = collected.map(rowOf);
  const last = (tool: string, format: OutputFormat): string =>
    outputFile(join(RUNS_DIR, `${tool}-${format.replace('.', '-')}`), format);
  const checks = checkOutputs(REPO_DIR, {
    radsetNii: last('radset', 'nii'),
    dcm2niixNii: last('dcm2niix', 'nii'),
    radsetGz: last('radset', 'nii.gz'),
    dcm2niixGz: last('dcm2niix', 'nii.gz'),
  });
  for (const check of checks)
    say(`check ${check.ok ? 'ok  ' : 'FAIL'} ${check.name}: ${check.detail}`);
  const phases = phaseSummaries(input, phaseRuns);

  const document: VolumeBenchResults = {
    version: 1,
    date: new Date().toISOString(),
    command: `npm run bench:volume${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    machine: {
      cpuModel: cpuModel(),
      nproc: Number(execFileSync('nproc', { encoding: 'utf8' }).trim()),
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAtStart,
      loadAtEnd: procLoadavg(),
      nodeVersion: process.version,
      radsetVersion: execFileSync(process.execPath, [RADSET_BIN, '--version'], {
        encoding: 'utf8',
      }).trim(),
      dcm2niixVersion: versionOf('dcm2niix', ['--version'], /version (v[\w.]+)/),
      pigzVersion: versionOf('pigz', ['--version'], /pigz ([\w.]+)/),
    },
    input: {
      synthCommand: input.synthCommand,
      seriesDir: relative(REPO_DIR, input.seriesDir),
      files: input.files.length,
      bytes: input.bytes,
      dimensions: INPUT_DIMENSIONS,
    },
    warmupRuns: WARMUP_RUNS,
    measuredRuns: rounds,
    rows,
    ratios: ratiosOf(rows),
    checks,
    startupSeconds: median(startup),
    phases,
  };
  writeFileSync(RESULTS_FILE, `${JSON.stringify(document, null, 2)}\n`);
  say(
    `\nwrote ${RESULTS_FILE} (whole bench ${((performance.now() - started) / 1000).toFixed(0)} s)`,
  );
  await report(document);
  if (checks.some((c) => !c.ok)) process.exitCode = 1;
}

await main();
