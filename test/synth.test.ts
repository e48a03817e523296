/**
 * The synthetic study generator end to end: determinism, read-back and
 * round trip through radset's reader and writer, geometry, ground-truth masks
 * against the images, real peers (dcmdump, pydicom, dciodvfy, nibabel) and
 * the `synth` / `demo` commands.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  datasetDifferences,
  readDicomFileSync,
  writePart10,
  type DicomFile,
} from '../src/dicom/index.js';
import {
  CT_RESCALE_INTERCEPT,
  generateStudySet,
  type GroundTruth,
  type GroundTruthSeries,
  type StudySetSummary,
} from '../src/synth/index.js';
import { PYTHON3, requirePeer } from './support/peers.js';
import { writeFileAtomicSync } from '../src/store/index.js';
import { runCli } from './support/cli.js';

const OPTIONS = { seed: 'test', vendor: 'mixed', size: 64, slices: 10 } as const;
/** 12 studies: with modalities in turns of 3 and vendors in turns of 4, every modality × vendor pair occurs once. */
const STUDIES = 12;

let root: string;
let setA: StudySetSummary;

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? walk(path) : [path];
  });
}

function dicomFiles(dir: string): string[] {
  return walk(dir)
    .filter((f) => f.endsWith('.dcm'))
    .sort();
}

function groundTruths(dir: string): { dir: string; truth: GroundTruth }[] {
  return readdirSync(dir)
    .filter((name) => name.startsWith('study-'))
    .sort()
    .map((name) => ({
      dir: join(dir, name),
      truth: JSON.parse(readFileSync(join(dir, name, 'ground-truth.json'), 'utf8')) as GroundTruth,
    }));
}

const run = runCli;

interface NiftiMask {
  readonly dims: [number, number, number];
  /** sform rows (RAS). */
  readonly sform: number[][];
  readonly labels: Uint8Array;
}

