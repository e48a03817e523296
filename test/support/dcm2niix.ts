/**
 * Runs dcm2niix (the reference DICOM→NIfTI converter, a peer test tool) and
 * reads what it printed: one "Convert N DICOM as PATH (XxYxZxT)" line per
 * NIfTI written, and its warnings, mapped onto radset's volume warning codes
 * where the two mean the same thing.
 *
 * ```ts
 * const run = await runDcm2niix('/corpus/series/ct', outDir);
 * if (run.crashed) … // dcm2niix segfaults on some files
 * for (const file of run.niftiFiles) … // absolute paths of the .nii written
 * dcm2niixWarningKinds(run.messages); // Set { 'orientation-varies', … }
 * ```
 *
 * The output names follow `-f %j_%s` (SeriesInstanceUID, SeriesNumber), so a
 * file belongs to a series when its name starts with `${SeriesInstanceUID}_`.
 */
import { spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { VolumeWarningCode } from '../../src/volume/index.js';

/** One "Convert N DICOM as PATH (XxYxZxT)" line. */
export interface Dcm2niixConversion {
  /** How many DICOM files went into the output. */
  readonly dicomCount: number;
  /** The output path as printed: without the `.nii` extension. */
  readonly outputBase: string;
  /** Dimensions as printed (x, y, z, t). */
  readonly dimensions: readonly number[];
}

/** What one run of dcm2niix did. */
export interface Dcm2niixRun {
  /** Exit code; null when killed by a signal. */
  readonly exitCode: number | null;
  /** The signal that ended it (SIGSEGV on some corpus files), or null. */
  readonly signal: NodeJS.Signals | null;
  /** Ended by a signal (a crash or the time limit) rather than an exit. */
  readonly crashed: boolean;
  /** stdout and stderr together, in the order they arrived. */
  readonly output: string;
  readonly conversions: readonly Dcm2niixConversion[];
  /** Every printed line that is not the banner, "Found N DICOM", a conversion or the timing line. */
  readonly messages: readonly string[];
  /** Absolute paths of the `.nii` files in the output folder, sorted. */
  readonly niftiFiles: readonly string[];
}

/** dcm2niix's options for the agreement tests: BIDS sidecar, no gzip, names `%j_%s`. */
export const DCM2NIIX_ARGS: readonly string[] = ['-b', 'y', '-z', 'n', '-f', '%j_%s'];

const DEFAULT_TIMEOUT_MS = 120_000;

const CONVERT_LINE = /^Convert (\d+) DICOM as (.+) \((\d+(?:x\d+)*)\)\s*$/;
const ROUTINE_LINE =
  /^(?:Chris Rorden's dcm2niiX version|Found \d+ DICOM file|Conversion required)/;

/**
 * Name endings of the extra images dcm2niix derives from a conversion rather
 * than converts: equalised (`_Eq_1`) and tilt-corrected (`_Tilt_1`) copies,
 * cropped ROIs, and phase/real/imaginary parts split off a series.
 */
export const DCM2NIIX_DERIVED_NAME = /_(?:Eq_\d+|Tilt_\d+|ROI\d*|ph|real|imaginary)$/;

/** Splits dcm2niix's printed output into conversions and messages. */
export function parseDcm2niixOutput(text: string): {
  conversions: Dcm2niixConversion[];
  messages: string[];
} {
  const conversions: Dcm2niixConversion[] = [];
  const messages: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || ROUTINE_LINE.test(line)) continue;
    const convert = CONVERT_LINE.exec(line);
    if (convert === null) {
      messages.push(line);
      continue;
    }
    const [, count, base, dims] = convert as unknown as [string, string, string, string];
    conversions.push({
      dicomCount: Number(count),
      outputBase: base,
      dimensions: dims.split('x').map(Number),
    });
  }
  return { conversions, messages };
}

