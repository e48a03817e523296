import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { DicomError } from './dicom-error.js';
import { lookupUid } from './dictionary.js';
import { readDicomFile } from './file-reader.js';
import type { DicomFile } from './part10.js';
import { PIXEL_DATA_TAG } from './tag.js';

/**
 * What a file turned out to be: DICOM (possibly damaged, see `error`), some
 * other format, or a file that could not be read at all.
 */
export type FileKind = 'dicom' | 'not-dicom' | 'unreadable';

/** A problem found in a file: a stable code, a message, and where, when known. */
export interface InspectionProblem {
  readonly code: string;
  readonly message: string;
  /** Byte offset in the file (or in the inflated stream for deflated syntaxes). */
  readonly offset?: number;
  /** The element concerned, `(GGGG,EEEE) Keyword`. */
  readonly element?: string;
}

/** What `inspectFile` learnt about one file from its header (pixel data is not read). */
export interface FileInspection {
  readonly path: string;
  /** Undefined when the file could not be stat'ed. */
  readonly sizeBytes: number | undefined;
  readonly kind: FileKind;
  /**
   * `DICOM` for DICOM files; otherwise what the content looks like:
   * `NIfTI-1`, `NIfTI-2`, `NRRD`, `gzip`, `JSON`, `text` or `unknown`.
   */
  readonly format: string;
  /** (0008,0016) SOP Class UID, or (0002,0002) from the meta header. */
  readonly sopClassUid: string | undefined;
  /** Its name in the UID registry (PS3.6 Annex A). */
  readonly sopClassName: string | undefined;
  /** (0002,0010), or the syntax inferred when the file has no meta header. */
  readonly transferSyntaxUid: string | undefined;
  readonly transferSyntaxName: string | undefined;
  /** (0008,0060) Modality. */
  readonly modality: string | undefined;
  /** (0008,0070) Manufacturer. */
  readonly manufacturer: string | undefined;
  /** (0020,000D) Study Instance UID. */
  readonly studyInstanceUid: string | undefined;
  /** (0020,000E) Series Instance UID. */
  readonly seriesInstanceUid: string | undefined;
  /** (0008,0018) SOP Instance UID, or (0002,0003) from the meta header. */
  readonly sopInstanceUid: string | undefined;
  /** Recoverable nonconformances the reader met. */
  readonly warnings: readonly InspectionProblem[];
  /** Why a DICOM file could not be read, or why the file could not be read at all. */
  readonly error: InspectionProblem | undefined;
  /** For `not-dicom` files: why the reader rejected the content. */
  readonly reason: string | undefined;
}

/** How many files share one UID (a SOP class or a transfer syntax). */
export interface UidCount {
  /** Empty when the files carry no such UID. */
  readonly uid: string;
  readonly name: string;
  readonly count: number;
}

/** Counts over a set of inspected files. `dicom + notDicom + unreadable = files`. */
export interface ScanSummary {
  readonly files: number;
  readonly dicom: number;
  readonly notDicom: number;
  readonly unreadable: number;
  readonly withWarnings: number;
  /** DICOM files that failed to parse, plus unreadable files. */
  readonly withErrors: number;
  /** Over DICOM files whose header was read (even if a problem was found); most frequent first. */
  readonly bySopClass: readonly UidCount[];
  readonly byTransferSyntax: readonly UidCount[];
}

/** The result of scanning files and folders. */
export interface ScanReport {
  readonly roots: readonly string[];
  /** In walk order: each root depth-first, entries sorted by name. */
  readonly files: readonly FileInspection[];
  readonly summary: ScanSummary;
}

/** A file found by {@link listFiles}, or a path that could not be listed. */
export interface ListedFile {
  readonly path: string;
  /** Set when the path could not be examined (missing, no permission, broken link). */
  readonly error?: InspectionProblem;
}

const SNIFF_BYTES = 512;

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

function int32Either(bytes: Uint8Array, at: number, value: number): boolean {
  if (bytes.length < at + 4) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return view.getInt32(at, true) === value || view.getInt32(at, false) === value;
}

/**
 * Recognises formats found next to DICOM in imaging folders, from a file's
 * first bytes (never its name): NIfTI-1/2 headers (sizeof_hdr and magic),
 * NRRD, gzip, JSON and plain text. Undefined when none matches.
 */