/** Reads a .nii.gz written by the generator (NIfTI-1, uint8). */
function readMask(path: string): NiftiMask {
  const bytes = gunzipSync(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  expect(view.getInt32(0, true)).toBe(348);
  expect(view.getInt16(70, true)).toBe(2);
  const dims: [number, number, number] = [
    view.getInt16(42, true),
    view.getInt16(44, true),
    view.getInt16(46, true),
  ];
  const sform = [0, 1, 2].map((row) =>
    [0, 1, 2, 3].map((col) => view.getFloat32(280 + row * 16 + col * 4, true)),
  );
  const offset = view.getFloat32(108, true);
  return {
    dims,
    sform,
    labels: new Uint8Array(bytes.buffer, bytes.byteOffset + offset, dims[0] * dims[1] * dims[2]),
  };
}

/** The images of a series by slice index (position along the normal, from the ground-truth affine). */
function seriesSlices(studyDir: string, series: GroundTruthSeries): DicomFile[] {
  const files = dicomFiles(join(studyDir, series.folder)).map((f) => readDicomFileSync(f));
  const a = series.ijkToLps;
  const normal = [a[0]![2]!, a[1]![2]!, a[2]![2]!];
  const spacing = Math.hypot(normal[0]!, normal[1]!, normal[2]!);
  const origin = [a[0]![3]!, a[1]![3]!, a[2]![3]!];
  const slices: DicomFile[] = [];
  for (const file of files) {
    const position = file.dataset.numbers('ImagePositionPatient') ?? [
      origin[0]!,
      origin[1]!,
      origin[2]!,
    ];
    const k = Math.round(
      position.reduce((s, v, i) => s + (v - origin[i]!) * normal[i]!, 0) / (spacing * spacing),
    );
    slices[series.maskKind === 'projection' ? 0 : k] = file;
  }
  return slices;
}

/** Rescaled pixel values of a native 16-bit image. */
function pixelValues(file: DicomFile): Float64Array {
  const bytes = file.dataset.bytes('PixelData');
  if (bytes === undefined) throw new Error('no pixel data');
  const signed = file.dataset.number('PixelRepresentation') === 1;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const slope = file.dataset.number('RescaleSlope') ?? 1;
  const intercept = file.dataset.number('RescaleIntercept') ?? 0;
  return Float64Array.from(
    { length: bytes.length / 2 },
    (_, i) =>
      (signed
        ? view.getInt16(2 * i, file.dataset.littleEndian)
        : view.getUint16(2 * i, file.dataset.littleEndian)) *
        slope +
      intercept,
  );
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'radset-synth-'));
  setA = generateStudySet({ ...OPTIONS, outDir: join(root, 'a'), studies: STUDIES });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('radset synth generator', () => {
  it('covers every modality with every vendor style, with the promised layout', () => {
    const pairs = new Set(setA.studies.map((s) => `${s.modality}/${s.vendor}`));
    expect(pairs.size).toBe(12);
    for (const study of setA.studies) {
      expect(statSync(study.groundTruthFile).isFile()).toBe(true);
      for (const mask of study.maskFiles)
        expect(mask).toMatch(/[/\\]masks[/\\]series-\d\d\.nii\.gz$/);
    }
    const files = dicomFiles(join(root, 'a'));
    expect(files.length).toBe(setA.fileCount);
    for (const file of files)
      expect(relative(join(root, 'a'), file)).toMatch(
        /^study-\d{4}[/\\]series-\d\d[/\\]2\.25\.\d+\.dcm$/,
      );
    expect(walk(root).filter((f) => /[/\\]\.[^/\\]*\.tmp$/.test(f))).toEqual([]);
  });

  it('is deterministic: same seed, same bytes (a study does not depend on how many follow it)', () => {
    generateStudySet({ ...OPTIONS, outDir: join(root, 'b'), studies: 4 });
    const a = walk(join(root, 'a')).map((f) => relative(join(root, 'a'), f));
    const b = walk(join(root, 'b'))
      .map((f) => relative(join(root, 'b'), f))
      .sort();
    expect(b.length).toBeGreaterThan(20);
    for (const file of b) {
      expect(a).toContain(file);
      expect(
        readFileSync(join(root, 'b', file)).equals(readFileSync(join(root, 'a', file))),
        file,
      ).toBe(true);
    }
  });

  it('gives another seed other identities, UIDs and bytes', () => {
    generateStudySet({ ...OPTIONS, outDir: join(root, 'c'), studies: 1, seed: 'other' });
    const [a] = groundTruths(join(root, 'a'));
    const [c] = groundTruths(join(root, 'c'));
    expect(c!.truth.studyInstanceUid).not.toBe(a!.truth.studyInstanceUid);
    expect(c!.truth.patientId).not.toBe(a!.truth.patientId);
  });

  it('writes files that radset reads back without warnings and rewrites byte for byte', () => {
    for (const path of dicomFiles(join(root, 'a'))) {
      const bytes = readFileSync(path);
      const file = readDicomFileSync(path);
      expect(file.warnings, path).toEqual([]);
      expect(file.hasPreamble).toBe(true);
      const rewritten = writePart10({
        dataset: file.dataset,
        transferSyntaxUid: file.transferSyntaxUid,
        meta: file.meta,
      });
      const again = readDicomFileSync(path);
      expect(datasetDifferences(file.dataset, again.dataset)).toEqual([]);
      expect(Buffer.from(rewritten).equals(bytes), `${path} rewrites differently`).toBe(true);
      const header = readDicomFileSync(path, { headerOnly: true });
      expect(header.headerOnly).toBe(true);
      expect(header.dataset.element('PixelData')?.bytes).toBeUndefined();
      expect(header.dataset.string('PatientID')).toBe(file.dataset.string('PatientID'));
    }
  });

  it('encodes by vendor style: GE implicit VR, others explicit; private creators present', () => {
    const creators: Record<string, string> = {
      siemens: 'SIEMENS CSA HEADER',
      ge: 'GEMS_IDEN_01',
      philips: 'Philips Imaging DD 001',
      canon: 'TOSHIBA_MEC',
    };
    for (const { dir, truth } of groundTruths(join(root, 'a'))) {
      const [first] = dicomFiles(join(dir, truth.series[0]!.folder));
      const file = readDicomFileSync(first!);
      expect(file.transferSyntaxUid).toBe(
        truth.vendor === 'ge' ? '1.2.840.10008.1.2' : '1.2.840.10008.1.2.1',
      );
      const privateCreators = [...file.dataset.elements.values()]
        .filter(
          (e) => (e.tag >>> 16) % 2 === 1 && (e.tag & 0xffff) >= 0x10 && (e.tag & 0xffff) <= 0xff,
        )
        .map((e) => file.dataset.string(e.tag) ?? '');
      expect(
        privateCreators.some((c) => c.startsWith(creators[truth.vendor]!)),
        `${truth.vendor}: ${privateCreators.join(', ')}`,
      ).toBe(true);
      expect(file.dataset.sequence('OtherPatientIDsSequence')?.length).toBe(2);
      expect(
        file.dataset
          .sequence('RequestAttributesSequence')?.[0]
          ?.sequence('ScheduledProtocolCodeSequence')?.length,
      ).toBe(1);
      expect(file.dataset.string('PatientID')).toBe(truth.patientId);
      expect(file.dataset.string('StudyInstanceUID')).toBe(truth.studyInstanceUid);
    }
  });

  it('steps Image Position (Patient) by Spacing Between Slices along the normal (PS3.3 C.7.6.2)', () => {
    for (const { dir, truth } of groundTruths(join(root, 'a'))) {
      if (truth.modality === 'CR') continue;
      const frames = new Set<string>();
      for (const series of truth.series) {
        const files = dicomFiles(join(dir, series.folder)).map(
          (f) => readDicomFileSync(f, { headerOnly: true }).dataset,
        );
        const orientation = files[0]!.numbers('ImageOrientationPatient')!;
        const row = orientation.slice(0, 3);
        const column = orientation.slice(3, 6);
        const normal = [
          row[1]! * column[2]! - row[2]! * column[1]!,
          row[2]! * column[0]! - row[0]! * column[2]!,
          row[0]! * column[1]! - row[1]! * column[0]!,
        ];
        const along = (p: number[]): number => p.reduce((s, v, i) => s + v * normal[i]!, 0);
        const sorted = [...files].sort(
          (a, b) =>
            along(a.numbers('ImagePositionPatient')!) - along(b.numbers('ImagePositionPatient')!),
        );
        const spacing = sorted[0]!.number('SpacingBetweenSlices')!;
        expect(spacing).toBeGreaterThanOrEqual(1);
        expect(spacing).toBeLessThanOrEqual(6);
        for (let k = 1; k < sorted.length; k++) {
          const a = sorted[k - 1]!.numbers('ImagePositionPatient')!;
          const b = sorted[k]!.numbers('ImagePositionPatient')!;
          for (let axis = 0; axis < 3; axis++)
            expect(b[axis]! - a[axis]!).toBeCloseTo(spacing * normal[axis]!, 3);
          expect(sorted[k]!.number('SliceLocation')!).toBeCloseTo(along(b), 3);
          expect(sorted[k]!.numbers('ImageOrientationPatient')).toEqual(orientation);
        }
        expect(new Set(files.map((f) => f.number('InstanceNumber'))).size).toBe(files.length);
        for (const f of files) frames.add(f.string('FrameOfReferenceUID') ?? '');
      }
      expect(frames.size).toBe(1);
    }
  });

  it('has masks that line up with the lesions in the images', () => {
    for (const { dir, truth } of groundTruths(join(root, 'a'))) {
      expect(truth.lesions.length).toBeGreaterThanOrEqual(truth.series.length);
      for (const series of truth.series) {
        const mask = readMask(join(dir, series.maskFile));
        expect(mask.dims).toEqual(series.dims);
        for (let row = 0; row < 3; row++) {
          for (let col = 0; col < 4; col++) {
            const lps = series.ijkToLps[row]![col]!;
            expect(mask.sform[row]![col]).toBeCloseTo(row < 2 ? -lps : lps, 3);
          }
        }
        const lesions = truth.lesions.filter(
          (l) => l.seriesInstanceUid === series.seriesInstanceUid,
        );
        const labels = new Set<number>(mask.labels);
        labels.delete(0);
        expect([...labels].sort()).toEqual(
          lesions
            .map((l) => l.label)
            .filter((l) => l > 0 && lesions.find((x) => x.label === l)!.maskVoxelCount > 0)
            .sort(),
        );
        const slices = seriesSlices(dir, series);
        const [nx, ny] = mask.dims;
        for (const lesion of lesions) {
          const [ci, cj, ck] = lesion.centreVoxelIjk.map(Math.round) as [number, number, number];
          const k = series.maskKind === 'projection' ? 0 : ck;
          expect(
            mask.labels[k * nx * ny + cj * nx + ci],
            `${dir} ${series.folder} lesion ${lesion.label} centre`,
          ).toBe(lesion.label);
          expect(mask.labels.filter((v) => v === lesion.label).length).toBe(lesion.maskVoxelCount);
          if (lesion.expectedValue === undefined) continue;
          // Mean image value over the lesion's voxels, and over a shell around it (mostly host tissue).
          let inside = 0;
          let insideCount = 0;
          let shell = 0;
          let shellCount = 0;
          const a = series.ijkToLps;
          for (let kk = 0; kk < mask.dims[2]; kk++) {
            const values = pixelValues(slices[kk]!);
            for (let j = 0; j < ny; j++) {
              for (let i = 0; i < nx; i++) {
                const p = [0, 1, 2].map(
                  (r) => a[r]![0]! * i + a[r]![1]! * j + a[r]![2]! * kk + a[r]![3]!,
                );
                const d = Math.hypot(
                  ...p.map((v, axis) => (v - lesion.centreLpsMm[axis]!) / lesion.radiiMm[axis]!),
                );
                const at = kk * nx * ny + j * nx + i;
                if (mask.labels[at] === lesion.label) {
                  inside += values[j * nx + i]!;
                  insideCount++;
                } else if (d > 1.4 && d < 1.9 && mask.labels[at] === 0) {
                  shell += values[j * nx + i]!;
                  shellCount++;
                }
              }
            }
          }
          const lesionMean = inside / insideCount;
          const shellMean = shell / Math.max(shellCount, 1);
          const expected = lesion.expectedValue;
          const tolerance =
            truth.modality === 'CT'
              ? 4 + 64 / Math.sqrt(insideCount)
              : 0.25 * expected + 90 / Math.sqrt(insideCount);
          const where = `${dir} ${series.folder} lesion ${lesion.label}: mean ${lesionMean.toFixed(1)} (n ${insideCount}), expected ${expected}, shell ${shellMean.toFixed(1)}`;
          expect(Math.abs(lesionMean - expected), where).toBeLessThan(tolerance);
          expect(Math.abs(shellMean - expected), where).toBeGreaterThan(
            2 * Math.abs(lesionMean - expected),
          );
        }
      }
    }
  });

  it('stores CT in HU with intercept -1024, signed or unsigned by vendor', () => {
    for (const { dir, truth } of groundTruths(join(root, 'a'))) {
      if (truth.modality !== 'CT') continue;
      const file = readDicomFileSync(dicomFiles(join(dir, truth.series[0]!.folder))[0]!);
      expect(file.dataset.number('RescaleIntercept')).toBe(CT_RESCALE_INTERCEPT);
      expect(file.dataset.number('RescaleSlope')).toBe(1);
      expect(file.dataset.number('PixelRepresentation')).toBe(
        truth.vendor === 'ge' || truth.vendor === 'canon' ? 1 : 0,
      );
      const values = pixelValues(file);
      const centre = values[32 * 64 + 32]!;
      expect(centre).toBeGreaterThan(-1100);
      expect(centre).toBeLessThan(1500);
    }
  });

  it('writes atomically: a failed write leaves neither the file nor a temporary', () => {
    const dir = join(root, 'atomic');
    mkdirSync(dir);
    writeFileSync(join(dir, 'blocker'), 'x');
    expect(() => writeFileAtomicSync(join(dir, 'blocker', 'f.dcm'), new Uint8Array(4))).toThrow();
    mkdirSync(join(dir, 'target.dcm'));
    expect(() => writeFileAtomicSync(join(dir, 'target.dcm'), new Uint8Array(4))).toThrow();
    expect(readdirSync(dir).sort()).toEqual(['blocker', 'target.dcm']);
  });
});

