/**
 * Safe private attributes for the Retain Safe Private Option (PS3.15 E.3.10):
 * PS3.15 Table E.3.10-1 and the TCIA Private Tag Knowledge Base, decoded from
 * the generated safe-private-data.ts and tcia-private-data.ts.
 */
import { RadsetError } from '../../errors.js';
import { SAFE_PRIVATE_TABLE } from './safe-private-data.js';
import { TCIA_PRIVATE_SOURCE, TCIA_PRIVATE_TABLE } from './tcia-private-data.js';

/**
 * What to do with a safe private element: keep it as is, replace the UID it
 * holds as for action U, or shift the date it holds as for the Retain
 * Longitudinal Temporal Information Modified Dates Option (E.3.6).
 */
export type SafePrivateDisposition = 'keep' | 'hashUid' | 'shiftDate';

/** One private element known to be safe to retain. */
export interface SafePrivateEntry {
  /** The private creator (PS3.5 section 7.8.1) that reserves the element's block. */
  readonly creator: string;
  /** The odd group number. */
  readonly group: number;
  /** The element number's low byte (gggg,xxEE). */
  readonly elementByte: number;
  /**
   * The VR(s) the source gives, `/`-joined (`OW/OB`); undefined when it gives
   * none. TCIA deletes the UN-encoded variant of many elements it keeps when
   * their VR is known; such an entry lists only the known VRs.
   */
  readonly vr: string | undefined;
  readonly disposition: SafePrivateDisposition;
  readonly source: 'PS3.15 E.3.10-1' | 'TCIA PTKB 2024-02-01';
  /** What the element holds, as the source names it. */
  readonly name: string;
}

const E3101_SOURCE = 'PS3.15 E.3.10-1';
const TCIA_DISPOSITIONS: Readonly<Record<string, SafePrivateDisposition>> = {
  k: 'keep',
  h: 'hashUid',
  o: 'shiftDate',
};

interface SafePrivateIndex {
  /** E.3.10-1, keyed by the element's own signature component: matches at any depth. */
  readonly e3101: ReadonlyMap<string, SafePrivateEntry>;
  /** TCIA, keyed by the full signature path: matches only there. */
  readonly tcia: ReadonlyMap<string, SafePrivateEntry>;
}

let index: SafePrivateIndex | undefined;

function corrupt(file: string, row: string, what: string): RadsetError {
  return new RadsetError(
    'INTERNAL',
    `src/deid/profile/${file} row ${JSON.stringify(row)}: ${what}; regenerate it with scripts/generate-deid-profile.py`,
  );
}

const LEAF = /^\(([0-9a-f]{4}),"([^"]+)",([0-9a-f]{2})\)$/;

function decodeEntry(
  file: string,
  row: string,
  signature: string | undefined,
  vr: string | undefined,
  disposition: SafePrivateDisposition | undefined,
  source: SafePrivateEntry['source'],
  name: string | undefined,
): SafePrivateEntry {
  if (signature === undefined || vr === undefined || name === undefined) {
    throw corrupt(file, row, 'missing fields');
  }
  if (disposition === undefined) throw corrupt(file, row, 'unknown disposition');
  // Creators hold neither '"' nor '[<' (the generator checks), so the leaf
  // component starts after the last item marker.
  const leaf = LEAF.exec(signature.slice(signature.lastIndexOf(']') + 1));
  if (leaf === null) throw corrupt(file, row, 'the element is not a private signature');
  const [, group = '', creator = '', elementByte = ''] = leaf;
  return Object.freeze({
    creator,
    group: Number.parseInt(group, 16),
    elementByte: Number.parseInt(elementByte, 16),
    vr: vr === '' ? undefined : vr,
    disposition,
    source,
    name,
  });
}

