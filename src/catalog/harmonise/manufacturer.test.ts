import { describe, expect, it } from 'vitest';
import {
  CANONICAL_MANUFACTURERS,
  MANUFACTURER_ALIASES,
  canonicalManufacturer,
  harmoniseManufacturer,
} from './manufacturer.js';

describe('manufacturer', () => {
  it('maps the vendor spellings met in headers to one name', () => {
    const cases: Record<string, string> = {
      SIEMENS: 'Siemens',
      Siemens: 'Siemens',
      'Siemens Healthineers': 'Siemens',
      'Siemens Healthcare GmbH': 'Siemens',
      ACUSON: 'Siemens',
      'GE MEDICAL SYSTEMS': 'GE',
      'GE Medical Systems': 'GE',
      'G.E. Medical Systems': 'GE',
      'GE Healthcare': 'GE',
      'GE Vingmed Ultrasound': 'GE',
      GEMS: 'GE',
      'Philips Medical Systems': 'Philips',
      'Philips Medical Systems, Inc.': 'Philips',
      'Philips Healthcare': 'Philips',
      PHILIPS: 'Philips',
      TOSHIBA: 'Canon',
      TOSHIBA_MEC: 'Canon',
      'Toshiba Medical Systems': 'Canon',
      'Canon Medical Systems': 'Canon',
      'FUJIFILM Corporation': 'Fujifilm',
      'FUJI PHOTO FILM CO. LTD.': 'Fujifilm',
      'Fuji Photo Film Co.,Ltd.': 'Fujifilm',
      Agfa: 'Agfa',
      'AGFA-Gevaert': 'Agfa',
      'Agfa-Gevaert AG': 'Agfa',
      'HOLOGIC, Inc.': 'Hologic',
      'Carestream Health': 'Carestream',
      KODAK: 'Carestream',
      'Hitachi Medical Corporation': 'Hitachi',
      'ALOKA CO., LTD.': 'Hitachi',
      'SAMSUNG MEDISON CO., LTD.': 'Samsung',
      UIH: 'United Imaging',
      'United Imaging Healthcare': 'United Imaging',
      'Konica Minolta': 'Konica Minolta',
      'KONICA MINOLTA, INC.': 'Konica Minolta',
      'Varian Medical Systems': 'Varian',
      'Elekta AB': 'Elekta',
      'Bruker BioSpin MRI GmbH': 'Bruker',
      ESAOTE: 'Esaote',
      Elscint: 'Elscint',
      '  siemens  ': 'Siemens',
    };
    for (const [value, canonical] of Object.entries(cases))
      expect(canonicalManufacturer(value), value).toBe(canonical);
  });

  it('does not take a name that merely contains a vendor for it', () => {
    for (const value of [
      'Gemini Imaging',
      'Acme Medical Devices',
      'QIICR',
      'Manufacturer',
      'Unspecified',
      'Made for Siemens',
      '',
    ])
      expect(canonicalManufacturer(value), value).toBeNull();
  });

  it('keeps unknown names as the trimmed original', () => {
    expect(harmoniseManufacturer(' Acme Medical Devices ')).toEqual({
      manufacturer: 'Acme Medical Devices',
      manufacturerOriginal: 'Acme Medical Devices',
    });
    expect(harmoniseManufacturer('GE MEDICAL SYSTEMS ')).toEqual({
      manufacturer: 'GE',
      manufacturerOriginal: 'GE MEDICAL SYSTEMS',
    });
    expect(harmoniseManufacturer(null)).toEqual({ manufacturer: null, manufacturerOriginal: null });
    expect(harmoniseManufacturer('  ')).toEqual({ manufacturer: null, manufacturerOriginal: null });
  });

  it('is a table: one row per canonical name, every row reachable', () => {
    expect(new Set(CANONICAL_MANUFACTURERS).size).toBe(MANUFACTURER_ALIASES.length);
    for (const alias of MANUFACTURER_ALIASES)
      expect(canonicalManufacturer(alias.canonical), alias.canonical).toBe(alias.canonical);
  });
});
