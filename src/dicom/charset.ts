import { TextDecoder, TextEncoder } from 'node:util';
import { DicomError } from './dicom-error.js';
import { isTextVr, type Vr } from './vr.js';

/*
 * Specific Character Set (0008,0005) handling: PS3.3 section C.12.1.1.2
 * (Tables C.12-2 to C.12-5 list the defined terms and their escape sequences)
 * and PS3.5 section 6.1 (character repertoires, ISO 2022 code extensions).
 *
 * A value is decoded with a small ISO 2022 machine: G0 (bytes 0x21-0x7E) and
 * G1 (bytes 0xA0-0xFF) each hold one code element, escape sequences designate
 * others, and the delimiters of PS3.5 section 6.1.2.5.3 put back the elements
 * of value 1. Multi-byte elements are decoded through their EUC form with the
 * platform's TextDecoder; the stand-alone sets (UTF-8, GB18030, GBK) go to
 * TextDecoder whole.
 */

const ESC = 0x1b;
const REPLACEMENT = '\uFFFD';

/** The graphic set an ISO 2022 code element is designated to. */
type Register = 'G0' | 'G1';

/** A one-byte code element (ISO 646 variant in G0, or a 96- or 94-character set in G1). */
interface SingleByteElement {
  readonly kind: 'single';
  readonly register: Register;
  /** The bytes after ESC that designate it (PS3.3 Tables C.12-3 and C.12-4), as text. */
  readonly escape: string;
  /** Character for each byte 0x00-0xFF; only the element's half (GL for G0, GR for G1) is used. */
  readonly table: () => readonly string[];
  /** Byte for each code point the element can encode. */
  readonly reverse: () => ReadonlyMap<number, number>;
}

/** A two-byte (94 x 94) code element: JIS X 0208, JIS X 0212, KS X 1001, GB 2312. */
interface DoubleByteElement {
  readonly kind: 'double';
  readonly register: Register;
  readonly escape: string;
  /** TextDecoder label of the EUC form, in which a character is its two bytes with the high bit set. */
  readonly label: string;
  /** Single-shift prefix in that EUC form (0x8F for JIS X 0212 in EUC-JP). */
  readonly prefix: readonly number[];
  /** Seven-bit byte pair (first << 8 | second) for each code point the element can encode. */
  readonly reverse: () => ReadonlyMap<number, number>;
}

type CodeElement = SingleByteElement | DoubleByteElement;

type StandaloneLabel = 'utf-8' | 'gb18030' | 'gbk';

/** What a defined term of (0008,0005) stands for. */
type CharacterSetTerm =
  | {
      readonly kind: 'iso2022';
      readonly g0: CodeElement | undefined;
      readonly g1: CodeElement | undefined;
    }
  /** Sets that may not be used with code extensions (PS3.3 Table C.12-5). */
  | { readonly kind: 'standalone'; readonly label: StandaloneLabel };

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

const decoders = new Map<string, TextDecoder>();

/** A shared non-fatal decoder: `decode` without `stream` keeps no state between calls. */
function decoder(label: string): TextDecoder {
  let found = decoders.get(label);
  if (found === undefined) {
    found = new TextDecoder(label);
    decoders.set(label, found);
  }
  return found;
}

/**
 * Decodes each byte sequence on its own. Done in one call with LF between the
 * sequences (LF is never part of a multi-byte character); if the decoder
 * merged a separator into a character, falls back to one call each.
 */
function decodeEach(label: string, sequences: readonly (readonly number[])[]): string[] {
  let size = 0;
  for (const sequence of sequences) size += sequence.length + 1;
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const sequence of sequences) {
    bytes.set(sequence, at);
    at += sequence.length;
    bytes[at++] = 0x0a;
  }
  const pieces = decoder(label).decode(bytes).split('\n');
  if (pieces.length === sequences.length + 1) return pieces.slice(0, -1);
  return sequences.map((sequence) => decoder(label).decode(Uint8Array.from(sequence)));
}

/** The code point of a string holding exactly one character other than U+FFFD. */
function singleCodePoint(text: string): number | undefined {
  const cp = text.codePointAt(0);
  if (cp === undefined || cp === 0xfffd) return undefined;
  return (cp > 0xffff ? 2 : 1) === text.length ? cp : undefined;
}

