/**
 * 1-bit planes packed eight to a byte, first pixel in the least significant
 * bit, frames following each other without byte alignment: how Overlay Data
 * (60xx,3000) and Bits Allocated 1 Pixel Data are encoded (PS3.5 section
 * 8.1.1, section 8.2 and Annex D; PS3.3 C.9.2.1.1).
 */

/** Unpacks `count` bits starting at bit `startBit` of `packed` into one 0/1 byte each. */
export function unpackBits(packed: Uint8Array, startBit: number, count: number): Uint8Array {
  const out = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const bit = startBit + i;
    out[i] = ((packed[bit >>> 3] ?? 0) >>> (bit & 7)) & 1;
  }
  return out;
}

/**
 * Writes `bits` (0 or non-zero per entry) into `packed` from bit `startBit`,
 * leaving every other bit as it was.
 */
export function writeBits(packed: Uint8Array, startBit: number, bits: ArrayLike<number>): void {
  const end = startBit + bits.length;
  if (Math.ceil(end / 8) > packed.length)
    throw new RangeError(
      `writing bits ${startBit}–${end - 1} needs ${Math.ceil(end / 8)} bytes, have ${packed.length}`,
    );
  for (let i = 0; i < bits.length; i++) {
    const bit = startBit + i;
    const mask = 1 << (bit & 7);
    if ((bits[i] as number) !== 0) packed[bit >>> 3] = (packed[bit >>> 3] as number) | mask;
    else packed[bit >>> 3] = (packed[bit >>> 3] as number) & ~mask;
  }
}

/** Packs 0/1 values into the smallest whole number of bytes (unused high bits of the last byte zero). */
export function packBits(bits: ArrayLike<number>): Uint8Array {
  const packed = new Uint8Array(Math.ceil(bits.length / 8));
  writeBits(packed, 0, bits);
  return packed;
}

/** Swaps the bytes of each 16-bit word: OW values of a big endian data set (PS3.5 section 7.3). */
export function swap16(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    out[i] = bytes[i + 1] as number;
    out[i + 1] = bytes[i] as number;
  }
  if (bytes.length % 2 === 1) out[bytes.length - 1] = bytes[bytes.length - 1] as number;
  return out;
}
