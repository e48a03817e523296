import type { Dataset } from '../../dicom/index.js';
import { foldKey, foldText } from './fold-text.js';
import { functionalGroup } from './functional-groups.js';
import { readCode, readNumber, readSequence, readText, readValues } from './header-read.js';

/** Whether contrast was given: yes, no, or (null) unknown. */
export type Contrast = 'yes' | 'no';

/** Contrast/Bolus Agent values that say "none" rather than name an agent. */
const NO_AGENT: ReadonlySet<string> = new Set([
  'NONE',
  'NO',
  'N',
  'NIL',
  'NA',
  'NOCONTRAST',
  'WITHOUT',
  'WITHOUTCONTRAST',
  'FALSE',
  '0',
]);

/** Values that say nothing: de-identification dummies (PS3.15 E.1.1 action D) and the like. */
const NO_INFORMATION: ReadonlySet<string> = new Set([
  'ANONYMIZED',
  'ANONYMISED',
  'ANONYMOUS',
  'ANON',
  'REMOVED',
  'REDACTED',
  'DELETED',
  'UNKNOWN',
  'UNK',
]);

/** What one attribute's value says: an agent, explicitly none, or nothing. */
function agentValue(value: string | null): Contrast | null {
  if (value === null) return null;
  const key = foldKey(value);
  if (key === '' || NO_INFORMATION.has(key)) return null;
  return NO_AGENT.has(key) ? 'no' : 'yes';
}

/**
 * What the Contrast/Bolus attributes say (PS3.3 C.7.6.4 Contrast/Bolus
 * module; C.7.6.4b Enhanced Contrast/Bolus; C.7.6.16.2.12 Contrast/Bolus
 * Usage functional group): 'yes' when an agent, agent code, route or volume is
 * recorded or the usage macro says YES; 'no' when an agent or route says
 * NONE/NO or the usage macro says NO; null when nothing is recorded.
 */
export function contrastFromAttributes(dataset: Dataset): Contrast | null {
  const usage = functionalGroup(dataset, 'ContrastBolusUsageSequence').map((item) =>
    readCode(item, 'ContrastBolusAgentAdministered')?.toUpperCase(),
  );
  if (usage.includes('YES')) return 'yes';
  const agentCoded = readSequence(dataset, 'ContrastBolusAgentSequence').some(
    (item) => readCode(item, 'CodeValue') !== null || readText(item, 'CodeMeaning') !== null,
  );
  const volumeMl = readNumber(dataset, 'ContrastBolusVolume');
  const said = [
    agentValue(readText(dataset, 'ContrastBolusAgent')),
    agentValue(readText(dataset, 'ContrastBolusRoute')),
    agentCoded ? 'yes' : null,
    volumeMl !== null && volumeMl > 0 ? 'yes' : null,
    usage.includes('NO') ? 'no' : null,
  ];
  if (said.includes('yes')) return 'yes';
  return said.includes('no') ? 'no' : null;
}

/**
 * Both with and without in one text ("W/WO", "C-/C+", "pre and post"): a
 * study or protocol covering both phases says nothing about one series.
 */
const BOTH: readonly RegExp[] = [
  /\bW ?\/ ?WO\b/,
  /\bWWO\b/,
  /\bW ?[+&] ?WO\b/,
  /\bW AND WO\b/,
  /\bWO ?(\/|&|AND) ?W\b/,
  /\bWITH ?(\/|&|AND) ?WITHOUT\b/,
  /\bWITHOUT ?(\/|&|AND) ?WITH\b/,
  /\bC- ?(\/|&|AND)? ?C\+/,
  /\bC\+ ?(\/|&|AND)? ?C-/,
  /\bPRE ?(\/|&|\+|AND) ?POST\b/,
];

