import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, writeSync, writevSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { parsePart10 } from '../dicom/index.js';
import type { DeidInstanceLog } from './deid-log.js';
import { deidentifyInstance, type DeidContext } from './deidentify-instance.js';
import type { PhiTerms } from './phi-terms.js';

/** One input's outcome, as a worker hands it back to the run. */
export type DeidFileOutcome =
  | {
      readonly ok: true;
      /** Output path relative to the output folder: patient/study/series/instance. */
      readonly output: string;
      readonly bytes: Uint8Array;
      /** The same bytes as chunks, Pixel Data not copied (see writePart10Parts). */
      readonly parts: readonly Uint8Array[];
      readonly record: Omit<DeidInstanceLog, 'input'>;
    }
  | { readonly ok: false; readonly code: string; readonly reason: string };

/** A path component from a pseudonym or UID: only characters safe in every file system. */
function safeName(value: string | undefined, fallback: string): string {
  if (value === undefined || value === '') return fallback;
  return value.replace(/[^0-9A-Za-z.\-_]/g, '_');
}

/**
 * Reads, de-identifies and encodes one file; never throws for bad input: the
 * problem comes back as the reason the file is quarantined.
 */
export async function deidentifyFile(
  input: string,
  context: DeidContext,
  phiTerms: PhiTerms | undefined,
): Promise<DeidFileOutcome> {
  try {
    // Synchronous: one file at a time per thread, and the async read's
    // scheduling cost more than it overlapped here.
    const bytes = readFileSync(input);
    const file = parsePart10(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      file: input,
    });
    const result = await deidentifyInstance(
      file,
      phiTerms === undefined ? context : { ...context, phiTerms },
    );
    const output = join(
      safeName(result.patientPseudonym, 'no-patient'),
      safeName(result.studyInstanceUid, 'no-study'),
      safeName(result.seriesInstanceUid, 'no-series'),
      `${safeName(result.sopInstanceUid, 'instance')}.dcm`,
    );
    const record: Omit<DeidInstanceLog, 'input'> = {
      output,
      sopClassUid: result.sopClassUid,
      entries: result.entries,
      optionsApplied: result.optionsApplied,
      ...(result.pixel === undefined
        ? {}
        : {
            pixel: {
              ocrReason: result.pixel.ocrReason,
              findings: result.pixel.findings.map((f) => ({
                frame: f.frame,
                box: f.box,
                source: f.source,
              })),
              reviewRequired: result.pixel.reviewRequired,
              changed: result.pixel.changed,
            },
          }),
    };
    return {
      ok: true,
      output,
      get bytes(): Uint8Array {
        return result.bytes;
      },
      parts: result.parts,
      record,
    };
  } catch (error) {
    const code =
      typeof error === 'object' &&
      error !== null &&
      'code' in error &&
      typeof error.code === 'string'
        ? error.code
        : 'INTERNAL';
    return { ok: false, code, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** A de-identified file written under a temporary name beside its final path, for the run to commit. */
export type DeidStagedOutcome =
  | {
      readonly ok: true;
      readonly output: string;
      /** Absolute path of the temporary file holding the bytes. */
      readonly staged: string;
      /** SHA-256 of the output file, base64url. */
      readonly sha256: string;
      readonly record: Omit<DeidInstanceLog, 'input'>;
    }
  | { readonly ok: false; readonly code: string; readonly reason: string };

let stagedCounter = 0;
/** Output folders this thread has made: one mkdir per series, not per file. */
const madeFolders = new Set<string>();

/**
 * De-identifies one file and writes the result next to its final place under
 * a hidden temporary name (in the worker that made it: the bytes never cross
 * threads). The run then renames it into place, or deletes it when the same
 * output was already written; a killed run leaves only `.*.tmp` files.
 */
export async function deidentifyFileStaged(
  input: string,
  outDir: string,
  context: DeidContext,
  phiTerms: PhiTerms | undefined,
): Promise<DeidStagedOutcome> {
  const outcome = await deidentifyFile(input, context, phiTerms);
  if (!outcome.ok) return outcome;
  const target = join(outDir, outcome.output);
  const staged = join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${threadId}.${stagedCounter++}.tmp`,
  );
  const hash = createHash('sha256');
  try {
    const folder = dirname(target);
    if (!madeFolders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      madeFolders.add(folder);
    }
    const fd = openSync(staged, 'w');
    try {
      // writev may stop short; the rest goes chunk by chunk.
      let written = writevSync(fd, outcome.parts as Uint8Array[]);
      for (const part of outcome.parts) {
        if (written >= part.length) {
          written -= part.length;
          continue;
        }
        writeSync(fd, part, written);
        written = 0;
      }
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    return {
      ok: false,
      code: 'OUTPUT_WRITE_FAILED',
      reason: `cannot write ${target}: ${(error as Error).message}`,
    };
  }
  for (const part of outcome.parts) hash.update(part);
  // base64url, not hex: long runs of digits in hex digests look like dates
  // and times to a residual-PHI scan of the log.
  const sha256 = hash.digest('base64url');
  return { ok: true, output: outcome.output, staged, sha256, record: outcome.record };
}
