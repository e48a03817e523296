/**
 * DIMSE command sets (PS3.7 section 6.3, Annex E): group 0000 elements,
 * always Implicit VR Little Endian, whatever the presentation context's
 * transfer syntax. Only the few elements C-ECHO and C-STORE use are named.
 */
import { DimseProtocolError } from './protocol-error.js';

/** Command elements by their PS3.7 Annex E keyword. */
export const COMMAND_TAG = {
  CommandGroupLength: 0x00000000,
  AffectedSOPClassUID: 0x00000002,
  CommandField: 0x00000100,
  MessageID: 0x00000110,
  MessageIDBeingRespondedTo: 0x00000120,
  Priority: 0x00000700,
  CommandDataSetType: 0x00000800,
  Status: 0x00000900,
  ErrorComment: 0x00000902,
  AffectedSOPInstanceUID: 0x00001000,
  MoveOriginatorApplicationEntityTitle: 0x00001030,
  MoveOriginatorMessageID: 0x00001031,
} as const;

/** Command Field values (PS3.7 Table E.1-1 and sections 9.3, 10.3). */
export const COMMAND_FIELD = {
  cStoreRq: 0x0001,
  cStoreRsp: 0x8001,
  cGetRq: 0x0010,
  cFindRq: 0x0020,
  cMoveRq: 0x0021,
  cEchoRq: 0x0030,
  cEchoRsp: 0x8030,
  cCancelRq: 0x0fff,
} as const;

/** Command Data Set Type value meaning "no data set follows" (PS3.7 Table E.1-1). */
export const NO_DATA_SET = 0x0101;

/** A decoded command set: raw value bytes by tag. */
export class CommandSet {
  constructor(readonly elements: ReadonlyMap<number, Uint8Array>) {}

  /** A UI/AE/LO value without its padding; undefined when absent or empty. */
  string(tag: number): string | undefined {
    const value = this.elements.get(tag);
    if (value === undefined) return undefined;
    let out = '';
    for (const b of value) out += String.fromCharCode(b);
    out = out.replace(/[\0 ]+$/, '').replace(/^ +/, '');
    return out === '' ? undefined : out;
  }

  /** A US value; undefined when absent or not 2 bytes. */
  us(tag: number): number | undefined {
    const value = this.elements.get(tag);
    if (value === undefined || value.length !== 2) return undefined;
    return (value[0] ?? 0) | ((value[1] ?? 0) << 8);
  }

  get commandField(): number | undefined {
    return this.us(COMMAND_TAG.CommandField);
  }

  /** Whether a data set follows the command (PS3.7 E.1: any value but 0101H). */
  get hasDataSet(): boolean {
    return this.us(COMMAND_TAG.CommandDataSetType) !== NO_DATA_SET;
  }
}

/** Parses a command set (PS3.7 section 6.3.1: implicit VR little endian, group 0000 only). */
export function decodeCommandSet(bytes: Uint8Array): CommandSet {
  const elements = new Map<number, Uint8Array>();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at < bytes.length) {
    if (at + 8 > bytes.length)
      throw new DimseProtocolError(`command set: ${bytes.length - at} stray bytes at its end`);
    const group = view.getUint16(at, true);
    const element = view.getUint16(at + 2, true);
    const length = view.getUint32(at + 4, true);
    if (group !== 0x0000)
      throw new DimseProtocolError(
        `command set holds element (${group.toString(16).padStart(4, '0')},${element
          .toString(16)
          .padStart(4, '0')}) outside group 0000`,
      );
    if (at + 8 + length > bytes.length)
      throw new DimseProtocolError(
        `command element (0000,${element.toString(16).padStart(4, '0')}) of ${length} bytes runs past the command set`,
      );
    elements.set(element, bytes.subarray(at + 8, at + 8 + length));
    at += 8 + length;
  }
  return new CommandSet(elements);
}

/** One element to encode: UI/AE/LO text or a US number (all a response needs). */
export type CommandElement =
  | { readonly tag: number; readonly vr: 'UI' | 'AE' | 'LO'; readonly value: string }
  | { readonly tag: number; readonly vr: 'US'; readonly value: number };

function valueBytes(element: CommandElement): Uint8Array {
  if (element.vr === 'US')
    return new Uint8Array([element.value & 0xff, (element.value >> 8) & 0xff]);
  const length = element.value.length + (element.value.length % 2);
  // UI pads with NUL, other strings with a space (PS3.5 section 6.2).
  const out = new Uint8Array(length).fill(element.vr === 'UI' ? 0 : 0x20);
  for (let i = 0; i < element.value.length; i++) out[i] = element.value.charCodeAt(i) & 0x7f;
  return out;
}

/**
 * Encodes a command set: elements in ascending tag order, led by
 * (0000,0000) CommandGroupLength (PS3.7 section 6.3.1, Table E.1-1).
 */
export function encodeCommandSet(elements: readonly CommandElement[]): Uint8Array {
  const encoded = [...elements]
    .filter((e) => e.tag !== COMMAND_TAG.CommandGroupLength)
    .sort((a, b) => a.tag - b.tag)
    .map((e) => ({ tag: e.tag, value: valueBytes(e) }));
  const groupLength = encoded.reduce((n, e) => n + 8 + e.value.length, 0);
  const out = new Uint8Array(12 + groupLength);
  const view = new DataView(out.buffer);
  view.setUint32(4, 4, true);
  view.setUint32(8, groupLength, true);
  let at = 12;
  for (const { tag, value } of encoded) {
    view.setUint16(at, tag >>> 16, true);
    view.setUint16(at + 2, tag & 0xffff, true);
    view.setUint32(at + 4, value.length, true);
    out.set(value, at + 8);
    at += 8 + value.length;
  }
  return out;
}
