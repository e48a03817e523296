/**
 * `radset deid verify ORIGINALS OUTPUTS`: originals with planted PHI, outputs
 * made here by hand (clean ones with the PHI removed, leaky ones with one
 * value left somewhere), and the verdict, hit locations and exit codes.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import type { CommandContext } from '../src/cli/command.js';
import { runDeidVerify } from '../src/cli/commands/deid-verify.js';
import {
  createDataset,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
  writePart10,
  type ElementValue,
  type TypedValue,
} from '../src/dicom/index.js';
import { classifyError } from '../src/errors.js';
import { corpusPath, requireCorpus } from './support/corpus.js';

interface VerifyRun {
  readonly code: number;
  readonly stdout: string;
}

/** Runs `radset deid verify ARGS` in this process; errors become their catalogue exit codes. */
async function verify(args: readonly string[]): Promise<VerifyRun> {
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(Buffer.from(chunk));
      callback();
    },
  });
  const context: CommandContext = { args, stdout: sink, stderr: sink };
  let code: number;
  try {
    code = await runDeidVerify(args, context);
  } catch (error) {
    const { entry, message } = classifyError(error);
    chunks.push(Buffer.from(`error: ${message}\n`));
    code = entry.exitCode;
  }
  return { code, stdout: Buffer.concat(chunks).toString('utf8') };
}

interface JsonHit {
  readonly file: string;
  readonly location: string;
  readonly class: string;
  readonly value: string;
  readonly attribute: string;
  readonly stream: string;
}

interface JsonReport {
  readonly verdict: string;
  readonly hits: readonly JsonHit[];
  readonly originals: { readonly dicom: number; readonly notDicom: number };
  readonly candidates: { readonly total: number; readonly byClass: Record<string, number> };
  readonly outputs: { readonly files: number; readonly bytes: number };
}

async function verifyJson(args: readonly string[]): Promise<{ code: number; report: JsonReport }> {
  const run = await verify([...args, '--json']);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport };
}

const ROOT = mkdtempSync(join(tmpdir(), 'radset-deid-verify-'));
afterAll(() => rmSync(ROOT, { recursive: true, force: true }));

const CT = '1.2.840.10008.5.1.4.1.1.2';
const STUDY_UID = '1.2.826.0.1.3680043.10.543.7001';
const SERIES_UID = '1.2.826.0.1.3680043.10.543.7001.1';

type Values = Record<string, ElementValue | TypedValue>;

function writeDicom(
  path: string,
  values: Values,
  meta: Values = {},
  syntax = EXPLICIT_VR_LITTLE_ENDIAN,
): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(
    path,
    writePart10({
      dataset: createDataset(values),
      meta: createDataset(meta),
      transferSyntaxUid: syntax,
    }),
  );
}

/** The originals: two patients' images with PHI at the top level, nested, private, non-ASCII. */
const ORIGINALS = join(ROOT, 'originals');
writeDicom(join(ORIGINALS, 'roe', 'IM1.dcm'), {
  SOPClassUID: CT,
  SOPInstanceUID: `${SERIES_UID}.1`,
  StudyInstanceUID: STUDY_UID,
  SeriesInstanceUID: SERIES_UID,
  PatientName: 'ROE^JANE',
  PatientID: 'PID778899',
  PatientBirthDate: '19280304',
  PatientAge: '095Y',
  StudyDate: '20230612',
  StudyTime: '134502',
  AccessionNumber: 'ACC445566',
  InstitutionName: 'Springfield General',
  StudyDescription: 'Knee follow-up',
  RequestAttributesSequence: [
    createDataset({
      RequestedProcedureDescription: 'Arthroscopy planning',
      RequestedProcedureID: 'RP-5566',
    }),
  ],
  '00290010': { vr: 'LO', value: 'ACME 1' },
  '00291010': { vr: 'LO', value: 'bed 12 ward Aurora' },
});
writeDicom(
  join(ORIGINALS, 'mueller', 'IM1.dcm'),
  {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: CT,
    SOPInstanceUID: '1.2.826.0.1.3680043.10.543.8001.1.1',
    StudyInstanceUID: '1.2.826.0.1.3680043.10.543.8001',
    PatientName: 'Müller^Jürgen',
    PatientID: 'MRN-31415',
    PatientAge: '045Y',
  },
  {},
  IMPLICIT_VR_LITTLE_ENDIAN,
);
writeFileSync(join(ORIGINALS, 'README.txt'), 'originals from the scanner\n');
writeFileSync(join(ORIGINALS, 'roe', 'IM1.json'), '{"note": "not DICOM"}\n');

