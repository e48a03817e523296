/**
 * src/nifti against nibabel (the reference Python NIfTI implementation):
 * files radset writes read back in nibabel with the same shape, dtype,
 * affines, scaling, units and voxels; every NIfTI file of the corpus
 * (corpus/nifti/nibabel) reads in radset as nibabel reads it. Also prints
 * (never asserts) parallel gzip throughput against zlib and pigz.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { RadsetError } from '../src/errors.js';
import {
  affineFromQform,
  gzipParallel,
  niftiAffine,
  qformFromAffine,
  readNifti,
  readNiftiHeader,
  writeNifti,
  type NiftiAffine,
  type NiftiImage,
  type NiftiVoxelData,
} from '../src/nifti/index.js';
import { loadManifest, requireCorpus } from './support/corpus.js';
import { ctLikeVolume } from './support/ct-like-volume.js';
import { PYTHON3, requirePeer } from './support/peers.js';

const dir = mkdtempSync(join(tmpdir(), 'radset-nifti-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What nibabel reports about one file (see NIBABEL_SCRIPT). */
interface NibabelView {
  readonly shape: number[];
  readonly dtype: string;
  readonly affine: number[][];
  readonly sform: number[][];
  readonly qform: number[][];
  readonly sformCode: number;
  readonly qformCode: number;
  readonly slope: number;
  readonly inter: number;
  readonly units: [string, string];
  readonly sha256: string | null;
  readonly values: number[] | null;
  readonly error?: string;
}

/**
 * Loads each file with nibabel (Nifti2Image for CIFTI, whose own class
 * would parse the XML), and prints JSON: geometry, scaling, and a SHA-256 of
 * the unscaled voxels, little endian in file (Fortran) order, plus the values
 * of small images. Header-only pairs report no digest.
 */
const NIBABEL_SCRIPT = `
import sys, json, hashlib, numpy as np, nibabel as nib
out = {}
for path in sys.argv[1:]:
    try:
        img = nib.Nifti2Image.load(path) if path.endswith('.dconn.nii') else nib.load(path)
        h = img.header
        dt = h.get_data_dtype()
        item = {
            'shape': list(img.shape),
            'dtype': 'rgb24' if dt.names else dt.name,
            'affine': img.affine.tolist(),
            'sform': h.get_sform().tolist(),
            'qform': h.get_qform().tolist(),
            'sformCode': int(h['sform_code']),
            'qformCode': int(h['qform_code']),
            'slope': float(img.dataobj.slope),
            'inter': float(img.dataobj.inter),
            'units': list(h.get_xyzt_units()),
            'sha256': None,
            'values': None,
        }
        try:
            a = np.asanyarray(img.dataobj.get_unscaled())
            a = a.astype(a.dtype.newbyteorder('<'))
            item['sha256'] = hashlib.sha256(a.tobytes(order='F')).hexdigest()
            if a.size <= 200 and not dt.names:
                item['values'] = a.flatten(order='F').astype(float).tolist()
        except FileNotFoundError:
            pass
        out[path] = item
    except Exception as e:
        out[path] = {'error': type(e).__name__ + ': ' + str(e)}
print(json.dumps(out))
`;

function nibabel(paths: readonly string[]): Record<string, NibabelView> {
  return JSON.parse(
    execFileSync(PYTHON3, ['-c', NIBABEL_SCRIPT, ...paths], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    }),
  ) as Record<string, NibabelView>;
}

