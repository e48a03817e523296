/**
 * The synthetic PHI set (radset synth --phi: PHI in every risky place) through
 * `radset deid` with the default profile and OCR: nothing planted survives,
 * references still resolve, safe private elements stay, date intervals are
 * kept, two runs give the same bytes, and dciodvfy finds no new error.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeFrame, readDicomFileSync, type DicomFile } from '../src/dicom/index.js';
import {
  KeyedPseudonyms,
  verifyDeidentification,
  DEFAULT_DEID_OPTIONS,
} from '../src/deid/index.js';
import { generatePhiSet, type PhiSetManifest } from '../src/synth/index.js';
import { runCli } from './support/cli.js';
import { requirePeer } from './support/peers.js';

const work = mkdtempSync(join(tmpdir(), 'radset-deid-phi-'));
const input = join(work, 'in');
const out = join(work, 'out');
const key = join(work, 'deid.key');
let manifest: PhiSetManifest;
let summary: {
  stored: number;
  quarantined: { input: string; reason: string }[];
  reviewRequired: string[];
};
let pseudonyms: KeyedPseudonyms;
/** Output files by their (new) SOP Instance UID. */
const outputs = new Map<string, { path: string; file: DicomFile; bytes: Buffer }>();

function dicomFiles(folder: string): string[] {
  return readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .map((p) => join(folder, p))
    .filter((p) => statSync(p).isFile() && p.endsWith('.dcm'));
}

beforeAll(async () => {
  manifest = await generatePhiSet({ outDir: input });
  expect((await runCli(['init', '--key-file', key])).code).toBe(0);
  pseudonyms = new KeyedPseudonyms(Buffer.from(readFileSync(key, 'utf8').trim(), 'hex'));
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
  expect(result.stderr).toBe('');
  summary = JSON.parse(result.stdout) as typeof summary;
  for (const path of dicomFiles(out)) {
    const file = readDicomFileSync(path);
    outputs.set(file.dataset.string('SOPInstanceUID') ?? '', {
      path,
      file,
      bytes: readFileSync(path),
    });
  }
}, 600_000);

function outputOf(inputPath: string): { path: string; file: DicomFile; bytes: Buffer } {
  const entry = manifest.files.find((f) => f.path === inputPath);
  const found = entry === undefined ? undefined : outputs.get(pseudonyms.uid(entry.sopInstanceUid));
  if (found === undefined) throw new Error(`no output for ${inputPath}`);
  return found;
}

