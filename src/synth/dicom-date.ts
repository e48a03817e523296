/** A calendar date as whole days since 1970-01-01 (UTC, no time zone arithmetic). */
export type EpochDay = number;

const MS_PER_DAY = 86_400_000;

/** The DA value (YYYYMMDD, PS3.5 Table 6.2-1) of a day. */
export function formatDa(day: EpochDay): string {
  const date = new Date(day * MS_PER_DAY);
  return `${date.getUTCFullYear()}${String(date.getUTCMonth() + 1).padStart(2, '0')}${String(date.getUTCDate()).padStart(2, '0')}`;
}

/** The day of a calendar date. */
export function epochDay(year: number, month: number, dayOfMonth: number): EpochDay {
  return Math.round(Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY);
}

/** A TM value (HHMMSS.FFFFFF, PS3.5 Table 6.2-1) from seconds after midnight; `fractionDigits` 0 omits the fraction. */
export function formatTm(secondsOfDay: number, fractionDigits = 0): string {
  const clamped = Math.min(Math.max(secondsOfDay, 0), 86_399.999);
  const whole = Math.floor(clamped);
  const hh = String(Math.floor(whole / 3600)).padStart(2, '0');
  const mm = String(Math.floor((whole % 3600) / 60)).padStart(2, '0');
  const ss = String(whole % 60).padStart(2, '0');
  if (fractionDigits === 0) return `${hh}${mm}${ss}`;
  const fraction = String(Math.floor((clamped - whole) * 10 ** fractionDigits)).padStart(
    fractionDigits,
    '0',
  );
  return `${hh}${mm}${ss}.${fraction}`;
}

/** Age in whole years on a day, for someone born on another (birthdays count on the day). */
export function ageInYears(birth: EpochDay, on: EpochDay): number {
  const b = new Date(birth * MS_PER_DAY);
  const d = new Date(on * MS_PER_DAY);
  let years = d.getUTCFullYear() - b.getUTCFullYear();
  if (
    d.getUTCMonth() < b.getUTCMonth() ||
    (d.getUTCMonth() === b.getUTCMonth() && d.getUTCDate() < b.getUTCDate())
  )
    years--;
  return years;
}

/** The AS value (nnnY, PS3.5 Table 6.2-1) for an age in years. */
export function formatAs(years: number): string {
  return `${String(years).padStart(3, '0')}Y`;
}
