import {
  elementStrings,
  isPrivateCreatorTag,
  isPrivateTag,
  isStringVr,
  lookupPrivate,
  lookupTag,
  lookupUid,
  rawString,
  tagElement,
  tagGroup,
  type DataElement,
  type Dataset,
  type DicomFile,
  type Tag,
  type Vr,
} from '../../dicom/index.js';
import type { DeidOption } from '../deid-option.js';
import { annexERowFor, privatePathComponent, publicPathComponent } from '../profile/index.js';
import {
  CandidateSet,
  type Candidate,
  type CandidateClass,
  type CandidateSource,
} from './candidate.js';
import { elementComponent, labelWithKeyword } from './element-label.js';
import {
  privateDisposition,
  publicDisposition,
  type ElementDisposition,
} from './exemption-policy.js';

/** What the collector needs to know about the de-identification that was applied. */
export interface CollectorPolicy {
  /** The Table E.1-1 options applied (PS3.15 E.3). */
  readonly options: ReadonlySet<DeidOption>;
  /** Path components exempted by the operator (see parseAllowList): the element and all nested in it. */
  readonly allowed: ReadonlySet<string>;
  /**
   * Search for bare times (TM) too. Off by default: a TM has only 86,400
   * values, so on any sizable set a shifted time equals some other original's
   * time by chance (4 % of the outputs of a 1,000-file CT set); dates, and
   * date-times (DT), which carry the identity, are always searched.
   */
  readonly times?: boolean;
}

/** Shortest name component searched for: shorter ones (`LI`, `JO`) are everywhere. */
/** Manufacturer, Manufacturer's Model Name, Software Versions: the scanner's names (see keptCodes). */
const DEVICE_NAME_TAGS: ReadonlySet<number> = new Set([0x00080070, 0x00081090, 0x00181020]);

/** Free-text VRs, whose cleaned values count as kept text (see collectValues). */
const FREE_TEXT_VRS: ReadonlySet<string> = new Set(['LO', 'SH', 'ST', 'LT', 'UT', 'UC']);

export const MIN_NAME_CHARS = 3;
/** Shortest name component in a non-Latin script (CJK, Cyrillic, Greek…) searched for. */
export const MIN_IDEOGRAPHIC_NAME_CHARS = 2;
/** Shortest free-text value searched for. */
export const MIN_TEXT_CHARS = 4;
/** Shortest all-digit free-text value searched for: short numbers are everywhere. */
export const MIN_DIGITS_TEXT_CHARS = 6;
/** Shortest identifier searched for (`StudyID` `1` is no identifier). */
export const MIN_IDENTIFIER_CHARS = 3;
/** Shortest all-digit identifier searched for. */
export const MIN_DIGITS_IDENTIFIER_CHARS = 5;
/** Shortest UID searched for. */
export const MIN_UID_CHARS = 6;
/** Ages from this many years on identify (HIPAA Safe Harbor: ages over 89 are aggregated). */
export const MIN_IDENTIFYING_AGE_YEARS = 90;

/** Attributes that hold identifiers whatever Table E.1-1 calls them (the list). */
const IDENTIFIER_KEYWORDS: ReadonlySet<string> = new Set([
  'PatientID',
  'OtherPatientIDs',
  'AccessionNumber',
  'StudyID',
  'IssuerOfPatientID',
  'MedicalRecordLocator',
  'DeviceSerialNumber',
]);

/**
 * VRs whose Table E.1-1 `…ID` / `…Number` attributes are identifiers: LO, SH
 * and CS, and the UC, UT and AE of X-Ray Detector ID, Lens Serial Number and
 * Network ID.
 */
const IDENTIFIER_VRS: ReadonlySet<Vr> = new Set<Vr>(['LO', 'SH', 'CS', 'UC', 'UT', 'AE']);

/** Free-text VRs whose values of removed attributes are searched for. */
const TEXT_VRS: ReadonlySet<Vr> = new Set<Vr>(['LO', 'SH', 'ST', 'LT', 'UT', 'UC']);

