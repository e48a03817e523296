import { Dataset, describeTag, type DataElement } from './dataset.js';

import { binaryValueSize } from './vr.js';

/**
 * Compares two data sets element by element (values compared in their decoded
 * byte order, ignoring trailing padding), and returns the differences as
 * readable lines: empty when equal. Used to prove lossless round trips.
 */
export function datasetDifferences(a: Dataset, b: Dataset, path = ''): string[] {
  const out: string[] = [];
  const tags = new Set([...a.elements.keys(), ...b.elements.keys()]);
  for (const tag of [...tags].sort((x, y) => x - y)) {
    const ea = a.elements.get(tag);
    const eb = b.elements.get(tag);
    const where = `${path}${describeTag(tag)}`;
    if (ea === undefined || eb === undefined) {
      out.push(`${where}: only in ${ea === undefined ? 'second' : 'first'}`);
      continue;
    }
    if (ea.vr !== eb.vr) out.push(`${where}: VR ${ea.vr} vs ${eb.vr}`);
    if ((ea.items === undefined) !== (eb.items === undefined)) {
      out.push(`${where}: sequence in one only`);
      continue;
    }
    if (ea.items !== undefined && eb.items !== undefined) {
      if (ea.items.length !== eb.items.length)
        out.push(`${where}: ${ea.items.length} vs ${eb.items.length} items`);
      ea.items.forEach((item, i) => {
        const other = eb.items?.[i];
        if (other !== undefined) out.push(...datasetDifferences(item, other, `${where}[${i}] > `));
      });
      continue;
    }
    if (ea.fragments !== undefined || eb.fragments !== undefined) {
      const fa = fragmentsOf(ea);
      const fb = fragmentsOf(eb);
      if (fa.length !== fb.length) out.push(`${where}: ${fa.length} vs ${fb.length} fragments`);
      fa.forEach((f, i) => {
        const g = fb[i];
        if (g !== undefined && !sameBytes(trimPad(f), trimPad(g)))
          out.push(`${where}: fragment ${i} differs`);
      });
      continue;
    }
    const va = normalised(ea, a.littleEndian);
    const vb = normalised(eb, b.littleEndian);
    if (!sameBytes(va, vb)) out.push(`${where}: values differ`);
  }
  return out;
}

function fragmentsOf(element: DataElement): Uint8Array[] {
  const { bytes } = element;
  if (bytes === undefined) return [];
  return (element.fragments ?? []).map((f) => bytes.subarray(f.offset, f.offset + f.length));
}

function trimPad(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0 || bytes[end - 1] === 0x20)) end--;
  return bytes.subarray(0, end);
}

/** Value bytes in little-endian order, trailing padding removed. */
function normalised(element: DataElement, littleEndian: boolean): Uint8Array {
  if (element.bytes === undefined) return new Uint8Array(0);
  const raw = element.bytes.subarray(element.offset, element.offset + element.length);
  const size = binaryValueSize(element.vr);
  if (littleEndian || size === undefined || size === 1) return trimPad(raw);
  const out = new Uint8Array(raw.length);
  const unit = element.vr === 'AT' ? 2 : size;
  for (let i = 0; i + unit <= raw.length; i += unit)
    for (let j = 0; j < unit; j++) out[i + j] = raw[i + unit - 1 - j] ?? 0;
  return trimPad(out);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
