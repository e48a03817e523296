import { describe, expect, it } from 'vitest';
import { formatDa } from '../dicom-date.js';
import {
  asciiCapitals,
  isoDate,
  phiCare,
  phiPatients,
  PHI_INSTITUTIONS,
} from './phi-identities.js';

describe('phiPatients', () => {
  it('keeps patient 1 fixed: SMITH^JOHN, MRN 12345678, follow-up on 2023-04-05', () => {
    for (const seed of ['a', 'b']) {
      const [one] = phiPatients(seed);
      expect(one?.name).toBe('SMITH^JOHN');
      expect(one?.id).toBe('12345678');
      expect(isoDate((one?.priorDay ?? 0) + (one?.followUpDays ?? 0))).toBe('2023-04-05');
    }
  });

  it('draws patients 2 and 3 from the seed, the same for the same seed', () => {
    expect(phiPatients('s1')).toEqual(phiPatients('s1'));
    const ids = (seed: string): string[] => phiPatients(seed).map((p) => p.id);
    expect(ids('s1').slice(1)).not.toEqual(ids('s2').slice(1));
  });

  it('uses a Latin-1 name in ISO_IR 100 and a Japanese one in ISO 2022 IR 87', () => {
    const [, two, three] = phiPatients('x');
    expect(two?.characterSets).toEqual(['ISO_IR 100']);
    expect(two?.name).toMatch(/[\u00c0-\u00ff]/);
    expect(two?.asciiName).toMatch(/^[A-Z^]+$/);
    expect(three?.characterSets).toEqual(['', 'ISO 2022 IR 87']);
    expect(three?.name.split('=')).toHaveLength(3);
  });

  it('puts each follow-up after its prior, on different dates', () => {
    for (const p of phiPatients('y')) {
      expect(p.followUpDays).toBeGreaterThan(30);
      expect(formatDa(p.priorDay)).not.toBe(formatDa(p.priorDay + p.followUpDays));
    }
  });
});

describe('helpers', () => {
  it('asciiCapitals drops accents and capitalises', () => {
    expect(asciiCapitals('Lefèvre^Hélène')).toBe('LEFEVRE^HELENE');
  });

  it('phiCare is deterministic per seed and study', () => {
    const a = phiCare('s', 'PAT1/STUDY1', PHI_INSTITUTIONS.aldric);
    expect(a).toEqual(phiCare('s', 'PAT1/STUDY1', PHI_INSTITUTIONS.aldric));
    expect(a.accessionNumber).toMatch(/^A\d{9}$/);
    expect(a.referringPhysician).toMatch(/\^\^Dr$/);
  });
});
