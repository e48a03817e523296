/**
 * DICOM Upper Layer PDUs (PS3.8 section 9.3): types, and encoding/decoding of
 * the association PDUs. P-DATA-TF is framed by the streaming reader
 * (pdu-reader.ts); only its encoding is here. Multi-byte fields of PDUs are
 * big endian (PS3.8 section 9.3.1), unlike the DIMSE messages they carry.
 */
import { ABORT_REASON, DimseProtocolError } from './protocol-error.js';

/** PDU types (PS3.8 Table 9-11 and sections 9.3.2–9.3.8). */
export const PDU_TYPE = {
  associateRq: 0x01,
  associateAc: 0x02,
  associateRj: 0x03,
  pDataTf: 0x04,
  releaseRq: 0x05,
  releaseRp: 0x06,
  abort: 0x07,
} as const;

/** Item types inside association PDUs (PS3.8 sections 9.3.2.1–9.3.2.3, PS3.7 Annex D.3.3). */
const ITEM = {
  applicationContext: 0x10,
  presentationContextRq: 0x20,
  presentationContextAc: 0x21,
  abstractSyntax: 0x30,
  transferSyntax: 0x40,
  userInformation: 0x50,
  maximumLength: 0x51,
  implementationClassUid: 0x52,
  asynchronousOperationsWindow: 0x53,
  roleSelection: 0x54,
  implementationVersionName: 0x55,
} as const;

/** The only application context name DICOM defines (PS3.7 Annex A.2.1). */
export const DICOM_APPLICATION_CONTEXT = '1.2.840.10008.3.1.1.1';

/** Length of the fixed header of every PDU: type, reserved, 32-bit length (PS3.8 9.3.1). */
export const PDU_HEADER_BYTES = 6;

/** Result of a presentation context in an A-ASSOCIATE-AC (PS3.8 Table 9-18). */
export const PRESENTATION_CONTEXT_RESULT = {
  acceptance: 0,
  userRejection: 1,
  noReason: 2,
  abstractSyntaxNotSupported: 3,
  transferSyntaxesNotSupported: 4,
} as const;

export type PresentationContextResult =
  (typeof PRESENTATION_CONTEXT_RESULT)[keyof typeof PRESENTATION_CONTEXT_RESULT];

export interface PresentationContextProposal {
  /** Odd, 1–255 (PS3.8 section 9.3.2.2). */
  readonly id: number;
  readonly abstractSyntax: string;
  /** In the requestor's order of preference. */
  readonly transferSyntaxes: readonly string[];
}

export interface PresentationContextAnswer {
  readonly id: number;
  readonly result: PresentationContextResult;
  /** The accepted transfer syntax; not significant when `result` is not acceptance. */
  readonly transferSyntax: string;
}

/** SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4). */
export interface RoleSelection {
  readonly sopClassUid: string;
  readonly scuRole: number;
  readonly scpRole: number;
}

/** User Information item (PS3.8 section 9.3.2.3, PS3.7 Annex D.3.3). */
export interface UserInformation {
  /** Maximum P-DATA-TF PDU length the sender can receive; 0 = no limit (PS3.8 D.1). */
  readonly maxPduLengthBytes: number;
  readonly implementationClassUid?: string;
  readonly implementationVersionName?: string;
  /** Asynchronous Operations Window (PS3.7 D.3.3.3); absent = 1/1. */
  readonly asyncOperationsWindow?: { readonly maxInvoked: number; readonly maxPerformed: number };
  readonly roleSelections?: readonly RoleSelection[];
}

export interface AssociateRequest {
  readonly protocolVersion: number;
  readonly calledAeTitle: string;
  readonly callingAeTitle: string;
  readonly applicationContextName: string;
  readonly presentationContexts: readonly PresentationContextProposal[];
  readonly userInformation: UserInformation;
}

export interface AssociateAccept {
  readonly calledAeTitle: string;
  readonly callingAeTitle: string;
  readonly applicationContextName: string;
  readonly presentationContexts: readonly PresentationContextAnswer[];
  readonly userInformation: UserInformation;
}

