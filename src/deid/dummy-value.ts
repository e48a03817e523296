import type { ElementValue, Vr } from '../dicom/index.js';

/**
 * A dummy value "consistent with the VR" for action D (PS3.15 E.1.1): it says
 * nothing about the patient and keeps a Type 1 attribute present and valid.
 * Undefined for VRs that take no dummy (UI gets a pseudonym, SQ is cleaned
 * item by item).
 */
export function dummyValue(vr: Vr): ElementValue | undefined {
  switch (vr) {
    case 'AE':
    case 'CS':
    case 'LO':
    case 'LT':
    case 'PN':
    case 'SH':
    case 'ST':
    case 'UC':
    case 'UT':
      return 'ANONYMIZED';
    case 'UR':
      return 'urn:radset:anonymized';
    case 'AS':
      return '000D';
    case 'DA':
      return '19000101';
    case 'DT':
      return '19000101000000';
    case 'TM':
      return '000000';
    case 'DS':
    case 'IS':
      return '0';
    case 'FL':
    case 'FD':
    case 'SL':
    case 'SS':
    case 'UL':
    case 'US':
      return 0;
    case 'SV':
    case 'UV':
      return 0n;
    case 'AT':
      return 0;
    case 'OB':
    case 'OD':
    case 'OF':
    case 'OL':
    case 'OV':
    case 'OW':
    case 'UN':
      return new Uint8Array(0);
    default:
      return undefined;
  }
}

/** Maximum value length in characters of the length-limited string VRs (PS3.5 Table 6.2-1). */
export const MAX_STRING_LENGTH: Readonly<Partial<Record<Vr, number>>> = {
  AE: 16,
  CS: 16,
  SH: 16,
  LO: 64,
  PN: 64,
  ST: 1024,
  LT: 10240,
  UC: 0x7ffffffe,
  UT: 0x7ffffffe,
};
