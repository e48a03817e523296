import { encodeText, type Vr } from '../../dicom/index.js';

/**
 * What kind of original value a candidate is. `identifier` covers UIDs and
 * IDs/numbers; `date` covers DA values and DT values; `age` only ages of 90
 * and over (HIPAA Safe Harbor, 45 CFR 164.514(b)(2)(i)(C)); `text` is free
 * text of attributes the profile removes.
 */
export const CANDIDATE_CLASSES = ['name', 'identifier', 'date', 'time', 'age', 'text'] as const;

export type CandidateClass = (typeof CANDIDATE_CLASSES)[number];

/**
 * How a match must sit among its neighbouring bytes to count, so that a short
 * value is not "found" inside an unrelated longer word or number:
 * - `token`: the byte before must not be of the same kind (ASCII letter,
 *   digit) as the value's first character, nor the byte after of the same
 *   kind as its last (so `ANN` is not found in `SCANNER`, `1234` not in `912345`);
 * - `uid`: not preceded by a digit or '.', not followed by a digit (an
 *   original UID followed by `.n` is a derived UID that still reveals it);
 * - `date`: not preceded by a digit; anything may follow (a date leaks as the
 *   start of a DT value too).
 */
export type BoundaryRule = 'token' | 'uid' | 'date';

/** One original value searched for in the outputs. */
export interface Candidate {
  /** The value as decoded from the original (character set applied, padding removed). */
  readonly value: string;
  readonly class: CandidateClass;
  readonly boundary: BoundaryRule;
  /** Where it came from in the original, e.g. `(0010,0010) PatientName` or `(0029,"SIEMENS CSA HEADER",10)`. */
  readonly attribute: string;
  /** The first original file it was seen in. */
  readonly originalFile: string;
  /** The byte sequences searched for: Latin-1, UTF-8 and the original character set's encoding. */
  readonly encodings: readonly Uint8Array[];
}

/** When one value qualifies as several classes, the one reported (most specific first). */
const CLASS_PRIORITY: Readonly<Record<CandidateClass, number>> = {
  identifier: 0,
  name: 1,
  date: 2,
  time: 3,
  age: 4,
  text: 5,
};

interface MutableCandidate {
  value: string;
  class: CandidateClass;
  boundary: BoundaryRule;
  attribute: string;
  originalFile: string;
  /** Character sets of the originals the value was seen in, for their encodings. */
  characterSets: Map<string, { sets: readonly string[]; vr: Vr }>;
}

/** What {@link CandidateSet.add} needs to know about where a value was seen. */
export interface CandidateSource {
  readonly attribute: string;
  readonly originalFile: string;
  readonly characterSets: readonly string[];
  readonly vr: Vr;
}

/**
 * The candidates of a run, one per distinct value. A value seen as several
 * classes keeps the most specific one (an ID that is also free text is an
 * identifier).
 */
export class CandidateSet {
  private readonly byValue = new Map<string, MutableCandidate>();

  get size(): number {
    return this.byValue.size;
  }

  add(value: string, cls: CandidateClass, boundary: BoundaryRule, source: CandidateSource): void {
    const charsetKey = source.characterSets.join('\\');
    const existing = this.byValue.get(value);
    if (existing === undefined) {
      this.byValue.set(value, {
        value,
        class: cls,
        boundary,
        attribute: source.attribute,
        originalFile: source.originalFile,
        characterSets: new Map([[charsetKey, { sets: source.characterSets, vr: source.vr }]]),
      });
      return;
    }
    if (!existing.characterSets.has(charsetKey))
      existing.characterSets.set(charsetKey, { sets: source.characterSets, vr: source.vr });
    if (CLASS_PRIORITY[cls] < CLASS_PRIORITY[existing.class]) {
      existing.class = cls;
      existing.boundary = boundary;
      existing.attribute = source.attribute;
      existing.originalFile = source.originalFile;
    }
  }

  /**
   * The final candidates, dropping names and text that `isKept` says the
   * profile legitimately keeps elsewhere (a private value `SIEMENS` that is
   * also the kept Manufacturer is no evidence of a leak).
   */
  candidates(isKept: (value: string, cls: CandidateClass) => boolean): Candidate[] {
    const out: Candidate[] = [];
    for (const c of this.byValue.values()) {
      if (isKept(c.value, c.class)) continue;
      out.push({
        value: c.value,
        class: c.class,
        boundary: c.boundary,
        attribute: c.attribute,
        originalFile: c.originalFile,
        encodings: textForms(c.value, c.class).flatMap((form) =>
          encodingsOf(form, [...c.characterSets.values()]),
        ),
      });
    }
    return out;
  }
}

/**
 * The ways a value may be written in an output: a DA date `YYYYMMDD` also as
 * text dates (`2021-11-17`, `2021/11/17`, `2021.11.17`, `17.11.2021`,
 * `17/11/2021`, `11/17/2021`): a report or log that reformats a date still
 * leaks it.
 */
export function textForms(value: string, cls: CandidateClass): string[] {
  const date = cls === 'date' ? /^(\d{4})(\d{2})(\d{2})$/.exec(value) : null;
  if (date === null) return [value];
  const [, year = '', month = '', day = ''] = date;
  return [
    value,
    `${year}-${month}-${day}`,
    `${year}/${month}/${day}`,
    `${year}.${month}.${day}`,
    `${day}.${month}.${year}`,
    `${day}/${month}/${year}`,
    `${month}/${day}/${year}`,
  ];
}

function latin1Bytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return undefined;
    out[i] = code;
  }
  return out;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * The byte forms a value may take in an output: Latin-1 and, for non-ASCII
 * text, UTF-8 and the original's own character set (ISO 2022 Japanese, GB18030,
 * Latin-2…), each also upper- and lower-cased (the matcher folds ASCII only).
 */
function encodingsOf(
  value: string,
  characterSets: readonly { sets: readonly string[]; vr: Vr }[],
): Uint8Array[] {
  const variants = isAscii(value)
    ? [value]
    : [...new Set([value, value.toUpperCase(), value.toLowerCase()])];
  const seen = new Set<string>();
  const out: Uint8Array[] = [];
  const push = (bytes: Uint8Array | undefined): void => {
    if (bytes === undefined || bytes.length === 0) return;
    const key = Buffer.from(bytes).toString('latin1');
    if (seen.has(key)) return;
    seen.add(key);
    out.push(bytes);
  };
  for (const variant of variants) {
    push(latin1Bytes(variant));
    if (isAscii(variant)) continue;
    push(new Uint8Array(Buffer.from(variant, 'utf8')));
    for (const { sets, vr } of characterSets) {
      if (sets.length === 0) continue;
      try {
        push(encodeText(variant, sets, vr));
      } catch {
        // Not representable in that character set: the other forms are still searched.
      }
    }
  }
  return out;
}
