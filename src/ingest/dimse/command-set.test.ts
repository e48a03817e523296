import { describe, expect, it } from 'vitest';
import { COMMAND_TAG, decodeCommandSet, encodeCommandSet } from './command-set.js';
import { DimseProtocolError } from './protocol-error.js';

/** Implicit VR LE element (PS3.5 7.1.3): tag, 32-bit length, value. */
function element(elementNumber: number, value: number[]): number[] {
  const n = value.length;
  return [
    0,
    0,
    elementNumber & 0xff,
    elementNumber >> 8,
    n & 0xff,
    (n >> 8) & 0xff,
    0,
    0,
    ...value,
  ];
}

function text(s: string): number[] {
  return Array.from(s, (c) => c.charCodeAt(0));
}

describe('command sets (PS3.7 6.3.1, Annex E)', () => {
  it('decodes a C-ECHO-RQ written out by hand', () => {
    const body = [
      ...element(0x0002, text('1.2.840.10008.1.1\0')),
      ...element(0x0100, [0x30, 0x00]),
      ...element(0x0110, [0x07, 0x00]),
      ...element(0x0800, [0x01, 0x01]),
    ];
    const command = decodeCommandSet(
      new Uint8Array([...element(0x0000, [body.length, 0, 0, 0]), ...body]),
    );
    expect(command.string(COMMAND_TAG.AffectedSOPClassUID)).toBe('1.2.840.10008.1.1');
    expect(command.commandField).toBe(0x0030);
    expect(command.us(COMMAND_TAG.MessageID)).toBe(7);
    expect(command.hasDataSet).toBe(false);
    expect(command.string(COMMAND_TAG.AffectedSOPInstanceUID)).toBeUndefined();
  });

  it('encodes elements in tag order after a correct group length', () => {
    const bytes = encodeCommandSet([
      { tag: COMMAND_TAG.Status, vr: 'US', value: 0xc000 },
      { tag: COMMAND_TAG.AffectedSOPClassUID, vr: 'UI', value: '1.2.3' },
      { tag: COMMAND_TAG.ErrorComment, vr: 'LO', value: 'bad' },
    ]);
    const body = [
      ...element(0x0002, text('1.2.3\0')),
      ...element(0x0900, [0x00, 0xc0]),
      ...element(0x0902, text('bad ')),
    ];
    expect(Array.from(bytes)).toEqual([...element(0x0000, [body.length, 0, 0, 0]), ...body]);
    const decoded = decodeCommandSet(bytes);
    expect(decoded.us(COMMAND_TAG.Status)).toBe(0xc000);
    expect(decoded.string(COMMAND_TAG.ErrorComment)).toBe('bad');
    expect(decoded.hasDataSet).toBe(true); // no CommandDataSetType: not 0101H
  });

  it('refuses command sets that are not group 0000 implicit VR', () => {
    expect(() => decodeCommandSet(new Uint8Array([8, 0, 0x18, 0, 2, 0, 0, 0, 0x31, 0]))).toThrow(
      /outside group 0000/,
    );
    expect(() => decodeCommandSet(new Uint8Array([0, 0, 0, 1, 9, 0, 0, 0, 0x30, 0]))).toThrow(
      DimseProtocolError,
    );
    expect(() => decodeCommandSet(new Uint8Array([0, 0, 0, 1]))).toThrow(/stray bytes/);
  });
});
