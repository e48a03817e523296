import type { DateOffset } from './keyed-pseudonym.js';

/**
 * Date and time shifting for the Retain Longitudinal Temporal Information with
 * Modified Dates Option (PS3.15 E.3.6). A value keeps its precision and form:
 * a DA stays 8 digits, a TM keeps its fraction, a DT keeps its UTC offset
 * suffix. Values that do not parse return undefined; the caller removes them
 * rather than keep a date it could not shift.
 */

const SECONDS_PER_DAY = 86_400;
const MS_PER_DAY = SECONDS_PER_DAY * 1000;

const DA = /^(\d{4})(\d{2})(\d{2})$/;
/** ACR-NEMA 2.0 dates, still seen in old files (PS3.5 6.2, "YYYY.MM.DD"). */
const LEGACY_DA = /^(\d{4})\.(\d{2})\.(\d{2})$/;
const TM = /^(\d{2})(?:(\d{2})(?:(\d{2})(\.\d{1,6})?)?)?$/;
const LEGACY_TM = /^(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,6})?)?$/;
const DT =
  /^(\d{4})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(?:(\d{2})(\.\d{1,6})?)?)?)?)?)?([+-]\d{4})?$/;

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

function validDay(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

function formatDate(ms: number): string {
  const date = new Date(ms);
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
}

interface ParsedTime {
  readonly seconds: number;
  /** Components present: 1 HH, 2 HHMM, 3 HHMMSS. */
  readonly precision: 1 | 2 | 3;
  readonly fraction: string;
}

function parseTime(value: string): ParsedTime | undefined {
  const match = TM.exec(value) ?? LEGACY_TM.exec(value);
  if (match === null) return undefined;
  const hours = Number(match[1]);
  const minutes = match[2] === undefined ? 0 : Number(match[2]);
  const secs = match[3] === undefined ? 0 : Number(match[3]);
  // PS3.5 allows 60 for a leap second.
  if (hours > 23 || minutes > 59 || secs > 60) return undefined;
  const precision = match[3] !== undefined ? 3 : match[2] !== undefined ? 2 : 1;
  return {
    seconds: hours * 3600 + minutes * 60 + Math.min(secs, 59),
    precision,
    fraction: match[4] ?? '',
  };
}

function formatTime(seconds: number, precision: 1 | 2 | 3, fraction: string): string {
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const secs = seconds % 60;
  if (precision === 1) return pad(hours, 2);
  if (precision === 2) return `${pad(hours, 2)}${pad(minutes, 2)}`;
  return `${pad(hours, 2)}${pad(minutes, 2)}${pad(secs, 2)}${fraction}`;
}

function dayMs(value: string): number | undefined {
  const match = DA.exec(value) ?? LEGACY_DA.exec(value);
  if (match === null) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!validDay(year, month, day)) return undefined;
  return Date.UTC(year, month - 1, day);
}

/** Shifts a DA by the offset's days (a date alone has no time to carry the seconds into). */
export function shiftDate(value: string, offset: DateOffset): string | undefined {
  const ms = dayMs(value);
  return ms === undefined ? undefined : formatDate(ms + offset.days * MS_PER_DAY);
}

/** Shifts a TM alone by the offset's seconds, wrapping at midnight. */
export function shiftTime(value: string, offset: DateOffset): string | undefined {
  const time = parseTime(value);
  if (time === undefined) return undefined;
  const seconds = (time.seconds + offset.seconds) % SECONDS_PER_DAY;
  return formatTime(seconds, time.precision, time.fraction);
}

/**
 * Shifts a date and its time together (Study Date with Study Time, …): the
 * seconds carry into the date, so the interval between any two shifted
 * date-times equals the original interval exactly.
 */
export function shiftDateAndTime(
  date: string,
  time: string,
  offset: DateOffset,
): { date: string; time: string } | undefined {
  const ms = dayMs(date);
  const parsed = parseTime(time);
  if (ms === undefined || parsed === undefined) return undefined;
  const total = ms / 1000 + parsed.seconds + offset.days * SECONDS_PER_DAY + offset.seconds;
  const day = Math.floor(total / SECONDS_PER_DAY);
  return {
    date: formatDate(day * MS_PER_DAY),
    time: formatTime(total - day * SECONDS_PER_DAY, parsed.precision, parsed.fraction),
  };
}

/** Shifts a DT (PS3.5 Table 6.2-1), keeping its precision and UTC offset suffix. */
export function shiftDateTime(value: string, offset: DateOffset): string | undefined {
  const match = DT.exec(value);
  if (match === null) return undefined;
  const year = Number(match[1]);
  const suffix = match[8] ?? '';
  if (match[2] === undefined || match[3] === undefined) {
    // Year or year-month precision: shift the first day of the period by days.
    const month = match[2] === undefined ? 1 : Number(match[2]);
    if (!validDay(year, month, 1)) return undefined;
    const shifted = formatDate(Date.UTC(year, month - 1, 1) + offset.days * MS_PER_DAY);
    return `${shifted.slice(0, match[2] === undefined ? 4 : 6)}${suffix}`;
  }
  const date = `${match[1]}${match[2]}${match[3]}`;
  if (match[4] === undefined) {
    const shifted = shiftDate(date, offset);
    return shifted === undefined ? undefined : `${shifted}${suffix}`;
  }
  const time = `${match[4]}${match[5] ?? ''}${match[5] === undefined ? '' : (match[6] ?? '')}${match[6] === undefined ? '' : (match[7] ?? '')}`;
  const shifted = shiftDateAndTime(date, time, offset);
  return shifted === undefined ? undefined : `${shifted.date}${shifted.time}${suffix}`;
}

/**
 * Ages over 89 are identifying (HIPAA Safe Harbor): they become 090Y, read as
 * "90 or older". Only a year count can exceed 89 years in an AS value
 * (PS3.5 Table 6.2-1: at most 999 days, weeks or months).
 */
export function capAge(value: string): string {
  const match = /^(\d{3})Y$/.exec(value.trim());
  if (match !== null && Number(match[1]) > 89) return '090Y';
  return value;
}
