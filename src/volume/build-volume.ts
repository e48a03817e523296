import {
  applyModalityTransform,
  allocateStoredValues,
  applyPaletteColorLut,
  decodeFrame,
  normalizeStoredBits,
  PIXEL_DATA_TAGS,
  readPaletteColorLut,
  readPixelDescription,
  storedValueType,
  storedValueTypeOf,
  ybrToRgb,
  type DecodedFrame,
  type DicomFile,
  type ModalityTransform,
} from '../dicom/index.js';
import { add, affineColumn, affineFromColumns, scale, type Affine } from './affine.js';
import type { StackPlan } from './stack-plan.js';
import type { Rescale, Volume, VoxelArray } from './volume.js';
import type { VolumeFrame } from './volume-frame.js';
import type { VolumeWarning } from './volume-warning.js';

/**
 * Reads one instance, pixel data included; `source` is a VolumeFrame's
 * `source`. buildVolume finishes with an instance before loading the next,
 * so a loader may reuse one buffer for every read.
 */
export type InstanceLoader = (source: string) => Promise<DicomFile>;

/** A built volume and what was noticed building it. */
export interface BuiltVolume {
  readonly volume: Volume;
  readonly warnings: readonly VolumeWarning[];
}

/**
 * Row order of the built voxels: 'top-down' as DICOM stores them, or
 * 'bottom-up' (rows reversed, `ijkToLps` adjusted to match), the order
 * NIfTI writers use; building it so saves a second pass over the volume.
 */
export type RowOrder = 'top-down' | 'bottom-up';

/** Options of {@link buildVolume}. */
export interface BuildVolumeOptions {
  readonly modality: string | undefined;
  readonly rowOrder?: RowOrder;
}

type Container = 'same' | 'float32';

function sameTransform(a: ModalityTransform, b: ModalityTransform): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'identity') return true;
  if (a.kind === 'rescale' && b.kind === 'rescale')
    return a.RescaleSlope === b.RescaleSlope && a.RescaleIntercept === b.RescaleIntercept;
  return a === b;
}

/**
 * The rescale a whole volume can share (PS3.3 C.11.1.1.2): one slope and
 * intercept for every frame keeps the stored values; otherwise (slopes that
 * differ per slice, as PET and some Philips MR have, or a Modality LUT)
 * voxels become float32 physical values.
 */
function volumeRescale(
  frames: readonly VolumeFrame[],
  modality: string | undefined,
): { rescale: Rescale; container: Container; varies: boolean } {
  const first = frames[0] as VolumeFrame;
  // Frames stored with other bit depths or signedness cannot share one container either.
  const uniform = frames.every(
    (frame) =>
      sameTransform(frame.transform, first.transform) &&
      frame.bitsAllocated === first.bitsAllocated &&
      frame.pixelRepresentation === first.pixelRepresentation,
  );
  const t = first.transform;
  const units =
    (t.kind === 'rescale' ? t.RescaleType : undefined) ?? (modality === 'CT' ? 'HU' : undefined);
  if (uniform && t.kind !== 'lut') {
    return {
      rescale: {
        slope: t.kind === 'rescale' ? t.RescaleSlope : 1,
        intercept: t.kind === 'rescale' ? t.RescaleIntercept : 0,
        units,
      },
      container: 'same',
      varies: false,
    };
  }
  return { rescale: { slope: 1, intercept: 0, units }, container: 'float32', varies: !uniform };
}

function allocate(like: VoxelArray, length: number): VoxelArray {
  const Constructor = like.constructor as new (length: number) => VoxelArray;
  return new Constructor(length);
}

/** Frame values ready to copy: colour converted to RGB, palette applied. */
function colourValues(frame: DecodedFrame, dicom: DicomFile): VoxelArray {
  if (frame.description.PhotometricInterpretation === 'PALETTE COLOR') {
    return applyPaletteColorLut(frame, readPaletteColorLut(dicom.dataset));
  }
  if (frame.description.SamplesPerPixel === 3) return ybrToRgb(frame).values;
  return frame.values;
}

