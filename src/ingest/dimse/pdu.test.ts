import { describe, expect, it } from 'vitest';
import {
  decodeAbort,
  decodeAssociateAccept,
  decodeAssociateReject,
  decodeAssociateRequest,
  encodeAbort,
  encodeAssociateAccept,
  encodeAssociateReject,
  encodeAssociateRequest,
  encodePDataTf,
  encodeReleaseRequest,
  encodeReleaseResponse,
  fragmentMessage,
} from './pdu.js';
import { DimseProtocolError } from './protocol-error.js';

/** Bytes from numbers and ASCII strings, written out by hand (independent of the encoder). */
function bytes(...parts: (number | string | Uint8Array)[]): Uint8Array {
  const out: number[] = [];
  for (const part of parts) {
    if (typeof part === 'number') out.push(part);
    else if (typeof part === 'string') for (const c of part) out.push(c.charCodeAt(0));
    else out.push(...part);
  }
  return new Uint8Array(out);
}

/** An item: type, reserved, 16-bit big-endian length, value (PS3.8 9.3.2). */
function item(type: number, ...value: (number | string | Uint8Array)[]): Uint8Array {
  const body = bytes(...value);
  return bytes(type, 0, body.length >> 8, body.length & 0xff, body);
}

function ae(title: string): string {
  return title.padEnd(16, ' ');
}

/** The body (after the 6-byte header) of an A-ASSOCIATE-RQ as a modality would send it. */
function requestBody(): Uint8Array {
  return bytes(
    0x00,
    0x01, // protocol version 1
    0x00,
    0x00,
    ae('RADSET'),
    ae('MODALITY'),
    new Uint8Array(32),
    item(0x10, '1.2.840.10008.3.1.1.1'),
    item(0x20, 1, 0, 0, 0, item(0x30, '1.2.840.10008.1.1'), item(0x40, '1.2.840.10008.1.2')),
    item(
      0x20,
      3,
      0,
      0,
      0,
      item(0x30, '1.2.840.10008.5.1.4.1.1.2\0'), // NUL-padded, as some peers send
      item(0x40, '1.2.840.10008.1.2.4.50'),
      item(0x40, '1.2.840.10008.1.2.1'),
    ),
    item(0x99, 'unknown item, skipped'),
    item(
      0x50,
      item(0x51, 0x00, 0x00, 0x40, 0x00), // max length 16384
      item(0x52, '1.2.276.0.7230010.3.0.3.6.7'),
      item(0x53, 0x00, 0x05, 0x00, 0x03), // async window 5/3
      item(0x54, 0x00, 0x19, '1.2.840.10008.5.1.4.1.1.2', 1, 0), // role selection
      item(0x55, 'OFFIS_DCMTK_367'),
      item(0x58, 1, 0, 0, 4, 'user', 0, 0), // user identity: ignored
    ),
  );
}

describe('A-ASSOCIATE-RQ decoding (PS3.8 9.3.2)', () => {
  it('reads AE titles, presentation contexts and user information', () => {
    const rq = decodeAssociateRequest(requestBody());
    expect(rq.protocolVersion).toBe(1);
    expect(rq.calledAeTitle).toBe('RADSET');
    expect(rq.callingAeTitle).toBe('MODALITY');
    expect(rq.applicationContextName).toBe('1.2.840.10008.3.1.1.1');
    expect(rq.presentationContexts).toEqual([
      { id: 1, abstractSyntax: '1.2.840.10008.1.1', transferSyntaxes: ['1.2.840.10008.1.2'] },
      {
        id: 3,
        abstractSyntax: '1.2.840.10008.5.1.4.1.1.2',
        transferSyntaxes: ['1.2.840.10008.1.2.4.50', '1.2.840.10008.1.2.1'],
      },
    ]);
    expect(rq.userInformation).toEqual({
      maxPduLengthBytes: 16384,
      implementationClassUid: '1.2.276.0.7230010.3.0.3.6.7',
      implementationVersionName: 'OFFIS_DCMTK_367',
      asyncOperationsWindow: { maxInvoked: 5, maxPerformed: 3 },
      roleSelections: [{ sopClassUid: '1.2.840.10008.5.1.4.1.1.2', scuRole: 1, scpRole: 0 }],
    });
  });

  it('round-trips through the encoder', () => {
    const rq = decodeAssociateRequest(requestBody());
    const encoded = encodeAssociateRequest(rq);
    expect(encoded[0]).toBe(0x01);
    expect(decodeAssociateRequest(encoded.subarray(6))).toEqual(rq);
  });

  it('refuses truncated or incomplete requests', () => {
    const body = requestBody();
    expect(() => decodeAssociateRequest(body.subarray(0, 60))).toThrow(DimseProtocolError);
    // Cut inside the last item: its length runs past the end.
    expect(() => decodeAssociateRequest(body.subarray(0, body.length - 3))).toThrow(
      /runs past the end/,
    );
    // Fixed fields only: no application context.
    expect(() => decodeAssociateRequest(body.subarray(0, 68))).toThrow(/Application Context/);
  });
});

