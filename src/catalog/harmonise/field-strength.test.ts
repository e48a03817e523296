import { describe, expect, it } from 'vitest';
import { createDataset } from '../../dicom/index.js';
import { fieldStrengthTesla, harmoniseFieldStrength } from './field-strength.js';

describe('field strength', () => {
  it('keeps tesla and converts gauss', () => {
    expect(fieldStrengthTesla(1.5)).toBe(1.5);
    expect(fieldStrengthTesla(3)).toBe(3);
    expect(fieldStrengthTesla(16.44882942)).toBe(16.44882942);
    expect(fieldStrengthTesla(15000)).toBe(1.5);
    expect(fieldStrengthTesla(30000)).toBe(3);
    expect(fieldStrengthTesla(0)).toBeNull();
    expect(fieldStrengthTesla(-3)).toBeNull();
    expect(fieldStrengthTesla(null)).toBeNull();
  });

  it('reads messy DS values', () => {
    expect(harmoniseFieldStrength(createDataset({ MagneticFieldStrength: '1.500000 ' }))).toBe(1.5);
    expect(harmoniseFieldStrength(createDataset({ MagneticFieldStrength: ' 15000' }))).toBe(1.5);
    expect(harmoniseFieldStrength(createDataset({ MagneticFieldStrength: '3\\1.5' }))).toBe(3);
    expect(harmoniseFieldStrength(createDataset({ MagneticFieldStrength: '3T' }))).toBeNull();
    expect(harmoniseFieldStrength(createDataset({}))).toBeNull();
  });
});
