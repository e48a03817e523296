import {
  Dataset,
  formatTag,
  resolveKey,
  setValue,
  SPECIFIC_CHARACTER_SET_TAG,
  type ElementValue,
  type Fragment,
  type TypedValue,
  type Vr,
} from '../../dicom/index.js';
import type { PhiKind, SafePrivateSource } from './phi-manifest.js';

/** A fabricated identifying value inside an element's value. */
export interface PhiMark {
  readonly kind: PhiKind;
  readonly value: string;
}

/** An element whose value holds the marked identifying values (the whole value or parts of it). */
export interface PlantedSpec {
  readonly plants: readonly PhiMark[];
  readonly spec: ValueSpec;
}

/** A private element that holds nothing identifying and that `source` lists as safe to keep. */
export interface SafeSpec {
  readonly safe: SafePrivateSource;
  readonly spec: TypedValue;
}

/** Items of a sequence. */
export interface TrackedSequence {
  readonly items: readonly TrackedRecord[];
}

/** Encapsulated pixel data (PS3.5 A.4): an empty Basic Offset Table, then one fragment per frame. */
export interface EncapsulatedSpec {
  readonly fragments: readonly Uint8Array[];
}

type ValueSpec = ElementValue | TypedValue | TrackedSequence | EncapsulatedSpec;

/** An element as the PHI set builders write it; `undefined` leaves it out. */
export type TrackedSpec = ValueSpec | PlantedSpec | SafeSpec | undefined;

/** Elements keyed by PS3.6 keyword or `GGGGEEEE` hex tag, values possibly marked. */
export interface TrackedRecord {
  readonly [key: string]: TrackedSpec;
}

/** A planted value as found while building: its element path in the data set. */
export interface TrackedPlant {
  readonly location: string;
  readonly kind: PhiKind;
  readonly value: string;
}

/** A safe private element as found while building. */
export interface TrackedSafe {
  readonly location: string;
  readonly creator: string;
  readonly vr: Vr;
  readonly value: string;
  readonly source: SafePrivateSource;
}

/** What building a record found. */
export interface TrackedDataset {
  readonly dataset: Dataset;
  readonly plants: readonly TrackedPlant[];
  readonly safe: readonly TrackedSafe[];
}

/** The whole value is one fabricated identifier (several for a multi-valued element). */
export function phi(kind: PhiKind, value: string | readonly string[], vr?: Vr): PlantedSpec {
  const values = typeof value === 'string' ? [value] : value;
  return {
    plants: values.map((v) => ({ kind, value: v })),
    spec: vr === undefined ? value : { vr, value },
  };
}

/** A value (free text, a code meaning, a binary blob) that contains the marked identifiers. */
export function containing(spec: ElementValue | TypedValue, ...plants: PhiMark[]): PlantedSpec {
  return { plants, spec };
}

/** A mark for {@link containing}. */
export function mark(kind: PhiKind, value: string): PhiMark {
  return { kind, value };
}

/** A private element safe to keep (PS3.15 E.3.10-1 or the TCIA private tag knowledge base). */
export function safe(source: SafePrivateSource, vr: Vr, value: ElementValue): SafeSpec {
  return { safe: source, spec: { vr, value } };
}

/** A sequence value from its items. */
export function sq(...items: readonly TrackedRecord[]): TrackedSequence {
  return { items };
}

function isObject(spec: unknown): spec is object {
  return (
    typeof spec === 'object' && spec !== null && !Array.isArray(spec) && !ArrayBuffer.isView(spec)
  );
}

function isPlanted(spec: TrackedSpec): spec is PlantedSpec {
  return isObject(spec) && 'plants' in spec;
}

function isSafe(spec: TrackedSpec): spec is SafeSpec {
  return isObject(spec) && 'safe' in spec;
}

function isSequence(spec: TrackedSpec): spec is TrackedSequence {
  return isObject(spec) && 'items' in spec;
}

function isEncapsulated(spec: TrackedSpec): spec is EncapsulatedSpec {
  return isObject(spec) && 'fragments' in spec;
}

