/**
 * The DICOMweb client against a scripted node:http server, for the answers a
 * real PACS rarely gives on demand: paging with a Warning header, 406, 401,
 * a response that breaks off, wrong media types, short studies. The happy
 * path against a real PACS is test/dicomweb-pull.test.ts (Orthanc).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RadsetError } from '../../errors.js';
import { pullFromDicomweb, searchStudies, type PulledInstance } from './dicomweb-client.js';
import { encodeMultipartRelated, multipartRelatedContentType } from './multipart-related.js';

const BOUNDARY = 'test-boundary';
const STUDIES = ['1.2.1', '1.2.2', '1.2.3', '1.2.4', '1.2.5', '1.2.6', '1.2.7'];
/** NumberOfStudyRelatedInstances the fake QIDO-RS reports. */
const COUNTS: Record<string, number> = { '1.2.2': 2, '1.2.7': 3 };

function instance(uid: string, n: number): Uint8Array {
  return Uint8Array.from(Buffer.from(`part10 of ${uid} #${n} ${'x'.repeat(n * 1000)}`, 'latin1'));
}

function studyJson(uid: string): Record<string, unknown> {
  return {
    '0020000D': { vr: 'UI', Value: [uid] },
    '00201208': { vr: 'IS', Value: [COUNTS[uid] ?? 2] },
  };
}

interface Seen {
  readonly url: string;
  readonly accept: string;
  readonly authorization: string | undefined;
}

let server: Server;
let base: string;
const seen: Seen[] = [];

