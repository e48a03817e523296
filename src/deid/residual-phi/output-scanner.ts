import { gunzipSync } from 'node:zlib';
import { parsePart10, type DicomFile } from '../../dicom/index.js';
import { ByteMatcher, foldAsciiCase } from './byte-matcher.js';
import type { BoundaryRule, Candidate, CandidateClass } from './candidate.js';
import { OutputLocator } from './output-locator.js';

/**
 * Matches shorter than this inside pixel-like bulk data or binary files are
 * ignored: four or five given bytes turn up by chance in megabytes of
 * compressed or noisy samples, while a leaked value written there as text
 * (a name in overlay bits, a date in a waveform) is longer.
 */
export const MIN_BULK_MATCH_BYTES = 6;

/**
 * Code Value, Long Code Value and URN Code Value (0008,0100/0119/0120): a
 * coded concept such as DCM 113103 (Clean Graphics Option, recorded in every
 * de-identified output) is no time or date, whatever digits it shares with one.
 */
const CODE_VALUE_TAGS: ReadonlySet<number> = new Set([0x00080100, 0x00080119, 0x00080120]);

/** Which bytes of an output a hit was found in. */
export type OutputStream = 'file' | 'inflated data set' | 'gunzipped';

/** One original value found in an output. */
export interface ResidualPhiHit {
  readonly file: string;
  /** Byte offset of the match in `stream` (the file itself unless the stream says otherwise). */
  readonly offset: number;
  readonly stream: OutputStream;
  /** The output element holding it (see {@link OutputLocator.locate}). */
  readonly location: string;
  readonly class: CandidateClass;
  /** The original value, unmasked: callers mask it for display. */
  readonly value: string;
  /** The attribute it came from in the original. */
  readonly attribute: string;
  readonly originalFile: string;
}

/** Character kinds for boundary checks: ASCII letters and non-ASCII bytes are letters. */
const Kind = { Other: 0, Digit: 1, Letter: 2 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

const KIND = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  if (b >= 0x30 && b <= 0x39) KIND[b] = Kind.Digit;
  else if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b >= 0x80) KIND[b] = Kind.Letter;
}

interface Pattern {
  /** Candidates whose value encodes to these bytes (case folded), most specific first. */
  readonly candidates: number[];
  readonly length: number;
  readonly firstKind: Kind;
  readonly lastKind: Kind;
}

interface RawHit {
  readonly start: number;
  readonly end: number;
  readonly candidate: number;
}

const DEFLATED_SYNTAX = new TextEncoder().encode('1.2.840.10008.1.2.1.99');
/** The meta header sits in the first bytes: look no further for the Deflated transfer syntax UID. */
const META_SNIFF_BYTES = 64 * 1024;

/**
 * Searches output bytes for the candidates' byte forms with one automaton,
 * then keeps only matches that sit on value boundaries (see BoundaryRule) and
 * locates each in the output's elements.
 */
export class OutputScanner {
  private readonly matcher: ByteMatcher;
  private readonly patterns: Pattern[] = [];

  constructor(private readonly candidates: readonly Candidate[]) {
    const byKey = new Map<string, number>();
    const bytesList: Uint8Array[] = [];
    candidates.forEach((candidate, index) => {
      for (const encoding of candidate.encodings) {
        const folded = foldAsciiCase(encoding);
        const key = Buffer.from(folded).toString('latin1');
        let patternIndex = byKey.get(key);
        if (patternIndex === undefined) {
          patternIndex = this.patterns.length;
          byKey.set(key, patternIndex);
          bytesList.push(folded);
          this.patterns.push({
            candidates: [],
            length: folded.length,
            firstKind: (KIND[folded[0] ?? 0] ?? Kind.Other) as Kind,
            lastKind: (KIND[folded[folded.length - 1] ?? 0] ?? Kind.Other) as Kind,
          });
        }
        const pattern = this.patterns[patternIndex];
        if (pattern !== undefined && !pattern.candidates.includes(index))
          pattern.candidates.push(index);
      }
    });
    this.matcher = new ByteMatcher(bytesList);
  }

  /** Distinct byte patterns searched for. */
  get patternCount(): number {
    return this.patterns.length;
  }

