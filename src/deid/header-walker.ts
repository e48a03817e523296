import {
  isPrivateCreatorTag,
  lookupKeyword,
  lookupTag,
  lookupUid,
  makeTag,
  setValue,
  tagElement,
  tagGroup,
  type DataElement,
  type Dataset,
  type ElementValue,
  type Tag,
  type Vr,
} from '../dicom/index.js';
import { capAge, shiftDate, shiftDateAndTime, shiftDateTime, shiftTime } from './date-shift.js';
import { OPTION_COLUMN_KEYS, type ColumnOption, type DeidOption } from './deid-option.js';
import type { DeidLogAction, DeidLogEntry } from './deid-log.js';
import { dummyValue, MAX_STRING_LENGTH } from './dummy-value.js';
import { pathStep, type PathStep } from './element-path.js';
import { attributeType } from './iod-attribute-type.js';
import type { DateOffset, KeyedPseudonyms } from './keyed-pseudonym.js';
import type { PhiTerms } from './phi-terms.js';
import {
  annexERowFor,
  lookupSafePrivate,
  type ActionCode,
  type AnnexERow,
} from './profile/index.js';

/** What the header walk needs: the options, the keyed pseudonyms and the patient's PHI. */
export interface HeaderWalkContext {
  readonly options: ReadonlySet<DeidOption>;
  readonly pseudonyms: KeyedPseudonyms;
  readonly offset: DateOffset;
  readonly patientPseudonym: string;
  readonly phi: PhiTerms;
  readonly sopClassUid: string | undefined;
  /** Overlay groups (6000, 6002, …) whose data Clean Graphics has already cleaned. */
  readonly cleanedOverlayGroups: ReadonlySet<number>;
  readonly log: DeidLogEntry[];
}

/** A single (non-compound) action of Table E.1-1 after options and IOD type are applied. */
type SimpleAction = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U';

interface Resolved {
  readonly action: SimpleAction;
  readonly rule: string;
}

const COLUMN_OPTIONS = Object.keys(OPTION_COLUMN_KEYS) as ColumnOption[];
/** Free-text VRs: scrubbed of the patient's identifying values. CS is a code, never free text. */
const TEXT_VRS: ReadonlySet<Vr> = new Set<Vr>(['LO', 'SH', 'ST', 'LT', 'UT', 'UC', 'PN']);
/**
 * Manufacturer, Manufacturer's Model Name, Software Versions: the scanner's
 * names, which E.1-1 keeps and subgroup analyses need. They are not scrubbed:
 * a patient's name word (a phantom called "CT^TOSHIBA") turned "TOSHIBA_MEC"
 * into "***_MEC".
 */
const DEVICE_NAME_TAGS: ReadonlySet<number> = new Set([0x00080070, 0x00081090, 0x00181020]);
const PATIENT_ID_TAG = 0x00100020;
const PATIENT_NAME_TAG = 0x00100010;

function isOverlayGroup(group: number): boolean {
  return group >= 0x6000 && group <= 0x601e && (group & 1) === 0;
}

function isCurveGroup(group: number): boolean {
  return group >= 0x5000 && group <= 0x501e && (group & 1) === 0;
}

/**
 * Resolves a row to one action: an applied option's column wins over the
 * Basic Profile (C before K when two options disagree, the more protective);
 * a compound code resolves by the attribute's type in the IOD (E.1.1).
 */
function resolveRow(
  row: AnnexERow,
  keyword: string,
  context: HeaderWalkContext,
  parentKeyword: string | undefined,
): Resolved {
  let kept: Resolved | undefined;
  for (const option of COLUMN_OPTIONS) {
    if (!context.options.has(option)) continue;
    const code = row.options[option];
    if (code === 'C') return { action: 'C', rule: `${OPTION_COLUMN_KEYS[option]} C` };
    if (code === 'K') kept ??= { action: 'K', rule: `${OPTION_COLUMN_KEYS[option]} K` };
  }
  if (kept !== undefined) return kept;
  return resolveCompound(row.basic, keyword, context.sopClassUid, parentKeyword);
}

function resolveCompound(
  code: ActionCode,
  keyword: string,
  sopClassUid: string | undefined,
  parentKeyword: string | undefined,
): Resolved {
  const type = attributeType(sopClassUid, keyword, parentKeyword);
  if (code === 'X' && type !== 3) {
    // E.1.1 keeps IODs conformant; the table's X assumes Type 3. Where the
    // attribute is required (Requested Procedure ID inside an SR's Referenced
    // Request Sequence, say), it is emptied or dummied instead of removed.
    const action = type === 2 ? 'Z' : 'D';
    return { action, rule: `E.1-1 basic X → ${action} (Type ${type} in this IOD)` };
  }
  if (!code.includes('/')) return { action: code as SimpleAction, rule: `E.1-1 basic ${code}` };
  let action: SimpleAction;
  switch (code) {
    case 'X/Z':
      action = type === 3 ? 'X' : 'Z';
      break;
    case 'X/D':
      action = type === 3 ? 'X' : 'D';
      break;
    case 'Z/D':
      action = type === 1 ? 'D' : 'Z';
      break;
    case 'X/Z/D':
      action = type === 1 ? 'D' : type === 2 ? 'Z' : 'X';
      break;
    default:
      action = type === 1 ? 'U' : type === 2 ? 'Z' : 'X';
  }
  return { action, rule: `E.1-1 basic ${code} → ${action} (Type ${type} in this IOD)` };
}

