/**
 * Where `radset nifti SERIES --out DIR [--uncompressed]` spends its time:
 * the same steps the command takes (src/volume volumesFromFiles →
 * src/export writeVolumeNifti → src/nifti writeNifti), called one by one in
 * one fresh process and timed apart, with the garbage collector's pauses
 * counted per step. bench/volume/run.ts runs it a few times as a child
 * process and reports the medians; by hand:
 *
 *   UV_THREADPOOL_SIZE=4 node --import tsx bench/volume/radset-phases.ts SERIES OUT_DIR nii|nii.gz
 *
 * (UV_THREADPOOL_SIZE as bin/radset.js sets it, before the pool starts, so
 * the parallel gzip gets as many threads as the CLI's.) Prints one JSON
 * object ({@link PhaseTimings}) on stdout. Process start-up and module
 * loading happen before the first step and are not in these figures: the
 * bench measures them apart (`radset --version`).
 */
import { mkdir, open, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PerformanceObserver, performance, type PerformanceEntry } from 'node:perf_hooks';
import {
  listFiles,
  parsePart10,
  readDicomFile,
  type Dataset,
  type DicomFile,
} from '../../src/dicom/index.js';
import { niftiLayout, niftiSidecar, volumeFileStem } from '../../src/export/index.js';
import {
  NIFTI_XFORM,
  encodeNifti1,
  gzipParallel,
  type NiftiDatatype,
  type NiftiImage,
} from '../../src/nifti/index.js';
import {
  affineSpacingMm,
  buildVolume,
  describeFrames,
  planStacks,
  type VolumeFrame,
  type VoxelArray,
} from '../../src/volume/index.js';
import { PHASES, type PhaseName, type PhaseTimings } from './results.js';

/** A phase, or the whole build (read + parse + decode) that decode is worked out from. */
type SpanName = PhaseName | 'build';

function datatypeOf(voxels: VoxelArray): NiftiDatatype {
  if (voxels instanceof Uint8Array) return 'uint8';
  if (voxels instanceof Int8Array) return 'int8';
  if (voxels instanceof Int16Array) return 'int16';
  if (voxels instanceof Uint16Array) return 'uint16';
  if (voxels instanceof Int32Array) return 'int32';
  if (voxels instanceof Uint32Array) return 'uint32';
  if (voxels instanceof Float32Array) return 'float32';
  return 'float64';
}