/**
 * Runs `dcm2niix -b y -z n -f %j_%s -o OUT_DIR INPUT` (OUT_DIR must exist)
 * and never throws for dcm2niix's own failures: a crash or a refusal is
 * reported in the result.
 */
export async function runDcm2niix(
  input: string,
  outDir: string,
  timeoutMs: number = DEFAULT_TIMEOUT_MS,
): Promise<Dcm2niixRun> {
  const chunks: Buffer[] = [];
  const { exitCode, signal } = await new Promise<{
    exitCode: number | null;
    signal: NodeJS.Signals | null;
  }>((resolvePromise, reject) => {
    const child = spawn('dcm2niix', [...DCM2NIIX_ARGS, '-o', outDir, input], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: timeoutMs,
    });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code, killedBy) => resolvePromise({ exitCode: code, signal: killedBy }));
  });
  const output = Buffer.concat(chunks).toString('utf8');
  const niftiFiles = (await readdir(outDir))
    .filter((name) => name.endsWith('.nii'))
    .sort()
    .map((name) => join(outDir, name));
  return {
    exitCode,
    signal,
    crashed: signal !== null,
    output,
    ...parseDcm2niixOutput(output),
    niftiFiles,
  };
}

/**
 * What a dcm2niix warning and a radset warning can both say. dcm2niix has one
 * message for uneven slice spacing whether or not slices are missing, so
 * radset's `variable-spacing` and `missing-slices` are one kind here.
 */
export type SharedWarningKind =
  | 'uneven-spacing'
  | 'instance-number-gap'
  | 'gantry-tilt'
  | 'orientation-varies'
  | 'no-geometry'
  | 'duplicate-positions';

/**
 * dcm2niix 1.0.20220720's messages (nii_dicom_batch.cpp, nii_dicom.cpp) and
 * the kind each reports. "Unable to determine slice direction" is not one:
 * dcm2niix prints it for files with full geometry too, when every frame has
 * one position (MOVEKNEE.dcm) or frames are placed by Grid Frame Offset
 * Vector (RT Dose); images without geometry also get "0020,0037 missing" or
 * "Bogus spatial matrix".
 */
const DCM2NIIX_MESSAGE_KINDS: readonly (readonly [RegExp, SharedWarningKind])[] = [
  [/Interslice distance varies/i, 'uneven-spacing'],
  [/Missing images\?/, 'instance-number-gap'],
  [/gantry tilt/i, 'gantry-tilt'],
  [/Slices not stacked: orientation varies/, 'orientation-varies'],
  [/0020,0037 missing/, 'no-geometry'],
  [/Bogus spatial matrix/, 'no-geometry'],
  [/positions? repeated|despite repeated/i, 'duplicate-positions'],
];

/** The warning kinds among dcm2niix's printed messages. */
export function dcm2niixWarningKinds(messages: readonly string[]): Set<SharedWarningKind> {
  const kinds = new Set<SharedWarningKind>();
  for (const message of messages)
    for (const [pattern, kind] of DCM2NIIX_MESSAGE_KINDS)
      if (pattern.test(message)) kinds.add(kind);
  return kinds;
}

/** radset codes dcm2niix has a warning for; the rest (several-stacks, size-varies, rescale-varies) it has none. */
const RADSET_CODE_KINDS: Readonly<Partial<Record<VolumeWarningCode, SharedWarningKind>>> = {
  'variable-spacing': 'uneven-spacing',
  'missing-slices': 'uneven-spacing',
  'instance-number-gap': 'instance-number-gap',
  'gantry-tilt': 'gantry-tilt',
  'orientation-varies': 'orientation-varies',
  'no-geometry': 'no-geometry',
  'duplicate-positions': 'duplicate-positions',
};

/** The kind a radset warning code shares with dcm2niix, or undefined when dcm2niix has no such warning. */
export function sharedWarningKind(code: VolumeWarningCode): SharedWarningKind | undefined {
  return RADSET_CODE_KINDS[code];
}
