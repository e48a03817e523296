import { describe, expect, it } from 'vitest';
import { foldKey, foldText, foldWords } from './fold-text.js';

describe('text folding', () => {
  it('drops accents, splits camelCase and upper-cases', () => {
    expect(foldText('MÚSC-ESQUEL')).toBe('MUSC-ESQUEL');
    expect(foldText('Schädel')).toBe('SCHADEL');
    expect(foldText('AbdomenPelvis')).toBe('ABDOMEN PELVIS');
    expect(foldText('Fuß')).toBe('FUSS');
  });

  it('turns separators into single spaces and splits digits from letters', () => {
    expect(foldWords('c-spine')).toBe('C SPINE');
    expect(foldWords(' abd/pel ')).toBe('ABD PEL');
    expect(foldWords('Thorax^1HEAD_NECK_PETCT')).toBe('THORAX 1 HEAD NECK PETCT');
    expect(foldWords('STD BRAIN 5MM')).toBe('STD BRAIN 5 MM');
  });

  it('drops separators for term keys', () => {
    expect(foldKey('C-SPINE')).toBe('CSPINE');
    expect(foldKey('whole body')).toBe('WHOLEBODY');
    expect(foldKey('Abd_Pelv')).toBe('ABDPELV');
  });
});