/** Negated contrast: C-, w/o, without, non contrast, plain, native (German "nativ"), pre-contrast. */
const WITHOUT: readonly RegExp[] = [
  // C- but not C-SPINE or C-ARM.
  /\bC-(?![A-Z0-9])/,
  /\bW ?\/ ?O\b/,
  /\bWO\b/,
  /\bWITHOUT\b( (IV |ORAL )?(CONTRAST|CONT|CON)\b)?/,
  /\bNON ?-? ?(CONTRAST(ED)?|CONT|CON|ENHANCED)\b/,
  /\bNO (IV |ORAL )?(CONTRAST|CONT|CON)\b/,
  /\bUNENHANCED\b/,
  /\bPLAIN\b/,
  /\bNATIVE?\b/,
  /\bNCCT\b/,
  /\bPRE ?-? ?(CONTRAST|CON|GAD[A-Z]*|GD)\b/,
  /\bSENZA (MDC|CONTRASTO)\b/,
  /\bSIN CONTRASTE\b/,
  /\bOHNE (KM|KONTRAST[A-Z]*)\b/,
];

/** Contrast given: C+, +C, w/ contrast, with contrast, post contrast, contrast enhanced, a contrast phase. */
const WITH: readonly RegExp[] = [
  /\bC\+/,
  /(^|\s)\+ ?C\b/,
  /\bW ?\/ ?(IV |ORAL )?(CONTRAST|CONT|CON)\b/,
  /\bW (IV |ORAL )?(CONTRAST|CONT)\b/,
  /\bWITH (IV |ORAL )?(CONTRAST|CONT|CON|GAD[A-Z]*|GADOLINIUM)\b/,
  /\b(IV|ORAL) CONTRAST\b/,
  /\bPOST ?-? ?(CONTRAST|CON|GAD[A-Z]*|GD)\b/,
  /\bCONTRAST[ -]?ENHANCED\b/,
  /\bCE ?-? ?MRA\b/,
  /\bGADOLINIUM\b/,
  /\bARTERIAL PHASE\b/,
  /\bPORTAL ?-? ?VENOUS\b/,
  /\bVENOUS PHASE\b/,
  /\bNEPHROGRAPHIC\b/,
  /\bCON (MDC|CONTRASTO)\b/,
  /\bCON CONTRASTE\b/,
  /\bMIT (KM|KONTRAST[A-Z]*)\b/,
];

/**
 * Folds a description for contrast matching: upper case, accents dropped,
 * `+`, `-`, `/` and `&` kept (they carry the meaning in "C+", "C-", "W/O"),
 * every other run of punctuation or space one space.
 */
function foldForContrast(text: string): string {
  return foldText(text)
    .replace(/[^A-Z0-9+\-/&]+/g, ' ')
    .trim();
}

function strip(text: string, patterns: readonly RegExp[]): { text: string; found: boolean } {
  let found = false;
  let rest = text;
  for (const pattern of patterns) {
    const global = new RegExp(pattern.source, 'g');
    if (global.test(rest)) {
      found = true;
      rest = rest.replace(global, ' ; ');
    }
  }
  return { text: rest, found };
}

/**
 * What a description says about contrast, or null when it says nothing or
 * both. Phrases naming both phases are removed first, then negated ones
 * ("without IV contrast" is not read as "IV contrast"), then what remains is
 * searched for a positive phrase.
 */
export function contrastFromText(text: string): Contrast | null {
  const both = strip(foldForContrast(text), BOTH);
  const without = strip(both.text, WITHOUT);
  const withContrast = WITH.some((pattern) => pattern.test(without.text));
  if (both.found || (without.found && withContrast)) return null;
  if (withContrast) return 'yes';
  return without.found ? 'no' : null;
}

/** Descriptions in order: the series' own first, the study's (which may cover both phases) last. */
const TEXT_KEYWORDS = ['SeriesDescription', 'ProtocolName', 'StudyDescription'] as const;

/**
 * Whether contrast was given for this instance. An agent, route, volume or
 * usage recorded in the header is the strongest evidence; then the first
 * description that says one way; then an explicit NONE in the agent or route
 * (weaker than a description, because consoles leave NONE in place when the
 * technologist does not fill the field in). Null when nothing says.
 */
export function harmoniseContrast(dataset: Dataset): Contrast | null {
  const attributes = contrastFromAttributes(dataset);
  if (attributes === 'yes') return 'yes';
  for (const keyword of TEXT_KEYWORDS) {
    const text = readValues(dataset, keyword).join(' ');
    const said = text.trim() === '' ? null : contrastFromText(text);
    if (said !== null) return said;
  }
  return attributes;
}
