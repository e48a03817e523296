import { describe, expect, it } from 'vitest';
import { encodeCsa2 } from './siemens-csa.js';

/** A minimal CSA2 reader following nibabel's csareader, to check the layout. */
function readCsa2(bytes: Uint8Array): Map<string, { vr: string; values: string[] }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (at: number, length: number): string => {
    const raw = bytes.subarray(at, at + length);
    const end = raw.indexOf(0);
    return String.fromCharCode(...(end < 0 ? raw : raw.subarray(0, end)));
  };
  expect(text(0, 4)).toBe('SV10');
  const count = view.getUint32(8, true);
  expect(view.getUint32(12, true)).toBe(77);
  const out = new Map<string, { vr: string; values: string[] }>();
  let at = 16;
  for (let t = 0; t < count; t++) {
    const name = text(at, 64);
    const vr = text(at + 68, 4);
    const items = view.getInt32(at + 76, true);
    expect(view.getInt32(at + 80, true)).toBe(77);
    at += 84;
    const values: string[] = [];
    for (let i = 0; i < items; i++) {
      const length = view.getInt32(at + 4, true);
      values.push(text(at + 16, length));
      at += 16 + Math.ceil(length / 4) * 4;
    }
    out.set(name, { vr, values });
  }
  expect(at).toBe(bytes.length);
  return out;
}

describe('Siemens CSA2 header encoder', () => {
  it('writes elements that a CSA2 reader gets back', () => {
    const bytes = encodeCsa2([
      { name: 'SliceNormalVector', vr: 'FD', values: ['0.0', '0.0', '1.0'] },
      { name: 'ImaCoilString', vr: 'LO', values: ['HE1-4'] },
      { name: 'Empty', vr: 'IS', values: [] },
    ]);
    const tags = readCsa2(bytes);
    expect(tags.get('SliceNormalVector')).toEqual({ vr: 'FD', values: ['0.0', '0.0', '1.0'] });
    expect(tags.get('ImaCoilString')).toEqual({ vr: 'LO', values: ['HE1-4'] });
    expect(tags.get('Empty')).toEqual({ vr: 'IS', values: [] });
  });
});
