import type { SeededRandom } from './seeded-random.js';

const TABLE_BITS = 16;

/**
 * Fast, deterministic Gaussian noise for images: 65,536 standard normal
 * deviates drawn once from a seeded stream, then picked by a mulberry32
 * index per sample. About ten times cheaper per pixel than Box–Muller, and
 * indistinguishable from it for image noise (the picks are independent).
 */
export class GaussianNoise {
  private readonly table = new Float64Array(1 << TABLE_BITS);
  private state: number;

  constructor(random: SeededRandom) {
    for (let i = 0; i < this.table.length; i++) this.table[i] = random.normal();
    this.state = Math.floor(random.next() * 4294967296) >>> 0;
  }

  /** A standard normal deviate. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return this.table[((t ^ (t >>> 14)) >>> 0) >>> (32 - TABLE_BITS)] as number;
  }
}
