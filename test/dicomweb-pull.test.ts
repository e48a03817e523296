/**
 * DICOMweb pull against a real PACS (Debian's Orthanc with its DICOMweb
 * plugin): three studies from the corpus, one of them in five transfer
 * syntaxes (explicit VR LE, RLE, JPEG lossless, JPEG-LS, JPEG 2000), pulled
 * by study UID and by QIDO-RS query; every instance must come back with the
 * same data set, in the transfer syntax it was stored in (no transcoding).
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { datasetDifferences, parsePart10, type DicomFile } from '../src/dicom/index.js';
import { RadsetError } from '../src/errors.js';
import {
  encodeMultipartRelated,
  multipartRelatedContentType,
  pullFromDicomweb,
  randomBoundary,
  searchStudies,
  type PulledInstance,
} from '../src/ingest/dicomweb/index.js';
import { corpusAvailable, loadManifest, requireCorpus } from './support/corpus.js';
import {
  orthancAvailable,
  requireOrthanc,
  startOrthanc,
  type OrthancInstance,
} from './support/orthanc.js';

const CT_STUDY = '1.3.46.670589.33.1.27492712521914879309.27169771283235650014';
const MR_STUDY = '1.2.840.113619.6.44.278690555559257603308263179064563144783';
const MIXED_SYNTAX_STUDY = '1.3.12.2.1107.5.2.32.35131.30000014022817282751500000052';
const MISSING_STUDY = '1.2.826.0.1.3680043.8.498.999999';

const FILES: Readonly<Record<string, readonly string[]>> = {
  [CT_STUDY]: ['I10', 'I100', 'I110', 'I120'].map(
    (f) => `series/ct_philips_ingenuity_head_phantom_5mm/${f}`,
  ),
  [MR_STUDY]: ['i152.MRDC.5', 'i158.MRDC.12', 'i160.MRDC.1'].map(
    (f) => `series/mr_ge_signa_3d_t1_mprage_1.2mm/${f}`,
  ),
  [MIXED_SYNTAX_STUDY]: [
    'syntaxes/explicit_vr_le/1.dcm',
    'syntaxes/rle_lossless/4.dcm',
    'syntaxes/jpeg_lossless_p14_sv1/6.dcm',
    'syntaxes/jpegls_lossless/7.dcm',
    'syntaxes/jpeg2000_lossless/9.dcm',
  ],
};

interface Uploaded {
  readonly path: string;
  readonly bytes: Uint8Array;
  readonly parsed: DicomFile;
}

let orthanc: OrthancInstance | undefined;
/** Uploaded files by SOPInstanceUID. */
const uploaded = new Map<string, Uploaded>();

function startedOrthanc(context: TestContext): OrthancInstance {
  requireOrthanc(context);
  requireCorpus(context);
  if (orthanc === undefined) throw new Error('Orthanc did not start (see beforeAll)');
  return orthanc;
}

beforeAll(async () => {
  if (!orthancAvailable() || !corpusAvailable()) return;
  const manifest = new Map(loadManifest().map((entry) => [entry.path, entry]));
  const files = Object.values(FILES).flat();
  for (const path of files) {
    const entry = manifest.get(path);
    if (entry?.expectation !== 'parse-ok') throw new Error(`${path}: not a parse-ok corpus file`);
    const bytes = readFileSync(entry.file);
    const parsed = parsePart10(bytes, { file: path });
    const sop = parsed.dataset.string('SOPInstanceUID');
    if (sop === undefined) throw new Error(`${path} has no SOPInstanceUID`);
    uploaded.set(sop, { path, bytes, parsed });
  }
  orthanc = await startOrthanc();
  const ids = await orthanc.upload(files.map((path) => manifest.get(path)?.file ?? path));
  expect(new Set(ids).size).toBe(files.length);
});

afterAll(async () => {
  await orthanc?.stop();
});

async function drain(pull: AsyncIterable<PulledInstance>): Promise<PulledInstance[]> {
  const out: PulledInstance[] = [];
  for await (const instance of pull) out.push(instance);
  return out;
}

/** Checks that a pulled instance is one uploaded, unchanged; returns its SOPInstanceUID. */
function expectUnchanged(instance: PulledInstance): string {
  const pulled = parsePart10(instance.part10, { file: instance.ref });
  const sop = pulled.dataset.string('SOPInstanceUID') ?? '';
  const original = uploaded.get(sop);
  expect(original, `${instance.ref}: SOPInstanceUID ${sop} was not uploaded`).toBeDefined();
  if (original === undefined) return sop;
  expect(pulled.dataset.string('StudyInstanceUID')).toBe(instance.studyUid);
  // Transcoding would show here first: the server was asked for transfer-syntax=*.
  expect(
    pulled.transferSyntaxUid,
    `${original.path} came back transcoded from ${original.parsed.transferSyntaxUid}`,
  ).toBe(original.parsed.transferSyntaxUid);
  expect(datasetDifferences(original.parsed.dataset, pulled.dataset), original.path).toEqual([]);
  // Orthanc keeps the file as stored: the data set after the meta header is byte-identical.
  const sent = original.bytes.subarray(original.parsed.datasetOffset);
  const received = instance.part10.subarray(pulled.datasetOffset);
  expect(Buffer.compare(Buffer.from(sent), Buffer.from(received)), original.path).toBe(0);
  return sop;
}

