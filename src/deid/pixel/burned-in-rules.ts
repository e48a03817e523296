import type { Dataset } from '../../dicom/index.js';
import { RadsetError } from '../../errors.js';
import type { PixelBox } from './pixel-box.js';

/**
 * Which images a {@link BurnedInRule} applies to. Every criterion given must
 * hold; an absent criterion matches anything. `manufacturer` and `modelName`
 * match Manufacturer (0008,0070) and Manufacturer's Model Name (0008,1090) as
 * case-insensitive substrings (plain text, not patterns: `"acuson"` matches
 * `ACUSON` and `Siemens Acuson`; keep them specific, since `"GE"` would also
 * match `Agfa-Gevaert`). `sopClassUids` lists SOP Class UIDs (0008,0016), any
 * of which matches; `modality` is Modality (0008,0060), exact and
 * case-insensitive; `rows`/`columns` are Rows (0028,0010) / Columns (0028,0011).
 * A criterion on an attribute the data set lacks does not match.
 */
export interface BurnedInRuleMatch {
  readonly manufacturer?: string;
  readonly modelName?: string;
  readonly sopClassUids?: readonly string[];
  readonly modality?: string;
  readonly rows?: number;
  readonly columns?: number;
}

/**
 * A known place where a device burns identifying text into its images
 * (PS3.15 E.3.1 Clean Pixel Data Option): images matching `match` get every
 * box in `boxes` blacked out on every frame, whatever OCR finds.
 */
export interface BurnedInRule {
  /** Stable identifier, reported in findings as `rule:<id>`. */
  readonly id: string;
  readonly description: string;
  readonly match: BurnedInRuleMatch;
  /** Rectangles in image pixels (columns, rows; origin top-left). */
  readonly boxes: readonly PixelBox[];
}

function includesIgnoringCase(value: string | undefined, part: string): boolean {
  return value !== undefined && value.toLowerCase().includes(part.toLowerCase());
}

/** Whether `dataset` meets every criterion of `match`. */
export function matchesBurnedInRule(dataset: Dataset, match: BurnedInRuleMatch): boolean {
  if (
    match.manufacturer !== undefined &&
    !includesIgnoringCase(dataset.string('Manufacturer'), match.manufacturer)
  )
    return false;
  if (
    match.modelName !== undefined &&
    !includesIgnoringCase(dataset.string('ManufacturerModelName'), match.modelName)
  )
    return false;
  if (match.sopClassUids !== undefined) {
    const sopClass = dataset.string('SOPClassUID');
    if (sopClass === undefined || !match.sopClassUids.includes(sopClass)) return false;
  }
  if (
    match.modality !== undefined &&
    dataset.string('Modality')?.toUpperCase() !== match.modality.toUpperCase()
  )
    return false;
  if (match.rows !== undefined && dataset.number('Rows') !== match.rows) return false;
  if (match.columns !== undefined && dataset.number('Columns') !== match.columns) return false;
  return true;
}

/** The rules whose criteria `dataset` meets, in the order given. */
export function matchBurnedInRules(
  dataset: Dataset,
  rules: readonly BurnedInRule[],
): BurnedInRule[] {
  return rules.filter((rule) => matchesBurnedInRule(dataset, rule.match));
}

const MATCH_KEYS = ['manufacturer', 'modelName', 'sopClassUids', 'modality', 'rows', 'columns'];
const RULE_KEYS = ['id', 'description', 'match', 'boxes'];
const BOX_KEYS = ['x', 'y', 'width', 'height'];
const UID_PATTERN = /^[0-9]+(\.[0-9]+)*$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  const text = JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/**
 * Parses burned-in rules from JSON (e.g. the `burnedInRules` array of a
 * project's profile file) into {@link BurnedInRule}s. `source` names where the
 * JSON came from, for messages. Strict: unknown keys are errors (a misspelt
 * criterion would otherwise match every image), ids must be unique, a rule
 * needs at least one criterion and one box, and boxes are non-negative
 * integers with positive width and height.
 *
 * Throws RadsetError INVALID_ARGUMENT naming the source and the field, e.g.
 * `profile.json: burnedInRules[2].boxes[0].width must be a positive integer, got 0`.
 */
