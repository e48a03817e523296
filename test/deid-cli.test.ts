/**
 * `radset init` and `radset deid` as a user runs them: a synthetic CT set with
 * fabricated PHI, a file that is not DICOM and a DICOMDIR in the input.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDataset, readDicomFileSync, writePart10 } from '../src/dicom/index.js';
import { generateStudySet } from '../src/synth/index.js';
import { runCli } from './support/cli.js';
import { skipOrFail } from './support/peers.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'radset-deid-cli-'));
const input = join(work, 'in');
const key = join(work, 'keys', 'deid.key');

function tree(folder: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) visit(path);
      else if (name.endsWith('.dcm')) out.set(relative(folder, path), readFileSync(path));
    }
  };
  visit(folder);
  return out;
}

beforeAll(async () => {
  await generateStudySet({
    outDir: input,
    studies: 2,
    modality: 'CT',
    slices: 4,
    size: 64,
    seed: 'deid-cli',
    vendor: 'mixed',
  });
  writeFileSync(join(input, 'notes.txt'), 'not DICOM at all\n');
  const dicomdir = createDataset({
    SOPClassUID: '1.2.840.10008.1.3.10',
    SOPInstanceUID: '1.2.3.4',
  });
  writeFileSync(
    join(input, 'DICOMDIR'),
    writePart10({ dataset: dicomdir, transferSyntaxUid: '1.2.840.10008.1.2.1' }),
  );
});

describe('radset init', () => {
  it('creates the key once, refuses to replace it, replaces it with --force', async () => {
    const first = await runCli(['init', '--key-file', key]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(key);
    const text = readFileSync(key, 'utf8');
    expect(first.stdout + first.stderr).not.toContain(text.trim());
    expect(statSync(key).mode & 0o777).toBe(0o600);
    const again = await runCli(['init', '--key-file', key]);
    expect(again.code).toBe(64);
    expect(again.stderr).toContain('already exists');
    expect(readFileSync(key, 'utf8')).toBe(text);
    const other = join(work, 'keys', 'other.key');
    expect((await runCli(['init', '--key-file', other])).code).toBe(0);
    expect((await runCli(['init', '--key-file', other, '--force'])).code).toBe(0);
  });
});

describe('radset deid', () => {
  it('explains a missing key and bad usage', async () => {
    const missing = await runCli([
      'deid',
      input,
      '--out',
      join(work, 'x'),
      '--key-file',
      join(work, 'none.key'),
    ]);
    expect(missing.code).toBe(78);
    expect(missing.stderr).toContain('radset init');
    expect((await runCli(['deid', input])).code).toBe(64);
    expect(
      (await runCli(['deid', join(work, 'nope'), '--out', join(work, 'x'), '--key-file', key]))
        .code,
    ).toBe(66);
    const badProfile = join(work, 'bad-profile.json');
    writeFileSync(badProfile, '{"version":1,"options":["keepEverything"]}');
    const bad = await runCli([
      'deid',
      input,
      '--out',
      join(work, 'x'),
      '--key-file',
      key,
      '--profile',
      badProfile,
    ]);
    expect(bad.code).toBe(78);
    expect(bad.stderr).toContain("unknown option 'keepEverything'");
  });

  it('de-identifies a folder: every input stored or quarantined with its reason, a log without values', async () => {
    const out = join(work, 'out-a');
    const result = await runCli([
      'deid',
      input,
      '--out',
      out,
      '--key-file',
      key,
      '--jobs',
      '1',
      '--json',
    ]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout) as {
      stored: number;
      quarantined: { input: string; code: string; reason: string }[];
      inputs: number;
      keyFingerprint: string;
    };
    const dicomInputs = [...tree(input).keys()].length;
    expect(summary.stored).toBe(dicomInputs);
    const reasons = new Map(summary.quarantined.map((q) => [q.input.split('/').pop(), q.reason]));
    expect(reasons.get('notes.txt')).toMatch(/no DICOM preamble/);
    expect(reasons.get('DICOMDIR')).toMatch(/DICOMDIR/);
    expect(summary.inputs).toBe(summary.stored + summary.quarantined.length);
    expect(existsSync(join(`${out}.quarantine`, 'reasons.jsonl'))).toBe(true);

    const outputs = tree(out);
    expect(outputs.size).toBe(dicomInputs);
    const original = readDicomFileSync(join(input, [...tree(input).keys()][0] ?? ''), {
      headerOnly: true,
    });
    const name = original.dataset.string('PatientName') ?? '';
    const mrn = original.dataset.string('PatientID') ?? '';
    expect(name).not.toBe('');
    for (const [path, bytes] of outputs) {
      const file = readDicomFileSync(join(out, path), { headerOnly: true });
      expect(path.startsWith(`${file.dataset.string('PatientID')}/`)).toBe(true);
      expect(path.endsWith(`${file.dataset.string('SOPInstanceUID')}.dcm`)).toBe(true);
      expect(bytes.includes(Buffer.from(mrn))).toBe(false);
    }
    const log = readFileSync(join(out, 'deid-log.jsonl'), 'utf8').trim().split('\n');
    expect(log).toHaveLength(dicomInputs);
    const logText =
      readFileSync(join(out, 'deid-log.jsonl'), 'utf8') +
      readFileSync(join(out, 'deid-summary.json'), 'utf8');
    for (const secret of [
      name.split('^')[0] ?? name,
      mrn,
      input,
      readFileSync(key, 'utf8').trim(),
    ]) {
      expect(logText).not.toContain(secret);
    }
    const record = JSON.parse(log[0] ?? '{}') as { entries: { action: string }[]; output: string };
    expect(record.entries.length).toBeGreaterThan(10);
    expect(outputs.has(record.output)).toBe(true);
  });

  it('gives byte-identical output on a second run with the same key, and unrelated output with another', async () => {
    const a = tree(join(work, 'out-a'));
    await runCli(['deid', input, '--out', join(work, 'out-b'), '--key-file', key, '--jobs', '1']);
    const b = tree(join(work, 'out-b'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [path, bytes] of a) expect(b.get(path)?.equals(bytes)).toBe(true);
    await runCli([
      'deid',
      input,
      '--out',
      join(work, 'out-c'),
      '--key-file',
      join(work, 'keys', 'other.key'),
      '--jobs',
      '1',
    ]);
    const c = tree(join(work, 'out-c'));
    expect(c.size).toBe(a.size);
    for (const path of c.keys()) expect(a.has(path)).toBe(false);
  });

  it('runs in parallel worker threads from the built CLI with the same result', (context) => {
    if (!existsSync(join(ROOT, 'dist', 'deid', 'deid-worker.js')))
      skipOrFail(context, 'dist/ is not built (npm run build)');
    const out = join(work, 'out-workers');
    const child = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin', 'radset.js'),
        'deid',
        input,
        '--out',
        out,
        '--key-file',
        key,
        '--jobs',
        '2',
      ],
      { encoding: 'utf8' },
    );
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
    const a = tree(join(work, 'out-a'));
    const parallel = tree(out);
    expect([...parallel.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [path, bytes] of a) expect(parallel.get(path)?.equals(bytes)).toBe(true);
  });

  it('re-running into the same folder stores each instance once and reports duplicates', async () => {
    const out = join(work, 'out-dup');
    const copy = join(work, 'in-dup');
    await runCli(['deid', input, '--out', out, '--key-file', key, '--jobs', '1']);
    const first = [...tree(input).keys()][0] ?? '';
    const source = join(input, first);
    const { mkdirSync } = await import('node:fs');
    mkdirSync(copy, { recursive: true });
    copyFileSync(source, join(copy, 'a.dcm'));
    copyFileSync(source, join(copy, 'b.dcm'));
    const result = await runCli([
      'deid',
      copy,
      '--out',
      out,
      '--key-file',
      key,
      '--jobs',
      '1',
      '--json',
    ]);
    const summary = JSON.parse(result.stdout) as { stored: number; duplicates: number };
    expect(summary).toMatchObject({ stored: 1, duplicates: 1 });
  });
});
