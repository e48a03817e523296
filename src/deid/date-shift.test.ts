import { describe, expect, it } from 'vitest';
import { capAge, shiftDate, shiftDateAndTime, shiftDateTime, shiftTime } from './date-shift.js';

const offset = { days: -400, seconds: 3600 + 30 };

describe('date shift', () => {
  it('shifts dates by whole days, across leap years and month ends', () => {
    expect(shiftDate('20240301', offset)).toBe('20230126');
    expect(shiftDate('2024.03.01', offset)).toBe('20230126');
    expect(shiftDate('20240230', offset)).toBeUndefined();
    expect(shiftDate('2024', offset)).toBeUndefined();
  });

  it('shifts times alone with wrap-around, keeping precision and fraction', () => {
    expect(shiftTime('235959.123', offset)).toBe('010029.123');
    expect(shiftTime('1200', offset)).toBe('1300');
    expect(shiftTime('08', offset)).toBe('09');
    expect(shiftTime('12:30:00', offset)).toBe('133030');
    expect(shiftTime('2500', offset)).toBeUndefined();
  });

  it('carries time into the date so intervals are exact', () => {
    expect(shiftDateAndTime('20240301', '233000', offset)).toEqual({
      date: '20230127',
      time: '003030',
    });
    const a = shiftDateAndTime('20240301', '233000', offset)!;
    const b = shiftDateAndTime('20240302', '010000', offset)!;
    const seconds = (d: { date: string; time: string }): number =>
      Date.UTC(+d.date.slice(0, 4), +d.date.slice(4, 6) - 1, +d.date.slice(6, 8)) / 1000 +
      +d.time.slice(0, 2) * 3600 +
      +d.time.slice(2, 4) * 60 +
      +d.time.slice(4, 6);
    expect(seconds(b) - seconds(a)).toBe(5400);
  });

  it('shifts DT at every precision and keeps the UTC offset', () => {
    expect(shiftDateTime('20240301233000.5+0100', offset)).toBe('20230127003030.5+0100');
    expect(shiftDateTime('20240301', offset)).toBe('20230126');
    expect(shiftDateTime('202403', offset)).toBe('202301');
    expect(shiftDateTime('2024', offset)).toBe('2022');
    expect(shiftDateTime('2024030112', offset)).toBe('2023012613');
    expect(shiftDateTime('not a date', offset)).toBeUndefined();
  });

  it('caps ages over 89 at 090Y', () => {
    expect(capAge('095Y')).toBe('090Y');
    expect(capAge('089Y')).toBe('089Y');
    expect(capAge('090Y')).toBe('090Y');
    expect(capAge('011M')).toBe('011M');
  });
});
