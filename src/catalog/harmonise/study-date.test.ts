import { describe, expect, it } from 'vitest';
import { createDataset } from '../../dicom/index.js';
import { isoDate, parseDicomDate } from './dicom-date.js';
import { harmoniseStudyDate } from './study-date.js';

describe('dates', () => {
  it('reads DA, the ACR-NEMA dotted form and ISO dates', () => {
    expect(parseDicomDate('20110707')).toEqual({ year: 2011, month: 7, day: 7 });
    expect(parseDicomDate('2011.07.07 ')).toEqual({ year: 2011, month: 7, day: 7 });
    expect(parseDicomDate('2011-07-07')).toEqual({ year: 2011, month: 7, day: 7 });
    expect(isoDate({ year: 2011, month: 7, day: 7 })).toBe('2011-07-07');
  });

  it('rejects impossible days, garbage and the 1900-01-01 placeholder', () => {
    for (const value of ['20110230', '20111301', '2011', 'yesterday', '', '19000101', '2011077'])
      expect(parseDicomDate(value), value).toBeNull();
    expect(parseDicomDate('20240229')).not.toBeNull();
  });

  it('takes Study Date, else Series, Acquisition or Content Date', () => {
    expect(
      harmoniseStudyDate(createDataset({ StudyDate: '20200929', SeriesDate: '20200930' })),
    ).toBe('2020-09-29');
    expect(harmoniseStudyDate(createDataset({ StudyDate: '', SeriesDate: '20200930' }))).toBe(
      '2020-09-30',
    );
    expect(
      harmoniseStudyDate(createDataset({ StudyDate: '19000101', AcquisitionDate: '20200930' })),
    ).toBe('2020-09-30');
    expect(
      harmoniseStudyDate(createDataset({ StudyDate: 'garbage', ContentDate: '20200930' })),
    ).toBe('2020-09-30');
    expect(harmoniseStudyDate(createDataset({}))).toBeNull();
  });
});
