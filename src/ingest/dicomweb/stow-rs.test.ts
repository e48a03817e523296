import { describe, expect, it } from 'vitest';
import { RadsetError } from '../../errors.js';
import { encodeMultipartRelated, multipartRelatedContentType } from './multipart-related.js';
import { readStowRequest, STOW_FAILURE_REASON, stowResponse, type StowPart } from './stow-rs.js';

const BOUNDARY = 'stow-boundary';
const CONTENT_TYPE = multipartRelatedContentType(BOUNDARY);
const bytes = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

async function* once(body: Uint8Array): AsyncGenerator<Uint8Array> {
  yield body;
}

async function read(contentType: string, body: Uint8Array): Promise<StowPart[]> {
  const out: StowPart[] = [];
  for await (const part of readStowRequest(contentType, once(body))) out.push(part);
  return out;
}

describe('readStowRequest', () => {
  const body = encodeMultipartRelated(
    [
      { contentType: 'application/dicom', bytes: bytes('DICM one') },
      { contentType: 'application/dicom+json', bytes: bytes('{}') },
      {
        contentType: 'Application/DICOM; transfer-syntax=1.2.840.10008.1.2.1',
        bytes: bytes('two'),
      },
      { contentType: 'application/dicom', bytes: new Uint8Array(0) },
    ],
    BOUNDARY,
  );

  it('yields every part: Part 10 bytes, or why the part is not one', async () => {
    const parts = await read(CONTENT_TYPE, body);
    expect(parts).toEqual([
      { part10: bytes('DICM one') },
      { error: 'part 2: Content-Type application/dicom+json is not application/dicom' },
      { part10: bytes('two') },
      { error: 'part 4 is empty' },
    ]);
  });

  it('accepts a request without the type parameter', async () => {
    const parts = await read(`multipart/related; boundary=${BOUNDARY}`, body);
    expect(parts.filter((p) => 'part10' in p)).toHaveLength(2);
  });

  it('ends a truncated body with one error after the parts received', async () => {
    const cut = Buffer.from(body).indexOf('two') + 2;
    const parts = await read(CONTENT_TYPE, body.subarray(0, cut));
    expect(parts).toHaveLength(3);
    expect(parts[2]).toEqual({
      error: expect.stringMatching(
        /^request body after part 2: multipart body: ended inside part 3/,
      ) as unknown,
    });
  });

  it('ends with an error when the connection breaks', async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield body.subarray(0, 40);
      throw new Error('aborted');
    }
    const parts: StowPart[] = [];
    for await (const part of readStowRequest(CONTENT_TYPE, broken())) parts.push(part);
    expect(parts).toEqual([{ error: 'request body after part 0: aborted' }]);
  });

  it('refuses other media types at once, naming what is accepted', () => {
    const empty = once(new Uint8Array(0));
    expect(() => readStowRequest(undefined, empty)).toThrow(/no Content-Type/);
    expect(() => readStowRequest('application/dicom', empty)).toThrow(
      /accepts multipart\/related; type="application\/dicom".*not application\/dicom/,
    );
    expect(() => readStowRequest(`multipart/mixed; boundary=${BOUNDARY}`, empty)).toThrow(
      /accepts multipart\/related; type="application\/dicom".*not multipart\/mixed/,
    );
    expect(() =>
      readStowRequest(
        `multipart/related; type="application/dicom+json"; boundary=${BOUNDARY}`,
        empty,
      ),
    ).toThrow(/application\/dicom\+json metadata and bulk data .* is not supported/);
    expect(() =>
      readStowRequest(`multipart/related; type="application/octet-stream"; boundary=x`, empty),
    ).toThrow(RadsetError);
    expect(() => readStowRequest('multipart/related; type="application/dicom"', empty)).toThrow(
      /no boundary/,
    );
  });
});

describe('stowResponse', () => {
  const stored = {
    sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
    sopInstanceUid: '1.2.3.1',
    outcome: 'stored',
    retrieveUrl: 'http://h/dicom-web/studies/1.2/series/1.2.3/instances/1.2.3.1',
  } as const;
  const rejected = {
    sopClassUid: '1.2.840.10008.5.1.4.1.1.4',
    sopInstanceUid: '1.2.3.2',
    outcome: 'rejected',
    reason: 'cannot be de-identified',
    failureReason: STOW_FAILURE_REASON.cannotUnderstand,
  } as const;

  it('answers 200 with Referenced SOP Sequence when all are stored (duplicates count as stored)', () => {
    const response = stowResponse([stored, { sopInstanceUid: '1.2.3.3', outcome: 'duplicate' }], {
      studyRetrieveUrl: 'http://h/dicom-web/studies/1.2',
    });
    expect(response.httpStatus).toBe(200);
    expect(response.reasons).toEqual([]);
    expect(response.body).toEqual({
      '00081190': { vr: 'UR', Value: ['http://h/dicom-web/studies/1.2'] },
      '00081199': {
        vr: 'SQ',
        Value: [
          {
            '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
            '00081155': { vr: 'UI', Value: ['1.2.3.1'] },
            '00081190': { vr: 'UR', Value: [stored.retrieveUrl] },
          },
          {
            '00081150': { vr: 'UI' },
            '00081155': { vr: 'UI', Value: ['1.2.3.3'] },
            '00081190': { vr: 'UR' },
          },
        ],
      },
    });
  });

  it('answers 202 with both sequences when some failed', () => {
    const response = stowResponse([stored, rejected]);
    expect(response.httpStatus).toBe(202);
    expect(response.body['00081190']).toEqual({ vr: 'UR' });
    expect(response.body['00081198']).toEqual({
      vr: 'SQ',
      Value: [
        {
          '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.4'] },
          '00081155': { vr: 'UI', Value: ['1.2.3.2'] },
          '00081197': { vr: 'US', Value: [0xc000] },
        },
      ],
    });
    expect(response.body['00081199']?.Value).toHaveLength(1);
    expect(response.reasons).toEqual(['1.2.3.2: cannot be de-identified']);
  });

  it('answers 409 when none was stored, defaulting the Failure Reason to 0110H', () => {
    const response = stowResponse([{ outcome: 'rejected', reason: 'part 1 is empty' }]);
    expect(response.httpStatus).toBe(409);
    expect(response.body['00081199']).toBeUndefined();
    expect(response.body['00081198']?.Value).toEqual([
      {
        '00081150': { vr: 'UI' },
        '00081155': { vr: 'UI' },
        '00081197': { vr: 'US', Value: [0x0110] },
      },
    ]);
    expect(response.reasons).toEqual(['instance 1: part 1 is empty']);
    expect(stowResponse([]).httpStatus).toBe(409);
  });
});