/** A-ASSOCIATE-RJ fields (PS3.8 Table 9-21). */
export interface AssociateReject {
  /** 1 rejected-permanent, 2 rejected-transient. */
  readonly result: 1 | 2;
  /** 1 service-user, 2 service-provider (ACSE), 3 service-provider (presentation). */
  readonly source: 1 | 2 | 3;
  readonly reason: number;
}

/** A-ABORT fields (PS3.8 Table 9-26). */
export interface Abort {
  /** 0 service-user, 2 service-provider. */
  readonly source: number;
  readonly reason: number;
}

// ---------------------------------------------------------------- encoding

function ascii(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i) & 0x7f;
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Item or sub-item: type, reserved, 16-bit length, value (PS3.8 section 9.3.2.1). */
function item(type: number, value: Uint8Array): Uint8Array {
  if (value.length > 0xffff) throw new RangeError(`item 0x${type.toString(16)} too long`);
  const out = new Uint8Array(4 + value.length);
  out[0] = type;
  out[2] = value.length >> 8;
  out[3] = value.length & 0xff;
  out.set(value, 4);
  return out;
}

function u16(value: number): Uint8Array {
  return new Uint8Array([(value >> 8) & 0xff, value & 0xff]);
}

function u32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value >>> 0, false);
  return out;
}

/** A whole PDU: type, reserved, 32-bit length, body. */
export function encodePdu(type: number, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(PDU_HEADER_BYTES + body.length);
  out[0] = type;
  new DataView(out.buffer).setUint32(2, body.length, false);
  out.set(body, PDU_HEADER_BYTES);
  return out;
}

/** An AE title field: 16 bytes, space padded (PS3.8 Table 9-11). */
function aeField(title: string): Uint8Array {
  const out = new Uint8Array(16).fill(0x20);
  out.set(ascii(title.slice(0, 16)));
  return out;
}

/** Protocol version, reserved, called AE, calling AE, 32 reserved bytes (PS3.8 Tables 9-11, 9-17). */
function associateHeader(calledAeTitle: string, callingAeTitle: string): Uint8Array {
  return concat([
    u16(1),
    u16(0),
    aeField(calledAeTitle),
    aeField(callingAeTitle),
    new Uint8Array(32),
  ]);
}

function userInformationItem(info: UserInformation): Uint8Array {
  const subItems: Uint8Array[] = [item(ITEM.maximumLength, u32(info.maxPduLengthBytes))];
  if (info.implementationClassUid !== undefined)
    subItems.push(item(ITEM.implementationClassUid, ascii(info.implementationClassUid)));
  if (info.asyncOperationsWindow !== undefined)
    subItems.push(
      item(
        ITEM.asynchronousOperationsWindow,
        concat([
          u16(info.asyncOperationsWindow.maxInvoked),
          u16(info.asyncOperationsWindow.maxPerformed),
        ]),
      ),
    );
  for (const role of info.roleSelections ?? []) {
    const uid = ascii(role.sopClassUid);
    subItems.push(
      item(
        ITEM.roleSelection,
        concat([u16(uid.length), uid, new Uint8Array([role.scuRole, role.scpRole])]),
      ),
    );
  }
  if (info.implementationVersionName !== undefined)
    subItems.push(item(ITEM.implementationVersionName, ascii(info.implementationVersionName)));
  return item(ITEM.userInformation, concat(subItems));
}

/** A-ASSOCIATE-AC PDU (PS3.8 section 9.3.3). */
export function encodeAssociateAccept(ac: AssociateAccept): Uint8Array {
  const parts: Uint8Array[] = [
    // Called/calling AE are reserved here, sent back as received (PS3.8 Table 9-17).
    associateHeader(ac.calledAeTitle, ac.callingAeTitle),
    item(ITEM.applicationContext, ascii(ac.applicationContextName)),
  ];
  for (const pc of ac.presentationContexts) {
    parts.push(
      item(
        ITEM.presentationContextAc,
        concat([
          new Uint8Array([pc.id, 0, pc.result, 0]),
          item(ITEM.transferSyntax, ascii(pc.transferSyntax)),
        ]),
      ),
    );
  }
  parts.push(userInformationItem(ac.userInformation));
  return encodePdu(PDU_TYPE.associateAc, concat(parts));
}

