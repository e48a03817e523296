/**
 * `radset init` + `radset ingest` + `radset search` / `radset stats` as a
 * data manager runs them, on the embedded database and on PostgreSQL: every
 * input ends stored, duplicate or quarantined; re-running changes nothing;
 * the catalog holds no PHI.
 */
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/index.js';
import { createDataset, writePart10 } from '../src/dicom/index.js';
import type { IngestReport } from '../src/ingest/index.js';
import { generateStudySet } from '../src/synth/index.js';
import { runCli } from './support/cli.js';
import { corpusPath, requireCorpus } from './support/corpus.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

const work = mkdtempSync(join(tmpdir(), 'radset-ingest-'));
const input = join(work, 'in');
const keyFile = join(work, 'keys', 'deid.key');

/** Corpus files in several transfer syntaxes and vendors. */
const CORPUS_FILES = [
  'syntaxes/explicit_vr_le/CT_small.dcm',
  'syntaxes/implicit_vr_le/MR_small_implicit.dcm',
  'syntaxes/explicit_vr_be/3.dcm',
  'syntaxes/deflated_explicit_vr_le/image_dfl.dcm',
  'syntaxes/jpeg_baseline_p1/GH538-jpeg1.dcm',
  'syntaxes/jpeg2000_lossless/GH064.dcm',
  'syntaxes/rle_lossless/CT0012.not_fragmented_bot_rle.dcm',
  'syntaxes/jpegls_lossless/7.dcm',
];

function synthFiles(): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.dcm')) out.push(path);
    }
  };
  visit(join(input, 'synth'));
  return out;
}

beforeAll(async () => {
  await generateStudySet({
    outDir: join(input, 'synth'),
    studies: 2,
    modality: 'CT',
    slices: 4,
    size: 64,
    seed: 'ingest',
    vendor: 'mixed',
  });
  const corpus = join(input, 'corpus');
  mkdirSync(corpus, { recursive: true });
  for (const [i, file] of CORPUS_FILES.entries()) {
    // No extension on some: ingest must not care what files are called.
    copyFileSync(corpusPath(file), join(corpus, i % 2 === 0 ? `IM${i}` : `${i}.dcm`));
  }
  const [first, second] = synthFiles();
  const odd = join(input, 'odd');
  mkdirSync(odd, { recursive: true });
  writeFileSync(join(odd, 'notes.txt'), 'not DICOM at all\n');
  // The same instance again, plainly and gzip-wrapped: two duplicates.
  copyFileSync(first as string, join(odd, 'copy-of-first'));
  writeFileSync(join(odd, 'first.dcm.gz'), gzipSync(readFileSync(first as string)));
  // Same UIDs, one pixel changed: a conflict, never an overwrite.
  const changed = Buffer.from(readFileSync(second as string));
  changed[changed.length - 1] = (changed[changed.length - 1] ?? 0) ^ 0xff;
  writeFileSync(join(odd, 'changed'), changed);
  // A DICOMDIR listing one file that exists and one that does not.
  const dicomdir = createDataset({
    SOPClassUID: '1.2.840.10008.1.3.10',
    SOPInstanceUID: '1.2.3.4',
    DirectoryRecordSequence: [
      createDataset({ DirectoryRecordType: 'IMAGE', ReferencedFileID: ['copy-of-first'] }),
      createDataset({ DirectoryRecordType: 'IMAGE', ReferencedFileID: ['IMAGES', 'IM000999'] }),
    ],
  });
  writeFileSync(
    join(odd, 'DICOMDIR'),
    writePart10({ dataset: dicomdir, transferSyntaxUid: '1.2.840.10008.1.2.1' }),
  );
  const key = await runCli(['init', '--key-file', keyFile]);
  expect(key.code).toBe(0);
});

