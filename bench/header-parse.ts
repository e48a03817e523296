/**
 * Header-parse throughput: radset vs dicom-parser vs pydicom on the same
 * ≥ 1,000 synthetic 512×512 CT files (all four vendor styles, so a quarter
 * are implicit VR). Run with `npm run bench` (options: --files N, --passes N).
 *
 * Each tool reads every file's header per pass (warm page cache after a
 * warm-up pass); the figure is files/s of the median pass. Results go to
 * stdout and to bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  readSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readDicomFileSync } from '../src/dicom/index.js';
import { ensureCtSet, SLICES_PER_STUDY } from './ct-set.js';

const require = createRequire(import.meta.url);
const dicomParser = require('dicom-parser') as typeof import('dicom-parser');
const dicomParserVersion = (require('dicom-parser/package.json') as { version: string }).version;

const BENCH_DIR = fileURLToPath(new URL('./', import.meta.url));
const OUT_DIR = join(BENCH_DIR, 'out', 'ct-512');
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
const PIXEL_DATA_TAG = 'x7fe00010';
const PREFIX_BYTES = 64 * 1024;

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? undefined : Number(process.argv[at + 1]);
  return value !== undefined && Number.isInteger(value) && value > 0 ? value : fallback;
}

const FILES = Math.max(1000, option('files', 1000));
const PASSES = option('passes', 5);

type Parser = (path: string) => number;

/** radset: reads a 64 KiB prefix (more if needed) and stops before Pixel Data. */
const radset: Parser = (path) =>
  readDicomFileSync(path, { headerOnly: true }).dataset.string('PatientID')?.length ?? 0;

/** dicom-parser as documented: the whole file in memory, parse until Pixel Data. */
const dicomParserWholeFile: Parser = (path) =>
  dicomParser.parseDicom(readFileSync(path), { untilTag: PIXEL_DATA_TAG }).string('x00100020')
    ?.length ?? 0;

/** dicom-parser on the same 64 KiB prefix radset reads (headers here fit in it). */
const prefix = Buffer.allocUnsafe(PREFIX_BYTES);
const dicomParserPrefix: Parser = (path) => {
  const fd = openSync(path, 'r');
  try {
    const got = readSync(fd, prefix, 0, PREFIX_BYTES, 0);
    return (
      dicomParser
        .parseDicom(prefix.subarray(0, got), { untilTag: PIXEL_DATA_TAG })
        .string('x00100020')?.length ?? 0
    );
  } finally {
    closeSync(fd);
  }
};

function timePass(files: readonly string[], parse: Parser): { seconds: number; checksum: number } {
  const started = performance.now();
  let checksum = 0;
  for (const file of files) checksum += parse(file);
  return { seconds: (performance.now() - started) / 1000, checksum };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? 0)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

interface Result {
  readonly name: string;
  readonly how: string;
  readonly passSeconds: readonly number[];
  readonly filesPerSecond: number;
}

/**
 * This benchmark owns the top of bench/README.md and its own section; the
 * sections after it (written by other benchmarks, such as bench/deid) stay.
 */
