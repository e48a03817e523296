import { describe, expect, it } from 'vitest';
import { GaussianNoise } from './gaussian-noise.js';
import { SeededRandom } from './seeded-random.js';
import { syntheticUid } from './synthetic-uid.js';

describe('seeded randomness and UIDs', () => {
  it('repeats a stream for a seed and differs between seeds', () => {
    const draw = (seed: string): number[] => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 20 }, () => r.next());
    };
    expect(draw('a')).toEqual(draw('a'));
    expect(draw('a')).not.toEqual(draw('b'));
    expect(draw('a').every((v) => v >= 0 && v < 1)).toBe(true);
  });

  it('forks independent streams by label', () => {
    const root = new SeededRandom(5);
    expect(root.fork('x').next()).toBe(new SeededRandom(5).fork('x').next());
    expect(root.fork('x').next()).not.toBe(root.fork('y').next());
  });

  it('draws normal deviates with mean 0 and deviation 1', () => {
    for (const source of [new SeededRandom(9), new GaussianNoise(new SeededRandom(9))]) {
      const n = 50_000;
      let sum = 0;
      let squares = 0;
      for (let i = 0; i < n; i++) {
        const v = source instanceof SeededRandom ? source.normal() : source.next();
        sum += v;
        squares += v * v;
      }
      expect(Math.abs(sum / n)).toBeLessThan(0.03);
      expect(Math.abs(Math.sqrt(squares / n - (sum / n) ** 2) - 1)).toBeLessThan(0.03);
    }
  });

  it('derives valid 2.25 UIDs (PS3.5 B.2) from seed and path', () => {
    const uid = syntheticUid('1', 'study/0');
    expect(uid).toMatch(/^2\.25\.(0|[1-9]\d*)$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    expect(syntheticUid('1', 'study/0')).toBe(uid);
    expect(syntheticUid('2', 'study/0')).not.toBe(uid);
    expect(syntheticUid('1', 'study/1')).not.toBe(uid);
    const value = BigInt(uid.slice(5));
    expect((value >> 76n) & 0xfn).toBe(8n);
    expect((value >> 62n) & 0x3n).toBe(2n);
  });
});