function multipart(
  res: ServerResponse,
  parts: readonly Uint8Array[],
  type = 'application/dicom',
): void {
  res.writeHead(200, { 'Content-Type': multipartRelatedContentType(BOUNDARY) });
  res.end(
    encodeMultipartRelated(
      parts.map((bytes) => ({ contentType: type, bytes })),
      BOUNDARY,
    ),
  );
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const accept = req.headers.accept ?? '';
  seen.push({ url: url.pathname + url.search, accept, authorization: req.headers.authorization });
  if (url.pathname.startsWith('/locked/')) {
    res.writeHead(401, { 'Content-Type': 'text/plain' });
    res.end('credentials required for this archive');
    return;
  }
  if (url.pathname === '/dw/studies' || url.pathname === '/ignores-offset/studies') {
    const uidFilter = url.searchParams.get('StudyInstanceUID');
    let matches = uidFilter === null ? STUDIES : STUDIES.filter((s) => s === uidFilter);
    if (url.searchParams.get('ModalitiesInStudy') === 'NONE') matches = [];
    // The server caps pages at 3 results and says so (PS3.18 8.3.4.4.1).
    const offset = url.pathname.startsWith('/ignores')
      ? 0
      : Number(url.searchParams.get('offset') ?? 0);
    const limit = Math.min(3, Number(url.searchParams.get('limit') ?? 3));
    const page = matches.slice(offset, offset + limit);
    if (page.length === 0) {
      res.writeHead(204);
      res.end();
      return;
    }
    const headers: Record<string, string> = { 'Content-Type': 'application/dicom+json' };
    if (offset + page.length < matches.length)
      headers.Warning = '299 test: There are additional results that can be requested';
    res.writeHead(200, headers);
    res.end(JSON.stringify(page.map(studyJson)));
    return;
  }
  const study = /^\/dw\/studies\/([0-9.]+)$/.exec(url.pathname)?.[1];
  switch (study) {
    case '1.2.1':
    case '1.2.7':
      multipart(res, [instance(study, 1), instance(study, 2), instance(study, 3)]);
      return;
    case '1.2.2':
      if (accept.includes('transfer-syntax=*')) {
        res.writeHead(406, { 'Content-Type': 'text/plain' });
        res.end('transcoding required');
      } else multipart(res, [instance(study, 1)]);
      return;
    case '1.2.4': {
      // One whole part, then the connection drops in the middle of the second.
      const body = encodeMultipartRelated(
        [instance(study, 1), instance(study, 2)].map((bytes) => ({
          contentType: 'application/dicom',
          bytes,
        })),
        BOUNDARY,
      );
      res.writeHead(200, { 'Content-Type': multipartRelatedContentType(BOUNDARY) });
      res.write(body.subarray(0, body.length - 500), () => res.destroy());
      return;
    }
    case '1.2.5':
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end('[]');
      return;
    case '1.2.6':
      multipart(res, [instance(study, 1)], 'text/plain');
      return;
    default:
      res.writeHead(404, { 'Content-Type': 'application/json' });
      res.end(
        JSON.stringify({ Message: `no study ${study ?? url.pathname}`, padding: 'p'.repeat(500) }),
      );
  }
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dw/`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function drain(pull: AsyncIterable<PulledInstance>): Promise<PulledInstance[]> {
  const out: PulledInstance[] = [];
  for await (const item of pull) out.push(item);
  return out;
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('searchStudies', () => {
  it('pages with limit/offset while the server warns of more, and de-duplicates', async () => {
    seen.length = 0;
    const results = await searchStudies(
      base,
      { ModalitiesInStudy: 'CT' },
      { Authorization: 'Bearer t' },
      { pageSize: 5 },
    );
    expect(results.map((r) => r['0020000D']?.Value?.[0])).toEqual(STUDIES);
    expect(seen.map((s) => s.url)).toEqual([
      '/dw/studies?ModalitiesInStudy=CT&limit=5&offset=0',
      '/dw/studies?ModalitiesInStudy=CT&limit=5&offset=3',
      '/dw/studies?ModalitiesInStudy=CT&limit=5&offset=6',
    ]);
    expect(
      seen.every((s) => s.accept === 'application/dicom+json' && s.authorization === 'Bearer t'),
    ).toBe(true);
  });

  it('stops when a server ignores offset, and returns [] on 204', async () => {
    const ignoring = base.replace('/dw/', '/ignores-offset/');
    expect(await searchStudies(ignoring, {}, {}, { pageSize: 3 })).toHaveLength(3);
    expect(await searchStudies(base, { ModalitiesInStudy: 'NONE' })).toEqual([]);
  });

  it('sends a query with its own limit once, as given', async () => {
    seen.length = 0;
    expect(await searchStudies(base, { limit: '2', offset: '1' })).toHaveLength(2);
    expect(seen).toHaveLength(1);
  });

  it('names the URL and status of a failed search', async () => {
    const error = await rejection(searchStudies(base.replace('/dw/', '/locked/'), {}));
    expect(error).toBeInstanceOf(RadsetError);
    expect(error.message).toMatch(
      /^QIDO-RS GET http:\/\/127\.0\.0\.1:\d+\/locked\/studies\?limit=100&offset=0: HTTP 401 Unauthorized: credentials required/,
    );
  });
});

describe('pullFromDicomweb', () => {
  it('accounts for every study: pulled, or failed with URL, status and reason', async () => {
    const pull = pullFromDicomweb({
      baseUrl: base,
      query: { ModalitiesInStudy: 'CT' },
      concurrency: 3,
    });
    const instances = await drain(pull);
    expect(pull.studyCount).toBe(STUDIES.length);
    expect(pull.outcomes).toHaveLength(STUDIES.length);
    const total = pull.outcomes.reduce((sum, o) => sum + o.instancesPulled, 0);
    expect(instances).toHaveLength(total);
    const byUid = new Map(pull.outcomes.map((o) => [o.studyUid, o]));

    expect(byUid.get('1.2.1')).toMatchObject({
      status: 'pulled',
      instancesPulled: 3,
      instancesExpected: 2,
      httpStatus: 200,
      transferSyntax: '*',
    });
    expect(instances.filter((i) => i.studyUid === '1.2.1').map((i) => i.ref)).toEqual([
      'dicomweb:1.2.1/1',
      'dicomweb:1.2.1/2',
      'dicomweb:1.2.1/3',
    ]);
    expect(
      Buffer.from(instances.find((i) => i.ref === 'dicomweb:1.2.1/2')?.part10 ?? []).equals(
        Buffer.from(instance('1.2.1', 2)),
      ),
    ).toBe(true);
    // 406 to transfer-syntax=*, then one of two instances: counted short.
    expect(byUid.get('1.2.2')).toMatchObject({
      status: 'failed',
      instancesPulled: 1,
      transferSyntax: 'default',
    });
    expect(byUid.get('1.2.2')?.reason).toMatch(
      /1 of 2 instances received .*may have left out instances/,
    );
    expect(byUid.get('1.2.3')).toMatchObject({
      status: 'failed',
      httpStatus: 404,
      instancesPulled: 0,
    });
    expect(byUid.get('1.2.3')?.reason).toMatch(
      /^WADO-RS GET http:\/\/127\.0\.0\.1:\d+\/dw\/studies\/1\.2\.3: HTTP 404 Not Found: \{"Message":"no study 1\.2\.3"/,
    );
    expect(byUid.get('1.2.3')?.reason?.length).toBeLessThan(300);
    expect(byUid.get('1.2.4')).toMatchObject({ status: 'failed', instancesPulled: 1 });
    expect(byUid.get('1.2.5')?.reason).toMatch(/application\/json' is not multipart/);
    expect(byUid.get('1.2.6')?.reason).toMatch(
      /part 1 has Content-Type text\/plain, expected application\/dicom/,
    );
    expect(byUid.get('1.2.7')).toMatchObject({
      status: 'pulled',
      instancesPulled: 3,
      instancesExpected: 3,
    });
    expect(pull.failures.map((f) => f.studyUid).sort()).toEqual([
      '1.2.2',
      '1.2.3',
      '1.2.4',
      '1.2.5',
      '1.2.6',
    ]);
  });

  it('pulls given study UIDs, looking up the expected count by QIDO-RS, with the caller headers', async () => {
    seen.length = 0;
    const pull = pullFromDicomweb({
      baseUrl: base,
      studyUids: ['1.2.7', '1.2.7', '1.9.9'],
      headers: { Authorization: 'Basic x' },
      concurrency: 1,
    });
    const instances = await drain(pull);
    expect(instances.map((i) => i.ref)).toEqual([
      'dicomweb:1.2.7/1',
      'dicomweb:1.2.7/2',
      'dicomweb:1.2.7/3',
    ]);
    expect(pull.outcomes.map((o) => [o.studyUid, o.status, o.instancesExpected])).toEqual([
      ['1.2.7', 'pulled', 3],
      ['1.9.9', 'failed', undefined],
    ]);
    expect(seen.map((s) => s.url)).toContain(
      '/dw/studies?StudyInstanceUID=1.2.7&includefield=00201208',
    );
    const wado = seen.find((s) => s.url === '/dw/studies/1.2.7');
    expect(wado?.accept).toBe('multipart/related; type="application/dicom"; transfer-syntax=*');
    expect(seen.every((s) => s.authorization === 'Basic x')).toBe(true);
  });

  it('ends the pull on refused credentials, naming URL and status', async () => {
    const pull = pullFromDicomweb({
      baseUrl: base.replace('/dw/', '/locked/'),
      studyUids: ['1.2.1'],
    });
    const error = await rejection(drain(pull));
    expect(error).toBeInstanceOf(RadsetError);
    expect(error.message).toMatch(
      /^WADO-RS GET .*\/locked\/studies\/1\.2\.1: HTTP 401 Unauthorized/,
    );
  });

  it('gives a clear error for an unreachable server', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await rejection(
      drain(pullFromDicomweb({ baseUrl: `http://127.0.0.1:${port}/dicom-web`, query: {} })),
    );
    expect(error).toBeInstanceOf(RadsetError);
    expect(error.message).toBe(
      `DICOMweb server unreachable: GET http://127.0.0.1:${port}/dicom-web/studies?limit=100&offset=0: connect ECONNREFUSED 127.0.0.1:${port}`,
    );
  });

  it('rejects bad options when iteration begins', async () => {
    expect(
      (await rejection(drain(pullFromDicomweb({ baseUrl: base, studyUids: ['1.2.x'] })))).message,
    ).toMatch(/not a DICOM UID/);
    expect(
      (await rejection(drain(pullFromDicomweb({ baseUrl: base, concurrency: 0 })))).message,
    ).toMatch(/concurrency/);
    expect((await rejection(drain(pullFromDicomweb({ baseUrl: 'ftp://pacs/' })))).message).toMatch(
      /must be http/,
    );
    const pull = pullFromDicomweb({ baseUrl: base, studyUids: [] });
    expect(await drain(pull)).toEqual([]);
    expect(() => pull[Symbol.asyncIterator]()).toThrow(/only once/);
  });

  it('stops cleanly when the consumer leaves early, and on the caller abort', async () => {
    const pull = pullFromDicomweb({ baseUrl: base, studyUids: ['1.2.1', '1.2.7'], concurrency: 2 });
    for await (const item of pull) {
      expect(item.part10.length).toBeGreaterThan(0);
      break;
    }
    expect(pull.outcomes.length).toBeLessThanOrEqual(2);

    const controller = new AbortController();
    const aborted = pullFromDicomweb({
      baseUrl: base,
      studyUids: ['1.2.1', '1.2.7'],
      signal: controller.signal,
    });
    const error = await rejection(
      (async () => {
        for await (const item of aborted) {
          expect(item).toBeDefined();
          controller.abort(new Error('stop now'));
        }
      })(),
    );
    expect(error.message).toBe('stop now');
  });
});
