import { describe, expect, it } from 'vitest';
import { KeyedPseudonyms, keyFingerprint } from './keyed-pseudonym.js';

const keyA = new Uint8Array(32).fill(7);
const keyB = new Uint8Array(32).fill(8);

describe('KeyedPseudonyms', () => {
  it('maps UIDs to 2.25 + the decimal of a 128-bit HMAC, stable per key', () => {
    const a = new KeyedPseudonyms(keyA);
    const uid = a.uid('1.2.840.113619.2.55.3.1234');
    expect(uid).toMatch(/^2\.25\.[1-9]\d{0,38}$/);
    expect(uid.length).toBeLessThanOrEqual(64);
    expect(BigInt(uid.slice(5))).toBeLessThan(2n ** 128n);
    expect(new KeyedPseudonyms(keyA).uid('1.2.840.113619.2.55.3.1234')).toBe(uid);
    expect(new KeyedPseudonyms(keyB).uid('1.2.840.113619.2.55.3.1234')).not.toBe(uid);
    expect(a.uid('1.2.840.113619.2.55.3.1235')).not.toBe(uid);
  });

  it('gives stable, keyed patient pseudonyms unrelated to the UID of the same text', () => {
    const a = new KeyedPseudonyms(keyA);
    expect(a.patientId('MRN1')).toMatch(/^RS[0-9A-HJKMNP-TV-Z]{16}$/);
    expect(a.patientId('MRN1')).toBe(new KeyedPseudonyms(keyA).patientId('MRN1'));
    expect(a.patientId('MRN1')).not.toBe(new KeyedPseudonyms(keyB).patientId('MRN1'));
    expect(a.patientId('MRN1')).not.toBe(a.patientId('MRN2'));
  });

  it('draws a per-patient date offset one to ten years back', () => {
    const a = new KeyedPseudonyms(keyA);
    const offsets = Array.from({ length: 200 }, (_, i) => a.dateOffset(`patient-${i}`));
    for (const { days, seconds } of offsets) {
      expect(days).toBeLessThanOrEqual(-365);
      expect(days).toBeGreaterThan(-3653);
      expect(seconds).toBeGreaterThanOrEqual(0);
      expect(seconds).toBeLessThan(86_400);
    }
    expect(new Set(offsets.map((o) => o.days)).size).toBeGreaterThan(150);
    expect(a.dateOffset('patient-1')).toEqual(new KeyedPseudonyms(keyA).dateOffset('patient-1'));
  });

  it('refuses short keys and fingerprints without revealing the key', () => {
    expect(() => new KeyedPseudonyms(new Uint8Array(16))).toThrow(RangeError);
    expect(keyFingerprint(keyA)).toMatch(/^[0-9a-f]{16}$/);
    expect(keyFingerprint(keyA)).not.toBe(keyFingerprint(keyB));
    expect(keyFingerprint(keyA)).not.toContain('0707');
  });
});
