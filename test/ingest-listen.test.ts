/**
 * `radset listen` as a real process: modalities push with C-STORE (dcmtk
 * storescu, and Orthanc as a PACS forwarding), web clients upload with
 * STOW-RS; everything lands in the catalog de-identified; a bad part is
 * refused with its reason; SIGTERM finishes cleanly.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  encodeMultipartRelated,
  multipartRelatedContentType,
} from '../src/ingest/dicomweb/index.js';
import { generateStudySet } from '../src/synth/index.js';
import { corpusPath, requireCorpus } from './support/corpus.js';
import { requireOrthanc, startOrthanc } from './support/orthanc.js';
import { requirePeer } from './support/peers.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'radset.js');
const work = mkdtempSync(join(tmpdir(), 'radset-listen-'));
const keyFile = join(work, 'deid.key');
const dataDir = join(work, 'data');
const synth = join(work, 'synth');
const env = { ...process.env, RADSET_DATABASE_URL: '' };
/** Compressed and uncompressed corpus files with distinct SOP Instance UIDs, for Orthanc to forward. */
const ORTHANC_FILES = [
  'syntaxes/explicit_vr_le/CT_small.dcm',
  'syntaxes/rle_lossless/CT0012.not_fragmented_bot_rle.dcm',
  'syntaxes/jpeg2000_lossless/GH064.dcm',
];
const STOW_FILES = ['syntaxes/jpegls_lossless/7.dcm', 'syntaxes/explicit_vr_be/3.dcm'];

let child: ChildProcess | undefined;
let stdout = '';
let dimsePort = 0;
let stowUrl = '';

function radset(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [BIN, ...args], { env, encoding: 'utf8' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  expect(existsSync(join(ROOT, 'dist', 'cli', 'main.js')), 'build first: npm run build').toBe(true);
  await generateStudySet({
    outDir: synth,
    studies: 1,
    modality: 'CT',
    slices: 6,
    size: 64,
    seed: 'listen',
    vendor: 'siemens',
  });
  expect(radset('init', '--key-file', keyFile).code).toBe(0);
  expect(radset('init', '--data-dir', dataDir, '--key-file', keyFile).code).toBe(0);
  child = spawn(
    process.execPath,
    [
      BIN,
      'listen',
      '--data-dir',
      dataDir,
      '--key-file',
      keyFile,
      '--dimse-port',
      '0',
      '--http-port',
      '0',
      '--jobs',
      '2',
      '--host',
      '127.0.0.1',
    ],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const deadline = Date.now() + 60_000;
  while (!stdout.includes('stop with Ctrl-C')) {
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error(`radset listen did not start: ${stdout}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  dimsePort = Number(/DICOM RADSET on port (\d+)/.exec(stdout)?.[1]);
  stowUrl = /STOW-RS at (\S+)\/studies/.exec(stdout)?.[1] ?? '';
});

afterAll(() => {
  if (child !== undefined && child.exitCode === null) child.kill('SIGKILL');
});

describe('radset listen', () => {
  it('answers C-ECHO and stores what storescu sends', (context) => {
    requirePeer(context, 'storescu');
    const echo = spawnSync('echoscu', ['-aec', 'RADSET', '127.0.0.1', String(dimsePort)], {
      encoding: 'utf8',
    });
    expect(echo.status, echo.stderr).toBe(0);
    const wrong = spawnSync('echoscu', ['-aec', 'NOT-RADSET', '127.0.0.1', String(dimsePort)], {
      encoding: 'utf8',
    });
    expect(wrong.status).not.toBe(0);
    const store = spawnSync(
      'storescu',
      ['+sd', '+r', '+sp', '*.dcm', '-aec', 'RADSET', '127.0.0.1', String(dimsePort), synth],
      {
        encoding: 'utf8',
        env: { ...process.env, TCP_NODELAY: '1' },
      },
    );
    expect(store.status, store.stderr).toBe(0);
    expect(store.stderr).not.toMatch(/Status: (Failed|Error)|failed/i);
  });

  it('stores what Orthanc forwards with C-STORE', async (context) => {
    requireOrthanc(context);
    requireCorpus(context);
    const orthanc = await startOrthanc({
      dicomweb: false,
      modalities: { radset: { aeTitle: 'RADSET', host: '127.0.0.1', port: dimsePort } },
    });
    try {
      const ids = await orthanc.upload(ORTHANC_FILES.map(corpusPath));
      const response = await fetch(`${orthanc.restUrl}/modalities/radset/store`, {
        method: 'POST',
        body: JSON.stringify({ Resources: ids, Synchronous: true }),
      });
      expect(response.status, await response.text()).toBe(200);
    } finally {
      await orthanc.stop();
    }
  });

  it('accepts STOW-RS and names the part it refused', async (context) => {
    requireCorpus(context);
    const boundary = 'radset-test-boundary';
    const parts = [
      ...STOW_FILES.map((f) => ({
        contentType: 'application/dicom',
        bytes: readFileSync(corpusPath(f)),
      })),
      { contentType: 'application/dicom', bytes: new TextEncoder().encode('not a DICOM file') },
    ];
    const response = await fetch(`${stowUrl}/studies`, {
      method: 'POST',
      headers: { 'content-type': multipartRelatedContentType(boundary) },
      body: encodeMultipartRelated(parts, boundary),
    });
    expect(response.status).toBe(202);
    expect(response.headers.get('content-type')).toBe('application/dicom+json');
    const body = (await response.json()) as Record<
      string,
      { Value?: Record<string, { Value?: unknown[] }>[] }
    >;
    expect(body['00081199']?.Value).toHaveLength(2); // ReferencedSOPSequence
    expect(body['00081198']?.Value).toHaveLength(1); // FailedSOPSequence
    expect(body['00081198']?.Value?.[0]?.['00081197']?.Value).toEqual([0xc000]);
    const wrongType = await fetch(`${stowUrl}/studies`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(wrongType.status).toBe(415);
    expect((await fetch(`${stowUrl}/nothing`)).status).toBe(404);
  });

  it('finishes on SIGTERM with everything in the catalog', async () => {
    const exited = new Promise<number | null>((resolve) =>
      child?.on('exit', (code) => resolve(code)),
    );
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/received: \d+ stored/);
    const stats = radset('stats', '--data-dir', dataDir, '--json');
    expect(stats.code, stats.stderr).toBe(0);
    const counts = JSON.parse(stats.stdout) as {
      instances: number;
      source: { value: string; count: number }[];
    };
    const bySource = Object.fromEntries(counts.source.map((s) => [s.value, s.count]));
    expect(bySource.stow).toBeGreaterThan(0);
    expect(bySource.dimse).toBeGreaterThan(0);
    expect(counts.instances).toBe(6 + ORTHANC_FILES.length + STOW_FILES.length);
  });
});
