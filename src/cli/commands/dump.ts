import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  formatDump,
  readDicomFileSync,
  stringifyDicomJson,
  toDicomJson,
  type DataElement,
  type DicomFile,
  type DicomJsonDataset,
  type ToDicomJsonOptions,
} from '../../dicom/index.js';
import { classifyError, RadsetError } from '../../errors.js';
import type { Command, CommandContext } from '../command.js';

const DEFAULT_BULK_THRESHOLD_BYTES = 1024;

const USAGE = `Usage: radset dump [options] FILE...

Lists every element of each FILE, as dcmtk's dcmdump does:

  (GGGG,EEEE) VR Name [value]  # length, VM

Sequence items are indented under their sequence. Private elements are named
"creator" and their private dictionary description. Long values are cut,
binary values summarised (size and first bytes), pixel data shown as its
fragments and size. The reader's warnings follow the listing. Each file starts
with a '# File: FILE' line.

Options:
  --json               print the DICOM JSON Model (PS3.18 Annex F) instead:
                       one compact JSON object per file, one per line (JSON
                       Lines), in the order the files were given; a file
                       that cannot be read prints no line. Binary values are
                       InlineBinary (base64, little endian); group lengths
                       are left out (PS3.18 F.2.2)
  --bulk-data-uri      with --json: binary values over the threshold, and
                       pixel data a header-only read did not load, become
                       BulkDataURI file:///FILE?offset=N&length=M: where the
                       value's bytes lie in the file (encapsulated pixel data:
                       its items, without the sequence delimiter; length is
                       left out when not known). Files whose bytes are not
                       the data set as the JSON gives it (deflated,
                       gzip-wrapped, big endian) keep their values inline
  --bulk-threshold N   with --bulk-data-uri: values over N bytes (default ${DEFAULT_BULK_THRESHOLD_BYTES})
  --meta               with --json: include the File Meta Information (group
                       0002); the text listing always shows it
  --header-only        stop before the pixel data and leave it unread: the
                       listing shows where it lies; --json leaves it out
                       (or gives its BulkDataURI with --bulk-data-uri)

Exit status: 0 when every FILE was read; otherwise the code of the first
failure (65 not DICOM or damaged, 66 cannot be read, 69 unsupported), after
reporting each failure on stderr and going on with the next FILE; 64 on bad
usage.`;

interface DumpArgs {
  readonly json: boolean;
  readonly bulkDataUri: boolean;
  readonly bulkThresholdBytes: number;
  readonly meta: boolean;
  readonly headerOnly: boolean;
  readonly help: boolean;
  readonly files: readonly string[];
}

function parseThreshold(text: string | undefined): number {
  if (text === undefined)
    throw new RadsetError('USAGE', '--bulk-threshold needs a number of bytes');
  if (!/^\d+$/.test(text))
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `--bulk-threshold must be a whole number of bytes, not '${text}'`,
    );
  return Number(text);
}

function parseArgs(args: readonly string[]): DumpArgs {
  let json = false;
  let bulkDataUri = false;
  let bulkThresholdBytes: number | undefined;
  let meta = false;
  let headerOnly = false;
  let help = false;
  const files: string[] = [];
  let optionsEnded = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (optionsEnded || !arg.startsWith('-') || arg === '-') files.push(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '--json') json = true;
    else if (arg === '--bulk-data-uri') bulkDataUri = true;
    else if (arg === '--bulk-threshold') bulkThresholdBytes = parseThreshold(args[++i]);
    else if (arg.startsWith('--bulk-threshold='))
      bulkThresholdBytes = parseThreshold(arg.slice('--bulk-threshold='.length));
    else if (arg === '--meta') meta = true;
    else if (arg === '--header-only') headerOnly = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else throw new RadsetError('USAGE', `unknown option '${arg}'`);
  }
  if (help) return { json, bulkDataUri, bulkThresholdBytes: 0, meta, headerOnly, help, files };
  if (files.length === 0) throw new RadsetError('USAGE', 'no FILE to dump');
  if (!json && (bulkDataUri || meta))
    throw new RadsetError('USAGE', `${bulkDataUri ? '--bulk-data-uri' : '--meta'} needs --json`);
  if (bulkThresholdBytes !== undefined && !bulkDataUri)
    throw new RadsetError('USAGE', '--bulk-threshold needs --bulk-data-uri');
  return {
    json,
    bulkDataUri,
    bulkThresholdBytes: bulkThresholdBytes ?? DEFAULT_BULK_THRESHOLD_BYTES,
    meta,
    headerOnly,
    help,
    files,
  };
}

/**
 * Whether element offsets are offsets in the file itself and its bytes are
 * what the JSON would give: not for deflated data sets or gzip-wrapped files
 * (offsets are in the inflated data), nor big endian ones (JSON binary is little endian).
 */
function fileOffsetsUsable(file: DicomFile): boolean {
  if (file.transferSyntax?.deflated === true || !file.dataset.littleEndian) return false;
  return !file.warnings.some((w) => w.code === 'GZIP_WRAPPED');
}

function fileBulkDataUri(
  path: string,
  file: DicomFile,
): ((_: unknown, element: DataElement) => string) | undefined {
  if (!fileOffsetsUsable(file)) return undefined;
  const base = pathToFileURL(resolve(path)).href;
  return (_path, element) => {
    const known = !(element.bytes === undefined && element.undefinedLength);
    return `${base}?offset=${element.offset}${known ? `&length=${element.length}` : ''}`;
  };
}

/** The DICOM JSON Model (PS3.18 Annex F) of one file, as one line. */
function dumpJson(
  path: string,
  file: DicomFile,
  options: Pick<DumpArgs, 'bulkDataUri' | 'bulkThresholdBytes' | 'meta'>,
): string {
  const uri = options.bulkDataUri ? fileBulkDataUri(path, file) : undefined;
  const jsonOptions: ToDicomJsonOptions =
    uri === undefined
      ? {}
      : { bulkDataUri: uri, bulkDataThresholdBytes: options.bulkThresholdBytes };
  const dataset = toDicomJson(file.dataset, jsonOptions);
  const merged: DicomJsonDataset = options.meta
    ? { ...toDicomJson(file.meta, { ...jsonOptions, includeFileMetaGroup: true }), ...dataset }
    : dataset;
  return `${stringifyDicomJson(merged)}\n`;
}

async function run({ args, stdout, stderr }: CommandContext): Promise<number> {
  const options = parseArgs(args);
  if (options.help) {
    stdout.write(`${USAGE}\n`);
    return 0;
  }
  let exitCode = 0;
  options.files.forEach((path, index) => {
    let text: string;
    try {
      const file = readDicomFileSync(path, { headerOnly: options.headerOnly });
      text = options.json
        ? dumpJson(path, file, options)
        : `${index > 0 ? '\n' : ''}# File: ${path}\n${formatDump(file)}`;
    } catch (error) {
      const { code, entry, message } = classifyError(error);
      stderr.write(`radset dump: error ${code}: ${message}\n`);
      if (exitCode === 0) exitCode = entry.exitCode;
      return;
    }
    stdout.write(text);
  });
  return exitCode;
}

/** `radset dump`: what exactly is in this file? */
export const dumpCommand: Command = {
  name: 'dump',
  summary: 'list the elements of DICOM files (dcmdump style, or the PS3.18 JSON model)',
  usage: USAGE,
  run,
};
