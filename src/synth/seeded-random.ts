import { createHash } from 'node:crypto';

/**
 * A small deterministic pseudo-random generator (mulberry32, 32-bit state).
 * Not cryptographic: it exists so that the same seed produces the same
 * synthetic studies byte for byte on every machine.
 *
 * Streams are forked by label (`fork('study-3')`), so adding a draw in one
 * part of the generator does not shift the values every later part sees.
 */
export class SeededRandom {
  private state: number;
  private spareNormal: number | undefined;

  constructor(seed: number | string) {
    this.state = typeof seed === 'number' ? seed >>> 0 : hashToUint32(seed);
  }

  /** A uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform float in [min, max). */
  float(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(values: readonly T[]): T {
    const value = values[Math.floor(this.next() * values.length)];
    if (value === undefined) throw new RangeError('pick from an empty list');
    return value;
  }

  /** A standard normal deviate (Box–Muller, the second value kept for the next call). */
  normal(): number {
    if (this.spareNormal !== undefined) {
      const spare = this.spareNormal;
      this.spareNormal = undefined;
      return spare;
    }
    let u = this.next();
    while (u <= Number.MIN_VALUE) u = this.next();
    const v = this.next();
    const radius = Math.sqrt(-2 * Math.log(u));
    this.spareNormal = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  }

  /** A digit string of the given length (leading zeros allowed). */
  digits(count: number): string {
    let out = '';
    for (let i = 0; i < count; i++) out += String(this.int(0, 9));
    return out;
  }

  /** An independent stream for a named part of the generation, derived from this one's seed. */
  fork(label: string): SeededRandom {
    return new SeededRandom(`${this.state}:${label}`);
  }
}

/** The first 32 bits of SHA-256 of a text: a stable seed for string seeds and forks. */
function hashToUint32(text: string): number {
  return createHash('sha256').update(text).digest().readUInt32BE(0);
}
