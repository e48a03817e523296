/** One element of a Siemens CSA header: a name, a VR and its values as text. */
export interface CsaElement {
  readonly name: string;
  readonly vr: string;
  readonly values: readonly string[];
}

const HEADER_CHECK = 77;

function writeName(out: DataView, at: number, text: string, size: number): void {
  for (let i = 0; i < Math.min(text.length, size - 1); i++)
    out.setUint8(at + i, text.charCodeAt(i) & 0xff);
}

/**
 * Encodes a Siemens CSA2 ("SV10") header, the private binary format Siemens
 * stores in (0029,xx10) and (0029,xx20) under private creator
 * `SIEMENS CSA HEADER`. Not part of the DICOM standard; the layout is the one
 * nibabel's `csareader` and dcm2niix read: an 'SV10' tag, then per element a
 * 64-byte name, VM, 4-byte VR, SyngoDT, item count and a check word 77, then
 * items of four int32 (the second is the length) and NUL-terminated text
 * padded to 4 bytes. All numbers little endian.
 */
export function encodeCsa2(elements: readonly CsaElement[]): Uint8Array {
  let size = 16;
  for (const element of elements) {
    size += 84;
    for (const value of element.values) size += 16 + Math.ceil((value.length + 1) / 4) * 4;
  }
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes.set([0x53, 0x56, 0x31, 0x30, 0x04, 0x03, 0x02, 0x01], 0); // 'SV10' and the unused 4 bytes
  view.setUint32(8, elements.length, true);
  view.setUint32(12, HEADER_CHECK, true);
  let at = 16;
  for (const element of elements) {
    writeName(view, at, element.name, 64);
    view.setInt32(at + 64, element.values.length, true); // VM
    writeName(view, at + 68, element.vr, 4);
    view.setInt32(at + 72, 0, true); // SyngoDT
    view.setInt32(at + 76, element.values.length, true); // number of items
    view.setInt32(at + 80, HEADER_CHECK, true);
    at += 84;
    for (const value of element.values) {
      const length = value.length + 1;
      view.setInt32(at, length, true);
      view.setInt32(at + 4, length, true);
      view.setInt32(at + 8, HEADER_CHECK, true);
      view.setInt32(at + 12, length, true);
      writeName(view, at + 16, value, length + 1);
      at += 16 + Math.ceil(length / 4) * 4;
    }
  }
  return bytes;
}
