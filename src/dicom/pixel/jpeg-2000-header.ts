/**
 * The main header of a JPEG 2000 codestream (ISO/IEC 15444-1 Annex A; HTJ2K
 * codestreams, ISO/IEC 15444-15, share it): image size, component precision
 * and signedness from SIZ, and whether COD asks for the multiple component
 * (colour) transform.
 */
export interface Jpeg2000Header {
  readonly columns: number;
  readonly rows: number;
  readonly components: number;
  /** Bits per sample of the first component. */
  readonly precision: number;
  /** Whether the first component is signed (SIZ Ssiz bit 7). */
  readonly signed: boolean;
  /** COD SGcod multiple component transform: the decoder turns YBR_RCT/YBR_ICT into RGB. */
  readonly colourTransform: boolean;
}

const SOC = 0xff4f;
const SIZ = 0xff51;
const COD = 0xff52;
const SOT = 0xff90;

/**
 * The raw codestream inside a frame: the frame itself, or the contents of the
 * `jp2c` box when a writer wrapped it in the JP2 file format (ISO/IEC 15444-1
 * Annex I), which DICOM does not allow (PS3.5 A.4.4) but Elscint and Marotech
 * did.
 */
export function jpeg2000Codestream(frame: Uint8Array): Uint8Array {
  if (frame.length >= 12 && readU32(frame, 0) === 12 && readU32(frame, 4) === 0x6a502020) {
    let at = 0;
    while (at + 8 <= frame.length) {
      let length = readU32(frame, at);
      const type = readU32(frame, at + 4);
      let header = 8;
      if (length === 1) {
        if (at + 16 > frame.length) break;
        length = readU32(frame, at + 8) * 2 ** 32 + readU32(frame, at + 12);
        header = 16;
      } else if (length === 0) {
        length = frame.length - at;
      }
      if (length < header) break;
      if (type === 0x6a703263)
        return frame.subarray(at + header, Math.min(frame.length, at + length));
      at += length;
    }
    throw new Error('JP2 file format without a contiguous codestream (jp2c) box');
  }
  return frame;
}

/** Reads SIZ and COD from a raw codestream; throws an Error when the main header is malformed. */
export function readJpeg2000Header(codestream: Uint8Array): Jpeg2000Header {
  if (readU16(codestream, 0) !== SOC || readU16(codestream, 2) !== SIZ) {
    throw new Error('the frame does not start with a JPEG 2000 codestream (SOC, SIZ markers)');
  }
  const sizLength = readU16(codestream, 4);
  const siz = 6;
  if (sizLength < 41 || 4 + sizLength > codestream.length)
    throw new Error('JPEG 2000 SIZ marker segment is truncated');
  const xsiz = readU32(codestream, siz + 2);
  const ysiz = readU32(codestream, siz + 6);
  const xosiz = readU32(codestream, siz + 10);
  const yosiz = readU32(codestream, siz + 14);
  const components = readU16(codestream, siz + 34);
  if (components < 1 || sizLength < 38 + 3 * components)
    throw new Error('JPEG 2000 SIZ marker segment is too short for its components');
  const ssiz = codestream[siz + 36] as number;
  let colourTransform = false;
  let at = 4 + sizLength;
  while (at + 4 <= codestream.length) {
    const marker = readU16(codestream, at);
    if (marker === SOT || (marker & 0xff00) !== 0xff00) break;
    const length = readU16(codestream, at + 2);
    if (marker === COD && length >= 12) colourTransform = codestream[at + 8] === 1; // Lcod, Scod, progression order, layers (2), then MCT
    at += 2 + length;
  }
  return {
    columns: xsiz - xosiz,
    rows: ysiz - yosiz,
    components,
    precision: (ssiz & 0x7f) + 1,
    signed: (ssiz & 0x80) !== 0,
    colourTransform,
  };
}

function readU16(bytes: Uint8Array, at: number): number {
  return (((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0)) >>> 0;
}

function readU32(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] ?? 0) << 24) |
      ((bytes[at + 1] ?? 0) << 16) |
      ((bytes[at + 2] ?? 0) << 8) |
      (bytes[at + 3] ?? 0)) >>>
    0
  );
}