/** A-ASSOCIATE-RQ PDU (PS3.8 section 9.3.2); what an SCU sends (used by tests). */
export function encodeAssociateRequest(rq: AssociateRequest): Uint8Array {
  const parts: Uint8Array[] = [
    associateHeader(rq.calledAeTitle, rq.callingAeTitle),
    item(ITEM.applicationContext, ascii(rq.applicationContextName)),
  ];
  for (const pc of rq.presentationContexts) {
    parts.push(
      item(
        ITEM.presentationContextRq,
        concat([
          new Uint8Array([pc.id, 0, 0, 0]),
          item(ITEM.abstractSyntax, ascii(pc.abstractSyntax)),
          ...pc.transferSyntaxes.map((ts) => item(ITEM.transferSyntax, ascii(ts))),
        ]),
      ),
    );
  }
  parts.push(userInformationItem(rq.userInformation));
  return encodePdu(PDU_TYPE.associateRq, concat(parts));
}

/** A-ASSOCIATE-RJ PDU (PS3.8 section 9.3.4). */
export function encodeAssociateReject(rj: AssociateReject): Uint8Array {
  return encodePdu(PDU_TYPE.associateRj, new Uint8Array([0, rj.result, rj.source, rj.reason]));
}

/** A-RELEASE-RQ PDU (PS3.8 section 9.3.6). */
export function encodeReleaseRequest(): Uint8Array {
  return encodePdu(PDU_TYPE.releaseRq, new Uint8Array(4));
}

/** A-RELEASE-RP PDU (PS3.8 section 9.3.7). */
export function encodeReleaseResponse(): Uint8Array {
  return encodePdu(PDU_TYPE.releaseRp, new Uint8Array(4));
}

/** A-ABORT PDU (PS3.8 section 9.3.8); by default from the service-provider. */
export function encodeAbort(
  abort: Abort = { source: 2, reason: ABORT_REASON.notSpecified },
): Uint8Array {
  return encodePdu(PDU_TYPE.abort, new Uint8Array([0, 0, abort.source, abort.reason]));
}

/** One presentation data value (PS3.8 section 9.3.5.1 and Annex E.2). */
export interface PdvOut {
  readonly contextId: number;
  readonly command: boolean;
  readonly last: boolean;
  readonly data: Uint8Array;
}

/** A P-DATA-TF PDU holding the given PDVs (PS3.8 section 9.3.5). */
export function encodePDataTf(pdvs: readonly PdvOut[]): Uint8Array {
  const bodyLength = pdvs.reduce((n, p) => n + 6 + p.data.length, 0);
  const out = new Uint8Array(PDU_HEADER_BYTES + bodyLength);
  const view = new DataView(out.buffer);
  out[0] = PDU_TYPE.pDataTf;
  view.setUint32(2, bodyLength, false);
  let at = PDU_HEADER_BYTES;
  for (const pdv of pdvs) {
    view.setUint32(at, pdv.data.length + 2, false);
    out[at + 4] = pdv.contextId;
    // Message control header: bit 0 command, bit 1 last fragment (PS3.8 Annex E.2).
    out[at + 5] = (pdv.command ? 1 : 0) | (pdv.last ? 2 : 0);
    out.set(pdv.data, at + 6);
    at += 6 + pdv.data.length;
  }
  return out;
}

/**
 * A message (command or data set) as P-DATA-TF PDUs no longer than the peer's
 * maximum (PS3.8 D.1: the limit counts the PDU's variable field, i.e. the PDV
 * items; 0 means no limit). One PDV per PDU.
 */
export function fragmentMessage(
  contextId: number,
  command: boolean,
  data: Uint8Array,
  maxPduLengthBytes: number,
): Uint8Array[] {
  const room = maxPduLengthBytes === 0 ? data.length : Math.max(1, maxPduLengthBytes - 6);
  const pdus: Uint8Array[] = [];
  let at = 0;
  do {
    const end = Math.min(data.length, at + room);
    pdus.push(
      encodePDataTf([
        { contextId, command, last: end === data.length, data: data.subarray(at, end) },
      ]),
    );
    at = end;
  } while (at < data.length);
  return pdus;
}