/**
 * Public UI attributes that name a class, syntax, coding scheme or
 * implementation, not an instance: their values are the same for everyone
 * (and often outside the UID registry, e.g. a vendor's private SOP class).
 */
const NON_INSTANCE_UID_KEYWORDS: ReadonlySet<string> = new Set([
  'ImplementationClassUID',
  'PrivateInformationCreatorUID',
  'CodingSchemeUID',
  'ContextGroupExtensionCreatorUID',
  'ContextUID',
  'MappingResourceUID',
  'CreatorVersionUID',
]);

/** A UID in an untyped value: at least three numeric components (not a decimal number). */
/**
 * Values that stand in for a name or text rather than identify anyone
 * (what earlier anonymisers and test data write); searching for them would
 * report every placeholder an output legitimately holds.
 */
const PLACEHOLDERS: ReadonlySet<string> = new Set([
  'anonymous',
  'anonymized',
  'anonymised',
  'anon',
  'deidentified',
  'de-identified',
  'removed',
  'unknown',
  'none',
  'null',
  'n/a',
  'patient',
  'test',
]);

const UID_SHAPE = /^\d+(\.\d+){2,}$/;
const DIGITS = /^\d+$/;
/** Printable ASCII only (tab, CR, LF allowed): a UN value that is text. */
const PRINTABLE = /^[\x20-\x7e\t\r\n]*$/;

/** Counts of what was read, for the summary. */
export interface CollectionCounts {
  readonly files: number;
  readonly elements: number;
}

/**
 * Collects the values of original DICOM files that must not appear in the
 * de-identified outputs: every PN value and name component, identifiers
 * (non-registry UIDs, IDs, numbers), dates, times, ages ≥ 90 and free text
 * of attributes the profile removes, from every level of nesting and from
 * private elements. This is independent of the de-identification engine:
 * it reads only Table E.1-1 and the safe-private list.
 */
export class CandidateCollector {
  private readonly set = new CandidateSet();
  /** Lower-cased values the profile keeps (unlisted or K attributes, safe private elements, creators). */
  private readonly keptValues = new Set<string>();
  /**
   * Kept code strings (CS values, e.g. Body Part Examined `HEAD`) and their
   * words, lower-cased: a name component that is one of them (`CT^HEAD`) is no
   * evidence. Only CS: a free-text or labelled value the profile happens to
   * keep (a Code Meaning, say) may itself hold the patient's name, and must
   * not excuse it. The equipment's own names (Manufacturer, model, software
   * versions) count too: they describe the scanner, and a test patient called
   * "CT^TOSHIBA" does not make the scanner's name PHI.
   */
  private readonly keptCodes = new Set<string>();
  /**
   * UIDs the profile keeps or that name no instance (ImplementationClassUID,
   * SOP classes): an InstanceCreatorUID equal to a toolkit's implementation
   * UID is the toolkit's, not the patient's.
   */
  private readonly keptUids = new Set<string>();
  private fileCount = 0;
  private elementCount = 0;

  constructor(private readonly policy: CollectorPolicy) {}

  /** Adds one original file's values (meta header and data set). */
  addFile(file: DicomFile, path: string): void {
    this.fileCount++;
    this.walk(file.meta, path, '', [], false);
    this.walk(file.dataset, path, '', [], false);
  }

  get counts(): CollectionCounts {
    return { files: this.fileCount, elements: this.elementCount };
  }

  /** The candidates so far, kept values taken out. */
  candidates(): Candidate[] {
    return this.set.candidates((value, cls) => this.isKept(value, cls));
  }

  private isKept(value: string, cls: CandidateClass): boolean {
    if (cls === 'identifier') return this.keptUids.has(value);
    const lower = value.toLowerCase();
    // A one-word text (an institution called "TOSHIBA") that is a word of a
    // kept code or scanner name ("TOSHIBA_MEC") is excused like a name part.
    if (cls === 'text')
      return this.keptValues.has(lower) || (!/\s/.test(lower) && this.keptCodes.has(lower));
    // A whole multi-component name is never excused, a single component may be.
    if (cls === 'name') return !/[\^=]/.test(value) && this.keptCodes.has(lower);
    return false;
  }