/**
 * Applies the profile to a data set and, recursively, to every item of every
 * sequence in it (PS3.15 E.1.1: the actions apply at any nesting level).
 * Mutates the data set.
 */
export function walkDataset(
  dataset: Dataset,
  parents: readonly PathStep[],
  context: HeaderWalkContext,
  parentKeyword?: string,
): void {
  new DatasetWalk(dataset, parents, context, parentKeyword).run();
}

class DatasetWalk {
  readonly #handled = new Set<Tag>();
  readonly #droppedOverlayGroups = new Set<number>();

  constructor(
    private readonly dataset: Dataset,
    private readonly parents: readonly PathStep[],
    private readonly context: HeaderWalkContext,
    private readonly parentKeyword: string | undefined,
  ) {}

  run(): void {
    for (const tag of this.dataset.tags()) {
      if (this.#handled.has(tag)) continue;
      const element = this.dataset.elements.get(tag);
      if (element === undefined) continue;
      const group = tagGroup(tag);
      if (group === 0x0002) continue; // file meta is rebuilt by the writer
      if (tagElement(tag) === 0x0000) {
        // Group lengths are retired (PS3.5 7.2) and would be stale after any change.
        this.dataset.delete(tag);
        continue;
      }
      if ((group & 1) === 1) this.#private(element);
      else this.#public(element);
    }
    this.#dropUnusedCreators();
    for (const group of this.#droppedOverlayGroups) {
      for (const tag of this.dataset.tags()) {
        if (tagGroup(tag) === group) {
          this.dataset.delete(tag);
          this.#log(
            tag,
            undefined,
            'removed',
            'overlay removed with its Overlay Data (E.1-1 (60XX,3000) X)',
          );
        }
      }
    }
  }

