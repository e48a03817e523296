/**
 * `radset ingest --from dicomweb` against a real PACS: Debian Orthanc with
 * its DICOMweb plugin, loaded with corpus files. Everything the PACS holds
 * arrives, de-identified and catalogued; the same files from a folder are
 * duplicates; a study the PACS does not have is reported, not lost.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import type { IngestReport } from '../src/ingest/index.js';
import { runCli } from './support/cli.js';
import { corpusAvailable, corpusPath, requireCorpus } from './support/corpus.js';
import {
  orthancAvailable,
  requireOrthanc,
  startOrthanc,
  type OrthancInstance,
} from './support/orthanc.js';

const FILES = [
  ...['I10', 'I100', 'I110'].map((f) => `series/ct_philips_ingenuity_head_phantom_5mm/${f}`),
  ...['i152.MRDC.5', 'i158.MRDC.12'].map((f) => `series/mr_ge_signa_3d_t1_mprage_1.2mm/${f}`),
  'syntaxes/rle_lossless/4.dcm',
  'syntaxes/jpeg2000_lossless/9.dcm',
];
const MISSING_STUDY = '1.2.826.0.1.3680043.8.498.999999';

const work = mkdtempSync(join(tmpdir(), 'radset-ingest-dicomweb-'));
const keyFile = join(work, 'deid.key');
const dataDir = join(work, 'data');
let orthanc: OrthancInstance | undefined;

function startedOrthanc(context: TestContext): OrthancInstance {
  requireOrthanc(context);
  requireCorpus(context);
  if (orthanc === undefined) throw new Error('Orthanc did not start (see beforeAll)');
  return orthanc;
}

beforeAll(async () => {
  delete process.env.RADSET_DATABASE_URL;
  expect((await runCli(['init', '--key-file', keyFile])).code).toBe(0);
  expect((await runCli(['init', '--data-dir', dataDir, '--key-file', keyFile])).code).toBe(0);
  if (!orthancAvailable() || !corpusAvailable()) return;
  orthanc = await startOrthanc();
  await orthanc.upload(FILES.map(corpusPath));
});

afterAll(async () => {
  await orthanc?.stop();
});

async function ingest(
  ...args: string[]
): Promise<{ code: number; report: IngestReport; stdout: string }> {
  const reportFile = join(work, `report-${Date.now()}.json`);
  const result = await runCli([
    'ingest',
    ...args,
    '--data-dir',
    dataDir,
    '--key-file',
    keyFile,
    '--report',
    reportFile,
  ]);
  return {
    code: result.code,
    report: JSON.parse(readFileSync(reportFile, 'utf8')) as IngestReport,
    stdout: result.stdout,
  };
}

describe('radset ingest --from dicomweb', () => {
  it('pulls every study the PACS holds into the catalog', async (context) => {
    const pacs = startedOrthanc(context);
    const { code, report } = await ingest('--from', 'dicomweb', pacs.dicomwebUrl);
    expect(code).toBe(0);
    expect(report.source).toBe('dicomweb');
    expect(report.inputs).toBe(FILES.length);
    expect(report.stored).toBe(FILES.length);
    expect(report.quarantined).toBe(0);
    expect(report.sourceFailures).toEqual([]);
    const stats = JSON.parse((await runCli(['stats', '--data-dir', dataDir, '--json'])).stdout) as {
      instances: number;
      source: { value: string; count: number }[];
    };
    expect(stats.instances).toBe(FILES.length);
    expect(stats.source.map((s) => s.value)).toEqual(['dicomweb']);
  });

  it('finds the same instances in a folder to be duplicates', async () => {
    const folder = await runCli([
      'ingest',
      ...FILES.map(corpusPath),
      '--data-dir',
      dataDir,
      '--key-file',
      keyFile,
      '--json',
    ]);
    expect(folder.code).toBe(0);
    const report = JSON.parse(folder.stdout) as IngestReport;
    expect(report.duplicates).toBe(FILES.length);
    expect(report.stored).toBe(0);
  });

  it('filters with QIDO-RS and reports a study the PACS does not have', async (context) => {
    const pacs = startedOrthanc(context);
    const ct = await ingest(
      '--from',
      'dicomweb',
      pacs.dicomwebUrl,
      '--query',
      'ModalitiesInStudy=CT',
    );
    expect(ct.code).toBe(0);
    expect(ct.report.inputs).toBe(3);
    expect(ct.report.duplicates).toBe(3);
    const missing = await ingest('--from', 'dicomweb', pacs.dicomwebUrl, '--study', MISSING_STUDY);
    expect(missing.code).toBe(69);
    expect(missing.report.sourceFailures).toHaveLength(1);
    expect(missing.report.sourceFailures[0]?.ref).toBe(`dicomweb:${MISSING_STUDY}`);
    expect(missing.stdout).toContain('not fetched');
  });

  it('explains an unreachable server and bad usage', async () => {
    const down = await runCli([
      'ingest',
      '--from',
      'dicomweb',
      'http://127.0.0.1:1/dicom-web',
      '--data-dir',
      dataDir,
      '--key-file',
      keyFile,
    ]);
    expect(down.code).toBe(69);
    expect(down.stderr).toContain('127.0.0.1:1');
    expect((await runCli(['ingest', '--from', 'pacs', 'x', '--data-dir', dataDir])).code).toBe(64);
    expect((await runCli(['ingest', 'x', '--study', '1.2', '--data-dir', dataDir])).code).toBe(64);
  });
});