  private walk(
    dataset: Dataset,
    file: string,
    prefix: string,
    parentPath: readonly string[],
    insideChanged: boolean,
  ): void {
    for (const tag of dataset.tags()) {
      const element = dataset.elements.get(tag);
      if (element === undefined || tagElement(tag) === 0x0000) continue;
      this.elementCount++;
      const component = elementComponent(dataset, tag);
      if (this.policy.allowed.has(component)) continue;
      const path = `${prefix}${component}`;
      const own = this.dispositionOf(dataset, tag, parentPath);
      // Inside a sequence the profile removes or cleans, an unlisted element
      // goes (or is cleaned) with it: neither searched for nor kept.
      const disposition = insideChanged && own === 'unlisted' ? 'cleaned' : own;
      if (element.items !== undefined) {
        const child = isPrivateTag(tag)
          ? privateChildPath(dataset, tag, parentPath)
          : [...parentPath, publicPathComponent(tag)];
        const changed = insideChanged || own === 'replaced' || own === 'cleaned';
        element.items.forEach((item, index) => {
          this.walk(item, file, `${path}[${index}]/`, child, changed);
        });
        continue;
      }
      if (isPrivateCreatorTag(tag)) {
        if (!insideChanged)
          for (const value of safeStrings(dataset, element)) this.keep(value, 'LO');
        continue;
      }
      this.collectValues(dataset, element, tag, disposition, !insideChanged, {
        attribute: labelWithKeyword(path, tag),
        originalFile: file,
        characterSets: dataset.characterSets(),
        vr: element.vr,
      });
    }
  }

  private dispositionOf(
    dataset: Dataset,
    tag: Tag,
    parentPath: readonly string[],
  ): ElementDisposition {
    if (!isPrivateTag(tag)) return publicDisposition(tag, this.policy.options);
    return privateDisposition(
      this.policy.options,
      dataset.privateCreatorOf(tag),
      tagGroup(tag),
      tagElement(tag) & 0xff,
      parentPath,
    );
  }

  /** Notes a value the profile keeps; code strings also word by word (see keptCodes). */
  private keep(value: string, vr: Vr): void {
    const lower = value.trim().toLowerCase();
    if (lower === '') return;
    this.keptValues.add(lower);
    if (vr !== 'CS') return;
    this.keptCodes.add(lower);
    for (const word of lower.split(/[^\p{L}\p{N}]+/u)) if (word !== '') this.keptCodes.add(word);
  }

  private collectValues(
    dataset: Dataset,
    element: DataElement,
    tag: Tag,
    disposition: ElementDisposition,
    contributesToKept: boolean,
    source: CandidateSource,
  ): void {
    const vr = effectiveVr(dataset, element, tag);
    if (vr === undefined) return;
    // A private UN value whose VR the private dictionary knows is decoded as that VR.
    const values =
      vr === 'UN'
        ? rawString(element).replace(/\0+$/, '').split('\\')
        : safeStrings(dataset, element.vr === vr ? element : { ...element, vr });
    const privateElement = isPrivateTag(tag);
    const kept = disposition === 'kept';
    // Free text the profile cleans (Clean Descriptors) legitimately stays when it
    // held nothing identifying; the name, ID and date candidates still search
    // inside it. The same text in a removed attribute is then no leak.
    const cleanedText = disposition === 'cleaned' && FREE_TEXT_VRS.has(vr);
    if (contributesToKept && (kept || cleanedText || disposition === 'unlisted') && vr !== 'UI') {
      for (const value of values) this.keep(value, DEVICE_NAME_TAGS.has(tag) ? 'CS' : vr);
    }
    const add = (value: string, cls: CandidateClass, boundary: 'token' | 'uid' | 'date'): void =>
      this.set.add(value, cls, boundary, { ...source, vr });
    for (const raw of values) {
      const value = raw.trim();
      if (value === '') continue;
      switch (vr) {
        case 'PN':
          if (!kept) this.addName(value, add);
          break;
        case 'UI':
          if (kept || !isInstanceUid(tag, value)) this.keptUids.add(value);
          else if (value.length >= MIN_UID_CHARS) add(value, 'identifier', 'uid');
          break;
        case 'DA':
          if (!kept) addDates(value, add);
          break;
        case 'DT':
          if (!kept) addDateTimes(value, add);
          break;
        case 'TM':
          if (!kept && this.policy.times === true) addTimes(value, add);
          break;
        case 'AS':
          // Ages ≥ 90 identify whatever the options say (HIPAA Safe Harbor).
          if (isIdentifyingAge(value)) add(value, 'age', 'token');
          break;
        case 'UN':
          // A private value of unknown VR that reads as text: classify by shape.
          if (!kept && privateElement) addUntyped(value, add);
          break;
        default:
          if (kept) break;
          if (!privateElement && IDENTIFIER_VRS.has(vr) && isIdentifierAttribute(tag)) {
            if (isSearchableIdentifier(value)) add(value, 'identifier', 'token');
          } else if (
            TEXT_VRS.has(vr) &&
            (privateElement || disposition === 'replaced') &&
            isSearchableText(value)
          ) {
            add(value, 'text', 'token');
          }
      }
    }
  }