describe('A-ASSOCIATE-AC encoding (PS3.8 9.3.3)', () => {
  it('writes the fields where the standard puts them', () => {
    const pdu = encodeAssociateAccept({
      calledAeTitle: 'RADSET',
      callingAeTitle: 'MODALITY',
      applicationContextName: '1.2.840.10008.3.1.1.1',
      presentationContexts: [
        { id: 1, result: 0, transferSyntax: '1.2.840.10008.1.2' },
        { id: 3, result: 4, transferSyntax: '1.2.840.10008.1.2.4.50' },
      ],
      userInformation: {
        maxPduLengthBytes: 262144,
        implementationClassUid: '2.25.1',
        implementationVersionName: 'RADSET_0_1',
        asyncOperationsWindow: { maxInvoked: 1, maxPerformed: 1 },
      },
    });
    const expected = bytes(
      0x00,
      0x01,
      0x00,
      0x00,
      ae('RADSET'),
      ae('MODALITY'),
      new Uint8Array(32),
      item(0x10, '1.2.840.10008.3.1.1.1'),
      item(0x21, 1, 0, 0, 0, item(0x40, '1.2.840.10008.1.2')),
      item(0x21, 3, 0, 4, 0, item(0x40, '1.2.840.10008.1.2.4.50')),
      item(
        0x50,
        item(0x51, 0x00, 0x04, 0x00, 0x00),
        item(0x52, '2.25.1'),
        item(0x53, 0, 1, 0, 1),
        item(0x55, 'RADSET_0_1'),
      ),
    );
    expect(Array.from(pdu.subarray(0, 6))).toEqual([
      0x02,
      0,
      ...[24, 16, 8, 0].map((s) => (expected.length >>> s) & 0xff),
    ]);
    expect(pdu.subarray(6)).toEqual(expected);
    expect(decodeAssociateAccept(pdu.subarray(6)).presentationContexts[1]).toEqual({
      id: 3,
      result: 4,
      transferSyntax: '1.2.840.10008.1.2.4.50',
    });
  });
});

describe('short PDUs (PS3.8 9.3.4–9.3.8)', () => {
  it('encodes A-ASSOCIATE-RJ, A-RELEASE-RQ/RP and A-ABORT', () => {
    expect(Array.from(encodeAssociateReject({ result: 1, source: 1, reason: 7 }))).toEqual([
      3, 0, 0, 0, 0, 4, 0, 1, 1, 7,
    ]);
    expect(Array.from(encodeReleaseRequest())).toEqual([5, 0, 0, 0, 0, 4, 0, 0, 0, 0]);
    expect(Array.from(encodeReleaseResponse())).toEqual([6, 0, 0, 0, 0, 4, 0, 0, 0, 0]);
    expect(Array.from(encodeAbort({ source: 2, reason: 6 }))).toEqual([
      7, 0, 0, 0, 0, 4, 0, 0, 2, 6,
    ]);
    expect(decodeAssociateReject(bytes(0, 2, 3, 2))).toEqual({ result: 2, source: 3, reason: 2 });
    expect(decodeAbort(bytes(0, 0, 0, 0))).toEqual({ source: 0, reason: 0 });
  });
});

describe('P-DATA-TF encoding (PS3.8 9.3.5, Annex E.2)', () => {
  it('writes item length, context ID and the message control header', () => {
    const pdu = encodePDataTf([
      { contextId: 5, command: true, last: true, data: bytes(0xaa, 0xbb) },
      { contextId: 5, command: false, last: false, data: bytes(0xcc) },
    ]);
    expect(Array.from(pdu)).toEqual([
      ...[4, 0, 0, 0, 0, 15], // PDU header: 8 + 7 bytes of PDV items
      ...[0, 0, 0, 4, 5, 0b11, 0xaa, 0xbb], // command, last fragment
      ...[0, 0, 0, 3, 5, 0b00, 0xcc], // data set, more to come
    ]);
  });

  it('splits a message so that no PDU exceeds the peer maximum', () => {
    const data = new Uint8Array(100).map((_, i) => i);
    const pdus = fragmentMessage(1, false, data, 46);
    expect(pdus.map((p) => p.length)).toEqual([52, 52, 32]);
    // Each PDU's length field (PDU minus its 6-byte header) is within the maximum.
    for (const pdu of pdus) expect(pdu.length - 6).toBeLessThanOrEqual(46);
    expect(pdus.map((p) => p[11])).toEqual([0, 0, 2]); // last-fragment bit only on the last
    const joined = pdus.flatMap((p) => Array.from(p.subarray(12)));
    expect(joined).toEqual(Array.from(data));
    expect(fragmentMessage(1, true, data, 0)).toHaveLength(1);
  });
});