describe('real peers read the generated files', () => {
  it('dcmdump parses every series without errors', (ctx) => {
    requirePeer(ctx, 'dcmdump');
    for (const { dir, truth } of groundTruths(join(root, 'a'))) {
      for (const series of truth.series) {
        const file = dicomFiles(join(dir, series.folder))[0]!;
        const result = spawnSync('dcmdump', ['-q', file], { encoding: 'utf8' });
        expect(result.status, `${file}: ${result.stderr}`).toBe(0);
        expect(result.stderr).not.toMatch(/^E:/m);
        expect(result.stdout).toContain('(0010,0010)');
      }
    }
  });

  it('pydicom reads every file, pixels included, and decodes the same patient names', (ctx) => {
    requirePeer(ctx, 'pydicom', { pythonModule: 'pydicom' });
    const script = [
      'import sys, json, pydicom',
      'out = {}',
      'for path in sys.argv[1:]:',
      '    ds = pydicom.dcmread(path)',
      '    a = ds.pixel_array',
      '    out[path] = {"name": str(ds.PatientName), "shape": list(a.shape), "rows": int(ds.Rows), "cols": int(ds.Columns), "pid": str(ds.PatientID)}',
      'print(json.dumps(out))',
    ].join('\n');
    const files = dicomFiles(join(root, 'a'));
    const result = JSON.parse(
      execFileSync(PYTHON3, ['-c', script, ...files], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      }),
    ) as Record<string, { name: string; shape: number[]; rows: number; cols: number; pid: string }>;
    expect(Object.keys(result).length).toBe(files.length);
    for (const file of files) {
      const py = result[file]!;
      const ours = readDicomFileSync(file, { headerOnly: true }).dataset;
      expect(py.shape).toEqual([py.rows, py.cols]);
      expect(py.pid).toBe(ours.string('PatientID'));
      expect(py.name.normalize('NFC')).toBe((ours.string('PatientName') ?? '').normalize('NFC'));
    }
  });

  it('dciodvfy finds no errors in CT, MR and CR objects of every vendor style', (ctx) => {
    requirePeer(ctx, 'dciodvfy');
    for (const { dir, truth } of groundTruths(join(root, 'a'))) {
      for (const series of truth.series) {
        const file = dicomFiles(join(dir, series.folder))[0]!;
        const result = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
        const output = `${result.stdout}${result.stderr}`;
        const errors = output.split('\n').filter((line) => line.startsWith('Error'));
        expect(errors, `${truth.modality} ${truth.vendor} ${file}:\n${output}`).toEqual([]);
      }
    }
  });

  it('nibabel loads every mask with the RAS affine and finds each lesion centre labelled', (ctx) => {
    requirePeer(ctx, 'nibabel', { pythonModule: 'nibabel' });
    const script = [
      'import sys, json, nibabel as nib, numpy as np',
      'out = []',
      'for gt_path in sys.argv[1:]:',
      '    gt = json.load(open(gt_path))',
      '    base = gt_path.rsplit("/", 1)[0]',
      '    for s in gt["series"]:',
      '        img = nib.load(base + "/" + s["maskFile"])',
      '        data = np.asarray(img.dataobj)',
      '        inv = np.linalg.inv(img.affine)',
      '        for l in [l for l in gt["lesions"] if l["seriesInstanceUid"] == s["seriesInstanceUid"]]:',
      '            c = l["centreLpsMm"]',
      '            ijk = inv @ np.array([-c[0], -c[1], c[2], 1.0])',
      '            i, j, k = [int(round(v)) for v in ijk[:3]]',
      '            if s["maskKind"] == "projection": k = 0',
      '            out.append({"shape": list(data.shape), "dims": s["dims"], "label": l["label"], "value": int(data[i, j, k]), "qform": int(img.header["qform_code"]), "sform": int(img.header["sform_code"]), "qs": bool(np.allclose(img.get_qform(), img.get_sform(), atol=1e-4)), "dtype": str(data.dtype)})',
      'print(json.dumps(out))',
    ].join('\n');
    const files = groundTruths(join(root, 'a')).map((g) => join(g.dir, 'ground-truth.json'));
    const rows = JSON.parse(
      execFileSync(PYTHON3, ['-c', script, ...files], { encoding: 'utf8' }),
    ) as {
      shape: number[];
      dims: number[];
      label: number;
      value: number;
      qform: number;
      sform: number;
      qs: boolean;
      dtype: string;
    }[];
    expect(rows.length).toBeGreaterThan(STUDIES);
    for (const row of rows) {
      expect(row.shape).toEqual(row.dims);
      expect(row.value).toBe(row.label);
      expect([row.qform, row.sform]).toEqual([1, 1]);
      expect(row.qs).toBe(true);
      expect(row.dtype).toBe('uint8');
    }
  });
});

