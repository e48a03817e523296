import { describe, expect, it } from 'vitest';
import { createDataset } from '../../dicom/index.js';
import { ageBand, ageInYears, harmoniseAgeBand, parseAgeYears } from './age-band.js';

describe('age band', () => {
  it('reads PS3.5 AS values in days, weeks, months and years', () => {
    expect(parseAgeYears('045Y')).toBe(45);
    expect(parseAgeYears('018M')).toBe(1.5);
    expect(parseAgeYears('052W')).toBeCloseTo((52 * 7) / 365.25, 10);
    expect(parseAgeYears('400D')).toBeCloseTo(400 / 365.25, 10);
  });

  it('tolerates vendor forms and rejects garbage and dummies', () => {
    expect(parseAgeYears('99')).toBe(99);
    expect(parseAgeYears('22Y')).toBe(22);
    expect(parseAgeYears(' 45 Y ')).toBe(45);
    expect(parseAgeYears('045y')).toBe(45);
    for (const value of ['', 'Y', 'abc', '45 years', '-5Y', '1.5Y', '000Y', '000D', '999Y'])
      expect(parseAgeYears(value), value).toBeNull();
  });

  it('bands by decade, with 90 and over in one band', () => {
    expect(ageBand(0.5)).toBe('0-9');
    expect(ageBand(9.99)).toBe('0-9');
    expect(ageBand(10)).toBe('10-19');
    expect(ageBand(45)).toBe('40-49');
    expect(ageBand(89)).toBe('80-89');
    expect(ageBand(90)).toBe('90+');
    expect(ageBand(104)).toBe('90+');
    expect(ageBand(-1)).toBeNull();
    expect(ageBand(Number.NaN)).toBeNull();
  });

  it('counts whole years between dates, the birthday included', () => {
    const birth = { year: 1980, month: 12, day: 6 };
    expect(ageInYears(birth, { year: 2011, month: 7, day: 11 })).toBe(30);
    expect(ageInYears(birth, { year: 2011, month: 12, day: 5 })).toBe(30);
    expect(ageInYears(birth, { year: 2011, month: 12, day: 6 })).toBe(31);
    expect(ageInYears(birth, { year: 1979, month: 1, day: 1 })).toBeNull();
  });

  it('uses PatientAge, else birth date against the same header’s dates', () => {
    expect(
      harmoniseAgeBand([createDataset({ PatientAge: '052Y', PatientBirthDate: '20000101' })]),
    ).toBe('50-59');
    const fromDates = createDataset({ PatientBirthDate: '19590421', StudyDate: '20110707' });
    expect(harmoniseAgeBand([fromDates])).toBe('50-59');
    const acquisition = createDataset({
      PatientBirthDate: '1959.04.21',
      AcquisitionDate: '20110707',
    });
    expect(harmoniseAgeBand([acquisition])).toBe('50-59');
    expect(harmoniseAgeBand([createDataset({ PatientBirthDate: '19590421' })])).toBeNull();
  });

  it('ignores de-identification dummies and takes the next header', () => {
    const deidentified = createDataset({
      PatientAge: '000D',
      PatientBirthDate: '19000101',
      StudyDate: '20200101',
    });
    expect(harmoniseAgeBand([deidentified])).toBeNull();
    const original = createDataset({ PatientAge: '071Y' });
    expect(harmoniseAgeBand([original, deidentified])).toBe('70-79');
    expect(harmoniseAgeBand([createDataset({}), createDataset({ PatientAge: '090Y' })])).toBe(
      '90+',
    );
  });
});
