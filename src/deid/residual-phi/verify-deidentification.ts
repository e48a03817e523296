import { readFile } from 'node:fs/promises';
import { DicomError, listFiles, parsePart10 } from '../../dicom/index.js';
import type { DeidOption } from '../deid-option.js';
import { CANDIDATE_CLASSES, type CandidateClass } from './candidate.js';
import { CandidateCollector } from './collect-candidates.js';
import { parseAllowList } from './exemption-policy.js';
import { OutputScanner, type ResidualPhiHit } from './output-scanner.js';

/** What to verify: the originals, the de-identified outputs, and how they were de-identified. */
export interface VerifyDeidentificationInput {
  /** Original files or folders (walked recursively). */
  readonly originals: readonly string[];
  /** Output files or folders (walked recursively); every file is searched, DICOM or not. */
  readonly outputs: readonly string[];
  /** The Table E.1-1 options the outputs were de-identified with (PS3.15 E.3). */
  readonly options: ReadonlySet<DeidOption>;
  /** Attributes exempted by the operator: keywords, tags or `(gggg,"creator",ee)`. */
  readonly allow?: readonly string[];
  /** Search for bare times (TM) too (see CollectorPolicy.times). */
  readonly times?: boolean;
}

/** A file that could not be read, and why. */
export interface UnreadableFile {
  readonly path: string;
  readonly message: string;
}

/**
 * `clean`: no original value found in any output; `leaks`: hits; `incomplete`:
 * no hits, but some originals or outputs could not be read, so their values
 * were not collected or their bytes not searched.
 */
export type VerifyVerdict = 'clean' | 'leaks' | 'incomplete';

/** The result of {@link verifyDeidentification}. */
export interface VerifyReport {
  readonly verdict: VerifyVerdict;
  readonly originals: {
    readonly files: number;
    readonly dicom: number;
    readonly notDicom: number;
    readonly unreadable: readonly UnreadableFile[];
    readonly elements: number;
  };
  readonly candidates: {
    readonly total: number;
    readonly byClass: Readonly<Record<CandidateClass, number>>;
    /** Distinct byte sequences searched for (encodings of the candidates). */
    readonly patterns: number;
  };
  readonly outputs: {
    readonly files: number;
    readonly bytes: number;
    readonly unreadable: readonly UnreadableFile[];
  };
  readonly hits: readonly ResidualPhiHit[];
  /** Files with at least one hit. */
  readonly filesWithHits: number;
  readonly collectSeconds: number;
  readonly scanSeconds: number;
}

/** Originals read at once. */
const READ_CONCURRENCY = 8;

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The independent residual-PHI check of de-identified outputs (issue 3):
 * collects every identifying value of the originals (names, identifiers,
 * dates, times, ages ≥ 90, free text of removed attributes, at every level
 * of nesting and in private elements) and searches all bytes of every output
 * file for them. It shares no logic with the de-identification engine, only
 * Table E.1-1 and the safe-private list.
 */
export async function verifyDeidentification(
  input: VerifyDeidentificationInput,
): Promise<VerifyReport> {
  const collectStarted = performance.now();
  const collector = new CandidateCollector({
    options: input.options,
    allowed: parseAllowList(input.allow ?? []),
    times: input.times === true,
  });
  const originals = await listFiles(input.originals);
  const unreadableOriginals: UnreadableFile[] = [];
  let notDicom = 0;
  let dicom = 0;
  await forEachLimited(originals, READ_CONCURRENCY, async (entry) => {
    if (entry.error !== undefined) {
      unreadableOriginals.push({ path: entry.path, message: entry.error.message });
      return undefined;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(entry.path);
    } catch (error) {
      unreadableOriginals.push({ path: entry.path, message: errorMessage(error) });
      return undefined;
    }
    return () => {
      try {
        collector.addFile(parsePart10(bytes, { file: entry.path }), entry.path);
        dicom++;
      } catch (error) {
        if (error instanceof DicomError && error.code === 'DICOM_NOT_DICOM') notDicom++;
        else if (error instanceof DicomError)
          unreadableOriginals.push({ path: entry.path, message: error.message });
        else throw error;
      }
    };
  });
  const candidates = collector.candidates();
  const byClass = Object.fromEntries(CANDIDATE_CLASSES.map((c) => [c, 0])) as Record<
    CandidateClass,
    number
  >;
  for (const candidate of candidates) byClass[candidate.class]++;
  const scanner = new OutputScanner(candidates);
  const collectSeconds = (performance.now() - collectStarted) / 1000;

  const scanStarted = performance.now();
  const outputs = await listFiles(input.outputs);
  const unreadableOutputs: UnreadableFile[] = [];
  const hits: ResidualPhiHit[] = [];
  let bytesScanned = 0;
  let outputFiles = 0;
  await forEachLimited(outputs, 2, async (entry) => {
    if (entry.error !== undefined) {
      unreadableOutputs.push({ path: entry.path, message: entry.error.message });
      return undefined;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(entry.path);
    } catch (error) {
      unreadableOutputs.push({ path: entry.path, message: errorMessage(error) });
      return undefined;
    }
    return () => {
      outputFiles++;
      bytesScanned += bytes.length;
      hits.push(...scanner.scanBytes(entry.path, bytes));
    };
  });
  const scanSeconds = (performance.now() - scanStarted) / 1000;
  const sortedHits = hits.sort((a, b) =>
    a.file === b.file ? a.offset - b.offset : a.file < b.file ? -1 : 1,
  );
  const unreadable = unreadableOriginals.length + unreadableOutputs.length;
  return {
    verdict: sortedHits.length > 0 ? 'leaks' : unreadable > 0 ? 'incomplete' : 'clean',
    originals: {
      files: originals.length,
      dicom,
      notDicom,
      unreadable: unreadableOriginals.sort((a, b) => (a.path < b.path ? -1 : 1)),
      elements: collector.counts.elements,
    },
    candidates: { total: candidates.length, byClass, patterns: scanner.patternCount },
    outputs: {
      files: outputFiles,
      bytes: bytesScanned,
      unreadable: unreadableOutputs.sort((a, b) => (a.path < b.path ? -1 : 1)),
    },
    hits: sortedHits,
    filesWithHits: new Set(sortedHits.map((h) => h.file)).size,
    collectSeconds,
    scanSeconds,
  };
}

/**
 * Runs `read` over `items` with at most `limit` reads in flight, then runs the
 * synchronous step each read returns in the items' order, so results are the
 * same whatever order the reads finish in (the first file to name a value is
 * the one reported).
 */
async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  read: (item: T) => Promise<(() => void) | undefined>,
): Promise<void> {
  const pending: (Promise<(() => void) | undefined> | undefined)[] = [];
  let next = 0;
  const start = (): void => {
    if (next < items.length) {
      pending[next] = read(items[next] as T);
      next++;
    }
  };
  for (let i = 0; i < limit; i++) start();
  for (let i = 0; i < items.length; i++) {
    const step = await pending[i];
    pending[i] = undefined;
    start();
    step?.();
  }
}
