import { describe, expect, it } from 'vitest';
import { PduReader, type PduReaderOutput } from './pdu-reader.js';
import { DimseProtocolError } from './protocol-error.js';

const LIMITS = { maxDataPduBytes: 1024, maxControlPduBytes: 256 };

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

/** A-RELEASE-RQ, written out by hand (PS3.8 9.3.6). */
const RELEASE_RQ = [0x05, 0x00, ...u32(4), 0, 0, 0, 0];

/** A P-DATA-TF with one PDV (PS3.8 9.3.5): context 1, data set fragment, `last` as given. */
function pData(payload: number[], control = 0b10, contextId = 1): number[] {
  return [
    0x04,
    0x00,
    ...u32(payload.length + 6),
    ...u32(payload.length + 2),
    contextId,
    control,
    ...payload,
  ];
}

function collect(): { reader: PduReader; out: PduReaderOutput[] } {
  const out: PduReaderOutput[] = [];
  return { reader: new PduReader(LIMITS, (item) => out.push(item)), out };
}

/** The outputs as plain values (PDV fragments joined) for comparison. */
function summary(out: readonly PduReaderOutput[]): unknown[] {
  return out.map((item) =>
    item.kind === 'pdu'
      ? { type: item.type, body: Array.from(item.body) }
      : {
          contextId: item.contextId,
          command: item.command,
          last: item.last,
          data: item.chunks.flatMap((c) => Array.from(c)),
          length: item.length,
        },
  );
}

describe('PduReader', () => {
  const stream = [
    ...pData([1, 2, 3, 4, 5], 0b00),
    ...RELEASE_RQ,
    // Two PDVs in one P-DATA-TF: command (last) and a data fragment.
    0x04,
    0x00,
    ...u32(6 + 2 + 6 + 3),
    ...u32(4),
    3,
    0b11,
    0xaa,
    0xbb,
    ...u32(5),
    3,
    0b10,
    7,
    8,
    9,
  ];
  const expected = [
    { contextId: 1, command: false, last: false, data: [1, 2, 3, 4, 5], length: 5 },
    { type: 5, body: [0, 0, 0, 0] },
    { contextId: 3, command: true, last: true, data: [0xaa, 0xbb], length: 2 },
    { contextId: 3, command: false, last: true, data: [7, 8, 9], length: 3 },
  ];

  it('reads several PDUs from one chunk', () => {
    const { reader, out } = collect();
    reader.push(new Uint8Array(stream));
    expect(summary(out)).toEqual(expected);
    expect(reader.idle).toBe(true);
  });

  it('gives the same result however the stream is split across reads', () => {
    for (let split = 1; split < stream.length; split++) {
      const { reader, out } = collect();
      reader.push(new Uint8Array(stream.slice(0, split)));
      reader.push(new Uint8Array(stream.slice(split)));
      expect(summary(out), `split at ${split}`).toEqual(expected);
    }
    const { reader, out } = collect();
    for (const byte of stream) reader.push(new Uint8Array([byte]));
    expect(summary(out)).toEqual(expected);
  });

  it('hands PDV data over as views of the received chunks, not copies', () => {
    const { reader, out } = collect();
    const first = new Uint8Array(pData([1, 2, 3, 4, 5, 6]).slice(0, 15));
    const second = new Uint8Array(pData([1, 2, 3, 4, 5, 6]).slice(15));
    reader.push(first);
    expect(out).toHaveLength(0);
    expect(reader.idle).toBe(false);
    reader.push(second);
    const pdv = out[0];
    expect(pdv?.kind).toBe('pdv');
    if (pdv?.kind !== 'pdv') return;
    expect(pdv.chunks.map((c) => c.buffer)).toEqual([first.buffer, second.buffer]);
    expect(pdv.chunks.map((c) => Array.from(c))).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
  });

  it('refuses bytes that are not a PDU stream', () => {
    const { reader } = collect();
    expect(() => reader.push(new TextEncoder().encode('GET / HTTP/1.1\r\n'))).toThrow(
      /not a DICOM PDU: type byte 0x47/,
    );
  });

  it('refuses PDUs over the limits before buffering them', () => {
    expect(() => collect().reader.push(new Uint8Array([0x04, 0, ...u32(1025)]))).toThrow(
      /exceeds the 1024-byte limit/,
    );
    expect(() => collect().reader.push(new Uint8Array([0x01, 0, ...u32(257)]))).toThrow(
      DimseProtocolError,
    );
  });

  it('refuses PDV items that do not fit their PDU', () => {
    // PDU says 8 bytes, item claims 10.
    expect(() =>
      collect().reader.push(new Uint8Array([0x04, 0, ...u32(8), ...u32(10), 1, 2, 0, 0])),
    ).toThrow(/does not fit/);
    // Item length below the 2 header bytes.
    expect(() =>
      collect().reader.push(new Uint8Array([0x04, 0, ...u32(6), ...u32(1), 1, 2])),
    ).toThrow(/does not fit/);
    // An empty P-DATA-TF.
    expect(() => collect().reader.push(new Uint8Array([0x04, 0, ...u32(0)]))).toThrow(
      /holds no PDV/,
    );
  });
});