function identityTable(): string[] {
  return Array.from({ length: 256 }, (_, byte) => String.fromCharCode(byte));
}

const IDENTITY_TABLE = lazy(identityTable);

const GL_REVERSE = lazy(() => {
  const map = new Map<number, number>();
  for (let byte = 0x21; byte <= 0x7e; byte++) map.set(byte, byte);
  return map;
});

/** A G1 table: ASCII and C1 controls below 0xA0, the label's characters from 0xA0. */
function grTable(label: string): () => readonly string[] {
  return lazy(() => {
    const table = identityTable();
    const high = decoder(label).decode(Uint8Array.from({ length: 0x60 }, (_, i) => 0xa0 + i));
    // Single-byte decoders give one UTF-16 unit per byte; anything else leaves Latin-1.
    if (high.length === 0x60) for (let i = 0; i < 0x60; i++) table[0xa0 + i] = high.charAt(i);
    return table;
  });
}

function tableReverse(
  table: () => readonly string[],
  from: number,
  to: number,
): () => ReadonlyMap<number, number> {
  return lazy(() => {
    const map = new Map<number, number>();
    const chars = table();
    for (let byte = from; byte <= to; byte++) {
      const cp = singleCodePoint(chars[byte] ?? REPLACEMENT);
      if (cp !== undefined && !map.has(cp)) map.set(cp, byte);
    }
    return map;
  });
}

function glElement(escape: string): SingleByteElement {
  return { kind: 'single', register: 'G0', escape, table: IDENTITY_TABLE, reverse: GL_REVERSE };
}

function grElement(escape: string, table: () => readonly string[]): SingleByteElement {
  return {
    kind: 'single',
    register: 'G1',
    escape,
    table,
    reverse: tableReverse(table, 0xa0, 0xff),
  };
}

function doubleElement(
  register: Register,
  escape: string,
  label: string,
  prefix: readonly number[],
): DoubleByteElement {
  const reverse = lazy(() => {
    const sequences: number[][] = [];
    const codes: number[] = [];
    for (let first = 0x21; first <= 0x7e; first++) {
      for (let second = 0x21; second <= 0x7e; second++) {
        sequences.push([...prefix, first | 0x80, second | 0x80]);
        codes.push((first << 8) | second);
      }
    }
    const map = new Map<number, number>();
    decodeEach(label, sequences).forEach((text, i) => {
      const cp = singleCodePoint(text);
      const code = codes[i];
      if (cp !== undefined && code !== undefined && !map.has(cp)) map.set(cp, code);
    });
    return map;
  });
  return { kind: 'double', register, escape, label, prefix, reverse };
}

/** ISO-IR 6, ASCII (the default repertoire). */
const ISO_IR_6 = glElement('(B');
/**
 * ISO-IR 14, JIS X 0201 Romaji. 0x5C is YEN SIGN and 0x7E OVERLINE in JIS X 0201,
 * but PS3.5 section 6.1.2.5.3 keeps 0x5C as the value delimiter; both are
 * decoded as their ASCII characters, as other toolkits do, so that splitting
 * values on backslash stays correct.
 */