  #log(tag: Tag, creator: string | undefined, action: DeidLogAction, rule: string): void {
    const path = [...this.parents.map((p) => p.display), pathStep(tag, creator).display].join('/');
    const keyword = creator === undefined ? lookupTag(tag)?.keyword : undefined;
    this.context.log.push(
      keyword === undefined ? { path, action, rule } : { path, keyword, action, rule },
    );
  }

  #public(element: DataElement): void {
    const { tag } = element;
    const group = tagGroup(tag);
    const keyword = lookupTag(tag)?.keyword ?? '';
    const row = annexERowFor(tag);
    if (isOverlayGroup(group) && tagElement(tag) === 0x3000) {
      if (this.context.options.has('cleanGraphics') && this.context.cleanedOverlayGroups.has(group))
        return;
      this.#droppedOverlayGroups.add(group);
      return;
    }
    if (isCurveGroup(group) && row?.basic === 'X' && !this.context.options.has('cleanGraphics')) {
      this.dataset.delete(tag);
      this.#log(tag, undefined, 'removed', 'E.1-1 (50XX,XXXX) X: curves');
      return;
    }
    if (row === undefined) {
      this.#retain(element, { action: 'K', rule: 'not in E.1-1' }, undefined);
      return;
    }
    const resolved = resolveRow(row, keyword, this.context, this.parentKeyword);
    this.#apply(element, resolved, undefined, row);
  }

  #private(element: DataElement): void {
    const { tag } = element;
    if (isPrivateCreatorTag(tag)) return; // kept or dropped with its block, below
    const creator = this.dataset.privateCreatorOf(tag);
    const group = tagGroup(tag);
    if (creator === undefined) {
      this.dataset.delete(tag);
      this.#log(
        tag,
        undefined,
        'removed',
        'private element outside any private creator block (PS3.5 7.8.1)',
      );
      return;
    }
    if (!this.context.options.has('retainSafePrivate')) {
      this.dataset.delete(tag);
      this.#log(tag, creator, 'removed', 'E.1-1 private attributes X');
      return;
    }
    const entry = lookupSafePrivate(
      creator,
      group,
      tagElement(tag) & 0xff,
      this.parents.map((p) => p.signature),
    );
    if (entry === undefined) {
      this.dataset.delete(tag);
      this.#log(tag, creator, 'removed', 'private, not on the safe list (rtnSafePrivOpt)');
      return;
    }
    if (element.vr === 'UN' && entry.vr !== undefined && !entry.vr.split('/').includes('UN')) {
      // The safe lists judge an element by its content as its VR reads it; bytes
      // of unknown VR cannot be checked or scrubbed (TCIA deletes them too).
      this.dataset.delete(tag);
      this.#log(
        tag,
        creator,
        'removed',
        `private on the safe list as ${entry.vr}, but encoded as UN`,
      );
      return;
    }
    const rule = `rtnSafePrivOpt: ${entry.source} ${entry.disposition}`;
    if (entry.disposition === 'hashUid') {
      this.#apply(element, { action: 'U', rule }, creator);
    } else if (entry.disposition === 'shiftDate') {
      this.#retain(element, { action: 'C', rule }, creator, true);
    } else {
      this.#retain(element, { action: 'K', rule }, creator);
    }
  }

  /** Private creators stay only while their block holds an element (PS3.5 7.8.1). */
  #dropUnusedCreators(): void {
    const blocksInUse = new Set<number>();
    for (const tag of this.dataset.elements.keys()) {
      const group = tagGroup(tag);
      if ((group & 1) === 1 && !isPrivateCreatorTag(tag) && tagElement(tag) >= 0x1000) {
        blocksInUse.add(makeTag(group, tagElement(tag) >>> 8));
      }
    }
    for (const tag of [...this.dataset.elements.keys()]) {
      if (isPrivateCreatorTag(tag) && !blocksInUse.has(tag)) {
        this.dataset.delete(tag);
        this.#log(tag, undefined, 'removed', 'private creator of a block with no retained element');
      }
    }
  }

  #apply(
    element: DataElement,
    resolved: Resolved,
    creator: string | undefined,
    row?: AnnexERow,
  ): void {
    const { tag, vr } = element;
    const { action, rule } = resolved;
    if (tag === PATIENT_ID_TAG || tag === PATIENT_NAME_TAG) {
      if (action === 'Z' || action === 'D') {
        // The pseudonym is the dummy value: stable per patient, so a dataset's
        // cases still group by patient (DESIGN.md keyed pseudonyms).
        this.#set(element, this.context.patientPseudonym);
        this.#log(tag, creator, 'pseudonym', rule);
        return;
      }
    }
    switch (action) {
      case 'X':
        this.dataset.delete(tag);
        this.#log(tag, creator, 'removed', rule);
        return;
      case 'Z':
        if (vr === 'SQ') this.#set(element, []);
        else this.#set(element, new Uint8Array(0));
        this.#log(tag, creator, 'emptied', rule);
        return;
      case 'U':
        if (vr === 'SQ') this.#items(element, creator);
        else this.#uids(element, creator, rule);
        return;
      case 'D': {
        if (vr === 'SQ') {
          this.#items(element, creator);
          return;
        }
        if (vr === 'UI') {
          this.#uids(element, creator, rule);
          return;
        }
        const dummy = dummyValue(vr);
        if (dummy === undefined) {
          this.dataset.delete(tag);
          this.#log(tag, creator, 'removed', `${rule}: no dummy for VR ${vr}`);
        } else {
          this.#set(element, dummy);
          this.#log(tag, creator, 'dummy', rule);
        }
        return;
      }
      default:
        // A row the Modified Dates option cleans is a date: C shifts it.
        this.#retain(
          element,
          resolved,
          creator,
          row?.options.retainLongitudinalModifiedDates === 'C',
        );
    }
  }

  /** K and C: keep the element, made safe by its VR (UIDs remapped, dates shifted, text scrubbed). */
  #retain(
    element: DataElement,
    resolved: Resolved,
    creator: string | undefined,
    dateRule = false,
  ): void {
    const { tag, vr } = element;
    const { rule } = resolved;
    const options = this.context.options;
    if (vr === 'SQ' || element.items !== undefined) {
      this.#items(element, creator);
      return;
    }
    switch (vr) {
      case 'UI':
        if (!options.has('retainUids')) this.#uids(element, creator, rule);
        return;
      case 'DA':
      case 'DT':
      case 'TM':
        this.#temporal(element, creator, resolved, dateRule);
        return;
      case 'AS': {
        const value = this.dataset.string(tag);
        if (value !== undefined && capAge(value) !== value) {
          this.#set(element, capAge(value));
          this.#log(tag, creator, 'capped', `${rule}; ages over 89 become 090Y`);
        }
        return;
      }
      case 'PN':
        if (resolved.rule === 'not in E.1-1') {
          // A person name the table does not list (a newer attribute, say) is still a name.
          this.#set(element, new Uint8Array(0));
          this.#log(tag, creator, 'emptied', 'person name not in E.1-1: names never pass');
          return;
        }
        this.#scrub(element, creator, rule);
        return;
      default:
        if (TEXT_VRS.has(vr) && !DEVICE_NAME_TAGS.has(tag)) this.#scrub(element, creator, rule);
    }
  }

  #temporal(
    element: DataElement,
    creator: string | undefined,
    resolved: Resolved,
    dateRule: boolean,
  ): void {
    const { tag, vr } = element;
    const options = this.context.options;
    // Kept on purpose by an option (Full Dates, Device Identity) or the safe list.
    if (resolved.action === 'K' && resolved.rule !== 'not in E.1-1') return;
    if (options.has('retainLongitudinalFullDates')) return;
    const rule = dateRule
      ? resolved.rule
      : `${resolved.rule}; dates not listed are shifted, never kept as they are`;
    const offset = this.context.offset;
    const values = this.dataset.strings(tag) ?? [];
    if (values.length === 0 || values.every((v) => v === '')) return;
    if (vr === 'DA' && values.length === 1) {
      const pair = this.#pairedTime(tag);
      if (pair !== undefined) {
        const shifted = shiftDateAndTime(values[0] ?? '', pair.value, offset);
        if (shifted !== undefined) {
          this.#set(element, shifted.date);
          this.#set(pair.element, shifted.time);
          this.#handled.add(pair.element.tag);
          this.#log(tag, creator, 'shifted', rule);
          this.#log(pair.element.tag, creator, 'shifted', `${rule} (with its date)`);
          return;
        }
      }
    }
    const shift = vr === 'DA' ? shiftDate : vr === 'TM' ? shiftTime : shiftDateTime;
    const out: string[] = [];
    for (const value of values) {
      const shifted = value === '' ? '' : shift(value.trim(), offset);
      if (shifted === undefined) {
        // Not a valid date: it cannot be shifted, and kept it might still be a
        // real one. A dummy keeps a required attribute present and valid.
        this.#set(element, dummyValue(vr) ?? new Uint8Array(0));
        this.#log(tag, creator, 'dummy', `${rule}: not a valid ${vr}, so not shiftable`);
        return;
      }
      out.push(shifted);
    }
    this.#set(element, out);
    this.#log(tag, creator, 'shifted', rule);
  }

  /** The TM that goes with a DA (Study Date → Study Time), when present with one value. */
  #pairedTime(dateTag: Tag): { element: DataElement; value: string } | undefined {
    const keyword = lookupTag(dateTag)?.keyword;
    if (keyword === undefined || !keyword.endsWith('Date')) return undefined;
    const timeTag = lookupKeyword(`${keyword.slice(0, -4)}Time`)?.tag;
    if (timeTag === undefined || this.#handled.has(timeTag)) return undefined;
    const element = this.dataset.elements.get(timeTag);
    const values = this.dataset.strings(timeTag);
    if (element === undefined || element.vr !== 'TM' || values?.length !== 1 || values[0] === '')
      return undefined;
    return { element, value: (values[0] ?? '').trim() };
  }

  #uids(element: DataElement, creator: string | undefined, rule: string): void {
    const { tag } = element;
    const values = this.dataset.strings(tag) ?? [];
    let changed = false;
    const out = values.map((value) => {
      const uid = value.trim();
      // Registry UIDs (SOP classes, transfer syntaxes, coding schemes) identify no one.
      if (uid === '' || lookupUid(uid) !== undefined) return uid;
      changed = true;
      return this.context.pseudonyms.uid(uid);
    });
    if (!changed) return;
    this.#set(element, out);
    this.#log(tag, creator, 'uid', rule);
  }

  #scrub(element: DataElement, creator: string | undefined, rule: string): void {
    const { tag, vr } = element;
    const values = this.dataset.strings(tag);
    if (values === undefined) return;
    let replaced = 0;
    const max = MAX_STRING_LENGTH[vr];
    const out = values.map((value) => {
      const result = this.context.phi.scrub(value);
      replaced += result.replaced;
      return max === undefined ? result.text : result.text.slice(0, max);
    });
    if (replaced === 0) return;
    this.#set(element, out);
    this.#log(tag, creator, 'scrubbed', `${rule}; Clean Descriptors: ${replaced} replaced`);
  }

  #items(element: DataElement, creator: string | undefined): void {
    const step = pathStep(element.tag, creator);
    (element.items ?? []).forEach((item, index) => {
      walkDataset(
        item,
        [...this.parents, { display: `${step.display}[${index}]`, signature: step.signature }],
        this.context,
        creator === undefined ? lookupTag(element.tag)?.keyword : undefined,
      );
    });
  }

  #set(element: DataElement, value: ElementValue): void {
    if (value instanceof Uint8Array && value.length === 0) {
      this.dataset.set({
        tag: element.tag,
        vr: element.vr,
        bytes: value,
        offset: 0,
        length: 0,
        undefinedLength: false,
      });
      return;
    }
    setValue(this.dataset, element.tag, { vr: element.vr, value });
  }
}
