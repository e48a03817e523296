/**
 * Every corpus file through the de-identifier with the default profile: each
 * is de-identified or refused with a clear reason; the output carries none of
 * its original's identifying values (radset deid verify's scanner, which
 * shares no logic with the engine); two runs with one key give identical
 * bytes; and dciodvfy finds no error in the output that it did not find in
 * the input. OCR is off here (it runs on the burned-in text tests): with it,
 * the at-risk corpus files would cost minutes of tesseract.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deidentifyFile, type DeidFileOutcome } from '../src/deid/deid-file.js';
import { defaultDeidProfile } from '../src/deid/deid-profile.js';
import { KeyedPseudonyms } from '../src/deid/keyed-pseudonym.js';
import { verifyDeidentification } from '../src/deid/residual-phi/index.js';
import { loadManifest, requireCorpus, type ManifestEntry } from './support/corpus.js';
import { requirePeer } from './support/peers.js';

const profile = { ...defaultDeidProfile(), ocr: false };
const context = (seed: number): Parameters<typeof deidentifyFile>[1] => ({
  profile,
  pseudonyms: new KeyedPseudonyms(new Uint8Array(32).fill(seed)),
  software: 'radset test',
});
const work = mkdtempSync(join(tmpdir(), 'radset-deid-corpus-'));

/** Why a corpus file may be refused: it is not an instance, or it is damaged. */
const REFUSALS = new Set(['DEID_REFUSED', 'DICOM_TRUNCATED', 'DICOM_NOT_DICOM', 'DICOM_MALFORMED']);

/**
 * dciodvfy errors that the profile itself causes, with the reason. Each names
 * a file, so a new kind of error anywhere else still fails the test.
 */
const KNOWN_NEW_ERRORS: readonly { path: string; error: RegExp; why: string }[] = [
  {
    path: 'vendor/other/mr_brucker.dcm',
    error: /Element=<Responsible(Person|Organization)>/,
    why: 'E.1-1 removes Responsible Person/Organization (X); the Patient module makes them Type 2C for animals',
  },
];

function dciodvfyErrors(file: string): string[] {
  const result = spawnSync('dciodvfy', [file], { encoding: 'utf8' });
  // Values differ after de-identification (UIDs, dates): compare the messages.
  return `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => line.startsWith('Error'))
    .map((line) =>
      line
        .replace(/(?<!Element=)<[^>]*>/g, '<>')
        .replace(/ReferencedSOPInstanceUID [0-9.]+/, '')
        .trim(),
    );
}

/** dciodvfy stopped reading the input: its error list is incomplete, so only the output's readability is compared. */
function readFailed(errors: readonly string[]): boolean {
  return errors.some((e) => /read failed|Tags out of order/.test(e));
}

const entries = loadManifest().filter((e) => e.expectation !== 'not-dicom-data');

describe('de-identifying the corpus', () => {
  it.for(entries)('$path', async (entry: ManifestEntry, ctx) => {
    requireCorpus(ctx);
    requirePeer(ctx, 'dciodvfy');
    const first = await deidentifyFile(entry.file, context(7), undefined);
    if (!first.ok) {
      expect(REFUSALS.has(first.code), `${first.code}: ${first.reason}`).toBe(true);
      expect(first.reason.length).toBeGreaterThan(10);
      // A conformant file is refused only when it is no instance (DICOMDIR, no SOP
      // Instance UID) or sits in a gzip container, which the reader names.
      if (entry.expectation === 'parse-ok' && first.code !== 'DEID_REFUSED')
        expect(first.reason).toMatch(/gzip/);
      return;
    }
    const second: DeidFileOutcome = await deidentifyFile(entry.file, context(7), undefined);
    expect(second.ok && Buffer.from(second.bytes).equals(Buffer.from(first.bytes))).toBe(true);
    const other = await deidentifyFile(entry.file, context(8), undefined);
    expect(other.ok && other.output !== first.output).toBe(true);

    const folder = join(work, entry.path.replace(/[^A-Za-z0-9]/g, '_'));
    mkdirSync(folder, { recursive: true });
    const output = join(folder, 'out.dcm');
    writeFileSync(output, first.bytes);
    const report = await verifyDeidentification({
      originals: [entry.file],
      outputs: [output],
      options: profile.options,
      times: true,
    });
    expect(report.hits.map((h) => `${h.class} ${h.attribute} → ${h.location}`)).toEqual([]);

    const before = dciodvfyErrors(entry.file);
    const after = dciodvfyErrors(output);
    if (readFailed(before)) return;
    expect(readFailed(after)).toBe(false);
    const known = new Set(before);
    const added = after.filter(
      (e) =>
        !known.has(e) && !KNOWN_NEW_ERRORS.some((k) => k.path === entry.path && k.error.test(e)),
    );
    expect(added).toEqual([]);
  });
});
