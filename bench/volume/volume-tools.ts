/**
 * The four conversions the bench times, each one child process: dcm2niix and
 * `radset nifti`, to `.nii` and to `.nii.gz`. dcm2niix gzips with pigz when
 * pigz is on PATH (it writes the .nii, then runs `pigz -n -f -6` on it, with
 * pigz's default of one thread per core); radset compresses blocks on every
 * core itself (src/nifti/parallel-gzip.ts).
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OutputFormat } from './results.js';

export interface VolumeTool {
  /** `dcm2niix` or `radset`. */
  readonly tool: string;
  readonly format: OutputFormat;
  readonly command: string;
  /** Arguments for converting SERIES into OUT. */
  readonly args: (seriesDir: string, outDir: string) => readonly string[];
}

/** dcm2niix: `-f %j` names the file by Series Instance UID, as radset does; `-b y` writes its sidecar too. */
function dcm2niix(format: OutputFormat): VolumeTool {
  return {
    tool: 'dcm2niix',
    format,
    command: 'dcm2niix',
    args: (seriesDir, outDir) => [
      '-z',
      format === 'nii.gz' ? 'y' : 'n',
      '-b',
      'y',
      '-f',
      '%j',
      '-o',
      outDir,
      seriesDir,
    ],
  };
}

function radset(bin: string, format: OutputFormat): VolumeTool {
  return {
    tool: 'radset',
    format,
    command: process.execPath,
    args: (seriesDir, outDir) => [
      bin,
      'nifti',
      seriesDir,
      '--out',
      outDir,
      ...(format === 'nii' ? ['--uncompressed'] : []),
    ],
  };
}

/** Run order within each round. */
export function volumeTools(radsetBin: string): readonly VolumeTool[] {
  return [
    dcm2niix('nii'),
    radset(radsetBin, 'nii'),
    dcm2niix('nii.gz'),
    radset(radsetBin, 'nii.gz'),
  ];
}

/** The command as the README shows it, with SERIES and OUT for the folders. */
export function describeTool(tool: VolumeTool): string {
  const args = tool
    .args('SERIES', 'OUT')
    .map((arg) => (arg.endsWith('radset.js') ? 'bin/radset.js' : arg));
  return `${tool.command === process.execPath ? 'node' : tool.command} ${args.join(' ')}`;
}

/** The one NIfTI file a run wrote into `outDir` (a run writes one volume). */
export function outputFile(outDir: string, format: OutputFormat): string {
  const suffix = `.${format}`;
  const found = readdirSync(outDir).filter(
    (name) => name.endsWith(suffix) && !name.startsWith('.'),
  );
  if (found.length !== 1 || found[0] === undefined)
    throw new Error(
      `${outDir}: expected one *${suffix} file, found ${found.length}: ${found.join(', ')}`,
    );
  return join(outDir, found[0]);
}