/**
 * Decodes a planned stack into a volume: each instance is read once, every
 * frame (or mosaic tile) copied into its (t, k) slot.
 */
export async function buildVolume(
  plan: StackPlan,
  load: InstanceLoader,
  options: BuildVolumeOptions,
): Promise<BuiltVolume> {
  const { modality } = options;
  const bottomUp = options.rowOrder === 'bottom-up';
  const all = plan.frames.flat();
  const first = all[0] as VolumeFrame;
  const colour = first.samplesPerPixel === 3 || first.photometric === 'PALETTE COLOR';
  const samples = colour ? 3 : 1;
  const { rescale, container, varies } = volumeRescale(all, modality);
  const sliceSamples = plan.rows * plan.columns * samples;
  const slices = plan.frames[0]?.length ?? 0;
  const volumeCount = plan.frames.length;
  const slot = new Map<VolumeFrame, number>();
  plan.frames.forEach((volume, t) => volume.forEach((frame, k) => slot.set(frame, t * slices + k)));
  const bySource = new Map<string, VolumeFrame[]>();
  for (const frame of all) {
    const list = bySource.get(frame.source) ?? [];
    list.push(frame);
    bySource.set(frame.source, list);
  }

  let voxels: VoxelArray | undefined;
  for (const [source, frames] of bySource) {
    const dicom = await load(source);
    if (voxels === undefined && !colour && container === 'same') {
      voxels = allocateFor(dicom, sliceSamples * slices * volumeCount);
    }
    if (voxels !== undefined && copyNativeFrames(dicom, frames, voxels, slot, plan, bottomUp)) {
      continue;
    }
    const decoded = new Map<number, VoxelArray>();
    for (const frame of frames) {
      let values = decoded.get(frame.frameIndex);
      if (values === undefined) {
        const raw = await decodeFrame(dicom, frame.frameIndex, { file: source });
        values = colour
          ? colourValues(raw, dicom)
          : container === 'float32'
            ? applyModalityTransform(raw.values, frame.transform)
            : raw.values;
        decoded.set(frame.frameIndex, values);
      }
      if (voxels === undefined) {
        voxels = allocate(
          container === 'float32' && !colour ? new Float32Array(0) : values,
          sliceSamples * slices * volumeCount,
        );
      }
      const offset = (slot.get(frame) as number) * sliceSamples;
      copyFrame(values, voxels, offset, frame, plan, samples, bottomUp);
    }
  }
  const warnings: VolumeWarning[] = [];
  if (varies) {
    warnings.push({
      code: 'rescale-varies',
      message:
        'Rescale Slope/Intercept differ between frames: voxels hold physical values as float32',
    });
  }
  return {
    volume: {
      dimensions: [plan.columns, plan.rows, slices, volumeCount],
      samplesPerVoxel: samples,
      ijkToLps: bottomUp ? flipJ(plan.ijkToLps, plan.rows) : plan.ijkToLps,
      hasGeometry: plan.hasGeometry,
      voxels: voxels ?? new Uint8Array(0),
      rescale,
    },
    warnings,
  };
}

/** The affine of the same grid with its rows in reverse order. */
function flipJ(ijkToLps: Affine, rows: number): Affine {
  const j = affineColumn(ijkToLps, 1);
  return affineFromColumns(
    affineColumn(ijkToLps, 0),
    scale(j, -1),
    affineColumn(ijkToLps, 2),
    add(affineColumn(ijkToLps, 3), scale(j, rows - 1)),
  );
}

/** The stored-value container of an instance, for a whole volume. */
function allocateFor(dicom: DicomFile, length: number): VoxelArray | undefined {
  try {
    return allocateStoredValues(storedValueType(readPixelDescription(dicom.dataset)), length);
  } catch {
    return undefined;
  }
}

