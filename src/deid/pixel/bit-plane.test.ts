import { describe, expect, it } from 'vitest';
import { packBits, swap16, unpackBits, writeBits } from './bit-plane.js';

describe('1-bit planes (PS3.5 section 8.1.1: first pixel in the least significant bit)', () => {
  it('packs the first pixel into bit 0', () => {
    expect(Array.from(packBits([1, 0, 0, 0, 0, 0, 0, 0, 0, 1]))).toEqual([0x01, 0x02]);
    expect(Array.from(packBits([0, 0, 0, 0, 0, 0, 0, 1]))).toEqual([0x80]);
  });

  it('unpacks from any bit offset (frames need not start on a byte)', () => {
    const packed = Uint8Array.of(0b1010_0000, 0b0000_0101);
    expect(Array.from(unpackBits(packed, 5, 6))).toEqual([1, 0, 1, 1, 0, 1]);
  });

  it('round-trips random planes', () => {
    const bits = Array.from({ length: 101 }, (_, i) => ((i * 7919) % 3 === 0 ? 1 : 0));
    expect(Array.from(unpackBits(packBits(bits), 0, bits.length))).toEqual(bits);
  });

  it('writes bits at an offset and leaves the others alone', () => {
    const packed = Uint8Array.of(0xff, 0xff);
    writeBits(packed, 3, [0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(packed)).toEqual([0b0000_0111, 0b1111_1100]);
    expect(() => writeBits(packed, 12, [1, 1, 1, 1, 1])).toThrow(RangeError);
  });

  it('swaps 16-bit words, leaving an odd last byte', () => {
    expect(Array.from(swap16(Uint8Array.of(1, 2, 3, 4, 5)))).toEqual([2, 1, 4, 3, 5]);
  });
});
