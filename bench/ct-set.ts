/**
 * The synthetic sets the benchmarks share. The CT set (bench/header-parse.ts,
 * bench/deid, bench/ingest): 512×512 CT files from `radset synth` code, seed
 * `bench`, 40 slices per study, four vendor styles. Generated once into `dir`
 * and reused while its stamp matches, whichever benchmark asks first;
 * {@link ensureSynthSet} does the same for other `radset synth` sets.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateStudySet, type SynthModality } from '../src/synth/index.js';

export const SLICES_PER_STUDY = 40;

/** What `radset synth` is asked for (seed and vendor style included: same spec, same bytes). */
export interface SynthSetSpec {
  readonly modality: SynthModality;
  readonly studies: number;
  /** Slices per CT/MR series. */
  readonly slices: number;
  /** Matrix size (rows and columns for CT/MR). */
  readonly size: number;
  readonly seed: string;
  readonly vendor: 'mixed';
}

function listDicom(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.dcm'))
    .map((p) => join(dir, p))
    .sort();
}

/**
 * The set's DICOM files (sorted), generating them into `dir` when missing or
 * stale (`dir` is emptied first). `dir` also holds synth's masks and
 * ground-truth JSON and a `.stamp.json`; only `.dcm` paths are returned.
 * `description` words the progress line ("1000 synthetic 512×512 CT files").
 */
export function ensureSynthSet(dir: string, spec: SynthSetSpec, description: string): string[] {
  // CT stamps keep their first shape (no modality key), so caches made before
  // other modalities were possible stay valid.
  const stamp = JSON.stringify({
    ...(spec.modality === 'CT' ? {} : { modality: spec.modality }),
    studies: spec.studies,
    slices: spec.slices,
    size: spec.size,
    seed: spec.seed,
    vendor: spec.vendor,
    format: 1,
  });
  const stampFile = join(dir, '.stamp.json');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return listDicom(dir);
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  process.stdout.write(`generating ${description} into ${dir} …\n`);
  generateStudySet({ outDir: dir, ...spec });
  writeFileSync(stampFile, stamp);
  process.stdout.write(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return listDicom(dir);
}

/** The CT set's files (at least `fileCount`, sorted), generating them when missing or stale. */
export function ensureCtSet(dir: string, fileCount: number): string[] {
  const studies = Math.ceil(fileCount / SLICES_PER_STUDY);
  return ensureSynthSet(
    dir,
    {
      modality: 'CT',
      studies,
      slices: SLICES_PER_STUDY,
      size: 512,
      seed: 'bench',
      vendor: 'mixed',
    },
    `${studies * SLICES_PER_STUDY} synthetic 512×512 CT files`,
  );
}