function tagOf(key: string): number {
  return /^[0-9A-Fa-f]{8}$/.test(key) ? Number.parseInt(key, 16) >>> 0 : resolveKey(key);
}

function valueText(value: ElementValue): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return (value as readonly unknown[]).map((v) => String(v)).join('\\');
  return Array.from(value as ArrayLike<number>, (v) => String(v)).join('\\');
}

function encapsulated(dataset: Dataset, tag: number, spec: EncapsulatedSpec): void {
  const total = spec.fragments.reduce((n, f) => n + f.length, 0);
  const bytes = new Uint8Array(total);
  const fragments: Fragment[] = [{ offset: 0, length: 0 }];
  let at = 0;
  for (const fragment of spec.fragments) {
    bytes.set(fragment, at);
    fragments.push({ offset: at, length: fragment.length });
    at += fragment.length;
  }
  dataset.set({ tag, vr: 'OB', bytes, offset: 0, length: total, undefinedLength: true, fragments });
}

/**
 * Builds a data set from a record, as `buildDataset` in element-tree does
 * (Specific Character Set first, so that text and sequence items inherit it,
 * PS3.5 section 6.1.2.5.1), and collects where each marked value and safe
 * private element ended up.
 */
export function buildTracked(record: TrackedRecord, parent?: Dataset): TrackedDataset {
  const plants: TrackedPlant[] = [];
  const safeFound: TrackedSafe[] = [];
  const dataset = build(record, parent, '', plants, safeFound);
  return { dataset, plants, safe: safeFound };
}

function build(
  record: TrackedRecord,
  parent: Dataset | undefined,
  prefix: string,
  plants: TrackedPlant[],
  safeFound: TrackedSafe[],
): Dataset {
  const dataset = new Dataset(true, parent);
  const entries = Object.entries(record)
    .filter((entry): entry is [string, Exclude<TrackedSpec, undefined>] => entry[1] !== undefined)
    .map(([key, spec]) => ({ tag: tagOf(key), spec }));
  // Specific Character Set first, then private creators, then the rest: values are encoded as set.
  const order = (tag: number): number =>
    tag === SPECIFIC_CHARACTER_SET_TAG
      ? 0
      : (tag >>> 16) % 2 === 1 && (tag & 0xffff) <= 0xff
        ? 1
        : 2;
  entries.sort((a, b) => order(a.tag) - order(b.tag));
  const pending: { tag: number; items: readonly TrackedRecord[] }[] = [];
  for (const { tag, spec } of entries) {
    const location = `${prefix}${formatTag(tag)}`;
    let inner: Exclude<TrackedSpec, undefined> = spec;
    if (isPlanted(spec)) {
      for (const plant of spec.plants) plants.push({ location, ...plant });
      inner = spec.spec;
    } else if (isSafe(spec)) {
      safeFound.push({
        location,
        creator: '',
        vr: spec.spec.vr,
        value: valueText(spec.spec.value),
        source: spec.safe,
      });
      inner = spec.spec;
    }
    if (isSequence(inner)) pending.push({ tag, items: inner.items });
    else if (isEncapsulated(inner)) encapsulated(dataset, tag, inner);
    else if (!isPlanted(inner) && !isSafe(inner)) setValue(dataset, tag, inner);
  }
  for (const { tag, items } of pending) {
    const built = items.map((item, i) =>
      build(item, dataset, `${prefix}${formatTag(tag)}[${i}]/`, plants, safeFound),
    );
    setValue(dataset, tag, { vr: 'SQ', value: built });
  }
  // Creators are known once the whole level is built.
  for (let i = 0; i < safeFound.length; i++) {
    const found = safeFound[i];
    if (found === undefined || found.creator !== '' || !found.location.startsWith(prefix)) continue;
    const rest = found.location.slice(prefix.length);
    if (rest.includes('/')) continue;
    const tag = Number.parseInt(rest.replace(/[(),]/g, ''), 16) >>> 0;
    safeFound[i] = { ...found, creator: dataset.privateCreatorOf(tag) ?? '' };
  }
  return dataset;
}
