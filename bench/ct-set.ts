/**
 * The synthetic CT set the benchmarks share (bench/header-parse.ts,
 * bench/deid): 512×512 CT files from `radset synth` code, seed `bench`, 40
 * slices per study, four vendor styles. Generated once into `dir` and reused
 * while its stamp matches, whichever benchmark asks first.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateStudySet } from '../src/synth/index.js';

export const SLICES_PER_STUDY = 40;

function listDicom(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((p) => p.endsWith('.dcm'))
    .map((p) => join(dir, p))
    .sort();
}

/** The set's files (at least `fileCount`, sorted), generating them when missing or stale. */
export function ensureCtSet(dir: string, fileCount: number): string[] {
  const studies = Math.ceil(fileCount / SLICES_PER_STUDY);
  const stamp = JSON.stringify({
    studies,
    slices: SLICES_PER_STUDY,
    size: 512,
    seed: 'bench',
    vendor: 'mixed',
    format: 1,
  });
  const stampFile = join(dir, '.stamp.json');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return listDicom(dir);
  rmSync(dir, { recursive: true, force: true });
  const started = performance.now();
  process.stdout.write(
    `generating ${studies * SLICES_PER_STUDY} synthetic 512×512 CT files into ${dir} …\n`,
  );
  generateStudySet({
    outDir: dir,
    studies,
    modality: 'CT',
    seed: 'bench',
    vendor: 'mixed',
    size: 512,
    slices: SLICES_PER_STUDY,
  });
  writeFileSync(stampFile, stamp);
  process.stdout.write(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  return listDicom(dir);
}
