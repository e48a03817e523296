import {
  listFiles,
  pixelDataKeywordOf,
  readDicomFileSync,
  type Dataset,
  type DicomFile,
  type ReusableReadBuffer,
} from '../dicom/index.js';
import { buildVolume, type InstanceLoader, type RowOrder } from './build-volume.js';
import { planStacks } from './stack-plan.js';
import type { Volume } from './volume.js';
import { describeFrames, type VolumeFrame } from './volume-frame.js';
import type { VolumeWarning } from './volume-warning.js';

/** One volume built from a series, with what a sidecar and a provenance record need. */
export interface SeriesVolume {
  readonly SeriesInstanceUID: string;
  /** '' for a series that is one stack, else what tells this stack apart ('echo 2', 'plane 3'…). */
  readonly label: string;
  readonly volume: Volume;
  /** Everything noticed, series-level first: the same codes dcm2niix warns about, and more. */
  readonly warnings: readonly VolumeWarning[];
  /** Header of the first instance of the stack (pixel data not needed), for sidecar fields. */
  readonly header: Dataset;
  /** SOP Instance UIDs of the instances the voxels came from, in slot order (t, then k), without repeats. */
  readonly sourceInstances: readonly string[];
  readonly gantryTiltDeg: number;
  /** Whether the voxel rows are as DICOM stores them or reversed (see RowOrder). */
  readonly rowOrder: RowOrder;
}

/** Options of {@link volumesFromInstances} and {@link volumesFromFiles}. */
export interface SeriesVolumeOptions {
  /** Default 'top-down', DICOM's order; NIfTI writers ask for 'bottom-up'. */
  readonly rowOrder?: RowOrder;
}

/** An input that is not part of any volume, and why. */
export interface SkippedInput {
  readonly source: string;
  readonly reason: string;
}

/** One instance: where it is and its header. */
export interface InstanceHeader {
  readonly source: string;
  readonly dataset: Dataset;
}

/** Builds every volume of the given instances' series (grouped by Series Instance UID). */
export async function volumesFromInstances(
  instances: readonly InstanceHeader[],
  load: InstanceLoader,
  options: SeriesVolumeOptions = {},
): Promise<{ volumes: SeriesVolume[]; skipped: SkippedInput[] }> {
  const skipped: SkippedInput[] = [];
  const bySeries = new Map<string, { frames: VolumeFrame[]; headers: Map<string, Dataset> }>();
  for (const { source, dataset } of instances) {
    if (pixelDataKeywordOf(dataset) === undefined) {
      skipped.push({ source, reason: 'no pixel data (not an image)' });
      continue;
    }
    let frames: VolumeFrame[];
    try {
      frames = describeFrames(dataset, source);
    } catch (error) {
      skipped.push({ source, reason: error instanceof Error ? error.message : String(error) });
      continue;
    }
    const uid = dataset.string('SeriesInstanceUID') ?? '';
    const series = bySeries.get(uid) ?? { frames: [], headers: new Map<string, Dataset>() };
    series.frames.push(...frames);
    series.headers.set(source, dataset);
    bySeries.set(uid, series);
  }
  const volumes: SeriesVolume[] = [];
  for (const [uid, series] of bySeries) {
    const { stacks, warnings } = planStacks(series.frames);
    for (const stack of stacks) {
      const first = stack.frames[0]?.[0] as VolumeFrame;
      const header = series.headers.get(first.source) as Dataset;
      try {
        const rowOrder = options.rowOrder ?? 'top-down';
        const built = await buildVolume(stack, load, {
          modality: header.string('Modality'),
          rowOrder,
        });
        volumes.push({
          SeriesInstanceUID: uid,
          label: stack.label,
          volume: built.volume,
          warnings: [...warnings, ...stack.warnings, ...built.warnings],
          header,
          sourceInstances: [...new Set(stack.frames.flat().map((f) => f.SOPInstanceUID))],
          gantryTiltDeg: stack.gantryTiltDeg,
          rowOrder,
        });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        for (const source of new Set(stack.frames.flat().map((f) => f.source))) {
          skipped.push({
            source,
            reason: `series ${uid}${stack.label ? ` (${stack.label})` : ''}: ${reason}`,
          });
        }
      }
    }
  }
  return { volumes, skipped };
}

/**
 * Builds volumes straight from files and folders (searched recursively,
 * whatever the file names): headers are read first, without pixel data, then
 * each stack's files are read once more, whole, while it is built.
 */
export async function volumesFromFiles(
  paths: readonly string[],
  options: SeriesVolumeOptions = {},
): Promise<{ volumes: SeriesVolume[]; skipped: SkippedInput[] }> {
  const instances: InstanceHeader[] = [];
  const skipped: SkippedInput[] = [];
  for (const listed of await listFiles(paths)) {
    if (listed.error !== undefined) {
      skipped.push({ source: listed.path, reason: listed.error.message });
      continue;
    }
    try {
      // Synchronous reads: for hundreds of small header reads they cost a
      // fraction of the promise round trips of the asynchronous reader.
      const dicom = readDicomFileSync(listed.path, { headerOnly: true });
      if (dicom.dataset.string('SOPClassUID') === '1.2.840.10008.1.3.10') {
        skipped.push({
          source: listed.path,
          reason: 'a DICOMDIR (Media Storage Directory), not an image',
        });
        continue;
      }
      instances.push({ source: listed.path, dataset: dicom.dataset });
    } catch (error) {
      skipped.push({
        source: listed.path,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  // buildVolume is done with one instance before it loads the next, so every
  // file can be read into the same buffer.
  const reuse: ReusableReadBuffer = { buffer: undefined };
  const load = (source: string): Promise<DicomFile> =>
    Promise.resolve(readDicomFileSync(source, { reuse }));
  const result = await volumesFromInstances(instances, load, options);
  return { volumes: result.volumes, skipped: [...skipped, ...result.skipped] };
}