export function parseBurnedInRules(json: unknown, source: string): BurnedInRule[] {
  const fail = (path: string, problem: string): never => {
    throw new RadsetError('INVALID_ARGUMENT', `${source}: ${path} ${problem}`);
  };
  if (!Array.isArray(json))
    return fail('burnedInRules', `must be an array of rules, got ${describe(json)}`);
  const seen = new Set<string>();
  return json.map((raw: unknown, index): BurnedInRule => {
    const at = `burnedInRules[${index}]`;
    if (!isRecord(raw)) return fail(at, `must be an object, got ${describe(raw)}`);
    for (const key of Object.keys(raw))
      if (!RULE_KEYS.includes(key))
        fail(`${at}.${key}`, `is not a rule field (expected ${RULE_KEYS.join(', ')})`);
    const { id, description, match, boxes } = raw;
    if (typeof id !== 'string' || id.trim() === '')
      return fail(`${at}.id`, `must be a non-empty string, got ${describe(id)}`);
    if (seen.has(id)) fail(`${at}.id`, `'${id}' is used by an earlier rule`);
    seen.add(id);
    if (typeof description !== 'string')
      return fail(`${at}.description`, `must be a string, got ${describe(description)}`);
    return {
      id,
      description,
      match: parseMatch(match, `${at}.match`, fail),
      boxes: parseBoxes(boxes, `${at}.boxes`, fail),
    };
  });
}

function parseMatch(
  raw: unknown,
  at: string,
  fail: (path: string, problem: string) => never,
): BurnedInRuleMatch {
  if (!isRecord(raw)) return fail(at, `must be an object of criteria, got ${describe(raw)}`);
  const keys = Object.keys(raw);
  for (const key of keys)
    if (!MATCH_KEYS.includes(key))
      fail(`${at}.${key}`, `is not a criterion (expected ${MATCH_KEYS.join(', ')})`);
  if (keys.length === 0)
    fail(at, 'needs at least one criterion (an empty match would mask every image)');
  const text = (key: string): string | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '')
      return fail(`${at}.${key}`, `must be a non-empty string, got ${describe(value)}`);
    return value;
  };
  const size = (key: string): number | undefined => {
    const value = raw[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      return fail(`${at}.${key}`, `must be a positive integer, got ${describe(value)}`);
    return value;
  };
  let sopClassUids: string[] | undefined;
  if (raw.sopClassUids !== undefined) {
    const list = raw.sopClassUids;
    if (!Array.isArray(list) || list.length === 0)
      return fail(`${at}.sopClassUids`, `must be a non-empty array of UIDs, got ${describe(list)}`);
    sopClassUids = list.map((uid: unknown, i) =>
      typeof uid === 'string' && UID_PATTERN.test(uid)
        ? uid
        : fail(`${at}.sopClassUids[${i}]`, `must be a UID (digits and dots), got ${describe(uid)}`),
    );
  }
  const manufacturer = text('manufacturer');
  const modelName = text('modelName');
  const modality = text('modality');
  const rows = size('rows');
  const columns = size('columns');
  return {
    ...(manufacturer === undefined ? {} : { manufacturer }),
    ...(modelName === undefined ? {} : { modelName }),
    ...(sopClassUids === undefined ? {} : { sopClassUids }),
    ...(modality === undefined ? {} : { modality }),
    ...(rows === undefined ? {} : { rows }),
    ...(columns === undefined ? {} : { columns }),
  };
}

function parseBoxes(
  raw: unknown,
  at: string,
  fail: (path: string, problem: string) => never,
): PixelBox[] {
  if (!Array.isArray(raw) || raw.length === 0)
    return fail(at, `must be a non-empty array of {x, y, width, height}, got ${describe(raw)}`);
  return raw.map((box: unknown, i): PixelBox => {
    const path = `${at}[${i}]`;
    if (!isRecord(box))
      return fail(path, `must be an object {x, y, width, height}, got ${describe(box)}`);
    for (const key of Object.keys(box))
      if (!BOX_KEYS.includes(key))
        fail(`${path}.${key}`, `is not a box field (expected ${BOX_KEYS.join(', ')})`);
    const field = (key: string, minimum: number): number => {
      const value = box[key];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < minimum)
        return fail(
          `${path}.${key}`,
          `must be ${minimum === 0 ? 'a non-negative' : 'a positive'} integer (pixels), got ${describe(value)}`,
        );
      return value;
    };
    return {
      x: field('x', 0),
      y: field('y', 0),
      width: field('width', 1),
      height: field('height', 1),
    };
  });
}
