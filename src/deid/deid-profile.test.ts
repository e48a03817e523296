import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DEID_OPTIONS } from './deid-option.js';
import { defaultDeidProfile, loadDeidProfile, parseDeidProfile } from './deid-profile.js';

describe('de-identification profile', () => {
  it('defaults to the Basic Profile with the research options', () => {
    const profile = defaultDeidProfile();
    expect([...profile.options]).toEqual([...DEFAULT_DEID_OPTIONS]);
    expect(profile.ocr).toBe(true);
  });

  it('parses a profile file', () => {
    const folder = mkdtempSync(join(tmpdir(), 'radset-profile-'));
    const file = join(folder, 'p.json');
    writeFileSync(file, JSON.stringify({ version: 1, options: ['retainUids'], ocr: false }));
    const profile = loadDeidProfile(file);
    expect([...profile.options]).toEqual(['retainUids']);
    expect(profile.ocr).toBe(false);
    expect(profile.source).toBe(file);
  });

  it('names the file and field of what is wrong', () => {
    expect(() => parseDeidProfile({ version: 1, options: ['retainEverything'] }, 'p.json')).toThrow(
      /p\.json: unknown option 'retainEverything'/,
    );
    expect(() =>
      parseDeidProfile(
        { version: 1, options: ['retainLongitudinalFullDates', 'retainLongitudinalModifiedDates'] },
        'p.json',
      ),
    ).toThrow(/exclude each other/);
    expect(() => parseDeidProfile({ version: 2, options: [] }, 'p.json')).toThrow(
      /'version' must be 1/,
    );
    expect(() => parseDeidProfile({ version: 1, options: [], extra: 1 }, 'p.json')).toThrow(
      /unknown field 'extra'/,
    );
    expect(() => parseDeidProfile([], 'p.json')).toThrow(/JSON object/);
    expect(() => parseDeidProfile({ version: 1, options: 'all' }, 'p.json')).toThrow(/'options'/);
    expect(() => loadDeidProfile('/nonexistent/profile.json')).toThrow(/cannot read profile/);
  });
});