const ISO_IR_14 = glElement('(J');
const KATAKANA_TABLE = lazy(() => {
  const table = identityTable();
  for (let byte = 0xa0; byte <= 0xff; byte++) {
    table[byte] =
      byte >= 0xa1 && byte <= 0xdf ? String.fromCharCode(0xff61 + byte - 0xa1) : REPLACEMENT;
  }
  return table;
});
/** ISO-IR 13, JIS X 0201 Katakana (half-width). */
const ISO_IR_13 = grElement(')I', KATAKANA_TABLE);
/** ISO-IR 100, ISO 8859-1. WHATWG's "latin1" label is windows-1252, so the table is built by hand. */
const ISO_IR_100 = grElement('-A', IDENTITY_TABLE);
const ISO_IR_101 = grElement('-B', grTable('iso-8859-2'));
const ISO_IR_109 = grElement('-C', grTable('iso-8859-3'));
const ISO_IR_110 = grElement('-D', grTable('iso-8859-4'));
const ISO_IR_144 = grElement('-L', grTable('iso-8859-5'));
const ISO_IR_127 = grElement('-G', grTable('iso-8859-6'));
const ISO_IR_126 = grElement('-F', grTable('iso-8859-7'));
const ISO_IR_138 = grElement('-H', grTable('iso-8859-8'));
/** ISO-IR 148, ISO 8859-9: its right half is that of windows-1254 (the WHATWG "iso-8859-9" label). */
const ISO_IR_148 = grElement('-M', grTable('windows-1254'));
const ISO_IR_203 = grElement('-b', grTable('iso-8859-15'));
/** ISO-IR 166, TIS 620-2533: its right half is that of windows-874. */
const ISO_IR_166 = grElement('-T', grTable('windows-874'));
/** ISO-IR 87, JIS X 0208, in G0 (7-bit pairs), decoded as EUC-JP. */
const ISO_IR_87 = doubleElement('G0', '$B', 'euc-jp', []);
/** ISO-IR 159, JIS X 0212, in G0, decoded as EUC-JP code set 3 (SS3 prefix). */
const ISO_IR_159 = doubleElement('G0', '$(D', 'euc-jp', [0x8f]);
/** ISO-IR 149, KS X 1001, in G1, decoded as EUC-KR. */
const ISO_IR_149 = doubleElement('G1', '$)C', 'euc-kr', []);
/**
 * ISO-IR 58, GB 2312, in G1, decoded as EUC-CN through the GB18030 decoder (a
 * superset; the platform's "gbk" maps a few codes of the same rows to private use).
 */
const ISO_IR_58 = doubleElement('G1', '$)A', 'gb18030', []);

/** Escape sequences (bytes after ESC) and the code elements they designate (PS3.3 Tables C.12-3 and C.12-4). */
const ESCAPES: ReadonlyMap<string, CodeElement> = new Map<string, CodeElement>([
  ...[
    ISO_IR_6,
    ISO_IR_14,
    ISO_IR_13,
    ISO_IR_100,
    ISO_IR_101,
    ISO_IR_109,
    ISO_IR_110,
    ISO_IR_144,
    ISO_IR_127,
    ISO_IR_126,
    ISO_IR_138,
    ISO_IR_148,
    ISO_IR_203,
    ISO_IR_166,
    ISO_IR_87,
    ISO_IR_159,
    ISO_IR_149,
    ISO_IR_58,
  ].map((element): [string, CodeElement] => [element.escape, element]),
  // ISO 2022 spellings of JIS X 0208 that some writers use: JIS C 6226-1978, and the long form.
  ['$@', ISO_IR_87],
  ['$(B', ISO_IR_87],
]);

function iso2022(g0: CodeElement | undefined, g1: CodeElement | undefined): CharacterSetTerm {
  return { kind: 'iso2022', g0, g1 };
}

const DEFAULT_TERM = iso2022(ISO_IR_6, undefined);
/** What an unknown term is read as. */
const LATIN1_TERM = iso2022(ISO_IR_6, ISO_IR_100);

/** Defined terms (PS3.3 Tables C.12-2 to C.12-5), keyed by their normalized spelling. */
const TERMS: ReadonlyMap<string, CharacterSetTerm> = (() => {
  const terms = new Map<string, CharacterSetTerm>([
    ['', DEFAULT_TERM],
    ['ISO_IR 6', DEFAULT_TERM],
    ['ISO 2022 IR 6', DEFAULT_TERM],
    ['ISO_IR 192', { kind: 'standalone', label: 'utf-8' }],
    ['GB18030', { kind: 'standalone', label: 'gb18030' }],
    ['GBK', { kind: 'standalone', label: 'gbk' }],
  ]);
  const both = (number: number, term: CharacterSetTerm): void => {
    terms.set(`ISO_IR ${number}`, term);
    terms.set(`ISO 2022 IR ${number}`, term);
  };
  const rightHalves: [number, CodeElement][] = [
    [100, ISO_IR_100],
    [101, ISO_IR_101],
    [109, ISO_IR_109],
    [110, ISO_IR_110],
    [144, ISO_IR_144],
    [127, ISO_IR_127],
    [126, ISO_IR_126],
    [138, ISO_IR_138],
    [148, ISO_IR_148],
    [203, ISO_IR_203],
    [166, ISO_IR_166],
  ];
  for (const [number, element] of rightHalves) both(number, iso2022(ISO_IR_6, element));
  both(13, iso2022(ISO_IR_14, ISO_IR_13));
  both(87, iso2022(ISO_IR_87, undefined));
  both(159, iso2022(ISO_IR_159, undefined));
  both(149, iso2022(undefined, ISO_IR_149));
  both(58, iso2022(undefined, ISO_IR_58));
  return terms;
})();

