import { describe, expect, it } from 'vitest';
import {
  lookupSafePrivate,
  privatePathComponent,
  publicPathComponent,
  safePrivateEntryCount,
} from './index.js';
import { SAFE_PRIVATE_TABLE } from './safe-private-data.js';
import { TCIA_PRIVATE_TABLE } from './tcia-private-data.js';

const PET = 'Philips PET Private Group';

describe('safe private entries', () => {
  it('holds 479 E.3.10-1 entries and the TCIA keep/hash/shift entries', () => {
    expect(SAFE_PRIVATE_TABLE).toHaveLength(479);
    const dispositions = new Map<string, number>();
    for (const row of TCIA_PRIVATE_TABLE) {
      const code = row.split('\t')[2] ?? '';
      dispositions.set(code, (dispositions.get(code) ?? 0) + 1);
    }
    expect(Object.fromEntries(dispositions)).toEqual({ k: 2338, h: 38, o: 18 });
    expect(safePrivateEntryCount()).toEqual({ e3101: 479, tcia: 2394 });
  });
});

describe('lookupSafePrivate', () => {
  it('finds E.3.10-1 entries, and they win over TCIA at the top level', () => {
    expect(lookupSafePrivate(PET, 0x7053, 0x00, [])).toEqual({
      creator: PET,
      group: 0x7053,
      elementByte: 0x00,
      vr: 'DS',
      disposition: 'keep',
      source: 'PS3.15 E.3.10-1',
      name: 'SUV Factor - Multiplying Stored Pixel Values by Rescale Slope then this factor results in SUVbw in g/l',
    });
    expect(lookupSafePrivate('SIEMENS MR HEADER', 0x0019, 0x0c, [])).toMatchObject({
      vr: 'IS',
      name: 'B Value',
      source: 'PS3.15 E.3.10-1',
    });
    expect(lookupSafePrivate('Philips Imaging DD 001', 0x2001, 0x7d, [])?.vr).toBe('OW/OB');
    expect(lookupSafePrivate('SIEMENS Ultrasound SC2000', 0x0119, 0x11, [])?.vr).toBeUndefined();
  });

  it('matches E.3.10-1 entries at any depth', () => {
    const path = ['(0008,1115)', privatePathComponent(0x2001, 'Philips Imaging DD 001', 0x5f)];
    expect(lookupSafePrivate(PET, 0x7053, 0x09, path)?.source).toBe('PS3.15 E.3.10-1');
  });

  it('finds TCIA keep, hash and shift entries', () => {
    expect(lookupSafePrivate('GEMS_PETD_01', 0x0009, 0x36, [])).toEqual({
      creator: 'GEMS_PETD_01',
      group: 0x0009,
      elementByte: 0x36,
      vr: 'LO',
      disposition: 'keep',
      source: 'TCIA PTKB 2024-02-01',
      name: 'Tracer Name',
    });
    expect(lookupSafePrivate('FDMS 1.0', 0x0009, 0x05, [])).toMatchObject({
      disposition: 'hashUid',
      vr: 'OB/OW',
      name: 'Image UID',
    });
    expect(lookupSafePrivate('GEMS_PETD_01', 0x0009, 0x39, [])).toMatchObject({
      disposition: 'shiftDate',
      name: 'Measured Date Time',
    });
  });

  it('does not retain what TCIA deletes', () => {
    expect(lookupSafePrivate('GEMS_PETD_01', 0x0009, 0x32, [])).toBeUndefined();
    // OB variant kept, OW variant deleted: delete wins.
    expect(
      lookupSafePrivate('UCSF MRSC Fitting PRIVATE CREATOR 011911xx', 0x0119, 0x23, []),
    ).toBeUndefined();
  });

  it('lists only the known VRs when TCIA deletes the UN variant', () => {
    expect(lookupSafePrivate('GEMS_PETD_01', 0x0009, 0x37, [])).toMatchObject({
      disposition: 'keep',
      vr: 'LO',
    });
  });

  it('matches a nested TCIA entry only at its exact path', () => {
    const path = ['(0008,1115)', '(0008,1140)'];
    expect(lookupSafePrivate('GEIIS_RA1000', 0x0009, 0x01, path)).toMatchObject({
      disposition: 'keep',
      source: 'TCIA PTKB 2024-02-01',
    });
    expect(lookupSafePrivate('GEIIS_RA1000', 0x0009, 0x01, [])).toBeUndefined();
    expect(lookupSafePrivate('GEIIS_RA1000', 0x0009, 0x01, ['(0008,1140)'])).toBeUndefined();
    expect(
      lookupSafePrivate('GEIIS_RA1000', 0x0009, 0x01, [
        '(0008,1115)',
        '(0008,1140)',
        '(0008,1199)',
      ]),
    ).toBeUndefined();
  });

  it('matches a TCIA entry nested in private sequences', () => {
    const path = [
      privatePathComponent(0x0029, 'MMCPrivate', 0x32),
      privatePathComponent(0x0029, 'MMCPrivate', 0x5c),
    ];
    expect(lookupSafePrivate('MMCPrivate', 0x0029, 0x5d, path)).toMatchObject({
      disposition: 'keep',
      name: 'Rescale Type',
    });
    expect(lookupSafePrivate('MMCPrivate', 0x0029, 0x5d, [])).toBeUndefined();
  });

  it('keeps top-level TCIA entries at the top level only', () => {
    expect(lookupSafePrivate('GEMS_PETD_01', 0x0009, 0x36, ['(0040,0275)'])).toBeUndefined();
  });

  it('matches the creator exactly, ignoring only trailing spaces and NULs', () => {
    expect(lookupSafePrivate(`${PET} `, 0x7053, 0x00, [])?.creator).toBe(PET);
    expect(lookupSafePrivate(`${PET}\0`, 0x7053, 0x00, [])?.creator).toBe(PET);
    expect(lookupSafePrivate(`${PET}  \0`, 0x7053, 0x00, [])?.creator).toBe(PET);
    expect(lookupSafePrivate(` ${PET}`, 0x7053, 0x00, [])).toBeUndefined();
    expect(lookupSafePrivate(PET.toUpperCase(), 0x7053, 0x00, [])).toBeUndefined();
    expect(lookupSafePrivate('Philips PET Private', 0x7053, 0x00, [])).toBeUndefined();
    expect(lookupSafePrivate('GEMS_PETD_02', 0x0009, 0x36, [])).toBeUndefined();
  });

  it('never matches by group and element alone', () => {
    expect(lookupSafePrivate('', 0x7053, 0x00, [])).toBeUndefined();
    expect(lookupSafePrivate('SOME OTHER VENDOR', 0x7053, 0x00, [])).toBeUndefined();
    expect(lookupSafePrivate(PET, 0x7055, 0x00, [])).toBeUndefined();
    expect(lookupSafePrivate(PET, 0x7053, 0x01, [])).toBeUndefined();
  });
});

describe('path components', () => {
  it('formats public and private components in TCIA signature form', () => {
    expect(publicPathComponent(0x00081115)).toBe('(0008,1115)');
    expect(publicPathComponent(0xfffee000)).toBe('(fffe,e000)');
    expect(privatePathComponent(0x2001, 'Philips Imaging DD 001 ', 0xc1)).toBe(
      '(2001,"Philips Imaging DD 001",c1)',
    );
    expect(privatePathComponent(0x0009, 'GEIIS', 0x0a)).toBe('(0009,"GEIIS",0a)');
  });

  it('rejects a private component with an even group or an element byte out of range', () => {
    expect(() => privatePathComponent(0x0008, 'X', 0x10)).toThrow(/odd 16-bit group/);
    expect(() => privatePathComponent(0x0009, 'X', 0x1010)).toThrow(/0-255/);
  });
});