  /**
   * A PN value (PS3.5 section 6.2.1): the whole value, each component group
   * (alphabetic, ideographic, phonetic) and each component.
   */
  private addName(
    value: string,
    add: (value: string, cls: CandidateClass, boundary: 'token') => void,
  ): void {
    const whole = value.replace(/[\^=\s]+$/, '');
    if (isSearchableName(whole.replace(/[\^=]+/g, ' ').trim())) add(whole, 'name', 'token');
    for (const group of value.split('=')) {
      const trimmed = group.replace(/\^+$/, '').trim();
      if (trimmed.includes('^') && isSearchableName(trimmed.replace(/\^+/g, ' ')))
        add(trimmed, 'name', 'token');
      for (const part of group.split('^')) {
        const component = part.trim();
        if (isSearchableName(component)) add(component, 'name', 'token');
      }
    }
  }
}

function privateChildPath(dataset: Dataset, tag: Tag, parentPath: readonly string[]): string[] {
  const creator = dataset.privateCreatorOf(tag);
  if (creator === undefined) return [...parentPath, `(${tag.toString(16).padStart(8, '0')})`];
  return [...parentPath, privatePathComponent(tagGroup(tag), creator, tagElement(tag) & 0xff)];
}

/** Decoded values; a value that cannot be decoded (a damaged number) yields none. */
function safeStrings(dataset: Dataset, element: DataElement): string[] {
  if (element.bytes === undefined) return [];
  try {
    return elementStrings(dataset, element);
  } catch {
    return [];
  }
}

/**
 * The VR to read a value as: its own, or for a private UN element the
 * private dictionary's. Binary VRs yield undefined (nothing to collect).
 */
function effectiveVr(dataset: Dataset, element: DataElement, tag: Tag): Vr | undefined {
  let vr = element.vr;
  if (vr === 'UN' && isPrivateTag(tag)) {
    const creator = dataset.privateCreatorOf(tag);
    const known = creator === undefined ? undefined : lookupPrivate(creator, tag)?.vr;
    if (known !== undefined && known !== 'UN') vr = known;
    else
      return element.bytes !== undefined && PRINTABLE.test(rawString(element).replace(/\0+$/, ''))
        ? 'UN'
        : undefined;
  }
  if (vr === 'UN' || vr === 'SQ') return undefined;
  return isStringVr(vr) ? vr : undefined;
}

function isInstanceUid(tag: Tag, value: string): boolean {
  if (lookupUid(value) !== undefined) return false;
  if (isPrivateTag(tag)) return true;
  const keyword = lookupTag(tag)?.keyword ?? '';
  if (/Class|TransferSyntax/.test(keyword)) return false;
  return !NON_INSTANCE_UID_KEYWORDS.has(keyword);
}

/** Identifier attributes: the list, and Table E.1-1 `…ID`/`…Number` attributes. */
function isIdentifierAttribute(tag: Tag): boolean {
  const keyword = lookupTag(tag)?.keyword ?? '';
  if (IDENTIFIER_KEYWORDS.has(keyword)) return true;
  return annexERowFor(tag) !== undefined && /(ID|Number)$/.test(keyword);
}

