/**
 * Do radset's and dcm2niix's files agree? Read by nibabel (an independent
 * reader, test/support/compare_nifti.py): same shape, identical physical
 * voxel values (stored × scl_slope + scl_inter), affines within 1e-3 mm; and
 * both .nii.gz intact (`gzip -t`), radset's decompressing to its own .nii.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PYTHON } from '../ingest/measured-process.js';
import type { OutputCheck } from './results.js';

/** Tolerance for the affine's translation and spacing (mm). */
export const GEOMETRY_TOLERANCE_MM = 1e-3;

/** What compare_nifti.py prints. */
interface NiftiComparison {
  readonly shapeA: readonly number[];
  readonly shapeB: readonly number[];
  readonly sameShape: boolean;
  readonly translationDiffMm: number;
  readonly spacingDiffMm: number;
  readonly angleDiffRad: number;
  readonly maxValueDiff?: number;
  readonly differingVoxels?: number;
}

function compareNifti(repoDir: string, radsetFile: string, dcm2niixFile: string): NiftiComparison {
  const script = join(repoDir, 'test', 'support', 'compare_nifti.py');
  const text = execFileSync(PYTHON, [script, radsetFile, dcm2niixFile], { encoding: 'utf8' });
  return JSON.parse(text) as NiftiComparison;
}

function agreement(
  repoDir: string,
  format: string,
  radsetFile: string,
  dcm2niixFile: string,
): OutputCheck {
  const name = `radset .${format} = dcm2niix .${format} (compare_nifti.py)`;
  try {
    const c = compareNifti(repoDir, radsetFile, dcm2niixFile);
    const ok =
      c.sameShape &&
      c.maxValueDiff === 0 &&
      c.translationDiffMm <= GEOMETRY_TOLERANCE_MM &&
      c.spacingDiffMm <= GEOMETRY_TOLERANCE_MM;
    return {
      name,
      ok,
      detail: `shape ${c.shapeA.join('×')} vs ${c.shapeB.join('×')}; max value difference ${c.maxValueDiff ?? 'n/a'} (${c.differingVoxels ?? 'n/a'} voxels differ); translation ${c.translationDiffMm.toExponential(1)} mm, spacing ${c.spacingDiffMm.toExponential(1)} mm, direction ${c.angleDiffRad.toExponential(1)} rad apart`,
    };
  } catch (error) {
    return { name, ok: false, detail: `compare_nifti.py failed: ${(error as Error).message}` };
  }
}

function gzipIntact(tool: string, file: string): OutputCheck {
  const result = spawnSync('gzip', ['-t', file], { encoding: 'utf8' });
  return {
    name: `gzip -t on ${tool}'s .nii.gz`,
    ok: result.status === 0,
    detail:
      result.status === 0
        ? `${(statSync(file).size / 2 ** 20).toFixed(1)} MiB, intact`
        : `exit ${result.status}: ${result.stderr.trim()}`,
  };
}

function sameBytesGunzipped(gzFile: string, niiFile: string): OutputCheck {
  const name = "radset's .nii.gz decompresses to its .nii";
  const inflated = gunzipSync(readFileSync(gzFile));
  const plain = readFileSync(niiFile);
  return {
    name,
    ok: inflated.equals(plain),
    detail: `${inflated.length} bytes inflated, ${plain.length} in the .nii${inflated.equals(plain) ? ', identical' : ', DIFFERENT'}`,
  };
}

/** The files of the last measured run of each of the four conversions. */
export interface LastOutputs {
  readonly radsetNii: string;
  readonly dcm2niixNii: string;
  readonly radsetGz: string;
  readonly dcm2niixGz: string;
}

/** Every agreement check; none throws, a failure is a check with ok false. */
export function checkOutputs(repoDir: string, files: LastOutputs): OutputCheck[] {
  const radsetGzBytes = statSync(files.radsetGz).size;
  const dcm2niixGzBytes = statSync(files.dcm2niixGz).size;
  const niiBytes = statSync(files.radsetNii).size;
  return [
    agreement(repoDir, 'nii', files.radsetNii, files.dcm2niixNii),
    agreement(repoDir, 'nii.gz', files.radsetGz, files.dcm2niixGz),
    gzipIntact('radset', files.radsetGz),
    gzipIntact('dcm2niix', files.dcm2niixGz),
    sameBytesGunzipped(files.radsetGz, files.radsetNii),
    {
      name: 'compressed size, radset vs dcm2niix + pigz',
      // Informational: both deflate at level 6 in blocks primed with the previous 32 KiB (radset 128 KiB blocks, dcm2niix runs pigz -b 960).
      ok: true,
      detail: `radset ${radsetGzBytes} bytes (${((100 * radsetGzBytes) / niiBytes).toFixed(1)} % of the .nii), dcm2niix + pigz ${dcm2niixGzBytes} bytes (${((100 * dcm2niixGzBytes) / niiBytes).toFixed(1)} %); radset's is ${((100 * radsetGzBytes) / dcm2niixGzBytes).toFixed(1)} % of pigz's`,
    },
  ];
}
