import { readFileSync } from 'node:fs';
import { RadsetError } from '../errors.js';
import { DEFAULT_DEID_OPTIONS, DEID_OPTIONS, type DeidOption } from './deid-option.js';
import { parseBurnedInRules, type BurnedInRule } from './pixel/burned-in-rules.js';

/** Version of the profile file format; bumped on incompatible changes. */
export const DEID_PROFILE_VERSION = 1;

/**
 * What a project de-identifies with: the Table E.1-1 options it applies and
 * its own burned-in text rules (added to the built-in ones). Declared per
 * project in a JSON file (DESIGN.md: profiles are data):
 *
 * ```json
 * { "version": 1, "options": ["retainLongitudinalModifiedDates", "cleanDescriptors"],
 *   "ocr": true, "pixelRules": [ … ] }
 * ```
 */
export interface DeidProfile {
  readonly options: ReadonlySet<DeidOption>;
  /** Run OCR for burned-in text when Clean Pixel Data applies (default true). */
  readonly ocr: boolean;
  readonly pixelRules: readonly BurnedInRule[];
  /** Where the profile came from, for the log. */
  readonly source: string;
}

function fail(source: string, message: string): never {
  throw new RadsetError('DEID_PROFILE_INVALID', `${source}: ${message}`);
}

/** Checks an option list: known names only, and the two date options are exclusive (E.3.6). */
export function checkOptions(options: readonly string[], source: string): ReadonlySet<DeidOption> {
  const known = new Set<string>(DEID_OPTIONS);
  for (const option of options) {
    if (!known.has(option))
      fail(source, `unknown option '${option}' (known: ${DEID_OPTIONS.join(', ')})`);
  }
  const set = new Set(options as readonly DeidOption[]);
  if (set.has('retainLongitudinalFullDates') && set.has('retainLongitudinalModifiedDates')) {
    fail(
      source,
      'retainLongitudinalFullDates and retainLongitudinalModifiedDates exclude each other: dates are either kept or modified',
    );
  }
  return set;
}

export function defaultDeidProfile(): DeidProfile {
  return {
    options: new Set(DEFAULT_DEID_OPTIONS),
    ocr: true,
    pixelRules: [],
    source: 'radset default profile',
  };
}

/** Parses a profile document (see DeidProfile); errors name the source and the field. */
export function parseDeidProfile(json: unknown, source: string): DeidProfile {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    fail(source, 'a profile is a JSON object');
  const document = json as Record<string, unknown>;
  for (const key of Object.keys(document)) {
    if (!['version', 'options', 'ocr', 'pixelRules', 'description'].includes(key))
      fail(source, `unknown field '${key}'`);
  }
  if (document.version !== DEID_PROFILE_VERSION)
    fail(source, `field 'version' must be ${DEID_PROFILE_VERSION}`);
  const options = document.options;
  if (!Array.isArray(options) || !options.every((o) => typeof o === 'string'))
    fail(source, "field 'options' must be a list of option names");
  const ocr = document.ocr ?? true;
  if (typeof ocr !== 'boolean') fail(source, "field 'ocr' must be true or false");
  const pixelRules =
    document.pixelRules === undefined
      ? []
      : parseBurnedInRules(document.pixelRules, `${source} pixelRules`);
  return { options: checkOptions(options as string[], source), ocr, pixelRules, source };
}

/** Reads a profile file. */
export function loadDeidProfile(file: string): DeidProfile {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new RadsetError('NOT_FOUND', `cannot read profile ${file}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new RadsetError(
      'DEID_PROFILE_INVALID',
      `${file}: not JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  return parseDeidProfile(json, file);
}

/**
 * The profile as a plain document that `parseDeidProfile` reads back: how a
 * profile travels to worker threads.
 */
export function deidProfileDocument(profile: DeidProfile): unknown {
  return {
    version: DEID_PROFILE_VERSION,
    options: [...profile.options],
    ocr: profile.ocr,
    pixelRules: profile.pixelRules,
  };
}