/** Finds a term, forgiving case, spacing and `ISO_IR`/`ISO 2022 IR` mix-ups seen in the field. */
function lookupTerm(value: string): CharacterSetTerm | undefined {
  const text = value.trim().toUpperCase().replace(/\s+/g, ' ');
  const exact = TERMS.get(text);
  if (exact !== undefined) return exact;
  const iso2022Match = /^ISO[ _-]?2022[ _-]?(?:IR[ _-]?)?(\d+)$/.exec(text);
  const isoIrMatch = /^ISO[ _-]?IR[ _-]?(\d+)$/.exec(text);
  const number = iso2022Match?.[1] ?? isoIrMatch?.[1];
  if (number !== undefined)
    return TERMS.get(`ISO 2022 IR ${Number(number)}`) ?? TERMS.get(`ISO_IR ${Number(number)}`);
  if (text === 'UTF-8' || text === 'UTF8') return TERMS.get('ISO_IR 192');
  if (text === 'ISO 2022 GBK') return TERMS.get('GBK');
  return undefined;
}

interface ResolvedCharacterSets {
  /** A set used without code extensions (PS3.3 Table C.12-5), when value 1 is one. */
  readonly standalone: StandaloneLabel | undefined;
  /** G0 and G1 as value 1 sets them: the state at the start and after each delimiter. */
  readonly initialG0: SingleByteElement;
  readonly initialG1: CodeElement | undefined;
  /** The code elements of all the values, value 1's first: those an encoder may switch to. */
  readonly elements: readonly CodeElement[];
  /** Values that are not defined terms. */
  readonly unknown: readonly string[];
}

const resolvedCache = new Map<string, ResolvedCharacterSets>();

function resolve(characterSets: readonly string[]): ResolvedCharacterSets {
  const key = characterSets.join('\\');
  const cached = resolvedCache.get(key);
  if (cached !== undefined) return cached;
  const unknown: string[] = [];
  const terms = characterSets.map((value) => {
    const term = lookupTerm(value);
    if (term === undefined) unknown.push(value.trim());
    return term;
  });
  const first = terms[0] ?? (characterSets.length === 0 ? DEFAULT_TERM : LATIN1_TERM);
  let resolved: ResolvedCharacterSets;
  if (first.kind === 'standalone') {
    resolved = {
      standalone: first.label,
      initialG0: ISO_IR_6,
      initialG1: undefined,
      elements: [],
      unknown,
    };
  } else {
    // Value 1 may not be a multi-byte G0 set; the default repertoire stands in.
    const initialG0 = first.g0?.kind === 'single' ? first.g0 : ISO_IR_6;
    const elements = new Set<CodeElement>([initialG0]);
    const add = (element: CodeElement | undefined): void => {
      if (element !== undefined) elements.add(element);
    };
    add(first.g1);
    add(first.g0);
    for (const term of terms.slice(1)) {
      if (term?.kind !== 'iso2022') continue;
      add(term.g0);
      add(term.g1);
    }
    resolved = {
      standalone: undefined,
      initialG0,
      initialG1: first.g1,
      elements: [...elements],
      unknown,
    };
  }
  if (resolvedCache.size >= 64) resolvedCache.clear();
  resolvedCache.set(key, resolved);
  return resolved;
}

/**
 * Bytes that put back the character sets of value 1 when met in G0
 * (PS3.5 section 6.1.2.5.3): `\` between values of multi-valued VRs, and `^`
 * and `=` between person name components and component groups. Control
 * characters other than ESC (CR, LF, FF, TAB...) do so for every VR.
 */
function delimiterBytes(vr: Vr): ReadonlySet<number> {
  if (vr === 'PN') return PN_DELIMITERS;
  return isTextVr(vr) ? NO_DELIMITERS : VALUE_DELIMITERS;
}

