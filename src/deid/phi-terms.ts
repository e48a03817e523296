import { lookupTag, parseTag, type Dataset } from '../dicom/index.js';
import type { ColumnOption, DeidOption } from './deid-option.js';
import { ANNEX_E_ROWS, annexERowFor } from './profile/index.js';

/**
 * The identifying values of one patient, gathered from every header of that
 * patient that radset sees, and a scrubber that removes them from free text.
 * Names inside a Study Description are a known real-world leak; Clean
 * Descriptors (PS3.15 E.3.5) asks for exactly this kind of cleaning.
 */

/** Attributes whose values identify the patient, a person or a place. */
const IDENTIFYING_KEYWORDS = new Set([
  'PatientID',
  'OtherPatientIDs',
  'IssuerOfPatientID',
  'AccessionNumber',
  'StudyID',
  'MedicalRecordLocator',
  'PatientAddress',
  'PatientTelephoneNumbers',
  'PatientTelecomInformation',
  'RegionOfResidence',
  'InstitutionName',
  'InstitutionAddress',
  'InstitutionalDepartmentName',
  'ReferringPhysicianAddress',
  'ReferringPhysicianTelephoneNumbers',
  'PersonAddress',
  'PersonTelephoneNumbers',
  'StationName',
  'DeviceSerialNumber',
  'MilitaryRank',
  'BranchOfService',
  'PatientInsurancePlanCodeSequence',
  'ResponsibleOrganization',
  'ClinicalTrialSubjectID',
  'ClinicalTrialSubjectReadingID',
  'AdmissionID',
  'ServiceEpisodeID',
  'FillerOrderNumberImagingServiceRequest',
  'PlacerOrderNumberImagingServiceRequest',
  'RequestedProcedureID',
  'ScheduledProcedureStepID',
  'PerformedProcedureStepID',
]);

/** Dates whose appearance in free text identifies (birth, and the study's own dates). */
const DATE_KEYWORDS = new Set([
  'PatientBirthDate',
  'StudyDate',
  'SeriesDate',
  'AcquisitionDate',
  'ContentDate',
  'InstanceCreationDate',
]);

/**
 * Any calendar date typed in free text (2023-04-12, 12.04.2023, 04/12/2023):
 * HIPAA Safe Harbor removes all dates, and a date in a comment need not
 * appear in any header to be the patient's.
 */
const ANY_DATE =
  /(?<!\d)(?:(?:19|20)\d\d[-/.](?:0?[1-9]|1[0-2])[-/.](?:0?[1-9]|[12]\d|3[01])|(?:0?[1-9]|[12]\d|3[01])[-/.](?:0?[1-9]|1[0-2])[-/.](?:19|20)\d\d|(?:0?[1-9]|1[0-2])\/(?:0?[1-9]|[12]\d|3[01])\/(?:19|20)\d\d)(?!\d)/;

/** Digits around a date separator: what any typed date has. */
const MAYBE_DATE = /\d[-/.]\d{1,2}[-/.]\d/;
const NOT_WORD = /[^\p{L}\p{N}]+/u;

const MIN_TERM_LENGTH = 3;
/** Name parts are matched as whole words: two letters is a real surname (Li, Wu). */
const MIN_NAME_PART_LENGTH = 2;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The ways a date is commonly typed into free text. */
function dateForms(value: string): string[] {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (match === null) return [];
  const [, y = '', m = '', d = ''] = match;
  return [
    `${y}${m}${d}`,
    `${y}-${m}-${d}`,
    `${y}/${m}/${d}`,
    `${y}.${m}.${d}`,
    `${d}.${m}.${y}`,
    `${d}/${m}/${y}`,
    `${m}/${d}/${y}`,
    `${d}-${m}-${y}`,
    `${m}-${d}-${y}`,
  ];
}

/**
 * Upper case, accents and punctuation dropped: burned-in text is usually
 * ASCII (Böhm is burned as BOHM) and OCR reads `^` as `*`.
 */
function foldForOcr(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toUpperCase();
}

export class PhiTerms {
  /** Keywords an applied option retains: their values are not PHI to this profile. */
  readonly #retained = new Set<string>();
  /** Substrings removed wherever they appear (IDs, dates, whole names, addresses). */
  readonly #exact = new Set<string>();
  /** Name parts and address words, removed only as whole words. */
  readonly #words = new Set<string>();
  #pattern: RegExp | undefined;
  /** Lower-cased terms and words, for the cheap test that skips most values (see scrub). */
  #exactLower: string[] = [];
  #wordsLower = new Set<string>();

  /** `options`: the profile's; values that an option keeps on purpose are not collected. */
  constructor(options: Iterable<DeidOption> = []) {
    // What an applied option keeps (K in its Table E.1-1 column: device and
    // institution identity, full dates, patient characteristics) is not PHI to
    // this profile, and must not be scrubbed out of itself.
    const applied = [...new Set(options)].filter((o): o is ColumnOption => o !== 'cleanPixelData');
    for (const row of ANNEX_E_ROWS) {
      if (!applied.some((option) => row.options[option] === 'K')) continue;
      const tag = parseTag(row.tag);
      const keyword = tag === undefined ? undefined : lookupTag(tag)?.keyword;
      if (keyword !== undefined) this.#retained.add(keyword);
    }
  }

