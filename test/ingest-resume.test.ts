/**
 * DESIGN.md "a killed run resumes": `radset ingest` killed with SIGKILL half
 * way, then run again, ends with exactly the catalog and blobs of a run that
 * was never interrupted. Runs the built CLI (dist/) as a real process.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/index.js';
import { generateStudySet } from '../src/synth/index.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'radset.js');
const work = mkdtempSync(join(tmpdir(), 'radset-resume-'));
const input = join(work, 'in');
const keyFile = join(work, 'deid.key');
const env = { ...process.env, RADSET_DATABASE_URL: '' };

function radset(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function countFiles(dir: string): number {
  if (!existsSync(dir)) return 0;
  let n = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    n += statSync(path).isDirectory() ? (name === 'tmp' ? 0 : countFiles(path)) : 1;
  }
  return n;
}

async function snapshot(dataDir: string): Promise<unknown[]> {
  const db = await openDatabase({ dataDir, url: '' });
  try {
    return await db.query(
      `SELECT i.sop_instance_uid, i.series_uid, se.study_uid, st.patient_id, i.blob_sha256,
         i.size_bytes, i.source_digest, i.header::text AS header, i.frame_count, se.modality,
         se.body_part, se.manufacturer, se.slice_thickness_mm, st.study_date, st.age_band, p.sex
       FROM instances i JOIN series se USING (series_uid) JOIN studies st USING (study_uid)
       JOIN patients p USING (patient_id) ORDER BY i.sop_instance_uid`,
    );
  } finally {
    await db.close();
  }
}

let total = 0;

beforeAll(async () => {
  expect(existsSync(join(ROOT, 'dist', 'cli', 'main.js')), 'build first: npm run build').toBe(true);
  await generateStudySet({
    outDir: input,
    studies: 6,
    modality: 'CT',
    slices: 60,
    size: 128,
    seed: 'resume',
    vendor: 'mixed',
  });
  total = countFiles(input) - 6 * 2; // less each study's mask and ground-truth.json
  expect(radset('init', '--key-file', keyFile).code).toBe(0);
});

describe('radset ingest killed with SIGKILL', () => {
  it('resumes and ends with the same catalog as an uninterrupted run', async () => {
    const killed = join(work, 'killed');
    const whole = join(work, 'whole');
    for (const dir of [killed, whole])
      expect(radset('init', '--data-dir', dir, '--key-file', keyFile).code).toBe(0);

    const child = spawn(
      process.execPath,
      [BIN, 'ingest', input, '--data-dir', killed, '--key-file', keyFile, '--jobs', '2'],
      { env, stdio: 'ignore' },
    );
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );
    // Kill once a third of the blobs are written: some instances are then in
    // the catalog, some only in the blob store, the rest nowhere.
    let stored = 0;
    while (stored < total / 3) {
      const code = await Promise.race([
        exited,
        new Promise<'running'>((r) => setTimeout(() => r('running'), 10)),
      ]);
      if (code !== 'running')
        throw new Error(`ingest ended (${code}) before it could be killed; make the set larger`);
      stored = countFiles(join(killed, 'blobs'));
    }
    child.kill('SIGKILL');
    await exited;
    const partial = (await snapshot(killed)).length;
    expect(partial).toBeLessThan(total);

    const resumed = radset(
      'ingest',
      input,
      '--data-dir',
      killed,
      '--key-file',
      keyFile,
      '--jobs',
      '2',
      '--json',
    );
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const report = JSON.parse(resumed.stdout) as {
      inputs: number;
      stored: number;
      duplicates: number;
      skipped: number;
      quarantined: number;
    };
    expect(report.inputs).toBe(report.stored + report.duplicates + report.quarantined);
    expect(report.skipped).toBe(partial);
    expect(report.stored + report.skipped).toBe(total);

    const uninterrupted = radset(
      'ingest',
      input,
      '--data-dir',
      whole,
      '--key-file',
      keyFile,
      '--jobs',
      '2',
    );
    expect(uninterrupted.code).toBe(0);
    const a = await snapshot(killed);
    const b = await snapshot(whole);
    expect(a).toHaveLength(total);
    expect(a).toEqual(b);
    expect(countFiles(join(killed, 'blobs'))).toBe(countFiles(join(whole, 'blobs')));
  });
});
