import { describe, expect, it } from 'vitest';
import { DEID_OPTIONS } from '../deid-option.js';
import {
  ANNEX_E_EDITION,
  ANNEX_E_ROWS,
  PRIVATE_ATTRIBUTES_ROW,
  annexERowFor,
  type ActionCode,
} from './index.js';

describe('PS3.15 Table E.1-1 rows', () => {
  it('holds the 621 rows of the 2024b table', () => {
    expect(ANNEX_E_EDITION).toBe('2024b');
    expect(ANNEX_E_ROWS).toHaveLength(621);
    expect(new Set(ANNEX_E_ROWS.map((r) => r.tag)).size).toBe(621);
  });

  it('has the Basic Profile action frequencies the reference README lists', () => {
    const counts = new Map<ActionCode, number>();
    for (const row of ANNEX_E_ROWS) counts.set(row.basic, (counts.get(row.basic) ?? 0) + 1);
    expect(Object.fromEntries(counts)).toEqual({
      X: 384,
      D: 92,
      U: 54,
      Z: 42,
      'X/D': 22,
      'X/Z': 11,
      'X/Z/D': 8,
      'Z/D': 6,
      'X/Z/U*': 2,
    });
  });

  it('maps option columns onto option names, never Clean Pixel Data (no column)', () => {
    const used = new Set(ANNEX_E_ROWS.flatMap((r) => Object.keys(r.options)));
    expect([...used].sort()).toEqual(DEID_OPTIONS.filter((o) => o !== 'cleanPixelData').sort());
  });

  it('cleans note references out of names', () => {
    expect(annexERowFor(0x00880200)?.name).toBe('Icon Image Sequence');
    for (const row of ANNEX_E_ROWS) expect(row.name).not.toMatch(/\n|see Note|^\s|\s$/);
  });

  it('gives Patient ID Z/D, as 2024b does (2023b had Z)', () => {
    expect(annexERowFor(0x00100020)).toEqual({
      tag: '(0010,0020)',
      name: 'Patient ID',
      inStdCompIod: true,
      basic: 'Z/D',
      options: {},
    });
  });

  it('gives Study Date its longitudinal temporal options', () => {
    const row = annexERowFor(0x00080020);
    expect(row?.basic).toBe('Z');
    expect(row?.options).toEqual({
      retainLongitudinalFullDates: 'K',
      retainLongitudinalModifiedDates: 'C',
    });
  });

  it("keeps Patient's Age under Retain Patient Characteristics", () => {
    const row = annexERowFor(0x00101010);
    expect(row?.basic).toBe('X');
    expect(row?.options.retainPatientCharacteristics).toBe('K');
  });

  it('keeps SOP Instance UID only under Retain UIDs', () => {
    expect(annexERowFor(0x00080018)).toMatchObject({ basic: 'U', options: { retainUids: 'K' } });
  });

  it('resolves every exactly listed tag to its own row', () => {
    for (const row of ANNEX_E_ROWS) {
      const match = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/.exec(row.tag);
      if (match === null) continue;
      expect(annexERowFor(Number.parseInt(`${match[1]}${match[2]}`, 16))).toBe(row);
    }
  });
});

describe('annexERowFor repeating-group and private patterns', () => {
  it('resolves curve groups 5000-501E (any element) to Curve Data', () => {
    for (const tag of [0x50000000, 0x50020010, 0x501e3000]) {
      expect(annexERowFor(tag)?.tag).toBe('(50XX,XXXX)');
    }
    expect(annexERowFor(0x50020010)).toMatchObject({
      name: 'Curve Data',
      basic: 'X',
      options: { cleanGraphics: 'C' },
    });
    expect(annexERowFor(0x50200010)).toBeUndefined();
  });

  it('resolves (60xx,3000) and (60xx,4000) of even groups 6000-601E to the overlay rows', () => {
    expect(annexERowFor(0x60023000)).toMatchObject({ tag: '(60XX,3000)', name: 'Overlay Data' });
    expect(annexERowFor(0x601e4000)).toMatchObject({
      tag: '(60XX,4000)',
      name: 'Overlay Comments',
    });
    expect(annexERowFor(0x60000010)).toBeUndefined();
    expect(annexERowFor(0x60203000)).toBeUndefined();
  });

  it('returns undefined for private tags and for tags the table does not list', () => {
    expect(annexERowFor(0x60014000)).toBeUndefined();
    expect(annexERowFor(0x00091001)).toBeUndefined();
    expect(annexERowFor(0x00280010)).toBeUndefined();
  });

  it('has a private attributes row: Basic X, Retain Safe Private C', () => {
    expect(PRIVATE_ATTRIBUTES_ROW).toEqual({
      tag: '(GGGG,EEEE) WHERE GGGG IS ODD',
      name: 'Private Attributes',
      inStdCompIod: false,
      basic: 'X',
      options: { retainSafePrivate: 'C' },
    });
    expect(ANNEX_E_ROWS).toContain(PRIVATE_ATTRIBUTES_ROW);
  });
});
