/**
 * The shared DICOM/NIfTI test corpus (`../shared/corpus/` beside the repo,
 * described in its README.md) and its MANIFEST.csv. The corpus is
 * third-party data and is never copied into the repo: tests read it in place.
 *
 * ```ts
 * for (const entry of loadManifest().filter((e) => e.expectation === 'parse-ok')) {
 *   await readDicomFile(entry.file);
 * }
 * ```
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestContext } from 'vitest';
import { skipOrFail } from './peers.js';

/**
 * Root folder of the corpus, ending in a slash: `$RADSET_CORPUS` when set,
 * else `../shared/corpus/` next to the repository.
 */
export const CORPUS_ROOT: string =
  process.env.RADSET_CORPUS !== undefined && process.env.RADSET_CORPUS !== ''
    ? `${resolve(process.env.RADSET_CORPUS)}${sep}`
    : fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));

/**
 * What a reader should do with a corpus file, from the manifest's notes:
 * - `parse-ok`: conformant; parses with no error (warnings allowed);
 * - `lenient-parse`: nonconformant but commonly readable; parses with warnings;
 * - `expect-fail`: a clear error, or a documented recovery;
 * - `pixel-fail`: headers parse, pixel decoding is expected to fail;
 * - `not-dicom-data`: NIfTI, NRRD, JSON sidecars, bval/bvec and text files.
 */
export type CorpusExpectation =
  'parse-ok' | 'lenient-parse' | 'expect-fail' | 'pixel-fail' | 'not-dicom-data';

/** One row of MANIFEST.csv. */
export interface ManifestEntry {
  /** Path relative to the corpus root, with forward slashes (`syntaxes/explicit_vr_le/CT_small.dcm`). */
  readonly path: string;
  /** Absolute path of the file. */
  readonly file: string;
  /** (0008,0060) as read by pydicom/dcmtk; for other data `NIfTI-1`, `NIfTI-2`, `NRRD`, `JSON sidecar`, `FSL bval/bvec` or `text`. */
  readonly modality: string;
  /** (0002,0010) as read from the file; undefined when the file has no such element. */
  readonly transferSyntaxUid: string | undefined;
  /** Free text: SOP class, size, how dcmtk/pydicom/GDCM fared, and the expectation tag. */
  readonly notes: string;
  readonly expectation: CorpusExpectation;
}

/** Manifest `modality` values of rows that are not DICOM (corpus README, "MANIFEST.csv"). */
const NOT_DICOM_KINDS = new Set([
  'NIfTI-1',
  'NIfTI-2',
  'NRRD',
  'JSON sidecar',
  'FSL bval/bvec',
  'text',
]);

/** Absolute path of a file given relative to the corpus root. */
export function corpusPath(relative: string): string {
  return CORPUS_ROOT + relative;
}

/** Whether the corpus is present (its MANIFEST.csv exists). */
export function corpusAvailable(): boolean {
  return existsSync(corpusPath('MANIFEST.csv'));
}

/** Skips the running test when the corpus is missing, or fails it under CI (`CI=true`). */
export function requireCorpus(context: TestContext): void {
  if (!corpusAvailable())
    skipOrFail(
      context,
      `test corpus not found at ${CORPUS_ROOT} (set RADSET_CORPUS to its folder)`,
    );
}

/**
 * Parses CSV text (RFC 4180): quoted fields may hold commas, doubled quotes
 * and line breaks; lines end in CRLF or LF. Returns the records, header included.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  const endField = (): void => {
    record.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < text.length) {
    const c = text[i] as string;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        field += c;
      }
      i += 1;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      endRecord();
      if (c === '\r' && text[i + 1] === '\n') i += 1;
    } else field += c;
    i += 1;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (field !== '' || record.length > 0) endRecord();
  return records;
}

function expectationOf(path: string, modality: string, notes: string): CorpusExpectation {
  if (notes.includes('EXPECT-FAIL')) return 'expect-fail';
  if (notes.includes('pixel decode expected to fail')) return 'pixel-fail';
  if (notes.includes('expect: lenient-parse')) return 'lenient-parse';
  if (notes.includes('expect: parse-ok')) return 'parse-ok';
  if (NOT_DICOM_KINDS.has(modality) || !notes.includes('dcmdump=')) return 'not-dicom-data';
  throw new Error(`MANIFEST.csv: ${path} is DICOM but has no expectation tag`);
}

let manifest: readonly ManifestEntry[] | undefined;

/** The rows of MANIFEST.csv (read once). Throws when the corpus is missing or the manifest malformed. */
export function loadManifest(): readonly ManifestEntry[] {
  if (manifest !== undefined) return manifest;
  const [header, ...rows] = parseCsv(readFileSync(corpusPath('MANIFEST.csv'), 'utf8'));
  if (header === undefined) throw new Error('MANIFEST.csv is empty');
  const column = (name: string): number => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`MANIFEST.csv has no '${name}' column`);
    return index;
  };
  const [pathAt, modalityAt, syntaxAt, notesAt] = [
    'path',
    'modality',
    'transfer_syntax_uid',
    'notes',
  ].map(column) as [number, number, number, number];
  manifest = rows
    .filter((row) => row.some((field) => field !== ''))
    .map((row): ManifestEntry => {
      const path = row[pathAt] ?? '';
      const modality = row[modalityAt] ?? '';
      const syntax = row[syntaxAt] ?? '';
      const notes = row[notesAt] ?? '';
      if (path === '') throw new Error(`MANIFEST.csv: a row has no path: ${row.join(',')}`);
      return {
        path,
        file: corpusPath(path),
        modality,
        transferSyntaxUid: syntax === '' ? undefined : syntax,
        notes,
        expectation: expectationOf(path, modality, notes),
      };
    });
  return manifest;
}