describe('de-identifying the synthetic PHI set', () => {
  it('stores every instance and quarantines the DICOMDIR with its reason', () => {
    const instances = manifest.files.filter((f) => f.sopClassUid !== '1.2.840.10008.1.3.10');
    expect(summary.stored).toBe(instances.length);
    expect(outputs.size).toBe(instances.length);
    const dicomdir = summary.quarantined.find((q) => q.input.endsWith('DICOMDIR'));
    expect(dicomdir?.reason).toMatch(/DICOMDIR/);
  });

  it('leaves no planted value in any output byte, the logs included', () => {
    const everything = Buffer.concat([
      ...[...outputs.values()].map((o) => o.bytes),
      readFileSync(join(out, 'deid-log.jsonl')),
      readFileSync(join(out, 'deid-summary.json')),
    ]);
    const haystack = everything.toString('latin1').toLowerCase();
    const utf8 = everything.toString('utf8').toLowerCase();
    // A value counts where it stands alone: "73512" inside the digits of a
    // 2.25 UID or pixel bytes is not the device serial number.
    const found = (text: string, value: string): boolean =>
      new RegExp(
        `(?<![\\p{L}\\p{N}])${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`,
        'u',
      ).test(text);
    // Retain Patient Characteristics keeps age (under 90), ethnic group and
    // occupation on purpose (PS3.15 E.3.4): they are not leaks.
    const retained = new Set(['(0010,1010)', '(0010,2160)', '(0010,2180)']);
    const leaks = manifest.planted
      .filter((p) => p.box === undefined && p.value.length >= 4)
      .filter(
        (p) => !retained.has(p.location) || (p.kind === 'age' && /^(09\d|1\d\d)Y$/.test(p.value)),
      )
      .filter((p) => found(haystack, p.value.toLowerCase()) || found(utf8, p.value.toLowerCase()))
      .map((p) => `${p.file} ${p.location} ${p.kind}`);
    expect(leaks).toEqual([]);
  });

  it('passes the independent residual-PHI scan (radset deid verify)', async () => {
    const report = await verifyDeidentification({
      originals: [input],
      outputs: [out],
      options: new Set(DEFAULT_DEID_OPTIONS),
      times: true,
    });
    expect(
      report.hits.map((h) => `${h.file} ${h.location}: ${h.class} from ${h.attribute}`),
    ).toEqual([]);
    expect(report.verdict).toBe('clean');
  });

  it('masks text burned into pixels, clears it from overlays and drops icons', async () => {
    for (const plant of manifest.planted) {
      if (plant.box === undefined) continue;
      const { file } = outputOf(plant.file);
      const box = plant.box;
      if (plant.location === 'pixels') {
        const frame = await decodeFrame(file, plant.frame ?? 0);
        const d = frame.description;
        const threshold = 0.5 * (2 ** d.BitsStored - 1);
        let bright = 0;
        for (let y = box.y; y < box.y + box.height; y++)
          for (let x = box.x; x < box.x + box.width; x++)
            if ((frame.values[(y * d.Columns + x) * d.SamplesPerPixel] ?? 0) >= threshold) bright++;
        expect(bright / (box.width * box.height), `${plant.file} pixels`).toBeLessThan(0.01);
      } else if (plant.location === 'overlay 6000') {
        const columns = file.dataset.number(0x60000011) ?? 0;
        const data = file.dataset.bytes(0x60003000);
        if (data === undefined) continue; // the overlay was removed: nothing left to read
        let set = 0;
        for (let y = box.y; y < box.y + box.height; y++)
          for (let x = box.x; x < box.x + box.width; x++) {
            const bit = y * columns + x;
            set += ((data[bit >>> 3] ?? 0) >> (bit & 7)) & 1;
          }
        expect(set, `${plant.file} overlay`).toBe(0);
      } else {
        expect(file.dataset.has('IconImageSequence')).toBe(false);
      }
    }
    const flagged = manifest.planted
      .filter((p) => p.location === 'pixels')
      .map((p) => outputOf(p.file).path);
    for (const path of flagged) expect(summary.reviewRequired).toContain(relative(out, path));
  });

  it('keeps every cross-file reference resolvable', () => {
    const byKind = {
      instance: 'SOPInstanceUID',
      series: 'SeriesInstanceUID',
      study: 'StudyInstanceUID',
      'frame-of-reference': 'FrameOfReferenceUID',
    } as const;
    const missing: string[] = [];
    // The DICOMDIR is not copied (it is quarantined): its references go with it.
    for (const reference of manifest.references.filter((r) => r.fromFile !== 'DICOMDIR')) {
      const expected = pseudonyms.uid(reference.uid);
      const from = outputOf(reference.fromFile);
      if (!from.bytes.includes(Buffer.from(expected)))
        missing.push(`${reference.fromFile} ${reference.path}`);
      const target = outputOf(reference.toFile);
      if (target.file.dataset.string(byKind[reference.target]) !== expected)
        missing.push(`${reference.toFile} ${byKind[reference.target]}`);
    }
    expect(missing).toEqual([]);
  });

  it('keeps the safe private elements (Retain Safe Private)', () => {
    const lost: string[] = [];
    for (const safe of manifest.safePrivate) {
      if (safe.location.includes('/')) continue; // nested: checked by the scan and the byte search above
      const match = /^\(([0-9A-F]{4}),"(.+)",([0-9A-F]{2})\)$/i.exec(safe.location);
      if (match === null) continue;
      const { file } = outputOf(safe.file);
      const tag = file.dataset.privateTag(
        Number.parseInt(match[1] ?? '', 16),
        match[2] ?? '',
        Number.parseInt(match[3] ?? '', 16),
      );
      if (tag === undefined) lost.push(`${safe.file} ${safe.location}`);
    }
    expect(lost).toEqual([]);
  });

  it('shifts every study of a patient by the same amount, keeping intervals to the second', () => {
    // Study Date and Time shift together (the seconds carry into the date), so
    // compare date-times: a date alone may move one day more than another.
    const seconds = (ds: DicomFile['dataset']): number => {
      const d = ds.string('StudyDate') ?? '';
      const t = (ds.string('StudyTime') ?? '000000').padEnd(6, '0');
      return (
        Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)) / 1000 +
        +t.slice(0, 2) * 3600 +
        +t.slice(2, 4) * 60 +
        +t.slice(4, 6)
      );
    };
    for (const patient of manifest.patients) {
      const shifts = new Set<number>();
      for (const entry of manifest.files.filter((f) => f.patientId === patient.patientId)) {
        const original = readDicomFileSync(join(input, entry.path), { headerOnly: true }).dataset;
        if (!original.has('StudyTime')) continue;
        const { file } = outputOf(entry.path);
        shifts.add(seconds(original) - seconds(file.dataset));
      }
      expect(shifts.size, patient.patientId).toBe(1);
      expect([...shifts][0]).toBeGreaterThan(365 * 86_400 - 86_400);
    }
  });

  it('gives byte-identical output on a second run with the same key', async () => {
    const again = join(work, 'again');
    await runCli(['deid', input, '--out', again, '--key-file', key, '--jobs', '1']);
    const second = dicomFiles(again);
    expect(second.length).toBe(outputs.size);
    for (const path of second) {
      const first = join(out, relative(again, path));
      expect(readFileSync(path).equals(readFileSync(first)), relative(again, path)).toBe(true);
    }
  }, 600_000);

  it('adds no dciodvfy error', (ctx) => {
    requirePeer(ctx, 'dciodvfy');
    const errors = (path: string): string[] =>
      spawnSync('dciodvfy', [path], { encoding: 'utf8' })
        .stderr.split('\n')
        .filter((l) => l.startsWith('Error'));
    for (const entry of manifest.files) {
      if (entry.sopClassUid === '1.2.840.10008.1.3.10') continue;
      const before = errors(join(input, entry.path));
      // dciodvfy cannot read deflated files: there is nothing to compare against.
      if (before.some((e) => /read failed/.test(e))) continue;
      expect(errors(outputOf(entry.path).path), entry.path).toEqual([]);
    }
  });
});