/**
 * The fast path for uncompressed little-endian grey frames whose container
 * matches the volume's: rows are copied straight from the file's bytes into
 * their slots (PS3.5 8.1.1: native pixel data is the frames' samples back to
 * back), then bits above Bits Stored are cleared or sign-extended as the
 * decoder would. False when the instance needs the general decoder.
 */
function copyNativeFrames(
  dicom: DicomFile,
  frames: readonly VolumeFrame[],
  voxels: VoxelArray,
  slot: ReadonlyMap<VolumeFrame, number>,
  plan: StackPlan,
  bottomUp: boolean,
): boolean {
  if (dicom.transferSyntax?.pixelEncoding !== 'native' || !dicom.dataset.littleEndian) return false;
  let description;
  try {
    description = readPixelDescription(dicom.dataset);
  } catch {
    return false;
  }
  const element = dicom.dataset.element(PIXEL_DATA_TAGS[description.pixelDataKeyword]);
  const size = voxels.BYTES_PER_ELEMENT;
  if (
    element?.bytes === undefined ||
    element.fragments !== undefined ||
    description.SamplesPerPixel !== 1 ||
    description.BitsAllocated !== size * 8 ||
    storedValueType(description) !== storedValueTypeOf(voxels) ||
    frames.some((frame) => frame.mosaic !== undefined)
  ) {
    return false;
  }
  const rowBytes = plan.columns * size;
  const frameBytes = rowBytes * plan.rows;
  const last = Math.max(...frames.map((frame) => frame.frameIndex));
  if (element.length < (last + 1) * frameBytes) return false;
  // Buffer#copy moves a row without making a view object per row (a 512×512
  // slice has 512 of them), which is most of the cost of a naive copy.
  const target = Buffer.from(voxels.buffer, voxels.byteOffset, voxels.byteLength);
  const bytes = Buffer.from(
    element.bytes.buffer,
    element.bytes.byteOffset,
    element.bytes.byteLength,
  );
  for (const frame of frames) {
    const from = element.offset + frame.frameIndex * frameBytes;
    const base = (slot.get(frame) as number) * frameBytes;
    if (!bottomUp) {
      bytes.copy(target, base, from, from + frameBytes);
    } else {
      for (let row = 0; row < plan.rows; row++) {
        const start = from + row * rowBytes;
        bytes.copy(target, base + (plan.rows - 1 - row) * rowBytes, start, start + rowBytes);
      }
    }
    const sliceSamples = frameBytes / size;
    const first = base / size;
    normalizeStoredBits(voxels.subarray(first, first + sliceSamples), description.BitsStored);
  }
  return true;
}

/** Copies one frame (or one tile of a mosaic) into the volume at `offset`. */
function copyFrame(
  values: VoxelArray,
  voxels: VoxelArray,
  offset: number,
  frame: VolumeFrame,
  plan: StackPlan,
  samples: number,
  bottomUp: boolean,
): void {
  const rowSamples = plan.columns * samples;
  const rowAt = (row: number): number =>
    offset + (bottomUp ? plan.rows - 1 - row : row) * rowSamples;
  if (frame.mosaic === undefined) {
    if (values.length < plan.rows * rowSamples) {
      throw new RangeError(
        `${frame.source}: frame ${frame.frameIndex} has ${values.length} samples, expected ${plan.rows * rowSamples}`,
      );
    }
    if (!bottomUp) {
      voxels.set(values.subarray(0, plan.rows * rowSamples) as never, offset);
      return;
    }
    for (let row = 0; row < plan.rows; row++) {
      voxels.set(values.subarray(row * rowSamples, (row + 1) * rowSamples) as never, rowAt(row));
    }
    return;
  }
  const { tile, tilesPerRow, mosaicColumns } = frame.mosaic;
  const top = Math.floor(tile / tilesPerRow) * plan.rows;
  const left = (tile % tilesPerRow) * plan.columns;
  for (let row = 0; row < plan.rows; row++) {
    const from = ((top + row) * mosaicColumns + left) * samples;
    voxels.set(values.subarray(from, from + rowSamples) as never, rowAt(row));
  }
}
