import {
  Dataset,
  createDataset,
  resolveKey,
  setValue,
  type ElementValue,
  type TypedValue,
} from '../dicom/index.js';

/** Items of a sequence, each a record of elements (private sequences need no dictionary VR). */
export interface SequenceValue {
  readonly items: readonly ElementRecord[];
}

/** An element value as the synthetic builders write it; `undefined` leaves the element out. */
export type ElementSpec = ElementValue | TypedValue | SequenceValue | undefined;

/**
 * Elements keyed by PS3.6 keyword or `GGGGEEEE` hex tag (for private
 * elements), the way `createDataset` takes them, with sequences nested.
 */
export interface ElementRecord {
  readonly [key: string]: ElementSpec;
}

/** A sequence value from its items. */
export function sequence(...items: readonly ElementRecord[]): SequenceValue {
  return { items };
}

function isSequence(spec: ElementSpec): spec is SequenceValue {
  return (
    typeof spec === 'object' &&
    spec !== null &&
    'items' in spec &&
    !Array.isArray(spec) &&
    !ArrayBuffer.isView(spec)
  );
}

function tagOf(key: string): number {
  return /^[0-9A-Fa-f]{8}$/.test(key) ? Number.parseInt(key, 16) >>> 0 : resolveKey(key);
}

/**
 * Builds a data set from a record: plain values through `createDataset`,
 * then sequence items built with this data set as their parent, so they
 * inherit its Specific Character Set (PS3.5 section 6.1.2.5.1).
 */
export function buildDataset(record: ElementRecord, parent?: Dataset): Dataset {
  const plain: Record<string, ElementValue | TypedValue> = {};
  const sequences: [string, SequenceValue][] = [];
  for (const [key, spec] of Object.entries(record)) {
    if (spec === undefined) continue;
    if (isSequence(spec)) sequences.push([key, spec]);
    else plain[key] = spec;
  }
  const dataset = createDataset(plain, parent);
  for (const [key, spec] of sequences) {
    const items = spec.items.map((item) => buildDataset(item, dataset));
    setValue(dataset, tagOf(key), { vr: 'SQ', value: items });
  }
  return dataset;
}
