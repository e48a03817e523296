import { mkdir } from 'node:fs/promises';
import { RadsetError } from '../../errors.js';
import { writeVolumeNifti, type WrittenVolume } from '../../export/index.js';
import {
  resampleVolume,
  volumesFromFiles,
  type ResampleOptions,
  type SeriesVolume,
  type SkippedInput,
  type Vec3,
} from '../../volume/index.js';
import type { Command, CommandContext } from '../command.js';
import { optionInteger, optionValue, parseOptions, type ParsedOptions } from '../options.js';
import { version } from '../version.js';

/** Resampling options, shared with \`radset export nifti\`. */
export const RESAMPLE_USAGE = `
Resampling (the pipeline's normalisation step; off unless asked):
  --spacing MM[,MM,MM]    resample to this voxel size in mm (one value: isotropic)
  --orientation CODE      resample so +i,+j,+k point this way: RAS, LPS, LAS…,
                          or 'source' (the series' own axes, straightened)
  --interpolation KIND    linear (images, default) or nearest (label masks)
  --straighten-tilt       resample gantry-tilted series onto a straight grid
                          (orientation 'source', same spacing); others unchanged`;

const USAGE = `Usage: radset nifti FILES_OR_DIRS… --out DIR [options]

Builds a volume from every image series in the files and folders given
(searched recursively, whatever the file names) and writes each as NIfTI-1
with a JSON sidecar, in the layout dcm2niix writes. Slices are ordered by
position along the slice normal; several stacks in one series (echoes,
planes, b-values, localizers) become separate volumes. Missing slices, gaps,
variable spacing, gantry tilt, mixed orientation and the like are printed as
warnings and recorded in the sidecar.

Options:
  --out DIR               where to write (created if missing)
  --uncompressed          write .nii instead of .nii.gz
  --compression-level N   gzip level 1-9 (default 6, as dcm2niix)
  --json                  print what was written as JSON
${RESAMPLE_USAGE}`;

/** Option kinds of the resampling options. */
export const RESAMPLE_SPEC = {
  spacing: 'value',
  orientation: 'value',
  interpolation: 'value',
  'straighten-tilt': 'flag',
} as const;

const SPEC = {
  out: 'value',
  uncompressed: 'flag',
  'compression-level': 'value',
  json: 'flag',
  ...RESAMPLE_SPEC,
} as const;

/** Options shared by `radset nifti` and `radset export nifti`. */
export interface NiftiOutputOptions {
  readonly outDir: string;
  readonly gzip: boolean;
  readonly compressionLevel: number | undefined;
  readonly json: boolean;
  /** Resample every volume so; undefined: keep the acquired grid. */
  readonly resample: ResampleOptions | undefined;
  /** Resample gantry-tilted volumes onto a straight grid of the same spacing. */
  readonly straightenTilt: boolean;
}

function spacingOption(text: string): Vec3 {
  const values = text.split(',').map((part) => Number(part.trim()));
  const [x, y, z] = values.length === 1 ? [values[0], values[0], values[0]] : values;
  if (
    (values.length !== 1 && values.length !== 3) ||
    ![x, y, z].every((v) => v !== undefined && Number.isFinite(v) && v > 0)
  ) {
    throw new RadsetError(
      'USAGE',
      `--spacing takes one or three positive millimetre values (e.g. 1 or 0.8,0.8,2), not '${text}'`,
    );
  }
  return [x as number, y as number, z as number];
}

function resampleOption(options: ParsedOptions): ResampleOptions | undefined {
  const spacing = optionValue(options, 'spacing');
  const orientation = optionValue(options, 'orientation');
  const interpolation = optionValue(options, 'interpolation') ?? 'linear';
  if (interpolation !== 'linear' && interpolation !== 'nearest')
    throw new RadsetError('USAGE', `--interpolation is linear or nearest, not '${interpolation}'`);
  if (spacing === undefined && orientation === undefined) return undefined;
  return {
    interpolation,
    ...(spacing === undefined ? {} : { spacingMm: spacingOption(spacing) }),
    ...(orientation === undefined ? {} : { orientation }),
  };
}

