import { binaryValueSize, type Vr } from './vr.js';

const IS_PATTERN = /^ *[+-]?\d+ *$/;
const DS_PATTERN = /^ *[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)? *$/;
const UI_PATTERN = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;
/** DA is YYYYMMDD; TM is HH[MM[SS[.F{1,6}]]] (PS3.5 Table 6.2-1); ACR-NEMA forms with '.' or ':' separators are retired. */
const DA_PATTERN = /^\d{8}$/;
const TM_PATTERN = /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)? *$/;
/** DT is YYYY[MM[DD[HH[MM[SS[.F{1,6}]]]]]][&ZZXX]; AS is nnnD, nnnW, nnnM or nnnY (PS3.5 Table 6.2-1). */
const DT_PATTERN = /^\d{4}(\d{2}(\d{2}(\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?)?)?)?([+-]\d{4})? *$/;
const AS_PATTERN = /^\d{3}[DWMY]$/;
const VALUE_PATTERNS: Partial<Record<Vr, RegExp>> = {
  IS: IS_PATTERN,
  DS: DS_PATTERN,
  UI: UI_PATTERN,
  DA: DA_PATTERN,
  TM: TM_PATTERN,
  DT: DT_PATTERN,
  AS: AS_PATTERN,
};
const MAX_VALUE_LENGTH: Partial<Record<Vr, number>> = {
  IS: 12,
  DS: 16,
  UI: 64,
  DA: 8,
  TM: 16,
  DT: 26,
  AS: 4,
};

/** A conformance problem with a value: a warning code and what is wrong. */
export interface ValueProblem {
  readonly code: 'INVALID_VR_LENGTH' | 'INVALID_VALUE';
  readonly message: string;
}

/**
 * Conformance checks that cost little: fixed-size VR lengths, and the IS, DS,
 * UI, DA, TM, DT and AS value formats (PS3.5 section 6.2, Table 6.2-1). Returns the
 * first problem, or undefined when the value conforms (or is not checked).
 */
export function checkValueConformance(
  bytes: Uint8Array,
  pos: number,
  length: number,
  vr: Vr,
): ValueProblem | undefined {
  const size = binaryValueSize(vr);
  if (size !== undefined && size > 1 && length % size !== 0) {
    return {
      code: 'INVALID_VR_LENGTH',
      message: `length ${length} is not a multiple of ${size} for VR ${vr}`,
    };
  }
  if (VALUE_PATTERNS[vr] === undefined) return undefined;
  if (length === 0 || length > 1024) return undefined;
  // Almost every value is valid: check the bytes directly and build strings
  // (for the warning text) only when that check fails.
  if (valuesLookValid(bytes, pos, pos + length, vr)) return undefined;
  let text = '';
  for (let i = pos; i < pos + length; i++) text += String.fromCharCode(bytes[i] ?? 0);
  const pattern = VALUE_PATTERNS[vr] ?? UI_PATTERN;
  const maxLength = MAX_VALUE_LENGTH[vr] ?? 64;
  for (const raw of text.split('\\')) {
    const value = vr === 'UI' ? raw.replace(/\0+$/, '').trim() : raw.replace(/[\0 ]+$/, '');
    if (value === '' || value.trim() === '') continue;
    if (!pattern.test(value) || value.length > maxLength) {
      return {
        code: 'INVALID_VALUE',
        message: `'${value.slice(0, 80)}' is not a valid ${vr} value`,
      };
    }
  }
  return undefined;
}

const BACKSLASH = 0x5c;
const SPACE = 0x20;

function isDigit(byte: number | undefined): boolean {
  return byte !== undefined && byte >= 0x30 && byte <= 0x39;
}

/**
 * Byte-level check of IS, DS, UI, DA and TM values: true only when every value
 * is valid (it may be stricter than the string check, never looser).
 */
function valuesLookValid(bytes: Uint8Array, start: number, end: number, vr: Vr): boolean {
  let from = start;
  while (from <= end) {
    let to = from;
    while (to < end && bytes[to] !== BACKSLASH) to++;
    let last = to;
    while (last > from && (bytes[last - 1] === 0 || bytes[last - 1] === SPACE)) last--;
    if (last > from && !valueLooksValid(bytes, from, last, vr)) return false;
    from = to + 1;
  }
  return true;
}

function valueLooksValid(bytes: Uint8Array, start: number, end: number, vr: Vr): boolean {
  const length = end - start;
  let i = start;
  switch (vr) {
    case 'DA':
      if (length !== 8) return false;
      for (; i < end; i++) if (!isDigit(bytes[i])) return false;
      return true;
    case 'TM': {
      if (length > 16) return false;
      let digits = 0;
      while (i < end && isDigit(bytes[i])) {
        i++;
        digits++;
      }
      if (digits !== 2 && digits !== 4 && digits !== 6) return false;
      if (i === end) return true;
      if (digits !== 6 || bytes[i] !== 0x2e) return false;
      i++;
      const fraction = end - i;
      if (fraction < 1 || fraction > 6) return false;
      for (; i < end; i++) if (!isDigit(bytes[i])) return false;
      return true;
    }
    case 'IS':
      if (length > 12) return false;
      while (i < end && bytes[i] === SPACE) i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (i === end) return false;
      for (; i < end; i++) if (!isDigit(bytes[i])) return false;
      return true;
    case 'DS': {
      if (length > 16) return false;
      while (i < end && bytes[i] === SPACE) i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      let mantissa = 0;
      while (i < end && isDigit(bytes[i])) {
        i++;
        mantissa++;
      }
      if (bytes[i] === 0x2e) {
        i++;
        while (i < end && isDigit(bytes[i])) {
          i++;
          mantissa++;
        }
      }
      if (mantissa === 0) return false;
      if (i < end && (bytes[i] === 0x45 || bytes[i] === 0x65)) {
        i++;
        if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
        if (!isDigit(bytes[i])) return false;
        while (i < end && isDigit(bytes[i])) i++;
      }
      return i === end;
    }
    case 'UI': {
      if (length > 64) return false;
      let componentStart = i;
      for (; i <= end; i++) {
        if (i === end || bytes[i] === 0x2e) {
          const size = i - componentStart;
          if (size === 0 || (size > 1 && bytes[componentStart] === 0x30)) return false;
          componentStart = i + 1;
        } else if (!isDigit(bytes[i])) return false;
      }
      return true;
    }
    default:
      return false;
  }
}
