/**
 * De-identification side by side: radset vs gdcmanon (GDCM), Orthanc's
 * /anonymize and dcmjs's cleanTags, on the same inputs. Run with
 * `npm run bench:deid` (options: --sets ct,phi,corpus  --corpus N  --no-readme
 * --report-only, which re-renders bench/out/deid-results.json without running).
 *
 * For each input set, every tool de-identifies every file twice into its own
 * folders (round-robin: all tools' first runs, then all second runs). Then,
 * per tool: files/s (the faster run), residual PHI (radset deid verify, the
 * same scanner for every tool), over-scrubbing (attributes that should survive,
 * compared with the originals), UID replacement, stability across the two runs
 * and study/series grouping, the PS3.15 markers, and dciodvfy errors on a
 * sample before and after. Writes bench/out/deid-results.json and the
 * "De-identification — bench/deid" section of bench/README.md.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { dcmjsTool } from './dcmjs-tool.js';
import { dciodvfyCompare, sampleInputs } from './dciodvfy-check.js';
import type { DeidTool, ToolRun } from './deid-tool.js';
import { gdcmanonTool } from './gdcmanon-tool.js';
import { HeaderCache } from './header-facts.js';
import { corpusInputSet, ctInputSet, phiInputSet, type InputSet } from './input-sets.js';
import { checkOutputs } from './output-checks.js';
import { OrthancServer } from './orthanc-server.js';
import { orthancInstanceTool, orthancStudyTool } from './orthanc-tool.js';
import { defaultJobs, radsetTool, writeBenchKey } from './radset-tool.js';
import { writeReadmeSection, printTables } from './report.js';
import type { BenchResults, ToolResult } from './results.js';
import { residualPhi } from './residual-phi-check.js';

const BENCH_DIR = fileURLToPath(new URL('../', import.meta.url));
const REPO_DIR = join(BENCH_DIR, '..');
const OUT_DIR = join(BENCH_DIR, 'out');
const WORK_DIR = join(OUT_DIR, 'deid');
const RADSET_BIN = join(REPO_DIR, 'bin', 'radset.js');
const CORPUS_DIR = '/work/shared/corpus';
const CT_FILES = 1000;
const DCIODVFY_SAMPLE = 20;

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at < 0 ? undefined : process.argv[at + 1];
}

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

/** The tools, in table order; `only` limits a tool to some sets. */
interface Entry {
  readonly tool: DeidTool;
  readonly only?: readonly string[];
}

function toolVersionLine(): string {
  const dciodvfy = spawnSync('/usr/bin/dciodvfy', ['-version'], { encoding: 'utf8' });
  const version = `${dciodvfy.stdout}${dciodvfy.stderr}`.match(/Version:?\s*(\S+)/)?.[1];
  return `dciodvfy (dicom3tools ${version ?? 'unknown version'})`;
}

/** Prints the tables and writes the README section for a results document. */
async function report(document: BenchResults): Promise<void> {
  printTables(document, say);
  if (process.argv.includes('--no-readme')) return;
  const readme = join(BENCH_DIR, 'README.md');
  const text = writeReadmeSection(readFileSync(readme, 'utf8'), document);
  // npm run lint checks the README with prettier: write it formatted (tables aligned).
  const config = (await prettier.resolveConfig(readme)) ?? {};
  writeFileSync(readme, await prettier.format(text, { ...config, filepath: readme }));
  say(`wrote ${readme} (section "De-identification — bench/deid")`);
}