function sha256(data: NiftiVoxelData): string {
  return createHash('sha256')
    .update(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
    .digest('hex');
}

function expectAffine(
  actual: number[][],
  expected: NiftiAffine,
  tolerance: number,
  what: string,
): void {
  const flat = actual.flat();
  expect(flat.length).toBe(16);
  flat.forEach((v, i) =>
    expect(
      Math.abs(v - (expected[i] ?? NaN)),
      `${what} element ${i}: ${v} vs ${expected[i]}`,
    ).toBeLessThan(tolerance),
  );
}

/** An affine: rotation (about x, y, z, radians) × voxel sizes, then an offset; flipK makes it left-handed. */
function affine(
  angles: readonly [number, number, number],
  sizes: readonly [number, number, number],
  offset: readonly [number, number, number],
  flipK = false,
): NiftiAffine {
  const [ax, ay, az] = angles;
  const [cx, sx, cy, sy, cz, sz] = [
    Math.cos(ax),
    Math.sin(ax),
    Math.cos(ay),
    Math.sin(ay),
    Math.cos(az),
    Math.sin(az),
  ];
  // Rz · Ry · Rx
  const r = [
    [cz * cy, cz * sy * sx - sz * cx, cz * sy * cx + sz * sx],
    [sz * cy, sz * sy * sx + cz * cx, sz * sy * cx - cz * sx],
    [-sy, cy * sx, cy * cx],
  ];
  const out: number[] = [];
  for (let row = 0; row < 3; row++) {
    for (let c = 0; c < 3; c++)
      out.push((r[row]?.[c] ?? 0) * (sizes[c] ?? 1) * (c === 2 && flipK ? -1 : 1));
    out.push(offset[row] ?? 0);
  }
  return [...out, 0, 0, 0, 1];
}

const AXIAL_LPS_AS_RAS = affine([0, 0, 0], [-0.7, -0.7, 1.25], [120, 110, -300]); // det > 0 after two flips
const OBLIQUE = affine([0.25, -0.1, 0.4], [0.9, 1.1, 2.5], [-12.5, 40, 7]);
const LEFT_HANDED_OBLIQUE = affine([0.3, 0.2, -0.35], [0.8, 0.8, 3], [50, -60, 70], true);

interface WrittenCase {
  readonly name: string;
  readonly image: NiftiImage;
  /** nibabel's dtype name. */
  readonly dtype: string;
}

function ramp<T extends NiftiVoxelData>(
  make: new (length: number) => T,
  length: number,
  f: (i: number) => number,
): T {
  const out = new make(length);
  for (let i = 0; i < length; i++) out[i] = f(i);
  return out;
}

const CASES: readonly WrittenCase[] = [
  {
    name: 'int16-scaled-oblique-q1s1',
    dtype: 'int16',
    image: {
      dimensions: [7, 6, 5],
      pixdim: [0.9, 1.1, 2.5],
      datatype: 'int16',
      data: ramp(Int16Array, 210, (i) => ((i * 97) % 3000) - 1024),
      sclSlope: 2,
      sclInter: -1024,
      qformCode: 1,
      sformCode: 1,
      srow: OBLIQUE,
      description: 'int16 with slope 2, intercept −1024',
    },
  },
  {
    name: 'float32-4d-left-handed',
    dtype: 'float32',
    image: {
      dimensions: [5, 4, 3, 3],
      pixdim: [0.8, 0.8, 3, 2.5],
      datatype: 'float32',
      data: ramp(Float32Array, 180, (i) => Math.sin(i) * 1000),
      qformCode: 1,
      sformCode: 1,
      srow: LEFT_HANDED_OBLIQUE,
      xyztUnits: 2 | 8,
    },
  },
  {
    name: 'uint8-q0-s2',
    dtype: 'uint8',
    image: {
      dimensions: [6, 5, 4],
      pixdim: [0.7, 0.7, 1.25],
      datatype: 'uint8',
      data: ramp(Uint8Array, 120, (i) => i % 4),
      qformCode: 0,
      sformCode: 2,
      srow: AXIAL_LPS_AS_RAS,
      intentCode: 1002,
      intentName: 'labels',
    },
  },
  {
    name: 'int16-q1-s0',
    dtype: 'int16',
    image: {
      dimensions: [4, 4, 4],
      pixdim: [0.9, 1.1, 2.5],
      datatype: 'int16',
      data: ramp(Int16Array, 64, (i) => i * 7),
      qformCode: 1,
      sformCode: 0,
      srow: OBLIQUE,
      xyztUnits: 2 | 16,
    },
  },
  {
    // A rotation of 180° (a = 0): the writer stores b, c, d so that float32 readers get a = 0.
    name: 'int16-coronal-180',
    dtype: 'int16',
    image: {
      dimensions: [3, 3, 3],
      pixdim: [0.2, 0.2, 1],
      datatype: 'int16',
      data: ramp(Int16Array, 27, (i) => i),
      qformCode: 1,
      sformCode: 1,
      srow: affine([Math.PI / 2, 0, Math.PI], [0.2, 0.2, 1], [5, 5, 5]),
    },
  },
  {
    name: 'rgb24',
    dtype: 'rgb24',
    image: {
      dimensions: [4, 3, 2],
      pixdim: [1, 1, 1],
      datatype: 'rgb24',
      data: ramp(Uint8Array, 72, (i) => (i * 37) % 256),
      qformCode: 1,
      sformCode: 1,
      srow: affine([0, 0, 0], [1, 1, 1], [0, 0, 0]),
    },
  },
  ...(
    [
      ['int8', Int8Array, (i: number) => (i % 200) - 100],
      ['uint16', Uint16Array, (i: number) => i * 900],
      ['int32', Int32Array, (i: number) => (i - 30) * 70000],
      ['uint32', Uint32Array, (i: number) => i * 60000000],
      ['float64', Float64Array, (i: number) => i / 3],
    ] as const
  ).map(([datatype, make, f]): WrittenCase => ({
    name: datatype,
    dtype: datatype,
    image: {
      dimensions: [4, 3, 5],
      pixdim: [1.5, 1.5, 1.5],
      datatype,
      data: ramp(make as new (n: number) => NiftiVoxelData, 60, f),
      qformCode: 2,
      sformCode: 2,
      srow: affine([0.1, 0.2, 0.3], [1.5, 1.5, 1.5], [1, 2, 3]),
    },
  })),
];

describe('nibabel reads what writeNifti writes', () => {
  it('agrees on shape, dtype, sform, qform, codes, scaling, units and voxels (.nii and .nii.gz)', async (ctx) => {
    requirePeer(ctx, 'nibabel', { pythonModule: 'nibabel' });
    const files: { path: string; written: WrittenCase }[] = [];
    for (const written of CASES) {
      for (const extension of ['.nii', '.nii.gz']) {
        const path = join(dir, `${written.name}${extension}`);
        await writeNifti(path, written.image, { threads: 2 });
        files.push({ path, written });
      }
    }
    const views = nibabel(files.map((f) => f.path));
    for (const { path, written } of files) {
      const view = views[path];
      const { image } = written;
      expect(view?.error, path).toBeUndefined();
      if (view === undefined) continue;
      expect(view.shape, path).toEqual([...image.dimensions]);
      expect(view.dtype, path).toBe(written.dtype);
      expect(view.sformCode, path).toBe(image.sformCode ?? 0);
      expect(view.qformCode, path).toBe(image.qformCode ?? 0);
      const srow = image.srow ?? [];
      if ((image.sformCode ?? 0) > 0) expectAffine(view.sform, srow, 1e-5, `${path} sform`);
      // The qform derived from the sform is the same transform (these affines are orthogonal).
      expectAffine(view.qform, srow, 1e-5, `${path} qform`);
      expect(view.slope, path).toBe(image.sclSlope ?? 1);
      expect(view.inter, path).toBe(image.sclInter ?? 0);
      const units = image.xyztUnits ?? 10;
      expect(view.units, path).toEqual([
        { 2: 'mm' }[units & 7] ?? '?',
        { 8: 'sec', 16: 'msec' }[units & 0x38] ?? '?',
      ]);
      expect(view.sha256, path).toBe(sha256(image.data));
      if (view.values !== null) expect(view.values, path).toEqual(Array.from(image.data));
      // And radset reads its own file back to the same voxels.
      const read = await readNifti(path);
      expect(sha256(read.data), path).toBe(sha256(image.data));
    }
  });

  it('derives the same quaternion as nibabel Nifti1Header.set_qform, and the same qform affine', (ctx) => {
    requirePeer(ctx, 'nibabel', { pythonModule: 'nibabel' });
    const affines = [
      OBLIQUE,
      LEFT_HANDED_OBLIQUE,
      AXIAL_LPS_AS_RAS,
      affine([1.2, -0.7, 2.1], [0.5, 0.6, 0.7], [1, 2, 3]),
      affine([2.9, 0.1, -0.2], [1, 1, 1], [0, 0, 0], true),
      affine([Math.PI / 2, 0, Math.PI], [0.2, 0.2, 1], [5, 5, 5]), // 180°: a = 0
    ];
    const script = [
      'import sys, json, numpy as np, nibabel as nib',
      'out = []',
      'for a in json.loads(sys.argv[1]):',
      '    h = nib.Nifti1Header()',
      '    h.set_qform(np.array(a).reshape(4, 4), code=1)',
      "    out.append({'q': [float(h['quatern_b']), float(h['quatern_c']), float(h['quatern_d'])], 'qfac': float(h['pixdim'][0]), 'zooms': [float(z) for z in h['pixdim'][1:4]], 'qform': h.get_qform().tolist()})",
      'print(json.dumps(out))',
    ].join('\n');
    const results = JSON.parse(
      execFileSync(PYTHON3, ['-c', script, JSON.stringify(affines)], { encoding: 'utf8' }),
    ) as { q: number[]; qfac: number; zooms: number[]; qform: number[][] }[];
    affines.forEach((a, index) => {
      const ours = qformFromAffine(a);
      const theirs = results[index];
      expect(theirs).toBeDefined();
      if (theirs === undefined) return;
      expect(ours.quaternion.qfac, `affine ${index}`).toBe(theirs.qfac);
      const q = [ours.quaternion.quaternB, ours.quaternion.quaternC, ours.quaternion.quaternD];
      // At a 180° rotation q and −q are the same rotation; elsewhere both pick a > 0.
      const sign = q.reduce((s, v, i) => s + v * (theirs.q[i] ?? 0), 0) < 0 ? -1 : 1;
      q.forEach((v, i) =>
        expect(Math.abs(sign * v - (theirs.q[i] ?? NaN)), `affine ${index} q${i}`).toBeLessThan(
          1e-6,
        ),
      );
      ours.pixdimMm.forEach((v, i) => expect(v).toBeCloseTo(theirs.zooms[i] ?? NaN, 5));
      // nibabel reads back its own float32 b, c, d with a = √(1 − b² − c² − d²) ≈ 3e-5 at 180°
      // (a tilt of ~3e-4 here); nifti1_io, and affineFromQform, take a below 1e-7 as 0.
      const tolerance = index === affines.length - 1 ? 1e-3 : 1e-5;
      expectAffine(
        theirs.qform,
        affineFromQform(ours.quaternion, ours.pixdimMm),
        tolerance,
        `affine ${index} qform`,
      );
      expectAffine(theirs.qform, a, tolerance, `affine ${index} vs input`);
    });
  });
});

describe('radset reads the NIfTI corpus as nibabel does (corpus/nifti/nibabel)', () => {
  it('agrees on every file: shape, dtype, affine, qform and a voxel digest; header-only pairs are refused', async (ctx) => {
    requireCorpus(ctx);
    requirePeer(ctx, 'nibabel', { pythonModule: 'nibabel' });
    const entries = loadManifest().filter((e) => e.path.startsWith('nifti/'));
    expect(entries.length).toBeGreaterThanOrEqual(10);
    const views = nibabel(entries.map((e) => e.file));
    const seen = new Set<string>();
    for (const entry of entries) {
      const view = views[entry.file];
      expect(view?.error, entry.path).toBeUndefined();
      if (view === undefined) continue;
      const headerOnly = view.sha256 === null;
      const header = await readNiftiHeader(entry.file);
      expect(header.niftiVersion, entry.path).toBe(entry.modality === 'NIfTI-2' ? 2 : 1);
      expect(header.dimensions, entry.path).toEqual(view.shape);
      expect(header.datatype, entry.path).toBe(view.dtype);
      const { affine: best, source } = niftiAffine(header);
      seen.add(source);
      if (source === 'pixdim') {
        // nibabel's fallback flips x and centres the volume (Analyze); radset follows nifti1.h method 1.
        expect(best, entry.path).toEqual([
          header.pixdim[0],
          0,
          0,
          0,
          0,
          header.pixdim[1],
          0,
          0,
          0,
          0,
          header.pixdim[2],
          0,
          0,
          0,
          0,
          1,
        ]);
      } else {
        expectAffine(view.affine, best, 1e-5, `${entry.path} affine (${source})`);
      }
      if (header.qformCode > 0) {
        const qform = affineFromQform(header.quaternion, [
          header.pixdim[0] ?? 1,
          header.pixdim[1] ?? 1,
          header.pixdim[2] ?? 1,
        ]);
        // example4d's quaternion has 1 − b² − c² − d² = 1e-9: nibabel takes a = 3e-5 (a tilt
        // of ~1.4e-4), nifti1_io and affineFromQform take a = 0 (below 1e-7).
        expectAffine(view.qform, qform, 5e-4, `${entry.path} qform`);
      }
      if (headerOnly) {
        const error = await readNifti(entry.file).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, entry.path).toBeInstanceOf(RadsetError);
        expect((error as RadsetError).code, entry.path).toBe('NOT_FOUND');
        expect((error as RadsetError).message, entry.path).toContain(entry.file);
        continue;
      }
      const image = await readNifti(entry.file);
      expect(sha256(image.data), entry.path).toBe(view.sha256);
      if (view.values !== null) expect(Array.from(image.data), entry.path).toEqual(view.values);
      const scaled = image.sclSlope === 0 || Number.isNaN(image.sclSlope);
      expect(scaled ? 1 : image.sclSlope, entry.path).toBe(view.slope);
    }
    expect([...seen].sort()).toEqual(['pixdim', 'sform']);
  });
});