async function ingest(dataDir: string, ...extra: string[]): Promise<IngestReport> {
  const reportFile = join(dataDir, `report-${Date.now()}.json`);
  const result = await runCli([
    'ingest',
    input,
    '--data-dir',
    dataDir,
    '--key-file',
    keyFile,
    '--report',
    reportFile,
    '--jobs',
    '2',
    ...extra,
  ]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('stored');
  return JSON.parse(readFileSync(reportFile, 'utf8')) as IngestReport;
}

/** Everything the catalog holds about instances, in a stable order. */
async function catalogSnapshot(dataDir: string): Promise<unknown[]> {
  const db = await openDatabase({ dataDir });
  try {
    return await db.query(
      `SELECT i.sop_instance_uid, i.series_uid, se.study_uid, st.patient_id, i.blob_sha256,
         i.size_bytes, i.source_digest, i.header::text AS header, se.modality, se.body_part,
         se.manufacturer, st.study_date, st.age_band, p.sex
       FROM instances i JOIN series se USING (series_uid) JOIN studies st USING (study_uid)
       JOIN patients p USING (patient_id) ORDER BY i.sop_instance_uid`,
    );
  } finally {
    await db.close();
  }
}

describe.each(['pglite', 'postgres'] as const)('ingest into %s', (kind) => {
  const dataDir = join(work, `data-${kind}`);
  let database: TestDatabase | undefined;
  let first: IngestReport;

  afterAll(async () => {
    delete process.env.RADSET_DATABASE_URL;
    await database?.drop();
  });

  it('refuses to ingest before init, then init creates the project', async (context) => {
    requireCorpus(context);
    if (kind === 'postgres') {
      database = await createTestDatabase(context);
      process.env.RADSET_DATABASE_URL = database.url;
    } else delete process.env.RADSET_DATABASE_URL;
    const before = await runCli(['ingest', input, '--data-dir', dataDir, '--key-file', keyFile]);
    expect(before.code).toBe(78);
    expect(before.stderr).toContain('radset init --data-dir');
    const init = await runCli(['init', '--data-dir', dataDir, '--key-file', keyFile]);
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('created');
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const again = await runCli(['init', '--data-dir', dataDir, '--key-file', keyFile]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('already a project');
  });

  it('accounts for every input: stored, duplicate or quarantined', async () => {
    first = await ingest(dataDir);
    const synth = synthFiles().length;
    expect(first.inputs).toBe(first.stored + first.duplicates + first.quarantined);
    expect(first.stored).toBe(synth + CORPUS_FILES.length);
    expect(first.duplicates).toBe(2); // the copy and the gzip-wrapped copy
    expect(first.conflicts).toBe(1);
    expect(first.dicomdirs).toBe(1);
    expect(first.missingFromDicomdir).toBe(1);
    const codes = first.quarantine.map((q) => q.code);
    // notes.txt, and each synthetic study's mask (.nii.gz) and ground-truth.json
    const notDicom = first.quarantine
      .filter((q) => q.code === 'DICOM_NOT_DICOM')
      .map((q) => q.input);
    expect(notDicom).toHaveLength(5);
    expect(
      notDicom.filter((p) => /notes\.txt$|\.nii\.gz$|ground-truth\.json$/.test(p)),
    ).toHaveLength(5);
    expect(codes.filter((c) => c !== 'DICOM_NOT_DICOM').sort()).toEqual([
      'INGEST_CONFLICT',
      'NOT_FOUND',
    ]);
    expect(first.quarantine.find((q) => q.code === 'NOT_FOUND')?.input).toContain('IM000999');
    // The conflicting original is kept, owner-only.
    const quarantine = join(dataDir, 'quarantine');
    expect(statSync(quarantine).mode & 0o777).toBe(0o700);
    // The first of the two in listing order (odd/changed) is stored; the
    // other (the synthetic original) is the conflict, kept as it was.
    const conflict = first.quarantine.find((q) => q.code === 'INGEST_CONFLICT');
    expect(conflict?.input).toBe(synthFiles()[1]);
    expect(conflict?.kept).toBeDefined();
    expect(readFileSync(join(quarantine, conflict?.kept ?? ''))).toEqual(
      readFileSync(synthFiles()[1] ?? ''),
    );
    const reasons = readFileSync(join(quarantine, 'reasons.jsonl'), 'utf8');
    expect(reasons).toContain('INGEST_CONFLICT');
  });

  it('keeps no PHI in the catalog, and every blob is the de-identified file', async () => {
    const rows = (await catalogSnapshot(dataDir)) as {
      header: string;
      patient_id: string;
      blob_sha256: string;
    }[];
    expect(rows.length).toBe(first.stored);
    const text = rows.map((r) => r.header).join('\n');
    const truth = JSON.parse(
      readFileSync(
        join(input, 'synth', readdirSync(join(input, 'synth'))[0] ?? '', 'ground-truth.json'),
        'utf8',
      ),
    ) as Record<string, unknown>;
    expect(JSON.stringify(truth)).toMatch(/"patient/i);
    for (const row of rows) {
      expect(row.patient_id).toMatch(/^RS[0-9A-Z]{16}$/);
      const blob = join(
        dataDir,
        'blobs',
        row.blob_sha256.slice(0, 2),
        row.blob_sha256.slice(2, 4),
        row.blob_sha256,
      );
      expect(statSync(blob).isFile()).toBe(true);
    }
    expect(text).toContain('"00120062"'); // Patient Identity Removed
    expect(text).not.toMatch(/"00100030":\{"vr":"DA","Value"/); // no birth date
  });

  it('is idempotent: a second run stores nothing and the catalog is unchanged', async () => {
    const before = await catalogSnapshot(dataDir);
    const second = await ingest(dataDir);
    expect(second.stored).toBe(0);
    expect(second.inputs).toBe(first.inputs);
    expect(second.duplicates).toBe(first.stored + first.duplicates);
    expect(second.skipped).toBe(first.stored + first.duplicates);
    expect(second.quarantined).toBe(first.quarantined);
    expect(await catalogSnapshot(dataDir)).toEqual(before);
  });

  it('refuses another key', async () => {
    const other = join(work, `other-${kind}.key`);
    expect((await runCli(['init', '--key-file', other])).code).toBe(0);
    const result = await runCli(['ingest', input, '--data-dir', dataDir, '--key-file', other]);
    expect(result.code).toBe(78);
    expect(result.stderr).toContain('fingerprint');
  });

  it('searches and counts the catalog', async () => {
    const all = await runCli(['search', '--data-dir', dataDir, '--json', '--limit', '1000']);
    expect(all.code).toBe(0);
    const result = JSON.parse(all.stdout) as {
      total: number;
      series: { modality: string; instances: number; studyDate: string | null }[];
    };
    expect(result.series.reduce((n, s) => n + s.instances, 0)).toBe(first.stored);
    const ct = JSON.parse(
      (await runCli(['search', '--data-dir', dataDir, '--json', '--modality', 'ct'])).stdout,
    ) as typeof result;
    expect(ct.total).toBeGreaterThan(0);
    expect(ct.series.every((s) => s.modality === 'CT')).toBe(true);
    const page = JSON.parse(
      (await runCli(['search', '--data-dir', dataDir, '--json', '--limit', '1', '--offset', '1']))
        .stdout,
    ) as typeof result;
    expect(page.series).toHaveLength(1);
    expect(page.total).toBe(result.total);
    const dated = result.series
      .map((s) => s.studyDate)
      .filter((d): d is string => d !== null)
      .sort();
    const from = dated.at(-1) ?? '2000-01-01';
    const late = JSON.parse(
      (await runCli(['search', '--data-dir', dataDir, '--json', '--date-from', from])).stdout,
    ) as typeof result;
    expect(late.series.every((s) => (s.studyDate ?? '') >= from)).toBe(true);
    expect(late.total).toBeLessThanOrEqual(result.total);
    const none = JSON.parse(
      (
        await runCli([
          'search',
          '--data-dir',
          dataDir,
          '--json',
          '--text',
          'no-such-words-anywhere',
        ])
      ).stdout,
    ) as typeof result;
    expect(none.total).toBe(0);
    const table = await runCli(['search', '--data-dir', dataDir, '--modality', 'CT']);
    expect(table.stdout).toContain('series match');
    expect(
      (await runCli(['search', '--data-dir', dataDir, '--date-from', '2020/01/01'])).code,
    ).toBe(64);
    const stats = await runCli(['stats', '--data-dir', dataDir, '--json']);
    expect(stats.code).toBe(0);
    const counts = JSON.parse(stats.stdout) as {
      instances: number;
      conflicts: number;
      modality: { value: string; count: number }[];
    };
    expect(counts.instances).toBe(first.stored);
    expect(counts.conflicts).toBe(1);
    expect(counts.modality.map((m) => m.value)).toContain('CT');
    expect((await runCli(['stats', '--data-dir', dataDir])).stdout).toContain('patients');
  });
});