async function main(): Promise<void> {
  const resultsFile = join(OUT_DIR, 'deid-results.json');
  if (process.argv.includes('--report-only')) {
    // Re-renders the last run's results (after editing report.ts), runs nothing.
    await report(JSON.parse(readFileSync(resultsFile, 'utf8')) as BenchResults);
    return;
  }
  const wanted = new Set((option('sets') ?? 'ct,phi,corpus').split(','));
  const corpusSize = Number(option('corpus') ?? '60');
  // Other work shares this machine: record how busy it was when the run began.
  const loadAtStart = loadavg()[0] ?? 0;
  mkdirSync(WORK_DIR, { recursive: true });
  // Last run's outputs (up to ~6 GiB): gone before anything is timed.
  rmSync(join(WORK_DIR, 'outputs'), { recursive: true, force: true });
  say('building radset (npm run build) …');
  execFileSync('npm', ['run', 'build'], { cwd: REPO_DIR, stdio: 'pipe' });

  const inputsDir = join(WORK_DIR, 'inputs');
  const sets: InputSet[] = [];
  const missingSets: string[] = [];
  if (wanted.has('ct')) sets.push(ctInputSet(OUT_DIR, inputsDir, CT_FILES));
  if (wanted.has('phi')) {
    const phi = phiInputSet(RADSET_BIN, OUT_DIR, inputsDir);
    if (phi === undefined) missingSets.push('phi (this radset has no `synth --phi`)');
    else sets.push(phi);
  }
  if (wanted.has('corpus')) {
    const corpus = corpusInputSet(CORPUS_DIR, inputsDir, corpusSize);
    if (corpus === undefined) missingSets.push(`corpus (${CORPUS_DIR}/MANIFEST.csv not found)`);
    else sets.push(corpus);
  }
  for (const set of sets)
    say(`input set ${set.name}: ${set.description}; ${(set.bytes / 2 ** 20).toFixed(0)} MiB`);

  const jobs = defaultJobs();
  const keyFile = join(WORK_DIR, 'bench-deid.key');
  writeBenchKey(keyFile);
  const local: Entry[] = [
    { tool: radsetTool(RADSET_BIN, keyFile, jobs) },
    // One worker: the per-core comparison with single-process gdcmanon and dcmjs.
    ...(jobs > 1 ? [{ tool: radsetTool(RADSET_BIN, keyFile, 1), only: ['ct'] }] : []),
    { tool: gdcmanonTool(WORK_DIR) },
  ];
  const dcmjs: Entry = { tool: dcmjsTool() };
  const orthanc = await OrthancServer.start(WORK_DIR);
  // Ctrl-C should not leave the private Orthanc running.
  process.once('SIGINT', () => void orthanc.stop().finally(() => process.exit(130)));
  const entries: Entry[] = [
    ...local,
    { tool: orthancInstanceTool(orthanc, jobs) },
    { tool: orthancStudyTool(orthanc, jobs) },
    dcmjs,
  ];

  const headers = new HeaderCache();
  const results: ToolResult[] = [];
  try {
    for (const set of sets) {
      const active = entries.filter((e) => e.only === undefined || e.only.includes(set.name));
      const runs = new Map<DeidTool, ToolRun[]>();
      for (const pass of [1, 2]) {
        for (const { tool } of active) {
          const outDir = join(WORK_DIR, 'outputs', set.name, slug(tool.name), `run-${pass}`);
          rmSync(outDir, { recursive: true, force: true });
          // Flush the previous run's ~500 MiB of dirty pages first, so no tool
          // pays for another's writeback (file creation stalls behind it here).
          execFileSync('sync');
          const run = await tool.run(set, outDir);
          runs.set(tool, [...(runs.get(tool) ?? []), run]);
          say(
            `${set.name} run ${pass}: ${tool.name.padEnd(24)} ${run.seconds.toFixed(2).padStart(7)} s  ${(set.files.length / run.seconds).toFixed(0).padStart(5)} files/s  ${run.pairs.length} outputs, ${run.failures.length} failed`,
          );
        }
      }
      const sample = sampleInputs(set.files, DCIODVFY_SAMPLE);
      for (const { tool } of active) {
        const [first, second] = runs.get(tool) ?? [];
        if (first === undefined || second === undefined) continue;
        say(`${set.name}: checking ${tool.name} …`);
        const timed = [first, second].map((r) => ({
          seconds: r.seconds,
          ...(r.secondsWithSetup === undefined ? {} : { secondsWithSetup: r.secondsWithSetup }),
          filesPerSecond: set.files.length / r.seconds,
        }));
        results.push({
          tool: tool.name,
          how: tool.how,
          timing: tool.timing,
          version: tool.version,
          set: set.name,
          inputs: set.files.length,
          runs: timed,
          filesPerSecond: Math.max(...timed.map((t) => t.filesPerSecond)),
          outputs: first.pairs.length,
          failures: first.failures.length,
          failureReasons: [
            ...new Set(first.failures.map((f) => f.reason.replace(/\s+/g, ' ').slice(0, 160))),
          ].slice(0, 5),
          notes: first.notes,
          residualPhi: residualPhi(RADSET_BIN, set.dir, first.outputDir),
          checks: checkOutputs(first.pairs, second.pairs, headers),
          dciodvfy: dciodvfyCompare(sample, first.pairs),
        });
        headers.forget([...first.pairs, ...second.pairs].map((p) => p.output));
        // The second run only served timing and UID stability.
        rmSync(second.outputDir, { recursive: true, force: true });
      }
    }
  } finally {
    await Promise.all(entries.map((e) => e.tool.close()));
    await orthanc.stop();
  }

  const ct = (name: string): number =>
    results.find((r) => r.set === 'ct' && r.tool === name)?.filesPerSecond ?? Number.NaN;
  const ratio = (name: string, peer: string, target: number) => {
    const value = ct('radset') / ct(peer);
    return { name, value, target, met: value >= target };
  };
  const gdcmVersion = gdcmanonVersion(results);
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM (1-min load average ${loadAtStart.toFixed(1)} at start); Node ${process.version}; ${results.find((r) => r.tool === 'radset')?.version ?? 'radset'}; ${gdcmVersion}; Orthanc ${orthanc.version}; dcmjs ${results.find((r) => r.tool === 'dcmjs')?.version ?? '?'}; ${toolVersionLine()}`;
  const document: BenchResults = {
    version: 1,
    date: new Date().toISOString(),
    machine,
    command: `npm run bench:deid${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
    sets: sets.map((s) => ({
      name: s.name,
      description: s.description,
      files: s.files.length,
      bytes: s.bytes,
    })),
    missingSets,
    results,
    ratios: sets.some((s) => s.name === 'ct')
      ? [
          ratio('radset / gdcmanon', 'gdcmanon', 1),
          ratio('radset / Orthanc (per instance)', 'Orthanc (per instance)', 5),
          ratio('radset / Orthanc (per study)', 'Orthanc (per study)', 5),
          ratio('radset / dcmjs', 'dcmjs', 1),
        ]
      : [],
  };
  writeFileSync(resultsFile, `${JSON.stringify(document, null, 2)}\n`);
  say(`\nwrote ${resultsFile}`);
  await report(document);
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function gdcmanonVersion(results: readonly ToolResult[]): string {
  return results.find((r) => r.tool === 'gdcmanon')?.version.replace(/^gdcmanon: /, '') ?? 'gdcm';
}

await main();