export function niftiOutputOptions(options: ParsedOptions, usage: string): NiftiOutputOptions {
  const outDir = optionValue(options, 'out');
  if (outDir === undefined) throw new RadsetError('USAGE', `--out DIR is required\n\n${usage}`);
  return {
    outDir,
    gzip: !options.flags.has('uncompressed'),
    compressionLevel: optionInteger(options, 'compression-level', 1, 9),
    json: options.flags.has('json'),
    resample: resampleOption(options),
    straightenTilt: options.flags.has('straighten-tilt'),
  };
}

/** One written volume, as printed. */
interface Written {
  readonly volume: SeriesVolume;
  readonly files: WrittenVolume;
}

/** Writes every volume and reports them (text or JSON); the exit code. */
export async function writeVolumes(
  volumes: readonly SeriesVolume[],
  skipped: readonly SkippedInput[],
  output: NiftiOutputOptions,
  from: 'files' | 'catalog',
  context: CommandContext,
): Promise<number> {
  await mkdir(output.outDir, { recursive: true });
  const written: Written[] = [];
  for (const built of volumes) {
    const resample =
      output.resample ??
      (output.straightenTilt && built.gantryTiltDeg > 0
        ? ({ interpolation: 'linear', orientation: 'source' } as const)
        : undefined);
    const volume =
      resample === undefined ? built : { ...built, volume: resampleVolume(built.volume, resample) };
    const files = await writeVolumeNifti(volume, output.outDir, {
      ...(resample === undefined
        ? {}
        : {
            resampled: {
              from: { dimensions: built.volume.dimensions, ijkToLps: built.volume.ijkToLps },
              interpolation: resample.interpolation,
              spacingMm: resample.spacingMm ?? 'source',
              orientation: resample.orientation ?? 'source',
            },
          }),
      gzip: output.gzip,
      ...(output.compressionLevel === undefined
        ? {}
        : { compressionLevel: output.compressionLevel }),
      radsetVersion: version(),
      from,
    });
    written.push({ volume, files });
  }
  if (output.json) {
    context.stdout.write(
      `${JSON.stringify(
        {
          volumes: written.map(({ volume, files }) => ({
            ...files,
            SeriesInstanceUID: volume.SeriesInstanceUID,
            label: volume.label,
            dimensions: volume.volume.dimensions,
            warnings: volume.warnings,
          })),
          skipped,
        },
        null,
        2,
      )}\n`,
    );
  } else {
    for (const { volume, files } of written) {
      const [x, y, z, t] = volume.volume.dimensions;
      context.stdout.write(`${files.nifti}  ${x}x${y}x${z}${t > 1 ? `x${t}` : ''}\n`);
      for (const warning of volume.warnings) {
        context.stderr.write(`  warning [${warning.code}] ${warning.message}\n`);
      }
    }
    for (const skip of skipped) context.stderr.write(`skipped ${skip.source}: ${skip.reason}\n`);
    context.stdout.write(
      `${written.length} volume(s) written to ${output.outDir}${skipped.length > 0 ? `, ${skipped.length} input(s) skipped` : ''}\n`,
    );
  }
  return written.length > 0 ? 0 : 65;
}

export const niftiCommand: Command = {
  name: 'nifti',
  summary: 'build volumes from DICOM files and write NIfTI with JSON sidecars',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const options = parseOptions(context.args, SPEC);
    if (options.flags.has('help')) {
      context.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (options.positional.length === 0)
      throw new RadsetError('USAGE', `give at least one file or folder\n\n${USAGE}`);
    const output = niftiOutputOptions(options, USAGE);
    const { volumes, skipped } = await volumesFromFiles(options.positional, {
      rowOrder: 'bottom-up',
    });
    if (volumes.length === 0) {
      for (const skip of skipped) context.stderr.write(`skipped ${skip.source}: ${skip.reason}\n`);
      throw new RadsetError(
        'NOT_FOUND',
        `no image series found in ${options.positional.join(', ')} (${skipped.length} input(s) skipped)`,
      );
    }
    return writeVolumes(volumes, skipped, output, 'files', context);
  },
};