const PN_DELIMITERS: ReadonlySet<number> = new Set([0x5c, 0x5e, 0x3d]);
const VALUE_DELIMITERS: ReadonlySet<number> = new Set([0x5c]);
const NO_DELIMITERS: ReadonlySet<number> = new Set();

function latin1(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + 4096)));
  }
  return out;
}

/**
 * Index just past the escape sequence starting at `at` (ESC, intermediates
 * 0x20-0x2F, final 0x30-0x7E): the end of the value when it is cut short, -1
 * when a byte that cannot belong to it follows.
 */
function escapeEnd(bytes: Uint8Array, at: number): number {
  let i = at + 1;
  while (i < bytes.length && (bytes[i] ?? 0) >= 0x20 && (bytes[i] ?? 0) <= 0x2f) i++;
  const final = bytes[i];
  if (final === undefined) return bytes.length;
  return final >= 0x30 && final <= 0x7e ? i + 1 : -1;
}

function decodeIso2022(bytes: Uint8Array, sets: ResolvedCharacterSets, vr: Vr): string {
  const delimiters = delimiterBytes(vr);
  const { initialG0, initialG1 } = sets;
  let g0: CodeElement = initialG0;
  let g1: CodeElement | undefined = initialG1;
  // GR bytes with nothing in G1 (a writer that designated G1 once and then
  // crossed a delimiter without designating it again) are read in the G1 set
  // last designated, else as Latin-1. Conforming data never has them.
  let lastG1: CodeElement | undefined = initialG1;
  const out: string[] = [];
  let pendingElement: DoubleByteElement | undefined;
  let pending: number[] = [];
  const flush = (): void => {
    if (pendingElement === undefined) return;
    out.push(decoder(pendingElement.label).decode(Uint8Array.from(pending)));
    pendingElement = undefined;
    pending = [];
  };
  const text = (chars: string): void => {
    flush();
    out.push(chars);
  };
  const pair = (element: DoubleByteElement, first: number, second: number): void => {
    if (pendingElement !== element) flush();
    pendingElement = element;
    pending.push(...element.prefix, first | 0x80, second | 0x80);
  };
  const reset = (): void => {
    g0 = initialG0;
    g1 = initialG1;
  };

  let i = 0;
  while (i < bytes.length) {
    const byte = bytes[i] ?? 0;
    if (byte === ESC) {
      const end = escapeEnd(bytes, i);
      if (end < 0) {
        // A lone ESC is dropped.
        i++;
        continue;
      }
      // Unknown or cut escape sequences are dropped; the state stays as it was.
      // (The longest known one has 3 bytes after ESC; longer runs are not spread into a key.)
      const element =
        end - i <= 4 ? ESCAPES.get(String.fromCharCode(...bytes.subarray(i + 1, end))) : undefined;
      if (element?.register === 'G0') g0 = element;
      else if (element !== undefined) {
        g1 = element;
        lastG1 = element;
      }
      i = end;
      continue;
    }
    if (byte < 0x20) {
      text(String.fromCharCode(byte));
      reset();
      i++;
      continue;
    }
    if (byte < 0x80) {
      if (byte === 0x20 || byte === 0x7f) {
        text(String.fromCharCode(byte));
        i++;
        continue;
      }
      if (g0.kind === 'double') {
        // Inside a two-byte G0 set, 0x5C, 0x5E and 0x3D are halves of characters, not delimiters.
        const second = bytes[i + 1];
        if (second !== undefined && second >= 0x21 && second <= 0x7e) {
          pair(g0, byte, second);
          i += 2;
        } else {
          text(REPLACEMENT);
          i++;
        }
        continue;
      }
      text(g0.table()[byte] ?? REPLACEMENT);
      if (delimiters.has(byte)) reset();
      i++;
      continue;
    }
    const element = g1 ?? lastG1;
    if (element === undefined) {
      text(String.fromCharCode(byte));
      i++;
    } else if (element.kind === 'double') {
      const second = bytes[i + 1];
      if (
        byte >= 0xa1 &&
        byte <= 0xfe &&
        second !== undefined &&
        second >= 0xa1 &&
        second <= 0xfe
      ) {
        pair(element, byte, second);
        i += 2;
      } else {
        text(REPLACEMENT);
        i++;
      }
    } else {
      text(element.table()[byte] ?? REPLACEMENT);
      i++;
    }
  }
  flush();
  return out.join('');
}