export function sniffNonDicomFormat(bytes: Uint8Array): string | undefined {
  if (
    int32Either(bytes, 0, 348) &&
    bytes.length >= 348 &&
    /^n(i|\+)1\0$/.test(ascii(bytes, 344, 348))
  )
    return 'NIfTI-1';
  if (int32Either(bytes, 0, 540) && /^n(i|\+)2\0$/.test(ascii(bytes, 4, 8))) return 'NIfTI-2';
  if (ascii(bytes, 0, 7) === 'NRRD000') return 'NRRD';
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'gzip';
  // Text (ASCII or UTF-8): no control bytes other than tab, LF and CR.
  if (
    bytes.length > 0 &&
    bytes.every((b) => b === 0x09 || b === 0x0a || b === 0x0d || (b >= 0x20 && b !== 0x7f))
  ) {
    return /^\s*[[{]/.test(ascii(bytes, 0, Math.min(bytes.length, 64))) ? 'JSON' : 'text';
  }
  return undefined;
}

async function readPrefix(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function problemOf(error: unknown): InspectionProblem {
  if (error instanceof DicomError) {
    return {
      code: error.code,
      message: error.detail,
      ...(error.offset === undefined ? {} : { offset: error.offset }),
      ...(error.element === undefined ? {} : { element: error.element }),
    };
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return {
    code: 'DICOM_FILE_READ_FAILED',
    message: code === undefined ? message : `${code}: ${message}`,
  };
}

/** The DICOM-derived fields of an inspection, for a file the reader could not read as DICOM. */
const NO_HEADER = {
  sopClassUid: undefined,
  sopClassName: undefined,
  transferSyntaxUid: undefined,
  transferSyntaxName: undefined,
  modality: undefined,
  manufacturer: undefined,
  studyInstanceUid: undefined,
  seriesInstanceUid: undefined,
  sopInstanceUid: undefined,
  warnings: [],
} as const;

function notDicom(path: string, sizeBytes: number, format: string, reason: string): FileInspection {
  return { path, sizeBytes, kind: 'not-dicom', format, ...NO_HEADER, error: undefined, reason };
}

function failed(
  path: string,
  sizeBytes: number | undefined,
  kind: FileKind,
  error: InspectionProblem,
): FileInspection {
  const format = kind === 'dicom' ? 'DICOM' : 'unknown';
  return { path, sizeBytes, kind, format, ...NO_HEADER, error, reason: undefined };
}

function isDicmAt128(bytes: Uint8Array): boolean {
  return ascii(bytes, 128, 132) === 'DICM';
}

/**
 * A header read does not read the pixel data, but its declared length can be
 * checked against the file size at no cost: a truncated file (or one that
 * declares gigabytes it does not have) shows here. Offsets are file offsets
 * except in deflated or gzip-wrapped files, which are not checked.
 */
function pixelDataExtentProblem(file: DicomFile, sizeBytes: number): InspectionProblem | undefined {
  const pixelData = file.dataset.element(PIXEL_DATA_TAG);
  if (
    !file.headerOnly ||
    pixelData === undefined ||
    pixelData.bytes !== undefined ||
    pixelData.undefinedLength
  )
    return undefined;
  if (
    file.transferSyntax?.deflated === true ||
    file.warnings.some((w) => w.code === 'GZIP_WRAPPED')
  )
    return undefined;
  if (pixelData.offset + pixelData.length <= sizeBytes) return undefined;
  return {
    code: 'DICOM_TRUNCATED',
    message: `pixel data of ${pixelData.length} bytes at byte ${pixelData.offset} runs past the end of the file (${sizeBytes} bytes)`,
    offset: pixelData.offset,
    element: '(7FE0,0010) PixelData',
  };
}

/**
 * Reads a file's header (never its pixel data) and says whether it is DICOM,
 * its SOP class, transfer syntax and modality, and what the reader had to
 * recover from. Never throws: problems are in the result.
 */
export async function inspectFile(path: string): Promise<FileInspection> {
  let sizeBytes: number;
  let prefix: Uint8Array;
  try {
    const info = await stat(path);
    if (!info.isFile())
      return failed(path, undefined, 'unreadable', {
        code: 'DICOM_FILE_READ_FAILED',
        message: 'not a regular file',
      });
    sizeBytes = info.size;
    prefix = await readPrefix(path);
  } catch (error) {
    return failed(path, undefined, 'unreadable', problemOf(error));
  }
  const sniffed = sniffNonDicomFormat(prefix);
  if (
    !isDicmAt128(prefix) &&
    (sniffed === 'NIfTI-1' || sniffed === 'NIfTI-2' || sniffed === 'NRRD')
  ) {
    return notDicom(path, sizeBytes, sniffed, `${sniffed} header`);
  }
  try {
    const file = await readDicomFile(path, { headerOnly: true });
    const sopClassUid =
      file.dataset.string('SOPClassUID') ?? file.meta.string('MediaStorageSOPClassUID');
    return {
      path,
      sizeBytes,
      kind: 'dicom',
      format: 'DICOM',
      sopClassUid,
      sopClassName: sopClassUid === undefined ? undefined : lookupUid(sopClassUid)?.name,
      transferSyntaxUid: file.transferSyntaxUid,
      transferSyntaxName: file.transferSyntax?.name ?? lookupUid(file.transferSyntaxUid)?.name,
      modality: file.dataset.string('Modality'),
      manufacturer: file.dataset.string('Manufacturer'),
      studyInstanceUid: file.dataset.string('StudyInstanceUID'),
      seriesInstanceUid: file.dataset.string('SeriesInstanceUID'),
      sopInstanceUid:
        file.dataset.string('SOPInstanceUID') ?? file.meta.string('MediaStorageSOPInstanceUID'),
      warnings: file.warnings.map((w) => ({ ...w })),
      error: pixelDataExtentProblem(file, sizeBytes),
      reason: undefined,
    };
  } catch (error) {
    if (error instanceof DicomError && error.code === 'DICOM_NOT_DICOM') {
      return notDicom(path, sizeBytes, sniffed ?? 'unknown', error.detail);
    }
    const problem = problemOf(error);
    return failed(
      path,
      sizeBytes,
      problem.code === 'DICOM_FILE_READ_FAILED' ? 'unreadable' : 'dicom',
      problem,
    );
  }
}

/**
 * Lists the regular files under `roots` (files or folders), recursively,
 * each root depth-first with entries sorted by name. Symbolic links are
 * followed, but a folder or file already seen (same device and inode) is not
 * visited again, so link loops end. Sockets, FIFOs and devices are skipped.
 */
export async function listFiles(roots: readonly string[]): Promise<ListedFile[]> {
  const out: ListedFile[] = [];
  const seen = new Set<string>();
  const visit = async (path: string): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      out.push({ path, error: problemOf(error) });
      return;
    }
    const id = `${info.dev}:${info.ino}`;
    if (seen.has(id)) return;
    seen.add(id);
    if (info.isFile()) {
      out.push({ path });
      return;
    }
    if (!info.isDirectory()) return;
    let names: string[];
    try {
      names = await readdir(path);
    } catch (error) {
      out.push({ path, error: problemOf(error) });
      return;
    }
    names.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const name of names) await visit(join(path, name));
  };
  for (const root of roots) await visit(root);
  return out;
}

function countBy(
  files: readonly FileInspection[],
  uidOf: (f: FileInspection) => string | undefined,
  nameOf: (f: FileInspection) => string | undefined,
): UidCount[] {
  const counts = new Map<string, { name: string; count: number }>();
  for (const file of files) {
    const uid = uidOf(file) ?? '';
    const entry = counts.get(uid);
    if (entry === undefined)
      counts.set(uid, {
        name: nameOf(file) ?? (uid === '' ? '(none)' : '(unknown UID)'),
        count: 1,
      });
    else entry.count += 1;
  }
  return [...counts]
    .map(([uid, { name, count }]) => ({ uid, name, count }))
    .sort((a, b) => b.count - a.count || (a.uid < b.uid ? -1 : a.uid > b.uid ? 1 : 0));
}

/** Counts files by kind, warnings and errors, and DICOM files whose header was read by SOP class and transfer syntax. */
export function summarizeInspections(files: readonly FileInspection[]): ScanSummary {
  const parsed = files.filter((f) => f.kind === 'dicom' && f.transferSyntaxUid !== undefined);
  return {
    files: files.length,
    dicom: files.filter((f) => f.kind === 'dicom').length,
    notDicom: files.filter((f) => f.kind === 'not-dicom').length,
    unreadable: files.filter((f) => f.kind === 'unreadable').length,
    withWarnings: files.filter((f) => f.warnings.length > 0).length,
    withErrors: files.filter((f) => f.error !== undefined).length,
    bySopClass: countBy(
      parsed,
      (f) => f.sopClassUid,
      (f) => f.sopClassName,
    ),
    byTransferSyntax: countBy(
      parsed,
      (f) => f.transferSyntaxUid,
      (f) => f.transferSyntaxName,
    ),
  };
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the input order. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** Options for {@link scanPaths}. */
export interface ScanOptions {
  /** Files read at the same time (default 8). */
  readonly concurrency?: number;
}

/**
 * Inspects every file under `roots` (files or folders, walked as
 * {@link listFiles} does) and summarises. Never throws for a bad file or
 * a missing root: those are `unreadable` entries.
 */
export async function scanPaths(
  roots: readonly string[],
  options: ScanOptions = {},
): Promise<ScanReport> {
  const listed = await listFiles(roots);
  const files = await mapLimit(listed, options.concurrency ?? 8, (entry) =>
    entry.error === undefined
      ? inspectFile(entry.path)
      : Promise.resolve(failed(entry.path, undefined, 'unreadable', entry.error)),
  );
  return { roots: [...roots], files, summary: summarizeInspections(files) };
}
