import { stat } from 'node:fs/promises';
import {
  lookupUid,
  scanPaths,
  type FileInspection,
  type ScanReport,
  type UidCount,
} from '../../dicom/index.js';
import { RadsetError } from '../../errors.js';
import type { Command, CommandContext } from '../command.js';
import { formatTable } from '../text-table.js';

const USAGE = `Usage: radset scan [--json] PATH...

Walks each PATH (a folder, recursively, or a file) and reads every file's
header, whatever its name: is it DICOM, its SOP class, transfer syntax and
modality, and what the reader had to recover from. Pixel data is not read.
Symbolic links are followed; a folder is never visited twice.

Options:
  --json   print one JSON document (files and summary) instead of a table

Exit status: 0 when the scan ran, even if some files are not DICOM or are
damaged (they are reported); 64 on bad usage; 66 when a PATH does not exist.`;

/** Version of the `--json` document; bumped on incompatible changes. */
export const SCAN_JSON_VERSION = 1;

interface ScanArgs {
  readonly json: boolean;
  readonly help: boolean;
  readonly paths: readonly string[];
}

function parseArgs(args: readonly string[]): ScanArgs {
  let json = false;
  let help = false;
  const paths: string[] = [];
  let optionsEnded = false;
  for (const arg of args) {
    if (!optionsEnded && arg === '--') optionsEnded = true;
    else if (!optionsEnded && arg === '--json') json = true;
    else if (!optionsEnded && (arg === '--help' || arg === '-h')) help = true;
    else if (!optionsEnded && arg.startsWith('-') && arg !== '-')
      throw new RadsetError('USAGE', `unknown option '${arg}'`);
    else paths.push(arg);
  }
  if (paths.length === 0 && !help) throw new RadsetError('USAGE', 'no PATH to scan');
  return { json, help, paths };
}

async function checkExists(path: string): Promise<void> {
  try {
    await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new RadsetError('NOT_FOUND', `no such file or folder: ${path}`, { cause: error });
    throw new RadsetError('NOT_FOUND', `cannot access ${path}: ${(error as Error).message}`, {
      cause: error,
    });
  }
}

function notes(file: FileInspection): string {
  if (file.error !== undefined) {
    const where = [
      file.error.offset === undefined ? undefined : `byte ${file.error.offset}`,
      file.error.element,
    ].filter((w) => w !== undefined);
    return `error ${file.error.code}: ${file.error.message}${where.length > 0 ? ` (${where.join(', ')})` : ''}`;
  }
  if (file.kind === 'not-dicom')
    return file.format === 'unknown' ? 'not DICOM' : `not DICOM: ${file.format}`;
  if (file.warnings.length === 0) return '';
  const codes = [...new Set(file.warnings.map((w) => w.code))];
  return `${file.warnings.length} warning${file.warnings.length === 1 ? '' : 's'}: ${codes.join(', ')}`;
}

function countTable(title: string, counts: readonly UidCount[]): string[] {
  if (counts.length === 0) return [];
  return [
    '',
    `${title}:`,
    ...formatTable(
      ['FILES', 'NAME', 'UID'],
      counts.map((c) => [String(c.count).padStart(5), c.name, c.uid]),
    ).map((l) => `  ${l}`),
  ];
}

/** The registry keyword (`JPEGLosslessSV1`): the full names are too long for a table column. */
function transferSyntaxLabel(file: FileInspection): string | undefined {
  if (file.transferSyntaxUid === undefined) return undefined;
  const keyword = lookupUid(file.transferSyntaxUid)?.keyword;
  return keyword === undefined || keyword === ''
    ? (file.transferSyntaxName ?? file.transferSyntaxUid)
    : keyword;
}

/** The human-readable report: one row per file, then the summary. */
export function formatScanText(report: ScanReport): string {
  const dash = '-';
  const rows = report.files.map((f) => [
    f.path,
    f.kind === 'dicom' ? 'yes' : f.kind === 'not-dicom' ? 'no' : '?',
    f.modality ?? dash,
    f.sopClassName ?? f.sopClassUid ?? dash,
    transferSyntaxLabel(f) ?? dash,
    notes(f),
  ]);
  const s = report.summary;
  const lines = [
    ...(rows.length > 0
      ? formatTable(['PATH', 'DICOM', 'MODALITY', 'SOP CLASS', 'TRANSFER SYNTAX', 'NOTES'], rows)
      : []),
    '',
    'Summary:',
    `  files          ${s.files}`,
    `  DICOM          ${s.dicom}`,
    `  not DICOM      ${s.notDicom}`,
    `  unreadable     ${s.unreadable}`,
    `  with warnings  ${s.withWarnings}`,
    `  with errors    ${s.withErrors}`,
    ...countTable('By SOP class', s.bySopClass),
    ...countTable('By transfer syntax', s.byTransferSyntax),
  ];
  return `${lines.join('\n')}\n`;
}

/** The `--json` document. */
export function formatScanJson(report: ScanReport): string {
  return `${JSON.stringify({ version: SCAN_JSON_VERSION, ...report }, null, 2)}\n`;
}

/** `radset scan`: what is in these folders? */
export const scanCommand: Command = {
  name: 'scan',
  summary: 'list the DICOM files under folders: SOP class, transfer syntax, problems',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const args = parseArgs(context.args);
    if (args.help) {
      context.stdout.write(`${USAGE}\n`);
      return 0;
    }
    for (const path of args.paths) await checkExists(path);
    const report = await scanPaths(args.paths);
    context.stdout.write(args.json ? formatScanJson(report) : formatScanText(report));
    return 0;
  },
};
