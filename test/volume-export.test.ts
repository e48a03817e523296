/**
 * `radset nifti` straight from files and `radset export nifti` from the
 * catalog, as an ML engineer runs them: the volume must not depend on file
 * names, gaps are reported, the catalog export agrees with dcm2niix run on
 * the same de-identified instances, and bad input gets a clear error.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDicomFileSync, setValue, writePart10 } from '../src/dicom/index.js';
import { generateStudySet } from '../src/synth/index.js';
import { runCli } from './support/cli.js';
import { PYTHON3, requirePeer } from './support/peers.js';

const work = mkdtempSync(join(tmpdir(), 'radset-volume-export-'));
const input = join(work, 'in');
let seriesDir = '';
let sliceFiles: string[] = [];

interface NiftiJson {
  volumes: {
    nifti: string;
    sidecar: string;
    SeriesInstanceUID: string;
    dimensions: number[];
    warnings: { code: string; message: string }[];
  }[];
  skipped: { source: string; reason: string }[];
}

interface Comparison {
  sameShape: boolean;
  translationDiffMm: number;
  spacingDiffMm: number;
  angleDiffRad: number;
  maxValueDiff: number;
}

function compare(a: string, b: string): Comparison {
  return JSON.parse(
    execFileSync(PYTHON3, [join(import.meta.dirname, 'support', 'compare_nifti.py'), a, b], {
      encoding: 'utf8',
    }),
  ) as Comparison;
}

function expectAgreement(result: Comparison): void {
  expect(result.sameShape).toBe(true);
  expect(result.translationDiffMm).toBeLessThanOrEqual(1e-3);
  expect(result.spacingDiffMm).toBeLessThanOrEqual(1e-3);
  expect(result.angleDiffRad).toBeLessThanOrEqual(1e-4);
  expect(result.maxValueDiff).toBe(0);
}

async function nifti(args: string[]): Promise<NiftiJson> {
  const result = await runCli(['nifti', ...args, '--json']);
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as NiftiJson;
}

beforeAll(() => {
  generateStudySet({
    outDir: input,
    studies: 1,
    modality: 'CT',
    slices: 12,
    size: 64,
    seed: 'volume-export',
    vendor: 'siemens',
  });
  const study = readdirSync(input)[0] as string;
  const series = readdirSync(join(input, study)).filter((name) => name.startsWith('series'));
  seriesDir = join(input, study, series[0] as string);
  sliceFiles = readdirSync(seriesDir).sort();
});

describe('radset nifti', () => {
  it('builds the same volume whatever the files are called and in whatever order they are listed', async () => {
    const renamed = join(work, 'renamed');
    mkdirSync(renamed);
    // Reverse the names: file name order is now the opposite of slice order.
    sliceFiles.forEach((name, i) =>
      copyFileSync(
        join(seriesDir, name),
        join(renamed, `IMG${String(sliceFiles.length - i).padStart(3, '0')}`),
      ),
    );
    const a = await nifti([seriesDir, '--out', join(work, 'out-a'), '--uncompressed']);
    const b = await nifti([renamed, '--out', join(work, 'out-b'), '--uncompressed']);
    expect(a.volumes).toHaveLength(1);
    expect(a.volumes[0]?.dimensions).toEqual([64, 64, 12, 1]);
    expect(a.volumes[0]?.warnings).toEqual([]);
    expect(readFileSync(a.volumes[0]!.nifti).equals(readFileSync(b.volumes[0]!.nifti))).toBe(true);
  });

  it('reports a missing slice and still writes the slices it has', async () => {
    const gappy = join(work, 'gappy');
    mkdirSync(gappy);
    const sorted = await nifti([seriesDir, '--out', join(work, 'out-sorted'), '--uncompressed']);
    const order = (
      JSON.parse(readFileSync(sorted.volumes[0]!.sidecar, 'utf8')) as {
        radset: { source: { SOPInstanceUIDs: string[] } };
      }
    ).radset.source.SOPInstanceUIDs;
    const middle = order[5] as string;
    for (const name of sliceFiles)
      if (!name.startsWith(middle)) copyFileSync(join(seriesDir, name), join(gappy, name));
    const result = await nifti([gappy, '--out', join(work, 'out-gappy')]);
    expect(result.volumes[0]?.dimensions).toEqual([64, 64, 11, 1]);
    expect(result.volumes[0]?.warnings.map((w) => w.code).sort()).toEqual([
      'instance-number-gap',
      'missing-slices',
      'variable-spacing',
    ]);
    expect(result.volumes[0]?.nifti).toMatch(/\.nii\.gz$/);
  });

  it('writes a gantry-tilted series with a sheared affine, and straightens it on request', async (ctx) => {
    requirePeer(ctx, 'nibabel', { pythonModule: 'nibabel' });
    // A CT acquired with 15° gantry tilt: each slice shifted along the column
    // direction by its height × tan(15°), as tilted scanners write it.
    const tilted = join(work, 'tilted');
    mkdirSync(tilted);
    const tanTilt = Math.tan((15 * Math.PI) / 180);
    for (const name of sliceFiles) {
      const file = readDicomFileSync(join(seriesDir, name));
      const [x, y, z] = file.dataset.numbers('ImagePositionPatient') as [number, number, number];
      setValue(
        file.dataset,
        'ImagePositionPatient',
        [x, y + z * tanTilt, z].map((v) => v.toFixed(4)).join('\\'),
      );
      setValue(file.dataset, 'GantryDetectorTilt', '15');
      writeFileSync(
        join(tilted, name),
        writePart10({
          dataset: file.dataset,
          transferSyntaxUid: file.transferSyntaxUid,
          meta: file.meta,
        }),
      );
    }
    const sheared = await nifti([tilted, '--out', join(work, 'out-tilted'), '--uncompressed']);
    expect(sheared.volumes[0]?.warnings.map((w) => w.code)).toEqual(['gantry-tilt']);
    const straight = await nifti([
      tilted,
      '--out',
      join(work, 'out-straight'),
      '--uncompressed',
      '--straighten-tilt',
    ]);
    const affines = JSON.parse(
      execFileSync(
        PYTHON3,
        [
          '-c',
          `
import json, sys, nibabel, numpy
out = []
for path in sys.argv[1:]:
    a = nibabel.load(path).affine[:3, :3]
    n = a / numpy.linalg.norm(a, axis=0)
    out.append(float(abs(n[:, 1] @ n[:, 2])))
print(json.dumps(out))`,
          sheared.volumes[0]!.nifti,
          straight.volumes[0]!.nifti,
        ],
        { encoding: 'utf8' },
      ),
    ) as number[];
    // j·k: the sheared grid's slice axis leans by the tilt; the straightened one is orthogonal.
    expect(affines[0]).toBeCloseTo(Math.sin((15 * Math.PI) / 180), 3);
    expect(affines[1]).toBeLessThan(1e-6);
    const sidecar = JSON.parse(readFileSync(straight.volumes[0]!.sidecar, 'utf8')) as {
      radset: {
        build: {
          resampled: { interpolation: string; orientation: string } | null;
          gantryTiltDeg: number;
        };
      };
    };
    expect(sidecar.radset.build.resampled).toMatchObject({
      interpolation: 'linear',
      orientation: 'source',
    });
    expect(sidecar.radset.build.gantryTiltDeg).toBeCloseTo(15, 2);
  });

  it('resamples to a target spacing and orientation', async () => {
    const result = await nifti([
      seriesDir,
      '--out',
      join(work, 'out-iso'),
      '--spacing',
      '2',
      '--orientation',
      'RAS',
      '--interpolation',
      'nearest',
    ]);
    const sidecar = JSON.parse(readFileSync(result.volumes[0]!.sidecar, 'utf8')) as {
      radset: { build: { spacingMm: number[]; resampled: { spacingMm: number[] } } };
    };
    expect(sidecar.radset.build.spacingMm.map((v) => Number(v.toFixed(6)))).toEqual([2, 2, 2]);
    expect(sidecar.radset.build.resampled.spacingMm).toEqual([2, 2, 2]);
    const bad = await runCli([
      'nifti',
      seriesDir,
      '--out',
      join(work, 'out-bad'),
      '--spacing',
      '0',
    ]);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/--spacing takes one or three positive millimetre values/);
  });

  it('gives clear errors for bad input and writes nothing', async () => {
    const missing = await runCli([
      'nifti',
      join(work, 'no-such-folder'),
      '--out',
      join(work, 'out-x'),
    ]);
    expect(missing.code).toBe(66);
    expect(missing.stderr).toMatch(/no image series found in .*no-such-folder/);
    const noOut = await runCli(['nifti', seriesDir]);
    expect(noOut.code).toBe(64);
    expect(noOut.stderr).toMatch(/--out DIR is required/);
    const notDicom = join(work, 'not-dicom');
    mkdirSync(notDicom);
    execFileSync('sh', ['-c', `echo hello > ${join(notDicom, 'a.txt')}`]);
    const none = await runCli(['nifti', notDicom, '--out', join(work, 'out-y')]);
    expect(none.code).toBe(66);
    expect(none.stderr).toMatch(/a\.txt: .*DICOM/);
  });
});

describe('radset export nifti', () => {
  it('exports a catalogued series that agrees with dcm2niix on the same de-identified instances', async (ctx) => {
    requirePeer(ctx, 'dcm2niix');
    requirePeer(ctx, 'nibabel', { pythonModule: 'nibabel' });
    const dataDir = join(work, 'project');
    const keyFile = join(work, 'deid.key');
    expect((await runCli(['init', '--data-dir', dataDir, '--key-file', keyFile])).code).toBe(0);
    const ingest = await runCli([
      'ingest',
      seriesDir,
      '--data-dir',
      dataDir,
      '--key-file',
      keyFile,
    ]);
    expect(ingest.code, ingest.stderr).toBe(0);
    const search = JSON.parse(
      (await runCli(['search', '--data-dir', dataDir, '--json'])).stdout,
    ) as {
      series: { seriesUid: string }[];
    };
    const uid = search.series[0]?.seriesUid as string;
    const out = join(work, 'export');
    const exported = await runCli([
      'export',
      'nifti',
      '--series',
      uid,
      '--data-dir',
      dataDir,
      '--out',
      out,
      '--json',
    ]);
    expect(exported.code, exported.stderr).toBe(0);
    const result = JSON.parse(exported.stdout) as NiftiJson;
    expect(result.volumes).toHaveLength(1);
    const sidecar = JSON.parse(readFileSync(result.volumes[0]!.sidecar, 'utf8')) as {
      Modality: string;
      radset: {
        from: string;
        deidentified: boolean;
        source: { SeriesInstanceUID: string; SOPInstanceUIDs: string[] };
      };
    };
    expect(sidecar.Modality).toBe('CT');
    expect(sidecar.radset.from).toBe('catalog');
    expect(sidecar.radset.deidentified).toBe(true);
    expect(sidecar.radset.source.SeriesInstanceUID).toBe(uid);
    expect(sidecar.radset.source.SOPInstanceUIDs).toHaveLength(12);
    // dcm2niix on the project's stored (de-identified) blobs of that series.
    const reference = join(work, 'dcm2niix');
    mkdirSync(reference);
    execFileSync(
      'dcm2niix',
      ['-z', 'n', '-b', 'n', '-f', 'ref', '-o', reference, join(dataDir, 'blobs')],
      { stdio: 'pipe' },
    );
    expectAgreement(compare(result.volumes[0]!.nifti, join(reference, 'ref.nii')));

    // The export is in the audit log, and the chain verifies.
    const audit = await runCli(['audit', 'verify', '--data-dir', dataDir, '--json']);
    expect(audit.code, audit.stderr).toBe(0);
    expect(JSON.parse(audit.stdout)).toMatchObject({ ok: true, entries: 1, problems: [] });

    const unknown = await runCli([
      'export',
      'nifti',
      '--series',
      '2.25.1',
      '--data-dir',
      dataDir,
      '--out',
      out,
    ]);
    expect(unknown.code).toBe(66);
    expect(unknown.stderr).toMatch(/series 2\.25\.1 is not in the catalog/);
    const format = await runCli(['export', 'nrrd', '--series', uid, '--out', out]);
    expect(format.code).toBe(64);
    expect(format.stderr).toMatch(/unknown export format 'nrrd'/);
    rmSync(reference, { recursive: true });
  });
});
