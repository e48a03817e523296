import { describe, expect, it } from 'vitest';
import { COMMAND_FIELD, COMMAND_TAG, encodeCommandSet, NO_DATA_SET } from './command-set.js';
import { MessageAssembler } from './message-assembler.js';
import type { Pdv } from './pdu-reader.js';

function pdv(contextId: number, command: boolean, last: boolean, ...chunks: number[][]): Pdv {
  const views = chunks.map((c) => new Uint8Array(c));
  return {
    kind: 'pdv',
    contextId,
    command,
    last,
    chunks: views,
    length: views.reduce((n, c) => n + c.length, 0),
  };
}

const STORE_RQ = Array.from(
  encodeCommandSet([
    { tag: COMMAND_TAG.AffectedSOPClassUID, vr: 'UI', value: '1.2.840.10008.5.1.4.1.1.2' },
    { tag: COMMAND_TAG.CommandField, vr: 'US', value: COMMAND_FIELD.cStoreRq },
    { tag: COMMAND_TAG.MessageID, vr: 'US', value: 9 },
    { tag: COMMAND_TAG.CommandDataSetType, vr: 'US', value: 0x0000 },
    { tag: COMMAND_TAG.AffectedSOPInstanceUID, vr: 'UI', value: '2.25.9' },
  ]),
);
const ECHO_RQ = Array.from(
  encodeCommandSet([
    { tag: COMMAND_TAG.CommandField, vr: 'US', value: COMMAND_FIELD.cEchoRq },
    { tag: COMMAND_TAG.CommandDataSetType, vr: 'US', value: NO_DATA_SET },
  ]),
);

describe('MessageAssembler (PS3.7 6.3.1, PS3.8 Annex E.2)', () => {
  it('joins command fragments, then data set fragments, keeping the data as given', () => {
    const assembler = new MessageAssembler();
    expect(assembler.push(pdv(3, true, false, STORE_RQ.slice(0, 10)))).toBeUndefined();
    expect(assembler.push(pdv(3, true, true, STORE_RQ.slice(10)))).toBeUndefined();
    expect(assembler.busy).toBe(true);
    const first = [1, 2, 3];
    const fragment = pdv(3, false, false, first);
    expect(assembler.push(fragment)).toBeUndefined();
    const message = assembler.push(pdv(3, false, true, [4], [5, 6]));
    expect(message?.contextId).toBe(3);
    expect(message?.command.us(COMMAND_TAG.MessageID)).toBe(9);
    expect(message?.dataSet?.length).toBe(6);
    expect(message?.dataSet?.chunks.map((c) => Array.from(c))).toEqual([[1, 2, 3], [4], [5, 6]]);
    // The first fragment is the very view handed in: no copy.
    expect(message?.dataSet?.chunks[0]).toBe(fragment.chunks[0]);
    expect(assembler.busy).toBe(false);
  });

  it('completes a command without a data set at once', () => {
    const assembler = new MessageAssembler();
    const message = assembler.push(pdv(1, true, true, ECHO_RQ));
    expect(message?.command.commandField).toBe(COMMAND_FIELD.cEchoRq);
    expect(message?.dataSet).toBeUndefined();
  });

  it('refuses fragments out of order', () => {
    expect(() => new MessageAssembler().push(pdv(1, false, true, [1]))).toThrow(
      /no command announcing it/,
    );
    const a = new MessageAssembler();
    a.push(pdv(1, true, false, STORE_RQ.slice(0, 4)));
    expect(() => a.push(pdv(3, true, true, STORE_RQ.slice(4)))).toThrow(/inside a command/);
    const b = new MessageAssembler();
    b.push(pdv(1, true, true, STORE_RQ));
    expect(() => b.push(pdv(3, false, true, [1]))).toThrow(/for a command on context 1/);
    const c = new MessageAssembler();
    c.push(pdv(1, true, true, STORE_RQ));
    expect(() => c.push(pdv(1, true, true, ECHO_RQ))).toThrow(/data set .* was expected/);
  });
});