/**
 * Decodes the bytes of a character string value in the Specific Character Set
 * (0008,0005) in force (PS3.3 section C.12.1.1.2, PS3.5 section 6.1).
 *
 * `characterSets` are the values of (0008,0005), trimmed; empty means the
 * default repertoire, and an empty value 1 means the default repertoire with
 * code extensions. Handles the single-byte sets of Table C.12-2, the ISO 2022
 * code extensions of Tables C.12-3 and C.12-4 (escape sequences designating
 * G0/G1, and the return to value 1's sets at the delimiters of PS3.5 section
 * 6.1.2.5.3, which depend on `vr`), and the stand-alone sets of Table C.12-5
 * (ISO_IR 192, GB18030, GBK).
 *
 * Pass the whole value (all values, backslashes included) and split the result:
 * in GB18030, GBK and 7-bit JIS X 0208 the byte 0x5C can be half of a character,
 * and only decoded text tells a delimiter from it.
 *
 * Never throws: unknown terms are read as ISO_IR 100 (Latin-1), unknown escape
 * sequences are dropped, and undecodable bytes become U+FFFD. See
 * {@link unknownCharacterSets} to report unknown terms.
 */
export function decodeText(bytes: Uint8Array, characterSets: readonly string[], vr: Vr): string {
  const sets = resolve(characterSets);
  // GBK is read with the GB18030 decoder, as WHATWG does: a superset, and the
  // platform's own "gbk" maps some codes to private use instead of their characters.
  if (sets.standalone !== undefined)
    return decoder(sets.standalone === 'gbk' ? 'gb18030' : sets.standalone).decode(bytes);
  if (
    !bytes.includes(ESC) &&
    sets.initialG0 === ISO_IR_6 &&
    (sets.initialG1 === undefined || sets.initialG1 === ISO_IR_100)
  ) {
    return latin1(bytes);
  }
  return decodeIso2022(bytes, sets, vr);
}

/**
 * The values of (0008,0005) that are not defined terms of PS3.3 section
 * C.12.1.1.2 (after forgiving case and spacing). {@link decodeText} reads them
 * as ISO_IR 100; {@link encodeText} refuses them.
 */
export function unknownCharacterSets(characterSets: readonly string[]): string[] {
  return [...resolve(characterSets).unknown];
}

function describeSets(characterSets: readonly string[]): string {
  return characterSets.length === 0
    ? 'the default repertoire'
    : `Specific Character Set '${characterSets.join('\\')}'`;
}

