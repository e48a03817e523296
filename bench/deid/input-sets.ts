/**
 * The inputs every tool de-identifies: the 1,000-file synthetic CT set (shared
 * with bench/header-parse.ts, same cache), the `radset synth --phi` set (PHI in
 * every risky place) when radset has it, and a sample of the real corpus.
 *
 * Each set is presented to the tools as a folder holding only its DICOM files
 * (hard links into the cache, so nothing is copied for the CT set): the synth
 * cache also holds NIfTI masks and JSON, which would make the tools' file
 * counts differ.
 */
import { execFileSync } from 'node:child_process';
import {
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { ensureCtSet, SLICES_PER_STUDY } from '../ct-set.js';

export interface InputSet {
  /** Short name used in folder names and the results (`ct`, `phi`, `corpus`). */
  readonly name: string;
  readonly description: string;
  /** Folder holding exactly `files` (relative paths preserved). */
  readonly dir: string;
  /** Absolute paths, sorted. */
  readonly files: readonly string[];
  readonly bytes: number;
}

/** True when the file has the Part 10 'DICM' marker at offset 128 (PS3.10 §7.1). */
export function isPart10(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const probe = Buffer.alloc(132);
    return readSync(fd, probe, 0, 132, 0) === 132 && probe.toString('latin1', 128) === 'DICM';
  } finally {
    closeSync(fd);
  }
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((p) => join(dir, p))
    .filter((p) => statSync(p).isFile())
    .sort();
}

/** Rebuilds `dir` as links (or copies) of `files`, keeping paths relative to `root`. */
export function mirror(
  files: readonly string[],
  root: string,
  dir: string,
  copy: boolean,
): string[] {
  rmSync(dir, { recursive: true, force: true });
  const out: string[] = [];
  for (const file of files) {
    const target = join(dir, relative(root, file));
    mkdirSync(dirname(target), { recursive: true });
    if (copy) copyFileSync(file, target);
    else linkSync(file, target);
    out.push(target);
  }
  return out.sort();
}

/** An input set over `files` (already in `dir`), with their total size. */
export function setOf(name: string, description: string, dir: string, files: string[]): InputSet {
  return {
    name,
    description,
    dir,
    files,
    bytes: files.reduce((n, f) => n + statSync(f).size, 0),
  };
}

/**
 * The CT set of bench/header-parse.ts: same folder and stamp, so either
 * benchmark generates it and the other reuses it.
 */
export function ctInputSet(benchOutDir: string, inputsDir: string, fileCount: number): InputSet {
  const cacheDir = join(benchOutDir, 'ct-512');
  const studies = Math.ceil(fileCount / SLICES_PER_STUDY);
  ensureCtSet(cacheDir, fileCount);
  const dicom = listFiles(cacheDir)
    .filter((f) => f.endsWith('.dcm'))
    .slice(0, fileCount);
  const dir = join(inputsDir, 'ct');
  return setOf(
    'ct',
    `${dicom.length} synthetic 512×512 CT files (radset synth, seed bench, ${studies} studies × ${SLICES_PER_STUDY} slices, four vendor styles)`,
    dir,
    mirror(dicom, cacheDir, dir, false),
  );
}

/** True when this radset build has `synth --phi`. */
export function synthHasPhi(radsetBin: string): boolean {
  try {
    return execFileSync('node', [radsetBin, 'synth', '--help'], { encoding: 'utf8' }).includes(
      '--phi',
    );
  } catch {
    return false;
  }
}

/** `radset synth --phi`: PHI in nested sequences, private groups, overlays, icons, SR, pixels. */
export function phiInputSet(
  radsetBin: string,
  benchOutDir: string,
  inputsDir: string,
): InputSet | undefined {
  if (!synthHasPhi(radsetBin)) return undefined;
  const cacheDir = join(benchOutDir, 'phi-set');
  rmSync(cacheDir, { recursive: true, force: true });
  execFileSync('node', [radsetBin, 'synth', '--phi', '--out', cacheDir], { stdio: 'pipe' });
  const dicom = listFiles(cacheDir).filter(isPart10);
  const dir = join(inputsDir, 'phi');
  return setOf(
    'phi',
    `${dicom.length} files of \`radset synth --phi\` (PHI in nested sequences, private groups, overlays, icons, SR, burned-in text)`,
    dir,
    mirror(dicom, cacheDir, dir, true),
  );
}

/**
 * Every k-th parse-ok file of the real corpus (MANIFEST.csv `expect: parse-ok`,
 * Part 10 files only), spread over the folders by sorting on path.
 */
export function corpusInputSet(
  corpusDir: string,
  inputsDir: string,
  sampleSize: number,
): InputSet | undefined {
  const manifest = join(corpusDir, 'MANIFEST.csv');
  if (!existsSync(manifest)) return undefined;
  const candidates = readFileSync(manifest, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => /expect: parse-ok\s*$/.test(line))
    .map((line) => join(corpusDir, line.slice(0, line.indexOf(','))))
    .filter((file) => existsSync(file) && isPart10(file))
    .sort();
  const step = Math.max(1, Math.floor(candidates.length / sampleSize));
  const picked = candidates.filter((_, i) => i % step === 0).slice(0, sampleSize);
  const dir = join(inputsDir, 'corpus');
  return setOf(
    'corpus',
    `${picked.length} real files: every ${step}th of the corpus's ${candidates.length} parse-ok Part 10 files (MANIFEST.csv)`,
    dir,
    mirror(picked, corpusDir, dir, true),
  );
}
