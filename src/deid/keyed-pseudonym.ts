import { createHmac } from 'node:crypto';

/** A date shift: whole days plus seconds, applied together to a date-time. */
export interface DateOffset {
  /** Days added (negative: into the past). */
  readonly days: number;
  /** Seconds added after the days, 0 to 86,399. */
  readonly seconds: number;
}

/** The window date shifts are drawn from: one to ten years back. */
const MIN_SHIFT_DAYS = 365;
const SHIFT_RANGE_DAYS = 3288;
const SECONDS_PER_DAY = 86_400;

/** Crockford base 32: no I, L, O or U, so a pseudonym reads back unambiguously. */
const BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function base32(bytes: Uint8Array, length: number): string {
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
    buffer &= (1 << bits) - 1;
    if (out.length === length) break;
  }
  return out;
}

/**
 * Keyed pseudonyms (DESIGN.md "PHI stays at the door"): every value is an
 * HMAC-SHA-256 under the project's secret key, so the same key gives the same
 * pseudonym on every run and machine, another key gives an unrelated one, and
 * nobody without the key can confirm a guessed MRN by hashing it. Each kind of
 * pseudonym has its own domain prefix, so a UID and a patient ID with the same
 * text do not map to related values.
 */
export class KeyedPseudonyms {
  readonly #key: Uint8Array;
  readonly #uids = new Map<string, string>();

  constructor(key: Uint8Array) {
    if (key.length < 32) throw new RangeError('a pseudonym key needs at least 32 bytes');
    this.#key = Uint8Array.from(key);
  }

  #mac(domain: string, value: string): Buffer {
    return createHmac('sha256', this.#key).update(`${domain}\0${value}`, 'utf8').digest();
  }

  /**
   * `2.25.` and the decimal of the first 128 bits of the HMAC: a UUID-derived
   * UID form (PS3.5 Annex B.2, ISO/IEC 9834-8), at most 44 characters, well
   * within the 64 a UI value allows.
   */
  uid(original: string): string {
    const cached = this.#uids.get(original);
    if (cached !== undefined) return cached;
    const digest = this.#mac('uid', original);
    const uid = `2.25.${BigInt(`0x${digest.subarray(0, 16).toString('hex')}`).toString(10)}`;
    this.#uids.set(original, uid);
    return uid;
  }

  /** A stable patient pseudonym: `RS` and 16 base-32 characters (80 bits). */
  patientId(original: string): string {
    return `RS${base32(this.#mac('patient-id', original), 16)}`;
  }

  /**
   * The date shift for one patient: every date and time of every study of that
   * patient moves by the same amount, so intervals (to a prior study, between
   * series) are kept exactly (PS3.15 E.3.6, Modified Dates).
   */
  dateOffset(patientKey: string): DateOffset {
    const digest = this.#mac('date-offset', patientKey);
    const days = -(MIN_SHIFT_DAYS + (digest.readUInt32BE(0) % SHIFT_RANGE_DAYS));
    const seconds = digest.readUInt32BE(4) % SECONDS_PER_DAY;
    return { days, seconds };
  }
}

/**
 * A short public name for a key: lets a log show which key produced a dataset
 * (same fingerprint, same pseudonyms) without revealing anything of the key.
 */
export function keyFingerprint(key: Uint8Array): string {
  return createHmac('sha256', key).update('radset key fingerprint').digest('hex').slice(0, 16);
}
