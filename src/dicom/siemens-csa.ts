import type { Dataset } from './dataset.js';

/**
 * Reads a Siemens CSA header, the private binary block Siemens MR scanners
 * store in (0029,xx10) "CSA Image Header Info" and (0029,xx20) "CSA Series
 * Header Info" under private creator `SIEMENS CSA HEADER`. Not DICOM: the
 * layout is the one nibabel's `csareader` documents. CSA2 starts with 'SV10'
 * and four unused bytes; CSA1 has no signature. Then a tag count, a check
 * word, and per tag a 64-byte name, VM, 4-byte VR, SyngoDT, item count and a
 * check word, followed by items of four int32 and text padded to 4 bytes. The
 * item length is the second int32 in CSA2 and (first int32 − first tag's item
 * count) in CSA1. Returns the values by name (VM values at most when VM > 0);
 * malformed or truncated input yields what was read before the damage, never
 * an exception: a CSA header is advisory.
 */
export function parseSiemensCsa(bytes: Uint8Array): ReadonlyMap<string, readonly string[]> {
  const out = new Map<string, string[]>();
  if (bytes.length < 16) return out;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const csa2 = bytes[0] === 0x53 && bytes[1] === 0x56 && bytes[2] === 0x31 && bytes[3] === 0x30;
  let at = csa2 ? 8 : 0;
  const tagCount = view.getUint32(at, true);
  at += 8;
  if (tagCount > 1000) return out;
  let firstItemCount: number | undefined;
  const text = (start: number, length: number): string => {
    let end = start;
    while (end < start + length && bytes[end] !== 0) end++;
    return String.fromCharCode(...bytes.subarray(start, end)).trim();
  };
  for (let tag = 0; tag < tagCount; tag++) {
    if (at + 84 > bytes.length) break;
    const name = text(at, 64);
    const vm = view.getInt32(at + 64, true);
    const itemCount = view.getInt32(at + 76, true);
    at += 84;
    firstItemCount ??= itemCount;
    if (itemCount < 0 || itemCount > 10_000) break;
    const values: string[] = [];
    for (let item = 0; item < itemCount; item++) {
      if (at + 16 > bytes.length) return out;
      const length = csa2 ? view.getInt32(at + 4, true) : view.getInt32(at, true) - firstItemCount;
      at += 16;
      if (length < 0 || at + length > bytes.length) return out;
      values.push(text(at, length));
      at += Math.ceil(length / 4) * 4;
    }
    out.set(name, vm > 0 ? values.slice(0, vm) : values);
  }
  return out;
}

/** The CSA Image Header Info (0029,xx10) of a Siemens data set, parsed; undefined when absent. */
export function siemensCsaImageHeader(
  dataset: Dataset,
): ReadonlyMap<string, readonly string[]> | undefined {
  const tag = dataset.privateTag(0x0029, 'SIEMENS CSA HEADER', 0x10);
  const element = tag === undefined ? undefined : dataset.element(tag);
  if (element?.bytes === undefined) return undefined;
  return parseSiemensCsa(element.bytes.subarray(element.offset, element.offset + element.length));
}
