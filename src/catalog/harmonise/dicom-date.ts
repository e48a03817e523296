/** A calendar date read from a DA value. */
export interface CalendarDate {
  readonly year: number;
  /** 1-12. */
  readonly month: number;
  readonly day: number;
}

/**
 * DA is YYYYMMDD (PS3.5 Table 6.2-1); ACR-NEMA 2.0 wrote YYYY.MM.DD, still
 * met in old files (PS3.5 6.2), and some exporters write ISO YYYY-MM-DD.
 */
const DATE_FORMS: readonly RegExp[] = [
  /^(\d{4})(\d{2})(\d{2})$/,
  /^(\d{4})\.(\d{2})\.(\d{2})$/,
  /^(\d{4})-(\d{2})-(\d{2})$/,
];

/**
 * 1900-01-01 is the dummy date de-identifiers write for action D/Z (PS3.15
 * E.1.1; radset's own dummy value too), and what consoles write for an unknown
 * birth date. No study was acquired on it, so it is read as "no date".
 */
const PLACEHOLDER = '1900-01-01';

/** The calendar date of a DA value, or null for garbage, impossible days and the 1900-01-01 placeholder. */
export function parseDicomDate(text: string): CalendarDate | null {
  const trimmed = text.trim();
  for (const form of DATE_FORMS) {
    const match = form.exec(trimmed);
    if (match === null) continue;
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const date = new Date(Date.UTC(year, month - 1, day));
    const valid =
      date.getUTCFullYear() === year &&
      date.getUTCMonth() === month - 1 &&
      date.getUTCDate() === day;
    if (!valid) return null;
    const result = { year, month, day };
    return isoDate(result) === PLACEHOLDER ? null : result;
  }
  return null;
}

/** YYYY-MM-DD. */
export function isoDate(date: CalendarDate): string {
  return `${String(date.year).padStart(4, '0')}-${String(date.month).padStart(2, '0')}-${String(date.day).padStart(2, '0')}`;
}
