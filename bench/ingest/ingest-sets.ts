/**
 * The two sets every contender ingests, each a folder holding only its DICOM
 * files (hard links into the synth caches, which also hold masks and JSON):
 *
 * - `ct`: the shared 1,000-file 512×512 CT set (bench/ct-set.ts, the same
 *   cache as bench/header-parse.ts and bench/deid), ~0.5 MiB per file;
 * - `small`: 10,000 64×64 MR files (`radset synth` code, seed `bench`, 50
 *   studies × 2 series × 100 slices), ~12 KiB per file: per-instance costs
 *   (process, database, network round trips) dominate.
 */
import { join } from 'node:path';
import { ensureSynthSet, type SynthSetSpec } from '../ct-set.js';
import { ctInputSet, mirror, setOf, type InputSet } from '../deid/input-sets.js';

export const CT_INSTANCES = 1000;
export const SMALL_INSTANCES = 10_000;

const SMALL_SPEC: SynthSetSpec = {
  modality: 'MR',
  studies: 50,
  slices: 100,
  size: 64,
  seed: 'bench',
  vendor: 'mixed',
};

export function ctSet(benchOutDir: string, setsDir: string): InputSet {
  const set = ctInputSet(benchOutDir, setsDir, CT_INSTANCES);
  if (set.files.length < CT_INSTANCES)
    throw new Error(`the CT set has ${set.files.length} files, not ${CT_INSTANCES}`);
  return set;
}

export function smallSet(cacheDir: string, setsDir: string): InputSet {
  const { studies, slices, size } = SMALL_SPEC;
  const files = ensureSynthSet(
    cacheDir,
    SMALL_SPEC,
    `${studies} synthetic ${size}×${size} MR studies (${slices} slices per series)`,
  );
  if (files.length < SMALL_INSTANCES)
    throw new Error(`the small set has ${files.length} files, not ${SMALL_INSTANCES}`);
  const picked = files.slice(0, SMALL_INSTANCES);
  const dir = join(setsDir, 'small');
  return setOf(
    'small',
    `${picked.length} synthetic ${size}×${size} MR files (radset synth, seed bench, ${studies} studies × 2 series × ${slices} slices, four vendor styles)`,
    dir,
    mirror(picked, cacheDir, dir, false),
  );
}
