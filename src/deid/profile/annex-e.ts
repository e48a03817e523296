/**
 * PS3.15 Table E.1-1 (Application Level Confidentiality Profile Attributes) as
 * typed rows, decoded from the generated annex-e-data.ts.
 */
import { RadsetError } from '../../errors.js';
import { OPTION_COLUMN_KEYS, type ColumnOption } from '../deid-option.js';
import { ANNEX_E_TABLE, ANNEX_E_TABLE_EDITION } from './annex-e-data.js';

/**
 * The actions of PS3.15 Table E.1-1 (legend in E.1.1): D dummy value, Z zero
 * length or dummy, X remove, K keep, C clean, U replace UID. Compound codes
 * (`X/Z`, `X/D`, `Z/D`, `X/Z/D`, `X/Z/U*`) resolve by the attribute's type in
 * the IOD: the least destructive action the IOD allows.
 */
export type ActionCode =
  'D' | 'Z' | 'X' | 'K' | 'C' | 'U' | 'X/Z' | 'X/D' | 'Z/D' | 'X/Z/D' | 'X/Z/U*';

const ACTION_CODES: ReadonlySet<string> = new Set<ActionCode>([
  'D',
  'Z',
  'X',
  'K',
  'C',
  'U',
  'X/Z',
  'X/D',
  'Z/D',
  'X/Z/D',
  'X/Z/U*',
]);

/** The DICOM edition of Table E.1-1 that radset applies (e.g. `2024b`). */
export const ANNEX_E_EDITION: string = ANNEX_E_TABLE_EDITION;

/** One row of PS3.15 Table E.1-1. */
export interface AnnexERow {
  /** As in the table: `(0008,0050)`, or a pattern such as `(60XX,3000)`. */
  readonly tag: string;
  /** The attribute name, without the table's note references. */
  readonly name: string;
  /** The "In Std. Comp. IOD" column: the attribute is in a standard composite IOD. */
  readonly inStdCompIod: boolean;
  /** The Basic Profile action. */
  readonly basic: ActionCode;
  /** The action of each option whose column is filled for this row (E.3). */
  readonly options: Readonly<Partial<Record<ColumnOption, ActionCode>>>;
}

const OPTION_OF_COLUMN_KEY: ReadonlyMap<string, ColumnOption> = new Map(
  (Object.entries(OPTION_COLUMN_KEYS) as [ColumnOption, string][]).map(([option, key]) => [
    key,
    option,
  ]),
);

function corrupt(row: string, what: string): RadsetError {
  return new RadsetError(
    'INTERNAL',
    `src/deid/profile/annex-e-data.ts row ${JSON.stringify(row)}: ${what}; regenerate it with scripts/generate-deid-profile.py`,
  );
}

function actionCode(row: string, code: string | undefined): ActionCode {
  if (code === undefined || !ACTION_CODES.has(code)) {
    throw corrupt(row, `unknown action code ${JSON.stringify(code)}`);
  }
  return code as ActionCode;
}

function decodeRow(row: string): AnnexERow {
  const [tag, name, stdCompIod, basic, optionText] = row.split('\t');
  if (tag === undefined || name === undefined || optionText === undefined) {
    throw corrupt(row, 'expected five tab-separated fields');
  }
  const options: Partial<Record<ColumnOption, ActionCode>> = {};
  for (const pair of optionText === '' ? [] : optionText.split(' ')) {
    const [key = '', code] = pair.split('=');
    const option = OPTION_OF_COLUMN_KEY.get(key);
    if (option === undefined) throw corrupt(row, `unknown option column ${JSON.stringify(key)}`);
    options[option] = actionCode(row, code);
  }
  return Object.freeze({
    tag,
    name,
    inStdCompIod: stdCompIod === 'Y',
    basic: actionCode(row, basic),
    options: Object.freeze(options),
  });
}

/** Every row of Table E.1-1, in the table's order (by name), patterns included. */
export const ANNEX_E_ROWS: readonly AnnexERow[] = Object.freeze(ANNEX_E_TABLE.map(decodeRow));

function rowWithTag(tag: string): AnnexERow {
  const row = ANNEX_E_ROWS.find((r) => r.tag === tag);
  if (row === undefined) {
    throw new RadsetError(
      'INTERNAL',
      `src/deid/profile/annex-e-data.ts has no ${tag} row; regenerate it with scripts/generate-deid-profile.py`,
    );
  }
  return row;
}

/** The private attributes row, `(GGGG,EEEE) WHERE GGGG IS ODD`: Basic X, Retain Safe Private C. */
export const PRIVATE_ATTRIBUTES_ROW: AnnexERow = rowWithTag('(GGGG,EEEE) WHERE GGGG IS ODD');

/** Curve Data (50XX,XXXX): every element of the retired curve groups. */
const CURVE_ROW = rowWithTag('(50XX,XXXX)');
const OVERLAY_DATA_ROW = rowWithTag('(60XX,3000)');
const OVERLAY_COMMENTS_ROW = rowWithTag('(60XX,4000)');

const ROW_BY_TAG: ReadonlyMap<number, AnnexERow> = new Map(
  ANNEX_E_ROWS.flatMap((row): [number, AnnexERow][] => {
    const match = /^\(([0-9A-F]{4}),([0-9A-F]{4})\)$/.exec(row.tag);
    return match === null ? [] : [[Number.parseInt(`${match[1]}${match[2]}`, 16) >>> 0, row]];
  }),
);

/**
 * Repeating groups (PS3.5 section 7.6): even groups 5000-501E (curves) and
 * 6000-601E (overlays) with the low byte of the group free.
 */
function isRepeatingGroup(group: number, base: number): boolean {
  return group >= base && group <= base + 0x1e && (group & 1) === 0;
}

/**
 * The Table E.1-1 row for a public tag (`(group << 16 | element) >>> 0`, as in
 * src/dicom tag.ts), resolving the repeating-group patterns: any element of
 * groups 5000-501E is Curve Data; (60xx,3000) and (60xx,4000) of groups
 * 6000-601E are Overlay Data and Overlay Comments. Undefined for tags the
 * table does not list and for private (odd group) tags, whose row is
 * {@link PRIVATE_ATTRIBUTES_ROW}.
 */
export function annexERowFor(tag: number): AnnexERow | undefined {
  const group = tag >>> 16;
  if ((group & 1) === 1) return undefined;
  const exact = ROW_BY_TAG.get(tag >>> 0);
  if (exact !== undefined) return exact;
  if (isRepeatingGroup(group, 0x5000)) return CURVE_ROW;
  if (isRepeatingGroup(group, 0x6000)) {
    const element = tag & 0xffff;
    if (element === 0x3000) return OVERLAY_DATA_ROW;
    if (element === 0x4000) return OVERLAY_COMMENTS_ROW;
  }
  return undefined;
}
