import type { Dataset } from '../../dicom/index.js';
import { parseDicomDate, type CalendarDate } from './dicom-date.js';
import { readCode } from './header-read.js';

const DAYS_PER_YEAR = 365.25;

/** Ages above this are data errors, not patients. */
const MAX_PLAUSIBLE_YEARS = 130;

/**
 * PatientAge (0010,1010) as years. AS is nnnD, nnnW, nnnM or nnnY (PS3.5
 * Table 6.2-1); consoles also write the number alone (read as years), fewer
 * digits, or a space before the unit. A zero age is read as unknown: "000Y"
 * and "000D" are what anonymisers and de-identifiers write as dummy values
 * (radset's own dummy AS is 000D), and a genuine newborn's age then comes from
 * the dates or stays unknown, never a wrong band.
 */
export function parseAgeYears(text: string): number | null {
  const match = /^(\d{1,3}) ?([DWMY])?$/i.exec(text.trim());
  if (match === null) return null;
  const count = Number(match[1]);
  if (count === 0) return null;
  const unit = (match[2] ?? 'Y').toUpperCase();
  const years =
    unit === 'D'
      ? count / DAYS_PER_YEAR
      : unit === 'W'
        ? (count * 7) / DAYS_PER_YEAR
        : unit === 'M'
          ? count / 12
          : count;
  return years > MAX_PLAUSIBLE_YEARS ? null : years;
}

/** Age in whole years on a date (the birthday counts from its own day), or null when born after it. */
export function ageInYears(birth: CalendarDate, on: CalendarDate): number | null {
  const beforeBirthday = on.month < birth.month || (on.month === birth.month && on.day < birth.day);
  const years = on.year - birth.year - (beforeBirthday ? 1 : 0);
  return years < 0 || years > MAX_PLAUSIBLE_YEARS ? null : years;
}

/**
 * The decade band of an age: '0-9', '10-19', … '80-89', then '90+'. Ages of
 * 90 and over are one band, as HIPAA Safe Harbor (45 CFR 164.514(b)(2)(i)(C))
 * and radset's de-identifier (which caps PatientAge at 090Y) aggregate them.
 */
export function ageBand(years: number): string | null {
  if (!Number.isFinite(years) || years < 0) return null;
  const decade = Math.floor(years / 10) * 10;
  return decade >= 90 ? '90+' : `${decade}-${decade + 9}`;
}

/** Dates an age is reckoned on when PatientAge is absent, in order. */
const REFERENCE_DATE_KEYWORDS = ['StudyDate', 'AcquisitionDate', 'SeriesDate', 'ContentDate'];

function dateOf(dataset: Dataset, keyword: string): CalendarDate | null {
  const value = readCode(dataset, keyword);
  return value === null ? null : parseDicomDate(value);
}

/**
 * An age band from one header: PatientAge, else PatientBirthDate against the
 * study (or acquisition, series, content) date of the same header, so a
 * shifted birth date is only ever compared with dates shifted alike.
 */
function ageBandOf(dataset: Dataset): string | null {
  const age = readCode(dataset, 'PatientAge');
  const years = age === null ? null : parseAgeYears(age);
  if (years !== null) return ageBand(years);
  const birth = dateOf(dataset, 'PatientBirthDate');
  if (birth === null) return null;
  for (const keyword of REFERENCE_DATE_KEYWORDS) {
    const on = dateOf(dataset, keyword);
    if (on === null) continue;
    const fromDates = ageInYears(birth, on);
    return fromDates === null ? null : ageBand(fromDates);
  }
  return null;
}

/**
 * The age band of the patient, from the first header that tells it: the
 * original (pre-de-identification) header first, since the Basic Profile
 * removes PatientAge and PatientBirthDate (PS3.15 Table E.1-1), then the
 * de-identified one (which keeps PatientAge under the Retain Patient
 * Characteristics Option).
 */
export function harmoniseAgeBand(headers: readonly Dataset[]): string | null {
  for (const dataset of headers) {
    const band = ageBandOf(dataset);
    if (band !== null) return band;
  }
  return null;
}
