import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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
    const bytes = await readFile(input);
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
    return { ok: true, output, bytes: result.bytes, record };
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
