/**
 * Value representations (PS3.5 section 6.2, Table 6.2-1).
 */
export const VRS = [
  'AE',
  'AS',
  'AT',
  'CS',
  'DA',
  'DS',
  'DT',
  'FD',
  'FL',
  'IS',
  'LO',
  'LT',
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'PN',
  'SH',
  'SL',
  'SQ',
  'SS',
  'ST',
  'SV',
  'TM',
  'UC',
  'UI',
  'UL',
  'UN',
  'UR',
  'US',
  'UT',
  'UV',
] as const;

export type Vr = (typeof VRS)[number];

const VR_SET: ReadonlySet<string> = new Set(VRS);

export function isVr(text: string): text is Vr {
  return VR_SET.has(text);
}

/** VRs whose explicit-VR encoding has 2 reserved bytes and a 32-bit length (PS3.5 section 7.1.2). */
const LONG_LENGTH_VRS: ReadonlySet<Vr> = new Set<Vr>([
  'OB',
  'OD',
  'OF',
  'OL',
  'OV',
  'OW',
  'SQ',
  'SV',
  'UC',
  'UN',
  'UR',
  'UT',
  'UV',
]);

export function hasLongLength(vr: Vr): boolean {
  return LONG_LENGTH_VRS.has(vr);
}

/** Character string VRs; their values are text in the Specific Character Set (PS3.5 section 6.1.2.3). */
const STRING_VRS: ReadonlySet<Vr> = new Set<Vr>([
  'AE',
  'AS',
  'CS',
  'DA',
  'DS',
  'DT',
  'IS',
  'LO',
  'LT',
  'PN',
  'SH',
  'ST',
  'TM',
  'UC',
  'UI',
  'UR',
  'UT',
]);

export function isStringVr(vr: Vr): boolean {
  return STRING_VRS.has(vr);
}

/** String VRs whose value is not split on backslash (single-valued by definition). */
const TEXT_VRS: ReadonlySet<Vr> = new Set<Vr>(['LT', 'ST', 'UT', 'UR']);

export function isTextVr(vr: Vr): boolean {
  return TEXT_VRS.has(vr);
}

/** String VRs that may carry characters outside the default repertoire (PS3.5 section 6.1.2.3). */
const CHARSET_VRS: ReadonlySet<Vr> = new Set<Vr>(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);

export function usesSpecificCharacterSet(vr: Vr): boolean {
  return CHARSET_VRS.has(vr);
}

/** Byte size of one value of a binary numeric VR; undefined for others. */
export function binaryValueSize(vr: Vr): number | undefined {
  switch (vr) {
    case 'SS':
    case 'US':
    case 'OW':
      return 2;
    case 'SL':
    case 'UL':
    case 'FL':
    case 'OF':
    case 'OL':
    case 'AT':
      return 4;
    case 'FD':
    case 'OD':
    case 'SV':
    case 'UV':
    case 'OV':
      return 8;
    case 'OB':
    case 'UN':
      return 1;
    default:
      return undefined;
  }
}

/** Padding byte for a value of this VR to reach even length (PS3.5 section 6.2). */
export function paddingByte(vr: Vr): number {
  if (vr === 'UI' || vr === 'OB' || vr === 'UN') return 0x00;
  return isStringVr(vr) ? 0x20 : 0x00;
}