function isSearchableIdentifier(value: string): boolean {
  if (isOneRepeatedCharacter(value)) return false;
  if (DIGITS.test(value)) return value.length >= MIN_DIGITS_IDENTIFIER_CHARS;
  return value.length >= MIN_IDENTIFIER_CHARS;
}

function isSearchableText(value: string): boolean {
  if (value.length < MIN_TEXT_CHARS || isOneRepeatedCharacter(value)) return false;
  if (DIGITS.test(value)) return value.length >= MIN_DIGITS_TEXT_CHARS;
  return !PLACEHOLDERS.has(value.toLowerCase());
}

/**
 * A name (component) worth searching for: at least MIN_NAME_CHARS characters,
 * or MIN_IDEOGRAPHIC_NAME_CHARS in non-Latin scripts, where two characters
 * (山田) make a family name; not `XXX`, not a placeholder.
 */
function isSearchableName(value: string): boolean {
  const minimum = /[^\u0000-\u02ff]/.test(value) ? MIN_IDEOGRAPHIC_NAME_CHARS : MIN_NAME_CHARS;
  return (
    [...value].length >= minimum &&
    !isOneRepeatedCharacter(value) &&
    !PLACEHOLDERS.has(value.toLowerCase())
  );
}

function isOneRepeatedCharacter(value: string): boolean {
  const digits = value.replace(/[.:\-+ ]/g, '');
  return digits.length > 0 && [...digits].every((c) => c === digits[0]);
}

type AddFn = (value: string, cls: CandidateClass, boundary: 'token' | 'uid' | 'date') => void;

/** DA values (PS3.5 Table 6.2-1): `YYYYMMDD`, ACR-NEMA `YYYY.MM.DD`, and ranges `A-B`. */
function addDates(value: string, add: AddFn): void {
  for (const part of value.split('-')) {
    const date = part.trim();
    if (/^\d{8}$/.test(date) && !isOneRepeatedCharacter(date)) add(date, 'date', 'date');
    else if (/^\d{4}\.\d{2}\.\d{2}$/.test(date)) {
      add(date, 'date', 'date');
      add(date.replace(/\./g, ''), 'date', 'date');
    }
  }
}

/** DT values ≥ 8 characters, and their date part (a date leaks as DA too). */
function addDateTimes(value: string, add: AddFn): void {
  for (const part of value.split(/-(?=\d{4})/)) {
    const dateTime = part.trim();
    if (dateTime.length < 8 || isOneRepeatedCharacter(dateTime)) continue;
    add(dateTime, 'date', 'date');
    const datePart = dateTime.slice(0, 8);
    if (/^\d{8}$/.test(datePart) && datePart !== dateTime) add(datePart, 'date', 'date');
  }
}

/** TM values ≥ 6 characters, not one repeated digit; `HHMMSS.FFF` also as `HHMMSS`. */
function addTimes(value: string, add: AddFn): void {
  for (const part of value.split('-')) {
    const time = part.trim();
    if (time.length < 6 || isOneRepeatedCharacter(time)) continue;
    add(time, 'time', 'token');
    const whole = /^(\d{6})\./.exec(time)?.[1];
    if (whole !== undefined && !isOneRepeatedCharacter(whole)) add(whole, 'time', 'token');
  }
}

function isIdentifyingAge(value: string): boolean {
  const match = /^(\d{3})Y$/.exec(value);
  return match !== null && Number(match[1]) >= MIN_IDENTIFYING_AGE_YEARS;
}

/** A private value of unknown VR: a UID, a date, or else text. */
function addUntyped(value: string, add: AddFn): void {
  if (UID_SHAPE.test(value)) {
    if (value.length >= MIN_UID_CHARS && lookupUid(value) === undefined)
      add(value, 'identifier', 'uid');
  } else if (/^\d{8}$/.test(value)) {
    addDates(value, add);
  } else if (isSearchableText(value)) {
    add(value, 'text', 'token');
  }
}