function buildIndex(): SafePrivateIndex {
  const e3101 = new Map<string, SafePrivateEntry>();
  for (const row of SAFE_PRIVATE_TABLE) {
    const [signature, vr, name] = row.split('\t');
    const entry = decodeEntry(
      'safe-private-data.ts',
      row,
      signature,
      vr,
      'keep',
      E3101_SOURCE,
      name,
    );
    e3101.set(signature ?? '', entry);
  }
  const tcia = new Map<string, SafePrivateEntry>();
  const source: SafePrivateEntry['source'] = TCIA_PRIVATE_SOURCE;
  for (const row of TCIA_PRIVATE_TABLE) {
    const [signature, vr, code = '', name] = row.split('\t');
    const disposition = TCIA_DISPOSITIONS[code];
    const entry = decodeEntry(
      'tcia-private-data.ts',
      row,
      signature,
      vr,
      disposition,
      source,
      name,
    );
    tcia.set(signature ?? '', entry);
  }
  index = { e3101, tcia };
  return index;
}

/** A private creator as compared: LO padding (trailing spaces, NULs) removed (PS3.5 section 6.2). */
function trimCreator(creator: string): string {
  const last = creator.charCodeAt(creator.length - 1);
  return last === 0x20 || last === 0 ? creator.replace(/[ \0]+$/, '') : creator;
}

function leafComponent(creator: string, group: number, elementByte: number): string {
  return `(${group.toString(16).padStart(4, '0')},"${trimCreator(creator)}",${elementByte.toString(16).padStart(2, '0')})`;
}

/**
 * The path component of a private sequence element for
 * {@link lookupSafePrivate}'s `parentPath`: `(gggg,"creator",ee)`, lowercase
 * hex, creator padding removed.
 */
export function privatePathComponent(group: number, creator: string, elementByte: number): string {
  if (!Number.isInteger(group) || group < 0 || group > 0xffff || (group & 1) === 0) {
    throw new RadsetError('INVALID_ARGUMENT', `private group ${group} is not an odd 16-bit group`);
  }
  if (!Number.isInteger(elementByte) || elementByte < 0 || elementByte > 0xff) {
    throw new RadsetError('INVALID_ARGUMENT', `private element byte ${elementByte} is not 0-255`);
  }
  return leafComponent(creator, group, elementByte);
}

/**
 * The path component of a public sequence element for
 * {@link lookupSafePrivate}'s `parentPath`: `(gggg,eeee)`, lowercase hex.
 */
export function publicPathComponent(tag: number): string {
  return `(${(tag >>> 0)
    .toString(16)
    .padStart(8, '0')
    .replace(/^(.{4})/, '$1,')})`;
}

/**
 * Is this private element safe to retain (Retain Safe Private Option, PS3.15
 * E.3.10)? `parentPath`: the enclosing sequence elements from the top level
 * down, each as `(gggg,eeee)` (lowercase hex) for public or
 * `(gggg,"creator",ee)` for private (TCIA signature form, element byte two
 * lowercase hex digits; see {@link publicPathComponent} and
 * {@link privatePathComponent}). Match is by creator (exact, after trimming
 * trailing spaces/NULs), group and element byte — never by group number
 * alone. E.3.10-1 entries match at any depth; TCIA entries match only their
 * exact path (top-level TCIA entries only at top level). When both match,
 * E.3.10-1 wins.
 */
export function lookupSafePrivate(
  creator: string,
  group: number,
  elementByte: number,
  parentPath: readonly string[],
): SafePrivateEntry | undefined {
  const { e3101, tcia } = index ?? buildIndex();
  const leaf = leafComponent(creator, group, elementByte);
  const standard = e3101.get(leaf);
  if (standard !== undefined) return standard;
  let path = '';
  for (let depth = 0; depth < parentPath.length; depth++) {
    path += `${parentPath[depth]}[<${depth}>]`;
  }
  return tcia.get(path + leaf);
}

/** How many entries each source contributes. */
export function safePrivateEntryCount(): { e3101: number; tcia: number } {
  const { e3101, tcia } = index ?? buildIndex();
  return { e3101: e3101.size, tcia: tcia.size };
}