// ---------------------------------------------------------------- decoding

/** Text of a UID or name field: trailing NUL and spaces are padding some peers add. */
function text(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += String.fromCharCode(b);
  return out.replace(/[\0 ]+$/, '').replace(/^ +/, '');
}

interface RawItem {
  readonly type: number;
  readonly value: Uint8Array;
}

/** Splits a run of items or sub-items (type, reserved, 16-bit length, value). */
function items(bytes: Uint8Array, where: string): RawItem[] {
  const out: RawItem[] = [];
  let at = 0;
  while (at < bytes.length) {
    if (at + 4 > bytes.length)
      throw new DimseProtocolError(
        `${where}: ${bytes.length - at} stray bytes after the last item`,
      );
    const type = bytes[at] ?? 0;
    const length = ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0);
    if (at + 4 + length > bytes.length)
      throw new DimseProtocolError(
        `${where}: item 0x${type.toString(16)} of ${length} bytes runs past the end`,
      );
    out.push({ type, value: bytes.subarray(at + 4, at + 4 + length) });
    at += 4 + length;
  }
  return out;
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function decodeUserInformation(value: Uint8Array): UserInformation {
  let maxPduLengthBytes = 0;
  let implementationClassUid: string | undefined;
  let implementationVersionName: string | undefined;
  let asyncOperationsWindow: UserInformation['asyncOperationsWindow'];
  const roleSelections: RoleSelection[] = [];
  for (const sub of items(value, 'User Information item')) {
    switch (sub.type) {
      case ITEM.maximumLength:
        if (sub.value.length !== 4)
          throw new DimseProtocolError('Maximum Length sub-item is not 4 bytes long');
        maxPduLengthBytes = view(sub.value).getUint32(0, false);
        break;
      case ITEM.implementationClassUid:
        implementationClassUid = text(sub.value);
        break;
      case ITEM.implementationVersionName:
        implementationVersionName = text(sub.value);
        break;
      case ITEM.asynchronousOperationsWindow:
        if (sub.value.length >= 4)
          asyncOperationsWindow = {
            maxInvoked: view(sub.value).getUint16(0, false),
            maxPerformed: view(sub.value).getUint16(2, false),
          };
        break;
      case ITEM.roleSelection: {
        if (sub.value.length < 2) break;
        const uidLength = view(sub.value).getUint16(0, false);
        if (2 + uidLength + 2 > sub.value.length) break;
        roleSelections.push({
          sopClassUid: text(sub.value.subarray(2, 2 + uidLength)),
          scuRole: sub.value[2 + uidLength] ?? 0,
          scpRole: sub.value[3 + uidLength] ?? 0,
        });
        break;
      }
      default:
        // Extended negotiation (0x56, 0x57), user identity (0x58) and unknown
        // sub-items are not supported: ignored, which declines them (PS3.7 D.3.3.5–D.3.3.7).
        break;
    }
  }
  return {
    maxPduLengthBytes,
    ...(implementationClassUid === undefined ? {} : { implementationClassUid }),
    ...(implementationVersionName === undefined ? {} : { implementationVersionName }),
    ...(asyncOperationsWindow === undefined ? {} : { asyncOperationsWindow }),
    ...(roleSelections.length === 0 ? {} : { roleSelections }),
  };
}

interface AssociateCommon {
  readonly protocolVersion: number;
  readonly calledAeTitle: string;
  readonly callingAeTitle: string;
  readonly variableItems: RawItem[];
}

/** The fixed part of A-ASSOCIATE-RQ/AC bodies (after the 6-byte PDU header). */
function decodeAssociateCommon(body: Uint8Array, what: string): AssociateCommon {
  if (body.length < 68)
    throw new DimseProtocolError(
      `${what} of ${body.length} bytes is shorter than its fixed fields`,
    );
  return {
    protocolVersion: view(body).getUint16(0, false),
    calledAeTitle: text(body.subarray(4, 20)),
    callingAeTitle: text(body.subarray(20, 36)),
    variableItems: items(body.subarray(68), what),
  };
}

