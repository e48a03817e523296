/**
 * What the bench compares between an original and a tool's output, read once
 * per file with radset's header reader (stops before Pixel Data): the values
 * of the attributes that should survive, the UIDs, and the de-identification
 * markers of PS3.15 E.1.1 (Patient Identity Removed; De-identification Method
 * Code Sequence and/or De-identification Method).
 */
import { isStringVr, readDicomFileSync, type Dataset } from '../../src/dicom/index.js';
import { KEPT_BASIC, KEPT_BY_OPTIONS } from './kept-attributes.js';

export interface HeaderFacts {
  /** Keyword → value text ('' when present but empty); absent keywords are missing. */
  readonly values: ReadonlyMap<string, string>;
  readonly SOPInstanceUID: string | undefined;
  readonly StudyInstanceUID: string | undefined;
  readonly SeriesInstanceUID: string | undefined;
  readonly PatientIdentityRemoved: string | undefined;
  readonly hasDeidentificationMethod: boolean;
  readonly hasDeidentificationMethodCodeSequence: boolean;
}

/** DS and IS compare as numbers (a writer may re-format "2.0" as "2"). */
function valueText(dataset: Dataset, keyword: string): string | undefined {
  const element = dataset.element(keyword);
  if (element === undefined) return undefined;
  if (element.length === 0) return '';
  if (isStringVr(element.vr) && element.vr !== 'DS' && element.vr !== 'IS')
    return (dataset.strings(keyword) ?? []).map((s) => s.trim()).join('\\');
  return (dataset.numbers(keyword) ?? []).join('\\');
}

const WATCHED = [...KEPT_BASIC, ...KEPT_BY_OPTIONS];

export function readHeaderFacts(file: string): HeaderFacts {
  const { dataset } = readDicomFileSync(file, { headerOnly: true });
  const values = new Map<string, string>();
  for (const keyword of WATCHED) {
    const text = valueText(dataset, keyword);
    if (text !== undefined) values.set(keyword, text);
  }
  return {
    values,
    SOPInstanceUID: dataset.string('SOPInstanceUID'),
    StudyInstanceUID: dataset.string('StudyInstanceUID'),
    SeriesInstanceUID: dataset.string('SeriesInstanceUID'),
    PatientIdentityRemoved: dataset.string('PatientIdentityRemoved'),
    hasDeidentificationMethod: dataset.string('DeidentificationMethod') !== undefined,
    hasDeidentificationMethodCodeSequence:
      (dataset.sequence('DeidentificationMethodCodeSequence')?.length ?? 0) > 0,
  };
}

/** Reads headers once per path; unreadable files are remembered with their error. */
export class HeaderCache {
  private readonly cache = new Map<string, HeaderFacts | Error>();

  get(file: string): HeaderFacts | Error {
    let facts = this.cache.get(file);
    if (facts === undefined) {
      try {
        facts = readHeaderFacts(file);
      } catch (error) {
        facts = error instanceof Error ? error : new Error(String(error));
      }
      this.cache.set(file, facts);
    }
    return facts;
  }

  /** Forgets outputs (keeps memory flat across tools); originals stay cached. */
  forget(files: Iterable<string>): void {
    for (const file of files) this.cache.delete(file);
  }
}
