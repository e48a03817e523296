import { describe, expect, it } from 'vitest';
import { ByteMatcher, foldAsciiCase } from './byte-matcher.js';

const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'latin1'));

function matchesOf(matcher: ByteMatcher, haystack: Uint8Array): string[] {
  const found: string[] = [];
  matcher.scan(haystack, (pattern, start, end) => found.push(`${pattern}@${start}-${end}`));
  return found.sort();
}

/** Every occurrence by brute force, with the same ASCII case folding. */
function naiveMatches(patterns: readonly Uint8Array[], haystack: Uint8Array): string[] {
  const folded = foldAsciiCase(haystack);
  const found: string[] = [];
  const seen = new Map<string, number>();
  patterns.forEach((p, index) => {
    const key = Buffer.from(foldAsciiCase(p)).toString('latin1');
    if (p.length === 0 || seen.has(key)) return;
    seen.set(key, index);
    const needle = foldAsciiCase(p);
    for (let at = 0; at + needle.length <= folded.length; at++) {
      let ok = true;
      for (let k = 0; k < needle.length && ok; k++) ok = folded[at + k] === needle[k];
      if (ok) found.push(`${index}@${at}-${at + needle.length}`);
    }
  });
  return found.sort();
}

/** A small deterministic generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('ByteMatcher', () => {
  it('finds overlapping and nested patterns, ignoring ASCII case', () => {
    const patterns = ['he', 'she', 'his', 'hers', 'DOE^JOHN', 'doe'].map(bytes);
    const matcher = new ByteMatcher(patterns);
    expect(matchesOf(matcher, bytes('ushers Doe^John'))).toEqual(
      ['1@1-4', '0@2-4', '3@2-6', '4@7-15', '5@7-10'].sort(),
    );
  });

  it('does not fold non-ASCII bytes (Latin-1 Ü is not ü)', () => {
    const matcher = new ByteMatcher([bytes('M\u00fcller')]);
    expect(matchesOf(matcher, bytes('MÜLLER m\u00fcller'))).toEqual(['0@7-13']);
  });

  it('agrees with brute force on random data, with dense rows and with hashed transitions', () => {
    const next = random(42);
    const alphabet = bytes('abAB01.^\u00e9\u0000');
    const pick = (length: number): Uint8Array =>
      Uint8Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)] ?? 0);
    for (let round = 0; round < 20; round++) {
      const patterns = Array.from({ length: 40 }, () => pick(1 + Math.floor(next() * 6)));
      const haystack = pick(3000);
      const expected = naiveMatches(patterns, haystack);
      expect(matchesOf(new ByteMatcher(patterns), haystack)).toEqual(expected);
      expect(matchesOf(new ByteMatcher(patterns, 1), haystack)).toEqual(expected);
      expect(matchesOf(new ByteMatcher(patterns, 7), haystack)).toEqual(expected);
    }
  });

  it('reports only the first of two patterns equal after folding, and never an empty one', () => {
    const matcher = new ByteMatcher([bytes('Smith'), bytes('SMITH'), new Uint8Array(0)]);
    expect(matchesOf(matcher, bytes('smith'))).toEqual(['0@0-5']);
    expect(matcher.patternCount).toBe(3);
  });

  it('matches at the very start and end of the buffer, and across nothing when empty', () => {
    const matcher = new ByteMatcher([bytes('20240101')]);
    expect(matchesOf(matcher, bytes('20240101'))).toEqual(['0@0-8']);
    expect(matchesOf(matcher, new Uint8Array(0))).toEqual([]);
    expect(matchesOf(new ByteMatcher([]), bytes('anything'))).toEqual([]);
  });
});