async function main(): Promise<void> {
  const [series, outDir, format] = process.argv.slice(2);
  if (series === undefined || outDir === undefined || (format !== 'nii' && format !== 'nii.gz'))
    throw new Error('usage: radset-phases.ts SERIES_DIR OUT_DIR nii|nii.gz');
  const gzip = format === 'nii.gz';

  const gcPauses: PerformanceEntry[] = [];
  const observer = new PerformanceObserver((list) => gcPauses.push(...list.getEntries()));
  observer.observe({ entryTypes: ['gc'] });
  // Every timed interval, by phase (read and parse happen once per file, inside the build).
  const spans: { name: SpanName; start: number; end: number }[] = [];
  const timed = async <T>(name: SpanName, body: () => Promise<T> | T): Promise<T> => {
    const start = performance.now();
    const result = await body();
    spans.push({ name, start, end: performance.now() });
    return result;
  };
  const started = performance.now();

  const listed = await timed('list', () => listFiles([series]));
  const headers = await timed('headers', async () => {
    const out: { source: string; dataset: Dataset }[] = [];
    for (const file of listed) {
      if (file.error !== undefined) throw new Error(`${file.path}: ${file.error.message}`);
      out.push({
        source: file.path,
        dataset: (await readDicomFile(file.path, { headerOnly: true })).dataset,
      });
    }
    return out;
  });
  const stacks = await timed('plan', () => {
    const frames: VolumeFrame[] = headers.flatMap((h) => describeFrames(h.dataset, h.source));
    return planStacks(frames).stacks;
  });
  const stack = stacks[0];
  if (stacks.length !== 1 || stack === undefined)
    throw new Error(`${series}: expected one stack, planStacks found ${stacks.length}`);
  const firstSource = stack.frames[0]?.[0]?.source;
  const header = headers.find((h) => h.source === firstSource)?.dataset;
  if (header === undefined) throw new Error(`${series}: no header for the stack's first frame`);

  // buildVolume with a loader that times its two halves; the rest of the build is decode + copy.
  const load = async (source: string): Promise<DicomFile> => {
    const bytes = await timed('read', () => readFile(source));
    return timed('parse', () => parsePart10(bytes, { file: source }));
  };
  const buildStart = performance.now();
  const built = await buildVolume(stack, load, {
    modality: header.string('Modality'),
    rowOrder: 'bottom-up',
  });
  spans.push({ name: 'build', start: buildStart, end: performance.now() });

  const volume = built.volume;
  const canonical = header.string('MRAcquisitionType')?.trim().toUpperCase() === '3D';
  const layout = await timed('flip', () =>
    niftiLayout(volume, { canonical, rowsReversed: true, resampled: false }),
  );
  const [nx, ny, nz] = layout.dimensions;
  const image: NiftiImage = {
    dimensions: [nx, ny, nz],
    pixdim: affineSpacingMm(layout.srowRas),
    datatype: datatypeOf(layout.voxels),
    data: layout.voxels,
    sclSlope: volume.rescale.slope,
    sclInter: volume.rescale.intercept,
    srow: layout.srowRas,
    sformCode: NIFTI_XFORM.SCANNER_ANAT,
    qformCode: NIFTI_XFORM.SCANNER_ANAT,
    description: 'radset phases',
  };
  const bytes = await timed('encode', async () => {
    const chunks = encodeNifti1(image);
    return gzip ? gzipParallel(chunks, { level: 6 }) : chunks;
  });
  const stem = join(outDir, `${series.split('/').filter(Boolean).pop() ?? 'series'}-phases`);
  const niftiPath = `${stem}.${format}`;
  await timed('write', async () => {
    await mkdir(outDir, { recursive: true });
    const temporary = `${niftiPath}.tmp`;
    await rm(temporary, { force: true });
    const handle = await open(temporary, 'wx');
    try {
      await handle.writev(bytes);
    } finally {
      await handle.close();
    }
    await rename(temporary, niftiPath);
  });
  await timed('sidecar', async () => {
    const seriesVolume = {
      SeriesInstanceUID: header.string('SeriesInstanceUID') ?? '',
      label: stack.label,
      volume,
      warnings: built.warnings,
      header,
      sourceInstances: [...new Set(stack.frames.flat().map((f) => f.SOPInstanceUID))],
      gantryTiltDeg: stack.gantryTiltDeg,
      rowOrder: 'bottom-up' as const,
    };
    const sidecar = niftiSidecar(seriesVolume, layout, { radsetVersion: 'phases', from: 'files' });
    await writeFile(
      join(outDir, `${volumeFileStem(seriesVolume)}-phases.json`),
      `${JSON.stringify(sidecar, null, 2)}\n`,
    );
  });
  const totalMs = performance.now() - started;

  // Let the observer deliver the last entries before reading them.
  await new Promise((resolve) => setTimeout(resolve, 50));
  observer.disconnect();
  const sum = (name: SpanName, of: (span: { start: number; end: number }) => number): number =>
    spans.filter((s) => s.name === name).reduce((total, span) => total + of(span), 0);
  const duration = (span: { start: number; end: number }): number => span.end - span.start;
  const gcWithin = (span: { start: number; end: number }): number =>
    gcPauses
      .filter((g) => g.startTime >= span.start && g.startTime < span.end)
      .reduce((total, g) => total + g.duration, 0);
  const phases = PHASES.map(({ name }) => {
    if (name !== 'decode') return { name, ms: sum(name, duration), gcMs: sum(name, gcWithin) };
    const inLoader = (of: typeof duration): number => sum('read', of) + sum('parse', of);
    return {
      name,
      ms: sum('build', duration) - inLoader(duration),
      gcMs: sum('build', gcWithin) - inLoader(gcWithin),
    };
  });
  const timings: PhaseTimings = {
    format,
    files: listed.length,
    voxelBytes: layout.voxels.byteLength,
    outputBytes: bytes.reduce((sum, chunk) => sum + chunk.length, 0),
    totalMs,
    gcMs: gcPauses.reduce((sum, g) => sum + g.duration, 0),
    phases,
  };
  process.stdout.write(`${JSON.stringify(timings)}\n`);
}

await main();
