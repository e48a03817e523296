import { createHmac } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { listFiles, readDicomFileSync, type Dataset } from '../dicom/index.js';
import { MEDIA_STORAGE_DIRECTORY_SOP_CLASS, patientKeyOf, PhiTerms } from '../deid/index.js';
import type { IngestedFile } from '../catalog/index.js';
import type { IngestPipeline } from './ingest-pipeline.js';

/** One file found under the inputs, after the header pass. */
interface ListedInput {
  readonly path: string;
  readonly patient: string;
  readonly file: IngestedFile;
}

export interface FolderIngestProgress {
  readonly done: number;
  readonly total: number;
}

/** What the folder pass found besides instances. */
export interface FolderIngestResult {
  /** DICOMDIR files read as indexes (never stored). */
  readonly dicomdirs: number;
  /** Files a DICOMDIR lists that are not on disk (each also quarantined with a reason). */
  readonly missingFromDicomdir: number;
}

/** A keyed reference to a path: folder and file names often carry names and MRNs. */
function fileRef(key: Uint8Array, path: string): string {
  return createHmac('sha256', key).update(`path\0${path}`).digest('base64url');
}

/**
 * A DICOMDIR's ReferencedFileID (0004,1500) is a path in components relative
 * to the DICOMDIR's folder (PS3.10 section 8.5, PS3.3 F.3.2.2); media written
 * on other systems differ in case, so each component falls back to a
 * case-insensitive match.
 */
function resolveFileId(root: string, components: readonly string[]): string | undefined {
  let path = root;
  for (const component of components) {
    const exact = join(path, component);
    if (existsSync(exact)) {
      path = exact;
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(path);
    } catch {
      return undefined;
    }
    const match = names.find((name) => name.toUpperCase() === component.toUpperCase());
    if (match === undefined) return undefined;
    path = join(path, match);
  }
  return path;
}

/** The files a DICOMDIR's directory records reference (PS3.3 F.5). */
function dicomdirReferences(
  path: string,
  dataset: Dataset,
): { found: string[]; missing: string[] } {
  const found: string[] = [];
  const missing: string[] = [];
  for (const record of dataset.sequence('DirectoryRecordSequence') ?? []) {
    const id = record.strings('ReferencedFileID');
    if (id === undefined || id.length === 0) continue;
    const components = id.map((c) => c.trim()).filter((c) => c !== '');
    const resolved = resolveFileId(dirname(path), components);
    if (resolved === undefined) missing.push(join(dirname(path), ...components));
    else found.push(resolve(resolved));
  }
  return { found, missing };
}

/**
 * Ingests every file under `paths` (recursive, whatever the extension).
 *
 * Pass 1 reads each header once: it finds DICOMDIRs (read as indexes: files
 * they list that are absent are quarantined as missing, files they list
 * outside the inputs are added), and gathers each patient's identifying
 * values from all of the patient's files, so Clean Descriptors scrubs a name
 * from the one file that has it only in free text. Pass 2 sends the files
 * through the pipeline, in parallel, skipping files an earlier run already
 * ingested (same keyed path, size and modification time): a killed run
 * resumes where it stopped, and ends with the same catalog, because pass 1
 * still reads every header.
 */