/** Decodes the body of an A-ASSOCIATE-RQ PDU (PS3.8 section 9.3.2). */
export function decodeAssociateRequest(body: Uint8Array): AssociateRequest {
  const common = decodeAssociateCommon(body, 'A-ASSOCIATE-RQ');
  let applicationContextName: string | undefined;
  let userInformation: UserInformation | undefined;
  const presentationContexts: PresentationContextProposal[] = [];
  for (const it of common.variableItems) {
    if (it.type === ITEM.applicationContext) applicationContextName = text(it.value);
    else if (it.type === ITEM.presentationContextRq) {
      if (it.value.length < 4)
        throw new DimseProtocolError('A-ASSOCIATE-RQ: presentation context item too short');
      const id = it.value[0] ?? 0;
      let abstractSyntax: string | undefined;
      const transferSyntaxes: string[] = [];
      for (const sub of items(it.value.subarray(4), `presentation context ${id}`)) {
        if (sub.type === ITEM.abstractSyntax) abstractSyntax = text(sub.value);
        else if (sub.type === ITEM.transferSyntax) transferSyntaxes.push(text(sub.value));
      }
      presentationContexts.push({ id, abstractSyntax: abstractSyntax ?? '', transferSyntaxes });
    } else if (it.type === ITEM.userInformation) userInformation = decodeUserInformation(it.value);
    // Unrecognised items are skipped (PS3.8 section 9.3.1).
  }
  if (applicationContextName === undefined)
    throw new DimseProtocolError('A-ASSOCIATE-RQ has no Application Context item');
  if (presentationContexts.length === 0)
    throw new DimseProtocolError('A-ASSOCIATE-RQ has no Presentation Context item');
  if (userInformation === undefined)
    throw new DimseProtocolError('A-ASSOCIATE-RQ has no User Information item');
  return {
    protocolVersion: common.protocolVersion,
    calledAeTitle: common.calledAeTitle,
    callingAeTitle: common.callingAeTitle,
    applicationContextName,
    presentationContexts,
    userInformation,
  };
}

/** Decodes the body of an A-ASSOCIATE-AC PDU (PS3.8 section 9.3.3); what an SCU reads. */
export function decodeAssociateAccept(body: Uint8Array): AssociateAccept {
  const common = decodeAssociateCommon(body, 'A-ASSOCIATE-AC');
  let applicationContextName = '';
  let userInformation: UserInformation = { maxPduLengthBytes: 0 };
  const presentationContexts: PresentationContextAnswer[] = [];
  for (const it of common.variableItems) {
    if (it.type === ITEM.applicationContext) applicationContextName = text(it.value);
    else if (it.type === ITEM.presentationContextAc) {
      if (it.value.length < 4)
        throw new DimseProtocolError('A-ASSOCIATE-AC: presentation context item too short');
      const transfer = items(it.value.subarray(4), 'presentation context').find(
        (sub) => sub.type === ITEM.transferSyntax,
      );
      presentationContexts.push({
        id: it.value[0] ?? 0,
        result: (it.value[2] ?? 0) as PresentationContextResult,
        transferSyntax: transfer === undefined ? '' : text(transfer.value),
      });
    } else if (it.type === ITEM.userInformation) userInformation = decodeUserInformation(it.value);
  }
  return {
    calledAeTitle: common.calledAeTitle,
    callingAeTitle: common.callingAeTitle,
    applicationContextName,
    presentationContexts,
    userInformation,
  };
}

/** Decodes the body of an A-ASSOCIATE-RJ PDU (PS3.8 section 9.3.4). */
export function decodeAssociateReject(body: Uint8Array): AssociateReject {
  if (body.length < 4) throw new DimseProtocolError('A-ASSOCIATE-RJ shorter than 4 bytes');
  return {
    result: body[1] === 2 ? 2 : 1,
    source: body[2] === 2 ? 2 : body[2] === 3 ? 3 : 1,
    reason: body[3] ?? 0,
  };
}

/** Decodes the body of an A-ABORT PDU (PS3.8 section 9.3.8); lenient about its length. */
export function decodeAbort(body: Uint8Array): Abort {
  return { source: body[2] ?? 0, reason: body[3] ?? 0 };
}