/** De-identified as a careful tool would: new UIDs, pseudonyms, shifted dates, no free text. */
function cleanRoe(extra: Values = {}): Values {
  return {
    SOPClassUID: CT,
    SOPInstanceUID: '2.25.301',
    StudyInstanceUID: '2.25.300',
    SeriesInstanceUID: '2.25.302',
    PatientName: 'SUBJECT^0001',
    PatientID: 'SUBJ0001',
    PatientAge: '090Y',
    StudyDate: '20230301',
    PatientIdentityRemoved: 'YES',
    ...extra,
  };
}

function cleanMueller(extra: Values = {}): Values {
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: CT,
    SOPInstanceUID: '2.25.401',
    StudyInstanceUID: '2.25.400',
    PatientName: 'SUBJECT^0002',
    PatientID: 'SUBJ0002',
    PatientAge: '045Y',
    ...extra,
  };
}

let outputCount = 0;
/** A fresh OUTPUTS folder: both cleaned files, with `roe` replaced or extra files added. */
function outputs(
  options: { roe?: Values; roeMeta?: Values; extra?: Record<string, string> } = {},
): string {
  const dir = join(ROOT, `out${++outputCount}`);
  writeDicom(join(dir, 'p1', 'IM1.dcm'), options.roe ?? cleanRoe(), options.roeMeta ?? {});
  writeDicom(join(dir, 'p2', 'IM1.dcm'), cleanMueller());
  for (const [name, content] of Object.entries(options.extra ?? {}))
    writeFileSync(join(dir, name), content);
  return dir;
}