describe('parallel gzip throughput (printed, not asserted)', () => {
  // 512 × 512 × 256 int16: 128 MiB, a typical CT series (made on first use).
  let made: Int16Array | undefined;
  const volume = (): Int16Array => (made ??= ctLikeVolume(512, 512, 256));
  const mib = 128;
  const threads = availableParallelism();
  const rate = (ms: number): string => `${(mib / (ms / 1000)).toFixed(0)} MiB/s`;

  it('gzipParallel against zlib gzipSync (level 6)', async (ctx) => {
    const input = new Uint8Array(volume().buffer);
    let start = performance.now();
    const single = gzipSync(input, { level: 6 });
    const singleMs = performance.now() - start;
    start = performance.now();
    const parallel = await gzipParallel([input], { level: 6, threads });
    const parallelMs = performance.now() - start;
    const parallelBytes = parallel.reduce((n, c) => n + c.length, 0);
    console.log(
      `${mib} MiB CT-like int16, level 6, ${threads} threads (UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 'unset: 4'}):\n` +
        `  gzipSync     ${singleMs.toFixed(0)} ms (${rate(singleMs)}), ${single.length} bytes\n` +
        `  gzipParallel ${parallelMs.toFixed(0)} ms (${rate(parallelMs)}), ${parallelBytes} bytes (${((parallelBytes / single.length - 1) * 100).toFixed(2)}%)`,
    );
    const path = join(dir, 'ct.nii.gz');
    start = performance.now();
    await writeNifti(path, {
      dimensions: [512, 512, 256],
      pixdim: [0.7, 0.7, 1],
      datatype: 'int16',
      data: volume(),
      sclInter: -1024,
    });
    const writeMs = performance.now() - start;
    console.log(
      `  writeNifti   ${writeMs.toFixed(0)} ms for ${path} (${statSync(path).size} bytes)`,
    );
    // The big file is a valid gzip member (more than IOV_MAX blocks went through one writev).
    requirePeer(ctx, 'gzip');
    expect(spawnSync('gzip', ['-t', path]).status).toBe(0);
  });

  it('pigz at the same level and thread count', (ctx) => {
    requirePeer(ctx, 'pigz');
    const input = new Uint8Array(volume().buffer);
    const start = performance.now();
    const result = spawnSync('pigz', ['-6', '-p', String(threads), '-c'], {
      input,
      maxBuffer: 256 * 1024 * 1024,
    });
    const ms = performance.now() - start;
    expect(result.status).toBe(0);
    console.log(
      `  pigz -6 -p ${threads}  ${ms.toFixed(0)} ms (${rate(ms)}), ${result.stdout.length} bytes (incl. pipe transfer)`,
    );
  });
});
