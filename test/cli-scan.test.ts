/**
 * `radset scan` end to end: over the whole corpus (every manifest row
 * classified as its expectation says), its exit codes, and through
 * bin/radset.js as a user runs it.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { FileInspection, ScanSummary } from '../src/dicom/index.js';
import {
  CORPUS_ROOT,
  corpusAvailable,
  loadManifest,
  requireCorpus,
  type ManifestEntry,
} from './support/corpus.js';
import { skipOrFail } from './support/peers.js';
import { runCli } from './support/cli.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface ScanJson {
  readonly version: number;
  readonly roots: string[];
  readonly files: FileInspection[];
  readonly summary: ScanSummary;
}

const run = runCli;

/** What the scan must say about a manifest row. */
function expectClassified(entry: ManifestEntry, file: FileInspection | undefined): void {
  const label = `${entry.path} (${entry.expectation}): ${JSON.stringify(file)}`;
  expect(file, label).toBeDefined();
  if (file === undefined) return;
  switch (entry.expectation) {
    case 'parse-ok':
    case 'pixel-fail':
    case 'lenient-parse':
      expect(file.kind, label).toBe('dicom');
      expect(file.error, label).toBeUndefined();
      if (entry.transferSyntaxUid !== undefined)
        expect(file.transferSyntaxUid, label).toBe(entry.transferSyntaxUid);
      if (entry.modality !== '') expect(file.modality, label).toBe(entry.modality);
      if (entry.expectation === 'lenient-parse')
        expect(file.warnings.length, label).toBeGreaterThan(0);
      break;
    case 'expect-fail':
      // Some of these are damaged only inside encapsulated pixel data, which a header scan does not read.
      expect(file.kind, label).toBe('dicom');
      break;
    case 'not-dicom-data': {
      expect(file.kind, label).toBe('not-dicom');
      const format = entry.path.endsWith('.gz')
        ? 'gzip'
        : entry.modality === 'JSON sidecar'
          ? 'JSON'
          : entry.modality === 'text' || entry.modality === 'FSL bval/bvec'
            ? 'text'
            : entry.modality;
      expect(file.format, label).toBe(format);
      break;
    }
  }
}

describe('radset scan', () => {
  it('classifies every corpus file as its manifest says', async (context) => {
    requireCorpus(context);
    const { code, stdout, stderr } = await run(['scan', '--json', CORPUS_ROOT]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as ScanJson;
    expect(report.version).toBe(1);
    const byPath = new Map(report.files.map((f) => [f.path, f]));
    for (const entry of loadManifest()) expectClassified(entry, byPath.get(entry.file));

    const s = report.summary;
    expect(s.files).toBe(report.files.length);
    expect(s.dicom + s.notDicom + s.unreadable).toBe(s.files);
    expect(s.dicom).toBe(report.files.filter((f) => f.kind === 'dicom').length);
    expect(s.withErrors).toBe(report.files.filter((f) => f.error !== undefined).length);
    const parsed = report.files.filter(
      (f) => f.kind === 'dicom' && f.transferSyntaxUid !== undefined,
    ).length;
    expect(s.bySopClass.reduce((n, c) => n + c.count, 0)).toBe(parsed);
    expect(s.byTransferSyntax.reduce((n, c) => n + c.count, 0)).toBe(parsed);
  });

  it('prints a table and a summary', async (context) => {
    requireCorpus(context);
    const { code, stdout } = await run([
      'scan',
      `${CORPUS_ROOT}edge/truncated`,
      `${CORPUS_ROOT}nifti`,
    ]);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^PATH +DICOM +MODALITY +SOP CLASS +TRANSFER SYNTAX +NOTES$/);
    expect(lines.find((l) => l.includes('MR_truncated.dcm'))).toMatch(
      /yes +MR +MR Image Storage +ExplicitVRLittleEndian/,
    );
    expect(lines.find((l) => l.includes('GH179B.dcm'))).toContain('error DICOM_TRUNCATED');
    expect(lines.find((l) => l.includes('anatomical.nii'))).toMatch(/ no .*not DICOM: NIfTI-1$/);
    expect(stdout).toContain('Summary:');
    // GH179B, GH626 and rtplan_truncated fail in the header; MR_truncated and the
    // 3 GiB file declare more pixel data than the file holds.
    expect(lines.find((l) => l.includes('3gb-bulk-data-truncated'))).toMatch(
      /MR Image Storage .*error DICOM_TRUNCATED: pixel data of 3221225472 bytes/,
    );
    expect(stdout).toMatch(/with errors +5\n/);
  });

  it('exits 0 on a folder with no DICOM at all', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'radset-scan-'));
    try {
      writeFileSync(join(dir, 'notes.txt'), 'hello\n');
      const { code, stdout } = await run(['scan', '--json', dir]);
      expect(code).toBe(0);
      expect((JSON.parse(stdout) as ScanJson).summary).toMatchObject({
        files: 1,
        dicom: 0,
        notDicom: 1,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('fails with NOT_FOUND (66) for a missing folder, USAGE (64) for bad arguments', async () => {
    const missing = await run(['scan', join(tmpdir(), 'radset-no-such-folder')]);
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain('error NOT_FOUND');
    expect(missing.stdout).toBe('');
    const none = await run(['scan']);
    expect(none.code).toBe(64);
    expect(none.stderr).toContain('error USAGE');
    const unknown = await run(['scan', '--tree', '.']);
    expect(unknown.code).toBe(64);
    expect(unknown.stderr).toContain("unknown option '--tree'");
    const help = await run(['scan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: radset scan');
  });

  it('runs from bin/radset.js', async (context) => {
    if (!existsSync(join(ROOT, 'dist', 'cli', 'commands', 'scan.js')))
      skipOrFail(context, 'dist/ is not built (npm run build)');
    if (!corpusAvailable()) requireCorpus(context);
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(ROOT, 'bin', 'radset.js'),
      'scan',
      '--json',
      `${CORPUS_ROOT}syntaxes/explicit_vr_le/CT_small.dcm`,
    ]);
    const report = JSON.parse(stdout) as ScanJson;
    expect(report.files).toHaveLength(1);
    expect(report.files[0]).toMatchObject({
      kind: 'dicom',
      modality: 'CT',
      sopClassName: 'CT Image Storage',
      manufacturer: 'GE MEDICAL SYSTEMS',
      studyInstanceUid: '1.3.6.1.4.1.5962.1.2.1.20040119072730.12322',
      seriesInstanceUid: '1.3.6.1.4.1.5962.1.3.1.1.20040119072730.12322',
      sopInstanceUid: '1.3.6.1.4.1.5962.1.1.1.1.1.20040119072730.12322',
    });
  });
});