  /**
   * Scans one output file's bytes — all of them: preamble, file meta, every
   * element, pixel data — and for gzip files and Deflated transfer syntax
   * files also the inflated bytes.
   */
  scanBytes(file: string, bytes: Uint8Array): ResidualPhiHit[] {
    const hits: ResidualPhiHit[] = [];
    this.scanStream(file, bytes, 'file', hits);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      let inflated: Uint8Array | undefined;
      try {
        inflated = gunzipSync(bytes);
      } catch {
        inflated = undefined;
      }
      if (inflated !== undefined) this.scanStream(file, inflated, 'gunzipped', hits);
    }
    return hits;
  }

  private scanStream(
    file: string,
    bytes: Uint8Array,
    stream: OutputStream,
    out: ResidualPhiHit[],
  ): void {
    const raw = this.matchesIn(bytes);
    let parsed: DicomFile | undefined;
    if (indexOfBytes(bytes.subarray(0, META_SNIFF_BYTES), DEFLATED_SYNTAX) !== -1) {
      parsed = tryParse(bytes);
      const inflated = parsed?.dataset.elements.values().next().value?.bytes;
      if (parsed !== undefined && inflated !== undefined && inflated !== bytes) {
        const inner = this.matchesIn(inflated);
        if (inner.length > 0)
          this.report(
            file,
            inflated,
            OutputLocator.for(inflated, parsed),
            'inflated data set',
            inner,
            out,
          );
      }
    }
    if (raw.length === 0) return;
    const locator =
      parsed === undefined ? OutputLocator.for(bytes) : OutputLocator.for(bytes, parsed);
    this.report(file, bytes, locator, stream, raw, out);
  }

  /** Matches that sit on value boundaries, longest first where they overlap. */
  private matchesIn(bytes: Uint8Array): RawHit[] {
    const found: RawHit[] = [];
    this.matcher.scan(bytes, (patternIndex, start, end) => {
      const pattern = this.patterns[patternIndex];
      if (pattern === undefined) return;
      for (const candidateIndex of pattern.candidates) {
        const candidate = this.candidates[candidateIndex];
        if (candidate !== undefined && onBoundary(bytes, start, end, pattern, candidate.boundary)) {
          found.push({ start, end, candidate: candidateIndex });
          return;
        }
      }
    });
    return found;
  }

  private report(
    file: string,
    bytes: Uint8Array,
    locator: OutputLocator,
    stream: OutputStream,
    raw: readonly RawHit[],
    out: ResidualPhiHit[],
  ): void {
    // Longest first, then drop matches inside an already reported one: the
    // components of `DOE^JOHN` are not reported again where the whole name is.
    const ordered = [...raw].sort((a, b) => a.start - b.start || b.end - a.end);
    let coveredEnd = -1;
    for (const hit of ordered) {
      if (hit.end <= coveredEnd) continue;
      const location = locator.locate(hit.start);
      if (location.bulk && hit.end - hit.start < MIN_BULK_MATCH_BYTES) continue;
      const candidate = this.candidates[hit.candidate];
      if (candidate === undefined) continue;
      if (
        (candidate.class === 'time' || candidate.class === 'date') &&
        location.tag !== undefined &&
        CODE_VALUE_TAGS.has(location.tag)
      )
        continue;
      // Outside DICOM (logs, reports) a name or word stands between
      // non-alphanumeric bytes: initials "GTB" inside a base64 digest are not
      // the operator. IDs and dates keep the looser rule (MRN12345, a DT).
      if (
        !locator.isDicom &&
        (candidate.class === 'name' || candidate.class === 'text') &&
        !standsAlone(bytes, hit.start, hit.end)
      )
        continue;
      // The de-identification markers are fixed vocabulary: an original value
      // equal to one of their words ("DICOM", "Application") is not there.
      if (location.marker === true) continue;
      // A number in a number: an all-digit ID equal to a Series Number or a
      // slice count is a coincidence of small integers, not the ID.
      if ((location.vr === 'IS' || location.vr === 'DS') && /^\d+$/.test(candidate.value)) continue;
      coveredEnd = hit.end;
      out.push({
        file,
        offset: hit.start,
        stream,
        location: location.label,
        class: candidate.class,
        value: candidate.value,
        attribute: candidate.attribute,
        originalFile: candidate.originalFile,
      });
    }
  }
}

/** Neither neighbour of the match is a letter or digit. */
function standsAlone(bytes: Uint8Array, start: number, end: number): boolean {
  const before = start > 0 ? (KIND[bytes[start - 1] ?? 0] as Kind) : Kind.Other;
  const after = end < bytes.length ? (KIND[bytes[end] ?? 0] as Kind) : Kind.Other;
  return before === Kind.Other && after === Kind.Other;
}

function onBoundary(
  bytes: Uint8Array,
  start: number,
  end: number,
  pattern: Pattern,
  rule: BoundaryRule,
): boolean {
  const before = start > 0 ? (bytes[start - 1] ?? -1) : -1;
  const after = end < bytes.length ? (bytes[end] ?? -1) : -1;
  const kindBefore = before === -1 ? Kind.Other : (KIND[before] as Kind);
  const kindAfter = after === -1 ? Kind.Other : (KIND[after] as Kind);
  switch (rule) {
    case 'uid':
      return kindBefore !== Kind.Digit && before !== 0x2e && kindAfter !== Kind.Digit;
    case 'date':
      return kindBefore !== Kind.Digit;
    case 'token':
      return (
        (pattern.firstKind === Kind.Other || kindBefore !== pattern.firstKind) &&
        (pattern.lastKind === Kind.Other || kindAfter !== pattern.lastKind)
      );
  }
}

function tryParse(bytes: Uint8Array): DicomFile | undefined {
  try {
    return parsePart10(bytes);
  } catch {
    return undefined;
  }
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).indexOf(needle);
}
