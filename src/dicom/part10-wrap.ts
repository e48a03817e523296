import { DicomError } from './dicom-error.js';
import { encodeValue } from './value-encoder.js';
import type { Vr } from './vr.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from './writer.js';

/** What goes into the File Meta Information of a Part 10 file made from an encoded data set. */
export interface Part10MetaInput {
  /** (0002,0002) MediaStorageSOPClassUID. */
  readonly sopClassUid: string;
  /** (0002,0003) MediaStorageSOPInstanceUID. */
  readonly sopInstanceUid: string;
  /** (0002,0010) TransferSyntaxUID: the one the data set bytes are encoded in. */
  readonly transferSyntaxUid: string;
  /** (0002,0016) SourceApplicationEntityTitle. */
  readonly sourceApplicationEntityTitle?: string;
  /** (0002,0017) SendingApplicationEntityTitle: the AE that sent the data set over the network. */
  readonly sendingApplicationEntityTitle?: string;
  /** (0002,0018) ReceivingApplicationEntityTitle: the AE that received it. */
  readonly receivingApplicationEntityTitle?: string;
}

export interface Part10WrapInput extends Part10MetaInput {
  /**
   * The data set, already encoded in `transferSyntaxUid` (for deflated syntaxes,
   * the deflate stream), as one buffer or as consecutive chunks. Copied verbatim.
   */
  readonly datasetBytes: Uint8Array | readonly Uint8Array[];
}

const PREAMBLE_BYTES = 128;
const UID_MAX_CHARS = 64;
const AE_MAX_CHARS = 16;

function checkUid(value: string, element: string): void {
  // PS3.5 section 9.1: at most 64 characters. Peers send odd UIDs; only what
  // cannot be written (empty, too long, control characters, backslash) is refused.
  if (value === '' || value.length > UID_MAX_CHARS || /[\0-\x1f\x7f-\uffff\\]/.test(value)) {
    throw new DicomError(
      'DICOM_INVALID_VALUE',
      `'${value}' cannot be written as a UID (1 to 64 printable ASCII characters)`,
      { element },
    );
  }
}

function checkAeTitle(value: string, element: string): void {
  // PS3.5 Table 6.2-1: AE is at most 16 characters, no control characters or backslash.
  if (value.length > AE_MAX_CHARS || /[\0-\x1f\x7f-\uffff\\]/.test(value)) {
    throw new DicomError(
      'DICOM_INVALID_VALUE',
      `'${value}' cannot be written as an AE title (at most 16 printable ASCII characters)`,
      { element },
    );
  }
}

/** Explicit VR little endian element with a 16-bit length (PS3.5 section 7.1.2). */
function shortElement(element: number, vr: Vr, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + value.length);
  const view = new DataView(out.buffer);
  view.setUint16(0, 0x0002, true);
  view.setUint16(2, element, true);
  out[4] = vr.charCodeAt(0);
  out[5] = vr.charCodeAt(1);
  view.setUint16(6, value.length, true);
  out.set(value, 8);
  return out;
}

function textElement(element: number, vr: Vr, text: string): Uint8Array {
  return shortElement(element, vr, encodeValue(vr, text, true, []));
}

/**
 * The 128-byte preamble, `DICM` and File Meta Information (PS3.10 section 7.1)
 * for a data set already encoded elsewhere (received over DIMSE, say): what
 * {@link wrapPart10} puts before the data set. ImplementationClassUID and
 * ImplementationVersionName are radset's (PS3.7 D.3.3.2).
 */
export function part10Prefix(input: Part10MetaInput): Uint8Array {
  checkUid(input.sopClassUid, '(0002,0002) MediaStorageSOPClassUID');
  checkUid(input.sopInstanceUid, '(0002,0003) MediaStorageSOPInstanceUID');
  checkUid(input.transferSyntaxUid, '(0002,0010) TransferSyntaxUID');
  const elements: Uint8Array[] = [];
  // (0002,0001) FileMetaInformationVersion: OB has a 32-bit length (PS3.5 Table 7.1-1).
  elements.push(new Uint8Array([0x02, 0x00, 0x01, 0x00, 0x4f, 0x42, 0, 0, 2, 0, 0, 0, 0x00, 0x01]));
  elements.push(textElement(0x0002, 'UI', input.sopClassUid));
  elements.push(textElement(0x0003, 'UI', input.sopInstanceUid));
  elements.push(textElement(0x0010, 'UI', input.transferSyntaxUid));
  elements.push(textElement(0x0012, 'UI', IMPLEMENTATION_CLASS_UID));
  elements.push(textElement(0x0013, 'SH', IMPLEMENTATION_VERSION_NAME));
  const titles: readonly [number, string, string | undefined][] = [
    [0x0016, 'SourceApplicationEntityTitle', input.sourceApplicationEntityTitle],
    [0x0017, 'SendingApplicationEntityTitle', input.sendingApplicationEntityTitle],
    [0x0018, 'ReceivingApplicationEntityTitle', input.receivingApplicationEntityTitle],
  ];
  for (const [element, keyword, title] of titles) {
    if (title === undefined || title.trim() === '') continue;
    const hex = element.toString(16).toUpperCase().padStart(4, '0');
    checkAeTitle(title, `(0002,${hex}) ${keyword}`);
    elements.push(textElement(element, 'AE', title));
  }
  const metaLength = elements.reduce((n, e) => n + e.length, 0);
  const out = new Uint8Array(PREAMBLE_BYTES + 4 + 12 + metaLength);
  out.set([0x44, 0x49, 0x43, 0x4d], PREAMBLE_BYTES);
  const view = new DataView(out.buffer);
  // (0002,0000) UL FileMetaInformationGroupLength: the bytes after it up to the data set.
  let at = PREAMBLE_BYTES + 4;
  out.set([0x02, 0x00, 0x00, 0x00, 0x55, 0x4c, 4, 0], at);
  view.setUint32(at + 8, metaLength, true);
  at += 12;
  for (const element of elements) {
    out.set(element, at);
    at += element.length;
  }
  return out;
}

/**
 * Builds a Part 10 file (PS3.10 section 7) around a data set that is already
 * encoded: preamble, `DICM`, File Meta Information ({@link part10Prefix}),
 * then the data set bytes exactly as given. One allocation, each input byte
 * copied once: no parse, no re-encoding.
 */
export function wrapPart10(input: Part10WrapInput): Uint8Array {
  const prefix = part10Prefix(input);
  const chunks: readonly Uint8Array[] =
    input.datasetBytes instanceof Uint8Array ? [input.datasetBytes] : input.datasetBytes;
  const datasetLength = chunks.reduce((n, c) => n + c.length, 0);
  const out = new Uint8Array(prefix.length + datasetLength);
  out.set(prefix, 0);
  let at = prefix.length;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