describe('radset synth and demo commands', () => {
  it.each([
    [[], '--out'],
    [['--out'], '--out needs a value'],
    [['--out', 'x', '--studies', '0'], '--studies must be between 1'],
    [['--out', 'x', '--studies', 'many'], '--studies must be a whole number'],
    [['--out', 'x', '--modality', 'XA'], '--modality must be one of CT, MR, CR'],
    [
      ['--out', 'x', '--vendor', 'agfa'],
      '--vendor must be one of siemens, ge, philips, canon, mixed',
    ],
    [['--out', 'x', '--size', '8'], '--size must be between 16'],
    [['--out', 'x', '--slices', '-3'], '--slices must be a whole number'],
    [['--out', 'x', '--seed', 'a b'], '--seed must be'],
    [['--out', 'x', '--bogus', '1'], "unknown option '--bogus'"],
    [['--out', 'x', 'extra'], "unexpected argument 'extra'"],
    [['--out', 'x', '--seed', '1', '--seed', '2'], '--seed given twice'],
  ])('rejects %j with a usage error naming the option', async (args, message) => {
    const result = await run(['synth', ...args]);
    expect(result.code).toBe(64);
    expect(result.stderr).toContain('error USAGE');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('Usage: radset synth');
  });

  it('writes a study set and says where the masks are', async () => {
    const out = join(root, 'cli');
    const result = await run([
      'synth',
      '--out',
      out,
      '--studies',
      '2',
      '--modality',
      'cr',
      '--size',
      '64',
      '--seed',
      'cli',
      '--vendor=philips',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Wrote 2 studies, 2 series, 2 DICOM files/);
    expect(result.stdout).toContain('masks/<series>.nii.gz');
    expect(dicomFiles(out).length).toBe(2);
    expect(readDicomFileSync(dicomFiles(out)[0]!).dataset.string('PhotometricInterpretation')).toBe(
      'MONOCHROME1',
    );
  });

  it('runs the demo, reads everything back clean, and replaces only its own folder', async () => {
    const out = join(root, 'demo');
    const first = await run(['demo', '--out', out]);
    expect(first.stderr).toBe('');
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toMatch(/catalog: 8 patients, 8 studies, \d+ series, 170 instances/);
    // Every CT and MR series of the catalog becomes a NIfTI volume with a sidecar.
    expect(first.stdout).toMatch(/Exported \d+ CT\/MR volumes from the catalog as NIfTI/);
    const nifti = readdirSync(join(out, 'nifti'));
    expect(nifti.filter((name) => name.endsWith('.nii.gz')).length).toBeGreaterThan(0);
    expect(nifti.filter((name) => name.endsWith('.json')).length).toBe(
      nifti.filter((name) => name.endsWith('.nii.gz')).length,
    );
    expect(first.stdout).toContain('Reader warnings: none');
    expect(first.stdout).toContain('Errors: none');
    expect(first.stdout).toMatch(/Implicit VR Little Endian/);
    const again = await run(['demo', '--out', out]);
    expect(again.code, again.stdout).toBe(0);
    const foreign = join(root, 'not-a-demo');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'keep.txt'), 'mine');
    const refused = await run(['demo', '--out', foreign]);
    expect(refused.code).toBe(64);
    expect(refused.stderr).toContain('was not made by radset demo');
    expect(readFileSync(join(foreign, 'keep.txt'), 'utf8')).toBe('mine');
  });
});