describe('radset deid verify', () => {
  it('passes clean outputs (exit 0), skipping non-DICOM originals, and says what it scanned', async () => {
    const run = await verify([ORIGINALS, outputs()]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/originals: 2 DICOM read \(2 not DICOM skipped, 0 unreadable\)/);
    expect(run.stdout).toMatch(/outputs: 2 files/);
    expect(run.stdout).toMatch(/hits: 0 in 0 files/);
    expect(run.stdout).toMatch(/verdict: clean/);
    const { report } = await verifyJson([ORIGINALS, outputs()]);
    expect(report.verdict).toBe('clean');
    expect(report.originals).toMatchObject({ dicom: 2, notDicom: 2 });
    expect(report.candidates.byClass).toMatchObject({ age: 1 });
    expect(report.candidates.byClass.name).toBeGreaterThanOrEqual(6);
    expect(report.outputs.files).toBe(2);
  });

  it('finds a name left in a nested sequence item', async () => {
    const out = outputs({
      roe: cleanRoe({
        RequestAttributesSequence: [
          createDataset({ RequestedProcedureDescription: 'planning for Jane Roe' }),
        ],
      }),
    });
    const { code, report } = await verifyJson([ORIGINALS, out]);
    expect(code).toBe(1);
    expect(report.verdict).toBe('leaks');
    expect(report.hits.map((h) => [h.location, h.class, h.value])).toEqual([
      ['(0040,0275)[0]/(0032,1060) RequestedProcedureDescription', 'name', 'JA***'],
      ['(0040,0275)[0]/(0032,1060) RequestedProcedureDescription', 'name', 'RO***'],
    ]);
    expect(report.hits[0]?.file).toBe(join(out, 'p1', 'IM1.dcm'));
  });

  it('finds an identifier in a private element and in the file meta header', async () => {
    const out = outputs({
      roe: cleanRoe({
        '00290010': { vr: 'LO', value: 'ACME 1' },
        '00291020': { vr: 'LO', value: 'ref PID778899' },
      }),
      roeMeta: { SourceApplicationEntityTitle: 'PID778899' },
    });
    const run = await verify([ORIGINALS, out, '--show-values']);
    expect(run.code).toBe(1);
    const hits = run.stdout.split('\n').filter((l) => l.startsWith('HIT '));
    expect(hits).toHaveLength(2);
    expect(hits[0]).toMatch(
      /p1\/IM1\.dcm @\d+ file meta \(0002,0016\) SourceApplicationEntityTitle: identifier "PID778899" from original \(0010,0020\) PatientID$/,
    );
    expect(hits[1]).toMatch(/\(0029,"ACME 1",20\): identifier "PID778899"/);
  });

  it('finds a name in StudyDescription in another case, and masks it by default', async () => {
    const out = outputs({ roe: cleanRoe({ StudyDescription: 'knee, patient roe^jane' }) });
    const run = await verify([ORIGINALS, out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /\(0008,1030\) StudyDescription: name "RO\*\*\*" from original \(0010,0010\) PatientName/,
    );
    expect(run.stdout).not.toMatch(/ROE\^JANE/i);
  });

  it('finds a name written into overlay data bits', async () => {
    const bits = new Uint8Array(128);
    bits.set(Buffer.from('ROE^JANE', 'latin1'), 33);
    const out = outputs({
      roe: cleanRoe({
        OverlayRows: 8,
        OverlayColumns: 128,
        '60003000': { vr: 'OW', value: new Uint16Array(bits.buffer) },
      }),
    });
    const { report } = await verifyJson([ORIGINALS, out]);
    expect(report.hits.map((h) => `${h.location} ${h.attribute}`)).toEqual([
      '(6000,3000) OverlayData (0010,0010) PatientName',
    ]);
  });

  it('searches files next to the outputs: a JSON log quoting a name, gzip or not', async () => {
    const out = outputs({
      extra: { 'deid-log.json': '{"patient":"Roe","study":"2.25.300"}\n' },
    });
    writeFileSync(join(out, 'old-log.jsonl.gz'), gzipSync('{"accession":"ACC445566"}\n'));
    const { code, report } = await verifyJson([ORIGINALS, out]);
    expect(code).toBe(1);
    expect(report.hits.map((h) => [h.file, h.location, h.stream, h.value])).toEqual([
      [join(out, 'deid-log.json'), 'not DICOM', 'file', 'RO***'],
      [join(out, 'old-log.jsonl.gz'), 'not DICOM', 'gunzipped', 'AC***'],
    ]);
  });

  it('reports ages of 90 and over, not younger ones', async () => {
    const out = outputs({ roe: cleanRoe({ PatientAge: '095Y' }) });
    const { report } = await verifyJson([ORIGINALS, out]);
    expect(report.hits.map((h) => [h.location, h.class])).toEqual([
      ['(0010,1010) PatientAge', 'age'],
    ]);
    // The other output keeps '045Y' from its original: no hit.
  });

  it('does not report registry UIDs, and honours --allow and the options', async () => {
    const out = outputs({ roe: cleanRoe({ InstitutionName: 'Springfield General' }) });
    const leaked = await verifyJson([ORIGINALS, out]);
    expect(leaked.report.hits.map((h) => h.attribute)).toEqual(['(0008,0080) InstitutionName']);
    expect((await verify([ORIGINALS, out, '--allow', 'InstitutionName'])).code).toBe(0);
    expect((await verify([ORIGINALS, out, '--allow=(0008,0080)'])).code).toBe(0);
    expect(
      (await verify([ORIGINALS, out, '--options', 'retainInstitutionIdentity,cleanDescriptors']))
        .code,
    ).toBe(0);
    const profile = join(ROOT, 'profile.json');
    writeFileSync(profile, JSON.stringify({ version: 1, options: ['retainInstitutionIdentity'] }));
    expect((await verify([ORIGINALS, out, '--profile', profile])).code).toBe(0);
  });

  it('finds an ISO_IR 100 name in its Latin-1 form and in its UTF-8 form', async () => {
    const latin1 = outputs({ roe: cleanRoe() });
    writeDicom(join(latin1, 'p2', 'IM1.dcm'), cleanMueller({ ImageComments: 'von MÜLLER' }));
    const first = await verifyJson([ORIGINALS, latin1]);
    expect(first.report.hits.map((h) => [h.location, h.value])).toEqual([
      ['(0020,4000) ImageComments', 'Mü***'],
    ]);
    const utf8 = outputs({ extra: { 'report.txt': 'Patient: Jürgen Müller\n' } });
    const second = await verifyJson([ORIGINALS, utf8, '--show-values']);
    expect(second.report.hits.map((h) => h.value)).toEqual(['Jürgen', 'Müller']);
  });

  it('calls the check incomplete (exit 1) when an original cannot be read', async () => {
    const originals = join(ROOT, 'damaged-originals');
    writeDicom(join(originals, 'ok.dcm'), { SOPClassUID: CT, SOPInstanceUID: '2.25.901' });
    const whole = writePart10({
      dataset: createDataset({
        SOPClassUID: CT,
        SOPInstanceUID: '2.25.902',
        PatientName: 'ROE^JANE',
        StudyDescription: 'x'.repeat(400),
      }),
      transferSyntaxUid: EXPLICIT_VR_LITTLE_ENDIAN,
    });
    writeFileSync(join(originals, 'cut.dcm'), whole.subarray(0, whole.length - 100));
    const run = await verify([originals, outputs()]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/UNREADABLE original .*cut\.dcm: .*/);
    expect(run.stdout).toMatch(/verdict: INCOMPLETE/);
  });

  it('exits 64 on bad usage and 66 when a path does not exist', async () => {
    expect((await verify([])).code).toBe(64);
    expect((await verify([ORIGINALS])).code).toBe(64);
    expect((await verify([ORIGINALS, ROOT, ROOT])).code).toBe(64);
    expect((await verify([ORIGINALS, ROOT, '--frobnicate'])).code).toBe(64);
    expect((await verify([ORIGINALS, ROOT, '--options', 'retainEverything'])).code).toBe(64);
    expect((await verify([ORIGINALS, ROOT, '--allow', 'NotAKeyword'])).code).toBe(64);
    expect(
      (await verify([ORIGINALS, ROOT, '--options', '', '--profile', join(ROOT, 'x.json')])).code,
    ).toBe(64);
    const missing = await verify([join(ROOT, 'nope'), ROOT]);
    expect(missing.code).toBe(66);
    expect(missing.stdout).toMatch(/ORIGINALS .*nope/);
    expect((await verify([ORIGINALS, join(ROOT, 'nope')])).code).toBe(66);
    expect((await verify([ORIGINALS, ROOT, '--profile', join(ROOT, 'nope.json')])).code).toBe(66);
    const bad = join(ROOT, 'bad-profile.json');
    writeFileSync(bad, JSON.stringify({ options: ['cleanEverything'] }));
    const badRun = await verify([ORIGINALS, ROOT, '--profile', bad]);
    expect(badRun.stdout).toMatch(
      /bad-profile\.json field 'options': unknown option 'cleanEverything'/,
    );
    expect(badRun.code).not.toBe(0);
    expect((await verify(['--help'])).stdout).toMatch(/^Usage: radset deid verify/);
  });

  it('finds the originals themselves in an undeidentified copy of corpus files', async (context) => {
    requireCorpus(context);
    const originals = join(ROOT, 'corpus-originals');
    const copy = join(ROOT, 'corpus-copy');
    mkdirSync(originals);
    mkdirSync(copy);
    for (const relative of [
      'syntaxes/explicit_vr_le/CT_small.dcm',
      'syntaxes/deflated_explicit_vr_le/image_dfl.dcm',
    ]) {
      const name = relative.replace(/\//g, '_');
      copyFileSync(corpusPath(relative), join(originals, name));
      copyFileSync(corpusPath(relative), join(copy, name));
    }
    const { code, report } = await verifyJson([originals, copy]);
    expect(code).toBe(1);
    const found = new Set(report.hits.map((h) => h.location.replace(/^.* /, '')));
    for (const keyword of ['PatientName', 'PatientID', 'StudyInstanceUID', 'StudyDate'])
      expect(found).toContain(keyword);
    expect(new Set(report.hits.map((h) => h.file)).size).toBe(2);
    // The deflated file's data set is searched after inflating it.
    expect(report.hits.some((h) => h.stream === 'inflated data set')).toBe(true);
  });
});
