import type { Dataset } from '../../dicom/index.js';
import { isoDate, parseDicomDate } from './dicom-date.js';
import { readCode } from './header-read.js';

/** Where the date of an instance's study is read, in order (PS3.3 C.7.2.1, C.7.3.1, C.7.6.1). */
const DATE_KEYWORDS = ['StudyDate', 'SeriesDate', 'AcquisitionDate', 'ContentDate'] as const;

/**
 * The study date as YYYY-MM-DD: Study Date (0008,0020), else Series,
 * Acquisition or Content Date, the first that holds a valid date. In a
 * de-identified header this is the shifted date, which is all the catalog may know.
 */
export function harmoniseStudyDate(dataset: Dataset): string | null {
  for (const keyword of DATE_KEYWORDS) {
    const value = readCode(dataset, keyword);
    const date = value === null ? null : parseDicomDate(value);
    if (date !== null) return isoDate(date);
  }
  return null;
}