function withOtherSections(ours: string): string {
  const path = join(BENCH_DIR, 'README.md');
  if (!existsSync(path)) return ours;
  const current = readFileSync(path, 'utf8');
  const title = current.indexOf('## Header parsing');
  if (title < 0) return ours;
  const next = current.slice(title + 1).search(/\n## /);
  return next < 0 ? ours : `${ours.trimEnd()}\n${current.slice(title + 1 + next)}`;
}

function main(): void {
  const files = ensureCtSet(OUT_DIR, FILES).slice(0, FILES);
  if (files.length < 1000) throw new Error(`need ≥ 1000 files, found ${files.length}`);
  const totalBytes = files.reduce((n, f) => n + statSync(f).size, 0);
  const parsers: { name: string; how: string; parse: Parser }[] = [
    { name: 'radset', how: 'readDicomFileSync(path, { headerOnly: true })', parse: radset },
    {
      name: 'dicom-parser',
      how: `parseDicom(readFileSync(path), { untilTag: '${PIXEL_DATA_TAG}' })`,
      parse: dicomParserWholeFile,
    },
    {
      name: 'dicom-parser (64 KiB prefix)',
      how: 'parseDicom(first 64 KiB, { untilTag }) — same bytes radset reads',
      parse: dicomParserPrefix,
    },
  ];
  // Warm-up: page cache and JIT, and a check that every parser sees the same headers.
  const checksums = parsers.map((p) => timePass(files, p.parse).checksum);
  if (new Set(checksums).size !== 1)
    throw new Error(`parsers disagree on PatientID lengths: ${checksums.join(' ')}`);
  const seconds = parsers.map(() => [] as number[]);
  for (let pass = 0; pass < PASSES; pass++) {
    // Round-robin, so drift in machine load hits every parser alike.
    parsers.forEach((p, i) => seconds[i]?.push(timePass(files, p.parse).seconds));
  }
  const results: Result[] = parsers.map((p, i) => ({
    name: p.name,
    how: p.how,
    passSeconds: seconds[i] ?? [],
    filesPerSecond: files.length / median(seconds[i] ?? []),
  }));

  const listFile = join(BENCH_DIR, 'out', 'files.txt');
  writeFileSync(listFile, `${files.join('\n')}\n`);
  const py = JSON.parse(
    execFileSync(
      PYTHON,
      [join(BENCH_DIR, 'header_parse_pydicom.py'), listFile, String(PASSES), '1'],
      { encoding: 'utf8' },
    ),
  ) as { seconds: number[]; checksum: number; pydicom: string; python: string };
  if (py.checksum !== checksums[0])
    throw new Error(`pydicom disagrees on PatientID lengths: ${py.checksum} vs ${checksums[0]}`);
  results.push({
    name: 'pydicom',
    how: 'dcmread(path, stop_before_pixels=True)',
    passSeconds: py.seconds,
    filesPerSecond: files.length / median(py.seconds),
  });

  const byName = (name: string): number =>
    results.find((r) => r.name === name)?.filesPerSecond ?? Number.NaN;
  const ours = byName('radset');
  const vsDicomParser = ours / byName('dicom-parser');
  const vsPrefix = ours / byName('dicom-parser (64 KiB prefix)');
  const vsPydicom = ours / byName('pydicom');
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  const machine = `${cpu}, ${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB RAM; Node ${process.version}; Python ${py.python}, pydicom ${py.pydicom}; dicom-parser ${dicomParserVersion}`;
  const table = [
    '| parser | call | files/s (median of ' + PASSES + ') | passes (s) |',
    '|---|---|---:|---|',
    ...results.map(
      (r) =>
        `| ${r.name} | \`${r.how}\` | ${Math.round(r.filesPerSecond)} | ${r.passSeconds.map((s) => s.toFixed(3)).join(', ')} |`,
    ),
  ];
  const ratios = [
    `- radset / dicom-parser (whole file): **${vsDicomParser.toFixed(2)}×** (target ≥ 0.8×: ${vsDicomParser >= 0.8 ? 'met' : 'MISSED'})`,
    `- radset / dicom-parser (same 64 KiB prefix): **${vsPrefix.toFixed(2)}×**`,
    `- radset / pydicom: **${vsPydicom.toFixed(2)}×** (target ≥ 2×: ${vsPydicom >= 2 ? 'met' : 'MISSED'})`,
  ];
  process.stdout.write(
    `\n${files.length} files, ${(totalBytes / 2 ** 20).toFixed(0)} MiB; ${machine}\n\n${table.join('\n')}\n\n${ratios.join('\n')}\n`,
  );

  const readme = `# Benchmarks

Benchmarks against real peers, with their results (DESIGN.md: \`bench/\`).

## Header parsing — \`bench/header-parse.ts\`

Command: \`npm run bench\` (= \`tsx bench/header-parse.ts\`; options \`-- --files N --passes N\`).

What it does: generates ${files.length} synthetic 512×512 CT files once
(\`radset synth\` code, seed \`bench\`, ${Math.ceil(FILES / SLICES_PER_STUDY)} studies × ${SLICES_PER_STUDY} slices, four vendor styles:
GE's are implicit VR little endian, the rest explicit; ${(totalBytes / 2 ** 20).toFixed(0)} MiB in \`bench/out/\`, git-ignored), then
reads every file's header with each parser: one warm-up pass (page cache and
JIT warm; the parsers must agree on every PatientID), then ${PASSES} measured passes
run round-robin. The figure is files/s of the median pass. pydicom runs in its
own process (\`bench/header_parse_pydicom.py\`, Debian's \`/usr/bin/python3\`) with
the same warm-up and passes.

Machine: ${machine}. Shared 2-core VM with other work running: figures move
between runs (whole-file dicom-parser most, 2,400–5,200 files/s over the first runs: it copies ~500 KiB
per file); compare ratios within one run.

${table.join('\n')}

${ratios.join('\n')}

dicom-parser's documented use reads the whole file (here ~${Math.round(totalBytes / files.length / 1024)} KiB, mostly pixel
data) before parsing; radset's \`headerOnly\` read takes a 64 KiB prefix and
grows it only if the header is longer. The prefix row gives dicom-parser the
same bytes, to compare parsing alone.

### Where radset's time goes

A first profile (\`node --cpu-prof\`, 8 passes) found the IS/DS/UI/DA/TM
conformance check in \`src/dicom/parser.ts\` (\`checkValue\`) taking ~23 % of
self time: it built a string per value and matched regular expressions. It now
checks the value bytes against each VR's grammar and builds strings only to
word a warning (the same verdicts: a seeded 200,000-value comparison against the
regular expressions found no difference), which took radset from 0.87× to about
1.0× dicom-parser on the same prefix. What remains: \`parseElement\` (~12 %), the
Map \`set\` per element (~4 %), \`latin1\` decoding of private creators for
implicit-VR private lookups (~3 %).
`;
  writeFileSync(join(BENCH_DIR, 'README.md'), withOtherSections(readme));
  process.stdout.write(`\nwrote ${join(BENCH_DIR, 'README.md')}\n`);
}

main();