  /** The terms, to hand to a worker thread (they are PHI: never log them). */
  toJSON(): { exact: string[]; words: string[] } {
    return { exact: [...this.#exact], words: [...this.#words] };
  }

  static fromJSON(json: { exact: readonly string[]; words: readonly string[] }): PhiTerms {
    const terms = new PhiTerms();
    for (const term of json.exact) terms.#exact.add(term);
    for (const word of json.words) terms.#words.add(word);
    return terms;
  }

  get size(): number {
    return this.#exact.size + this.#words.size;
  }

  /** Adds the identifying values of a data set, its sequence items included. */
  addDataset(dataset: Dataset): void {
    for (const [tag, element] of dataset.elements) {
      if (element.items !== undefined) {
        for (const item of element.items) this.addDataset(item);
        continue;
      }
      const keyword = lookupTag(tag)?.keyword ?? '';
      if (this.#retained.has(keyword)) continue;
      if (element.vr === 'PN') {
        for (const value of dataset.strings(tag) ?? []) this.addName(value);
      } else if (IDENTIFYING_KEYWORDS.has(keyword) || this.#isListedIdentifier(tag, keyword)) {
        for (const value of dataset.strings(tag) ?? []) this.addValue(value);
      } else if (element.vr === 'DA' || element.vr === 'DT' || DATE_KEYWORDS.has(keyword)) {
        // Every date of the patient, wherever it sits: typed into a report it identifies.
        for (const value of dataset.strings(tag) ?? []) this.addDate(value.slice(0, 8));
      }
    }
  }

  /**
   * Any other identifier Table E.1-1 does not let through (Detector ID, Device
   * UID, Filler Order Number, …): its value must not survive in free text either.
   */
  #isListedIdentifier(tag: number, keyword: string): boolean {
    if (!/(ID|Number|Numbers)$/.test(keyword)) return false;
    const row = annexERowFor(tag);
    return row !== undefined && row.basic !== 'K';
  }

  addName(value: string): void {
    for (const group of value.split('=')) {
      const parts = group
        .split('^')
        .map((p) => p.trim())
        .filter((p) => p !== '');
      if (parts.length === 0) continue;
      this.#addExact(parts.join(' '));
      this.#addExact(group.trim());
      if (parts.length >= 2) {
        this.#addExact(`${parts[0]} ${parts[1]}`);
        this.#addExact(`${parts[1]} ${parts[0]}`);
      }
      for (const part of parts) {
        for (const word of part.split(/[\s,.-]+/)) {
          if (word.length >= MIN_NAME_PART_LENGTH && /\p{L}/u.test(word)) this.#words.add(word);
        }
      }
    }
    this.#pattern = undefined;
  }

  addValue(value: string): void {
    const trimmed = value.trim();
    this.#addExact(trimmed);
    // Addresses: each component (street, town) on its own.
    for (const part of trimmed.split(/[\^,;]/)) {
      const piece = part.trim();
      if (piece !== trimmed) this.#addExact(piece);
    }
    this.#pattern = undefined;
  }

  addDate(value: string): void {
    for (const form of dateForms(value.trim())) this.#exact.add(form);
    this.#pattern = undefined;
  }

  #addExact(value: string): void {
    if (value.length >= MIN_TERM_LENGTH && !/^\d{1,3}$/.test(value)) this.#exact.add(value);
  }

  #compiled(): RegExp {
    if (this.#pattern !== undefined) return this.#pattern;
    // Longest first, so "JOHN SMITH" goes as one before "JOHN" could match.
    const exact = [...this.#exact].sort((a, b) => b.length - a.length).map(escapeRegExp);
    const words = [...this.#words].sort((a, b) => b.length - a.length).map(escapeRegExp);
    const alternatives = [...exact, ANY_DATE.source];
    if (words.length > 0)
      alternatives.push(`(?<![\\p{L}\\p{N}])(?:${words.join('|')})(?![\\p{L}\\p{N}])`);
    this.#pattern = new RegExp(alternatives.join('|'), 'giu');
    this.#exactLower = [...this.#exact].map((t) => t.toLowerCase());
    this.#wordsLower = new Set([...this.#words].map((w) => w.toLowerCase()));
    return this.#pattern;
  }

  /**
   * A cheap first look: most values (codes, numbers, plain descriptions) hold
   * no term, and the full pattern (a Unicode alternation with look-arounds) is
   * costly to run on every text value of every file. Call after #compiled(),
   * which builds the lower-cased lists.
   */
  #mightMatch(text: string): boolean {
    if (MAYBE_DATE.test(text)) return true;
    const lower = text.toLowerCase();
    for (const term of this.#exactLower) if (lower.includes(term)) return true;
    for (const token of lower.split(NOT_WORD)) if (this.#wordsLower.has(token)) return true;
    return false;
  }

  /**
   * Whether an OCR word is one of the patient's identifying values, or part of
   * one: the word without punctuation is a name part or contained in a term,
   * or it holds a run of 4 digits (IDs, dates).
   */
  matchesWord(word: string): boolean {
    const bare = foldForOcr(word);
    if (bare.length < MIN_TERM_LENGTH) return false;
    if (/\d{4}/.test(bare)) return true;
    for (const w of this.#words) if (foldForOcr(w) === bare) return true;
    for (const term of this.#exact) if (foldForOcr(term).includes(bare)) return true;
    return false;
  }

  /** Replaces every identifying value in `text` with `***`; returns the text and how many were replaced. */
  scrub(text: string): { text: string; replaced: number } {
    const pattern = this.#compiled();
    if (text === '' || !this.#mightMatch(text)) return { text, replaced: 0 };
    let replaced = 0;
    const out = text.replace(pattern, () => {
      replaced++;
      return '***';
    });
    return { text: out, replaced };
  }
}
