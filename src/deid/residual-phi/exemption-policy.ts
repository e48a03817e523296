import { lookupKeyword, parseTag, formatTag, type Tag } from '../../dicom/index.js';
import { RadsetError } from '../../errors.js';
import type { DeidOption } from '../deid-option.js';
import { annexERowFor, lookupSafePrivate, type AnnexERow } from '../profile/index.js';

/**
 * What the applied profile does to an original element, as far as the
 * residual-PHI scan cares:
 * - `kept`: left as is (action K under the options, or a safe private
 *   element kept as is): its original value may legitimately remain;
 * - `cleaned`: action C, the value is cleaned of identifying text but may
 *   keep the rest;
 * - `replaced`: removed, emptied, dummied or replaced (X, Z, D, U and their
 *   compounds; private elements the profile does not keep; safe private
 *   elements whose UID is hashed or date shifted);
 * - `unlisted`: a public element Table E.1-1 does not list: the profile
 *   leaves it alone.
 */
export type ElementDisposition = 'kept' | 'cleaned' | 'replaced' | 'unlisted';

/**
 * The action of a Table E.1-1 row under the applied options (PS3.15 E.3):
 * an option that keeps the attribute wins over one that cleans it, and any
 * option column filled wins over the Basic Profile.
 */
export function actionUnderOptions(row: AnnexERow, options: ReadonlySet<DeidOption>): string {
  let kept = false;
  let cleaned = false;
  for (const [option, code] of Object.entries(row.options)) {
    if (!options.has(option as DeidOption)) continue;
    if (code === 'K') kept = true;
    else if (code === 'C') cleaned = true;
  }
  return kept ? 'K' : cleaned ? 'C' : row.basic;
}

/** The disposition of a public element (even group) under the applied options. */
export function publicDisposition(tag: Tag, options: ReadonlySet<DeidOption>): ElementDisposition {
  const row = annexERowFor(tag);
  if (row === undefined) return 'unlisted';
  const action = actionUnderOptions(row, options);
  return action === 'K' ? 'kept' : action === 'C' ? 'cleaned' : 'replaced';
}

/**
 * The disposition of a private element: under Retain Safe Private (PS3.15
 * E.3.10) an element on the safe list is kept (or its UID hashed / date
 * shifted, which changes the value); every other private element is removed.
 */
export function privateDisposition(
  options: ReadonlySet<DeidOption>,
  creator: string | undefined,
  group: number,
  elementByte: number,
  parentPath: readonly string[],
): ElementDisposition {
  if (!options.has('retainSafePrivate') || creator === undefined) return 'replaced';
  const safe = lookupSafePrivate(creator, group, elementByte, parentPath);
  if (safe === undefined) return 'replaced';
  return safe.disposition === 'keep' ? 'kept' : 'replaced';
}

/**
 * Parses the operator's `--allow` entries: a PS3.6 keyword (`InstitutionName`),
 * a tag (`(0008,0080)`, `00080080`) or a private element `(0029,"CREATOR",10)`.
 * Returns the path components (as {@link elementComponent} writes them) that
 * are exempt, with everything nested in them.
 */
export function parseAllowList(entries: readonly string[]): ReadonlySet<string> {
  const out = new Set<string>();
  for (const entry of entries) {
    const trimmed = entry.trim();
    const privateMatch = /^\(([0-9a-fA-F]{4}),"([^"]+)",([0-9a-fA-F]{2})\)$/.exec(trimmed);
    if (privateMatch !== null) {
      const [, group = '', creator = '', byte = ''] = privateMatch;
      out.add(`(${group.toUpperCase()},"${creator}",${byte.toUpperCase()})`);
      continue;
    }
    const tag = parseTag(trimmed) ?? lookupKeyword(trimmed)?.tag;
    if (tag === undefined) {
      throw new RadsetError(
        'USAGE',
        `--allow ${JSON.stringify(entry)}: not a DICOM keyword, a tag (GGGG,EEEE) or a private element (GGGG,"CREATOR",EE)`,
      );
    }
    out.add(formatTag(tag));
  }
  return out;
}