describe('pullFromDicomweb against Orthanc', () => {
  it('pulls studies by UID, each instance unchanged, and reports the missing study', async (context) => {
    const pacs = startedOrthanc(context);
    const pull = pullFromDicomweb({
      baseUrl: pacs.dicomwebUrl,
      studyUids: [CT_STUDY, MISSING_STUDY, MR_STUDY, MIXED_SYNTAX_STUDY],
      concurrency: 2,
    });
    const instances = await drain(pull);
    expect(instances).toHaveLength(uploaded.size);
    expect(new Set(instances.map(expectUnchanged))).toEqual(new Set(uploaded.keys()));
    expect(new Set(instances.map((i) => i.ref)).size).toBe(instances.length);

    expect(pull.studyCount).toBe(4);
    expect(pull.outcomes).toHaveLength(4);
    for (const study of [CT_STUDY, MR_STUDY, MIXED_SYNTAX_STUDY]) {
      expect(pull.outcomes.find((o) => o.studyUid === study)).toMatchObject({
        status: 'pulled',
        instancesPulled: FILES[study]?.length,
        instancesExpected: FILES[study]?.length,
        httpStatus: 200,
        transferSyntax: '*',
      });
    }
    expect(pull.failures).toHaveLength(1);
    const missing = pull.failures[0];
    expect(missing).toMatchObject({ studyUid: MISSING_STUDY, httpStatus: 404, instancesPulled: 0 });
    expect(missing?.reason).toContain(
      `WADO-RS GET ${pacs.dicomwebUrl}/studies/${MISSING_STUDY}: HTTP 404`,
    );
  });

  it('pulls the studies a QIDO-RS query finds', async (context) => {
    const pacs = startedOrthanc(context);
    const ct = pullFromDicomweb({ baseUrl: pacs.dicomwebUrl, query: { ModalitiesInStudy: 'CT' } });
    const ctInstances = await drain(ct);
    expect(ct.outcomes.map((o) => [o.studyUid, o.status])).toEqual([[CT_STUDY, 'pulled']]);
    expect(ctInstances.map(expectUnchanged).sort()).toEqual(
      [...uploaded]
        .filter(([, u]) => u.path.includes('ct_philips'))
        .map(([sop]) => sop)
        .sort(),
    );

    const mr = pullFromDicomweb({
      baseUrl: `${pacs.dicomwebUrl}/`,
      query: { ModalitiesInStudy: 'MR' },
      concurrency: 1,
    });
    const mrInstances = await drain(mr);
    mrInstances.forEach(expectUnchanged);
    expect(mrInstances).toHaveLength(
      (FILES[MR_STUDY]?.length ?? 0) + (FILES[MIXED_SYNTAX_STUDY]?.length ?? 0),
    );
    expect(mr.failures).toEqual([]);
    expect(new Set(mr.outcomes.map((o) => o.studyUid))).toEqual(
      new Set([MR_STUDY, MIXED_SYNTAX_STUDY]),
    );
  });

  it('searches with paging until every study is found', async (context) => {
    const pacs = startedOrthanc(context);
    const studies = await searchStudies(pacs.dicomwebUrl, {}, {}, { pageSize: 1 });
    expect(new Set(studies.map((s) => s['0020000D']?.Value?.[0]))).toEqual(
      new Set([CT_STUDY, MR_STUDY, MIXED_SYNTAX_STUDY]),
    );
  });

  it('stores through Orthanc STOW-RS with encodeMultipartRelated', async (context) => {
    const pacs = startedOrthanc(context);
    const original = [...uploaded.values()].find((u) => u.path.endsWith('I10'));
    if (original === undefined) throw new Error('I10 not loaded');
    const boundary = randomBoundary();
    const response = await fetch(`${pacs.dicomwebUrl}/studies`, {
      method: 'POST',
      headers: {
        'Content-Type': multipartRelatedContentType(boundary),
        Accept: 'application/dicom+json',
      },
      body: encodeMultipartRelated(
        [{ contentType: 'application/dicom', bytes: original.bytes }],
        boundary,
      ),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<
      string,
      { Value?: Record<string, { Value?: unknown[] }>[] }
    >;
    expect(body['00081199']?.Value?.[0]?.['00081155']?.Value).toEqual([
      original.parsed.dataset.string('SOPInstanceUID'),
    ]);
  });

  it('gives a clear error for an unreachable server', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const baseUrl = `http://127.0.0.1:${port}/dicom-web`;
    let error: unknown;
    try {
      await drain(pullFromDicomweb({ baseUrl, studyUids: [CT_STUDY] }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(RadsetError);
    expect((error as RadsetError).message).toMatch(
      new RegExp(
        `^DICOMweb server unreachable: GET ${baseUrl.replace(/\./g, '\\.')}/studies\\?.*ECONNREFUSED`,
      ),
    );
  });
});