function unencodable(char: string, characterSets: readonly string[]): DicomError {
  const cp = char.codePointAt(0) ?? 0;
  const name = `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  return new DicomError(
    'DICOM_INVALID_VALUE',
    `character ${name} cannot be encoded in ${describeSets(characterSets)}`,
  );
}

/** The GB18030 two-byte characters, and (with `fourByte`) the BMP four-byte ones, as a code point → bytes map. */
const GB_TWO_BYTE = lazy(() => {
  const sequences: number[][] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++)
      if (trail !== 0x7f) sequences.push([lead, trail]);
  }
  return codeMap(sequences);
});

/** Four-byte pointer (GB 18030 section 6.3.3) to bytes. */
function gbFourBytes(pointer: number): number[] {
  return [
    0x81 + Math.floor(pointer / 12600),
    0x30 + (Math.floor(pointer / 1260) % 10),
    0x81 + (Math.floor(pointer / 10) % 126),
    0x30 + (pointer % 10),
  ];
}

const GB_FOUR_BYTE_BMP = lazy(() => {
  const sequences: number[][] = [];
  // Pointers 0-39419 cover the BMP code points not in the two-byte table.
  for (let pointer = 0; pointer <= 39419; pointer++) sequences.push(gbFourBytes(pointer));
  return codeMap(sequences);
});

function codeMap(sequences: readonly (readonly number[])[]): Map<number, readonly number[]> {
  const map = new Map<number, readonly number[]>();
  decodeEach('gb18030', sequences).forEach((text, i) => {
    const cp = singleCodePoint(text);
    const sequence = sequences[i];
    if (cp !== undefined && sequence !== undefined && !map.has(cp)) map.set(cp, sequence);
  });
  return map;
}

function encodeGb(text: string, fourByte: boolean, characterSets: readonly string[]): Uint8Array {
  const out: number[] = [];
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp < 0x80) {
      out.push(cp);
      continue;
    }
    const two = GB_TWO_BYTE().get(cp);
    if (two !== undefined) {
      out.push(...two);
      continue;
    }
    if (fourByte) {
      const four = cp > 0xffff ? gbFourBytes(189000 + cp - 0x10000) : GB_FOUR_BYTE_BMP().get(cp);
      if (four !== undefined) {
        out.push(...four);
        continue;
      }
    }
    throw unencodable(char, characterSets);
  }
  return Uint8Array.from(out);
}

function escapeBytes(escape: string): number[] {
  return [ESC, ...Array.from(escape, (c) => c.charCodeAt(0))];
}

function encodeIso2022(
  text: string,
  sets: ResolvedCharacterSets,
  vr: Vr,
  characterSets: readonly string[],
): Uint8Array {
  const delimiters = delimiterBytes(vr);
  const { initialG0, initialG1 } = sets;
  let g0: CodeElement = initialG0;
  let g1: CodeElement | undefined = initialG1;
  const out: number[] = [];
  const backToInitialG0 = (): void => {
    if (g0 === initialG0) return;
    out.push(...escapeBytes(initialG0.escape));
    g0 = initialG0;
  };
  for (const char of text) {
    const cp = char.codePointAt(0) ?? 0;
    if (cp === ESC) throw unencodable(char, characterSets);
    if (cp < 0x20 || delimiters.has(cp)) {
      // The reader puts back value 1's sets here (PS3.5 section 6.1.2.5.3): so must the writer.
      backToInitialG0();
      out.push(cp);
      g1 = initialG1;
      continue;
    }
    if (cp === 0x20 || cp === 0x7f) {
      if (g0.kind === 'double') backToInitialG0();
      out.push(cp);
      continue;
    }
    let encoded = false;
    for (const element of [g0, g1, ...sets.elements]) {
      const code = element?.reverse().get(cp);
      if (element === undefined || code === undefined) continue;
      if (element.register === 'G0' && element !== g0) {
        out.push(...escapeBytes(element.escape));
        g0 = element;
      } else if (element.register === 'G1' && element !== g1) {
        out.push(...escapeBytes(element.escape));
        g1 = element;
      }
      if (element.kind === 'double') {
        const high = element.register === 'G1' ? 0x80 : 0;
        out.push((code >> 8) | high, (code & 0xff) | high);
      } else {
        out.push(code);
      }
      encoded = true;
      break;
    }
    if (!encoded) throw unencodable(char, characterSets);
  }
  backToInitialG0();
  return Uint8Array.from(out);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Encodes the text of a value (all values joined with `\`, person name groups
 * with `=`) in the Specific Character Set (0008,0005) given: the inverse of
 * {@link decodeText} (PS3.3 section C.12.1.1.2, PS3.5 section 6.1). Every
 * defined term of Tables C.12-2 to C.12-5 is supported; with code extensions,
 * characters outside value 1's sets are written with the escape sequences of
 * Tables C.12-3 and C.12-4, and value 1's sets are put back before each
 * delimiter, control character and the end of the value (PS3.5 section
 * 6.1.2.5.3). No padding is added.
 *
 * @throws TypeError when a value of `characterSets` is not a defined term.
 * @throws DicomError `DICOM_INVALID_VALUE` when a character cannot be
 *   represented in the sets given (or is ESC, or a lone surrogate).
 */
export function encodeText(text: string, characterSets: readonly string[], vr: Vr): Uint8Array {
  const sets = resolve(characterSets);
  if (sets.unknown.length > 0) {
    throw new TypeError(
      `Specific Character Set '${sets.unknown.join('\\')}' is not supported for encoding`,
    );
  }
  const lone = LONE_SURROGATE.exec(text);
  if (lone !== null) throw unencodable(lone[0], characterSets);
  switch (sets.standalone) {
    case 'utf-8':
      return new TextEncoder().encode(text);
    case 'gb18030':
      return encodeGb(text, true, characterSets);
    case 'gbk':
      return encodeGb(text, false, characterSets);
    case undefined:
      return encodeIso2022(text, sets, vr, characterSets);
  }
}
