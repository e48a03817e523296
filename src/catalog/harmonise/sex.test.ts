import { describe, expect, it } from 'vitest';
import { createDataset } from '../../dicom/index.js';
import { harmoniseSex, normaliseSex } from './sex.js';

describe('sex', () => {
  it('reads the enumerated values and the spelled-out words', () => {
    expect(normaliseSex('F')).toBe('F');
    expect(normaliseSex('m ')).toBe('M');
    expect(normaliseSex('O')).toBe('O');
    expect(normaliseSex('Female')).toBe('F');
    expect(normaliseSex('MALE')).toBe('M');
    for (const value of ['', 'U', 'UNKNOWN', 'ANONYMIZED', 'X', 'FM'])
      expect(normaliseSex(value), value).toBeNull();
  });

  it('takes the first header that tells', () => {
    const original = createDataset({ PatientSex: 'F' });
    const deidentified = createDataset({ PatientSex: '' });
    expect(harmoniseSex([original, deidentified])).toBe('F');
    expect(harmoniseSex([createDataset({}), createDataset({ PatientSex: 'M' })])).toBe('M');
    expect(harmoniseSex([deidentified])).toBeNull();
  });
});
