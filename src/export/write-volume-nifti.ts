import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RadsetError } from '../errors.js';
import {
  NIFTI_XFORM,
  writeNifti,
  type NiftiDatatype,
  type NiftiVoxelData,
} from '../nifti/index.js';
import { affineSpacingMm, type SeriesVolume, type VoxelArray } from '../volume/index.js';
import { niftiLayout } from './nifti-layout.js';
import { niftiSidecar, type SidecarProvenance } from './nifti-sidecar.js';

/** Options of {@link writeVolumeNifti}. */
export interface VolumeNiftiOptions extends SidecarProvenance {
  /** `.nii.gz` (default) or `.nii`. */
  readonly gzip: boolean;
  readonly compressionLevel?: number;
  readonly threads?: number;
}

/** The files written for one volume. */
export interface WrittenVolume {
  readonly nifti: string;
  readonly sidecar: string;
}

function datatypeOf(voxels: VoxelArray, samples: number): NiftiDatatype {
  if (samples === 3) return 'rgb24';
  if (voxels instanceof Uint8Array) return 'uint8';
  if (voxels instanceof Int8Array) return 'int8';
  if (voxels instanceof Int16Array) return 'int16';
  if (voxels instanceof Uint16Array) return 'uint16';
  if (voxels instanceof Int32Array) return 'int32';
  if (voxels instanceof Uint32Array) return 'uint32';
  if (voxels instanceof Float32Array) return 'float32';
  return 'float64';
}

/** NIfTI RGB24 holds 8 bits a channel: wider colour keeps the top 8 bits of its container. */
export function rgb24(voxels: VoxelArray): Uint8Array {
  if (voxels instanceof Uint8Array) return voxels;
  const shift = voxels.BYTES_PER_ELEMENT * 8 - 8;
  const out = new Uint8Array(voxels.length);
  for (let i = 0; i < voxels.length; i++) out[i] = ((voxels[i] as number) >>> shift) & 0xff;
  return out;
}

/** A file name part made of safe characters. */
function slug(text: string): string {
  return text.replace(/[^A-Za-z0-9.=-]+/g, '_').replace(/^_+|_+$/g, '');
}

/** `<SeriesInstanceUID>[_<label>]`: unique per volume, and traceable to the series. */
export function volumeFileStem(volume: Pick<SeriesVolume, 'SeriesInstanceUID' | 'label'>): string {
  const uid = slug(volume.SeriesInstanceUID) || 'series';
  return volume.label === '' ? uid : `${uid}_${slug(volume.label)}`;
}

/**
 * Writes one volume as NIfTI-1 (in dcm2niix's layout, see niftiLayout) with
 * its JSON sidecar, both atomically. Stored values keep their type with the
 * volume's rescale as scl_slope/scl_inter (NIfTI-1 "DATA SCALING"); colour
 * is RGB24. Geometry-less volumes get qform/sform code 0 (no spatial claim).
 */
export async function writeVolumeNifti(
  volume: SeriesVolume,
  outDir: string,
  options: VolumeNiftiOptions,
): Promise<WrittenVolume> {
  const v = volume.volume;
  const canonical = volume.header.string('MRAcquisitionType')?.trim().toUpperCase() === '3D';
  const layout = niftiLayout(v, {
    canonical,
    rowsReversed: volume.rowOrder === 'bottom-up',
    resampled: options.resampled !== undefined,
  });
  const [nx, ny, nz, nt] = layout.dimensions;
  const spacing = affineSpacingMm(layout.srowRas);
  const repetitionSeconds = (volume.header.number('RepetitionTime') ?? 1000) / 1000;
  const datatype = datatypeOf(layout.voxels, v.samplesPerVoxel);
  const data: NiftiVoxelData = datatype === 'rgb24' ? rgb24(layout.voxels) : layout.voxels;
  const stem = join(outDir, volumeFileStem(volume));
  const nifti = `${stem}${options.gzip ? '.nii.gz' : '.nii'}`;
  const sidecar = `${stem}.json`;
  const xform = v.hasGeometry ? NIFTI_XFORM.SCANNER_ANAT : NIFTI_XFORM.UNKNOWN;
  await writeNifti(
    nifti,
    {
      dimensions: nt > 1 ? [nx, ny, nz, nt] : [nx, ny, nz],
      pixdim: nt > 1 ? [...spacing, repetitionSeconds] : spacing,
      datatype,
      data,
      sclSlope: v.rescale.slope,
      sclInter: v.rescale.intercept,
      srow: layout.srowRas,
      sformCode: xform,
      qformCode: xform,
      description: `radset ${options.radsetVersion}${volume.label ? ` ${volume.label}` : ''}`,
    },
    {
      gzip: options.gzip,
      ...(options.compressionLevel === undefined
        ? {}
        : { compressionLevel: options.compressionLevel }),
      ...(options.threads === undefined ? {} : { threads: options.threads }),
    },
  );
  try {
    await writeFile(
      `${sidecar}.tmp`,
      `${JSON.stringify(niftiSidecar(volume, layout, options), null, 2)}\n`,
    );
    await rename(`${sidecar}.tmp`, sidecar);
  } catch (error) {
    throw new RadsetError('OUTPUT_WRITE_FAILED', `${sidecar}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  return { nifti, sidecar };
}