export async function ingestFolder(
  pipeline: IngestPipeline,
  paths: readonly string[],
  onProgress?: (progress: FolderIngestProgress) => void,
): Promise<FolderIngestResult> {
  const key = pipeline.project.key.key;
  const dataRoot = resolve(pipeline.project.layout.root) + '/';
  const listed = await listFiles(paths.map((p) => resolve(p)));
  /** Inputs in waves: the nth file with a given SOP Instance UID is in wave n. */
  const waves: ListedInput[][] = [];
  const uidWaves = new Map<string, number>();
  const phiByPatient = new Map<string, PhiTerms>();
  const seen = new Set<string>();
  const extra: string[] = [];
  let dicomdirs = 0;
  let missingFromDicomdir = 0;
  const quarantine = (input: string, code: string, reason: string, keep: boolean): void => {
    const record = { input, code, reason, runId: pipeline.runId };
    pipeline.quarantineInput(
      keep ? pipeline.quarantine.keepFile(input, record) : pipeline.quarantine.note(record),
    );
  };

  const readHeader = (path: string): void => {
    if (seen.has(path)) return;
    seen.add(path);
    // Never ingest the project's own files (a data folder inside the input tree).
    if (path.startsWith(dataRoot)) return;
    let header;
    let info;
    try {
      info = statSync(path);
      header = readDicomFileSync(path, { headerOnly: true });
    } catch (error) {
      const code =
        typeof error === 'object' && error !== null && 'code' in error
          ? String(error.code)
          : 'INTERNAL';
      quarantine(path, code, (error as Error).message, true);
      return;
    }
    const sopClass =
      header.dataset.string('SOPClassUID') ?? header.meta.string('MediaStorageSOPClassUID');
    if (sopClass === MEDIA_STORAGE_DIRECTORY_SOP_CLASS) {
      dicomdirs++;
      const { found, missing } = dicomdirReferences(path, header.dataset);
      for (const file of found) if (!seen.has(file)) extra.push(file);
      for (const file of missing) {
        missingFromDicomdir++;
        quarantine(file, 'NOT_FOUND', `listed in the DICOMDIR ${path} but not on disk`, false);
      }
      return;
    }
    const patient = patientKeyOf(header.dataset);
    let terms = phiByPatient.get(patient);
    if (terms === undefined) {
      terms = new PhiTerms(pipeline.project.profile.options);
      phiByPatient.set(patient, terms);
    }
    terms.addDataset(header.dataset);
    // A second file with a SOP Instance UID already seen waits for a later
    // wave: which of two differing files is stored (and which is the
    // conflict) is then the first in listing order, every run.
    const uid = header.dataset.string('SOPInstanceUID') ?? '';
    const wave = uid === '' ? 0 : (uidWaves.get(uid) ?? -1) + 1;
    uidWaves.set(uid, wave);
    (waves[wave] ??= []).push({
      path,
      patient,
      file: { ref: fileRef(key, path), sizeBytes: info.size, mtimeMs: Math.trunc(info.mtimeMs) },
    });
  };

  for (const entry of listed) {
    if (entry.error !== undefined) {
      quarantine(entry.path, 'NOT_FOUND', entry.error.message, false);
      continue;
    }
    readHeader(resolve(entry.path));
  }
  // Files a DICOMDIR lists outside the given folders (and their own DICOMDIRs) are read too.
  while (extra.length > 0) readHeader(extra.shift() as string);
  // The listing and the set of paths seen are not needed any more: on a
  // 100,000-file tree they are tens of MB.
  listed.length = 0;
  seen.clear();

  const done = new Map<string, { size_bytes: number; mtime_ms: number }>();
  for (const row of await pipeline.project.db.query<{
    file_ref: string;
    size_bytes: number;
    mtime_ms: number;
  }>('SELECT file_ref, size_bytes, mtime_ms FROM ingested_files')) {
    done.set(row.file_ref, row);
  }

  const total = waves.reduce((n, wave) => n + wave.length, 0);
  let finished = 0;
  const lane = async (inputs: readonly ListedInput[], next: { at: number }): Promise<void> => {
    while (next.at < inputs.length) {
      const input = inputs[next.at++] as ListedInput;
      const before = done.get(input.file.ref);
      if (
        before !== undefined &&
        before.size_bytes === input.file.sizeBytes &&
        before.mtime_ms === input.file.mtimeMs
      ) {
        pipeline.skipIngested();
      } else {
        const phi = phiByPatient.get(input.patient);
        await pipeline.ingestFile(
          input.path,
          phi === undefined ? undefined : { key: input.patient, phi },
          input.file,
        );
      }
      onProgress?.({ done: ++finished, total });
    }
  };
  for (const wave of waves) {
    const next = { at: 0 };
    await Promise.all(Array.from({ length: pipeline.concurrency }, () => lane(wave, next)));
  }
  return { dicomdirs, missingFromDicomdir };
}
