import { readFile, stat } from 'node:fs/promises';
import {
  DEFAULT_DEID_OPTIONS,
  DEID_OPTIONS,
  verifyDeidentification,
  type DeidOption,
  type VerifyReport,
} from '../../deid/index.js';
import { RadsetError } from '../../errors.js';
import type { CommandContext } from '../command.js';

/** Usage of `radset deid verify`, shown by `radset help deid`. */
export const DEID_VERIFY_USAGE = `Usage: radset deid verify ORIGINALS OUTPUTS [options]

Independent residual-PHI check. Collects from every original DICOM file under
ORIGINALS (nested items and private elements included): every person name and
name component, identifiers (UIDs outside the UID registry, IDs, accession and
serial numbers), dates, date-times, times, ages of 90 and over, and the free
text (LO, SH, ST, LT, UT, UC) of attributes the profile removes. Then searches
every byte of every file under OUTPUTS, DICOM or not (preamble, file meta,
private groups, sequences, overlays, icon images, pixel data, logs), for
them: text case-insensitively, in Latin-1, UTF-8 and the original character
set. Each hit names the output file, byte offset, the output element holding
it, the kind of value and the original attribute. Values the applied profile
keeps (action K, safe private elements) are not searched for.

Options:
  --options LIST     comma-separated options the outputs were made with
                     (${DEID_OPTIONS.join(', ')}); '' or 'none' for the Basic Profile alone
                     (default: radset's default options)
  --profile FILE     read the options from a profile JSON file ({"options": [...]})
  --allow ATTR       do not search for this attribute's values: a keyword,
                     a tag (GGGG,EEEE) or a private element (GGGG,"CREATOR",EE);
                     repeatable
  --times            also search for bare times (TM): off by default, because
                     a time has only 86,400 values and shifted times equal
                     other originals' times by chance; dates and date-times
                     are always searched
  --show-values      print values in full (default: masked, first 2 characters)
  --json             print one JSON document

Exit status: 0 when no original value was found in any output; 1 when one
was (or when some originals or outputs could not be read, so the check is
incomplete); 64 on bad usage; 66 when a path does not exist.`;

/** Version of the `--json` document; bumped on incompatible changes. */
export const DEID_VERIFY_JSON_VERSION = 1;

interface VerifyArgs {
  readonly originals: string;
  readonly outputs: string;
  readonly options: ReadonlySet<DeidOption> | undefined;
  readonly profile: string | undefined;
  readonly allow: readonly string[];
  readonly showValues: boolean;
  readonly times: boolean;
  readonly json: boolean;
}

function parseOptionList(text: string, source: string): ReadonlySet<DeidOption> {
  const names =
    text === 'none'
      ? []
      : text
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  return checkedOptions(names, source, 'USAGE');
}

function checkedOptions(
  names: readonly string[],
  source: string,
  code: 'USAGE' | 'DEID_PROFILE_INVALID',
): ReadonlySet<DeidOption> {
  const known = new Set<string>(DEID_OPTIONS);
  for (const name of names) {
    if (!known.has(name)) {
      throw new RadsetError(
        code,
        `${source}: unknown option '${name}' (known: ${DEID_OPTIONS.join(', ')})`,
      );
    }
  }
  return new Set(names as readonly DeidOption[]);
}

function parseArgs(args: readonly string[]): VerifyArgs | 'help' {
  const paths: string[] = [];
  const allow: string[] = [];
  let options: ReadonlySet<DeidOption> | undefined;
  let profile: string | undefined;
  let showValues = false;
  let times = false;
  let json = false;
  const rest = [...args];
  const valueOf = (name: string, inline: string | undefined): string => {
    const value = inline ?? rest.shift();
    if (value === undefined) throw new RadsetError('USAGE', `--${name} needs a value`);
    return value;
  };
  let optionsEnded = false;
  while (rest.length > 0) {
    const arg = rest.shift() ?? '';
    const match = optionsEnded ? null : /^--([a-z-]+)(?:=(.*))?$/s.exec(arg);
    if (arg === '--' && !optionsEnded) {
      optionsEnded = true;
      continue;
    }
    if (match === null) {
      if (!optionsEnded && arg === '-h') return 'help';
      paths.push(arg);
      continue;
    }
    const [, name = '', inline] = match;
    switch (name) {
      case 'help':
        return 'help';
      case 'json':
        json = true;
        break;
      case 'show-values':
        showValues = true;
        break;
      case 'times':
        times = true;
        break;
      case 'options':
        if (options !== undefined) throw new RadsetError('USAGE', '--options given twice');
        options = parseOptionList(valueOf(name, inline), '--options');
        break;
      case 'profile':
        if (profile !== undefined) throw new RadsetError('USAGE', '--profile given twice');
        profile = valueOf(name, inline);
        if (profile === '') throw new RadsetError('USAGE', '--profile needs a file');
        break;
      case 'allow':
        allow.push(valueOf(name, inline));
        break;
      default:
        throw new RadsetError('USAGE', `unknown option '--${name}'`);
    }
  }
  if (options !== undefined && profile !== undefined)
    throw new RadsetError('USAGE', 'give --options or --profile, not both');
  if (paths.length !== 2) {
    throw new RadsetError(
      'USAGE',
      paths.length < 2
        ? 'needs ORIGINALS and OUTPUTS'
        : `expected ORIGINALS and OUTPUTS, got ${paths.length} paths`,
    );
  }
  const [originals = '', outputs = ''] = paths;
  return { originals, outputs, options, profile, allow, showValues, times, json };
}

/** Reads the options of a profile file: `{ "options": [...] }` (other fields are the engine's). */
async function optionsFromProfile(file: string): Promise<ReadonlySet<DeidOption>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
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
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new RadsetError('DEID_PROFILE_INVALID', `${file}: a profile is a JSON object`);
  const options = (json as Record<string, unknown>).options;
  if (!Array.isArray(options) || !options.every((o): o is string => typeof o === 'string')) {
    throw new RadsetError(
      'DEID_PROFILE_INVALID',
      `${file}: field 'options' must be a list of option names`,
    );
  }
  return checkedOptions(options, `${file} field 'options'`, 'DEID_PROFILE_INVALID');
}

async function checkExists(path: string, role: string): Promise<void> {
  try {
    await stat(path);
  } catch (error) {
    throw new RadsetError('NOT_FOUND', `${role} ${path} does not exist or cannot be read`, {
      cause: error,
    });
  }
}

/** The first two characters of a value, then `***`: enough to tell hits apart, not to read PHI. */
export function maskValue(value: string): string {
  return `${[...value].slice(0, 2).join('')}***`;
}

type ResidualPhiHit = VerifyReport['hits'][number];

function shown(hit: ResidualPhiHit, showValues: boolean): string {
  return showValues ? hit.value : maskValue(hit.value);
}

function megabytes(bytes: number): string {
  return (bytes / 1_000_000).toFixed(1);
}

/** The text report: one line per hit, then the summary. */
export function formatVerifyText(report: VerifyReport, showValues: boolean): string {
  const lines: string[] = [];
  for (const hit of report.hits) {
    const where = hit.stream === 'file' ? `${hit.offset}` : `${hit.offset} (${hit.stream})`;
    lines.push(
      `HIT ${hit.file} @${where} ${hit.location}: ${hit.class} ${JSON.stringify(shown(hit, showValues))} from original ${hit.attribute}`,
    );
  }
  for (const u of report.originals.unreadable)
    lines.push(`UNREADABLE original ${u.path}: ${u.message}`);
  for (const u of report.outputs.unreadable)
    lines.push(`UNREADABLE output ${u.path}: ${u.message}`);
  const o = report.originals;
  const byClass = Object.entries(report.candidates.byClass)
    .map(([cls, count]) => `${cls} ${count}`)
    .join(', ');
  const seconds = report.scanSeconds;
  const rate =
    seconds > 0
      ? ` in ${seconds.toFixed(2)} s, ${megabytes(report.outputs.bytes / seconds)} MB/s`
      : '';
  lines.push(
    `originals: ${o.dicom} DICOM read (${o.notDicom} not DICOM skipped, ${o.unreadable.length} unreadable); ` +
      `candidates: ${report.candidates.total} (${byClass}); ` +
      `outputs: ${report.outputs.files} files, ${megabytes(report.outputs.bytes)} MB scanned${rate}; ` +
      `hits: ${report.hits.length} in ${report.filesWithHits} files`,
  );
  lines.push(
    report.verdict === 'clean'
      ? 'verdict: clean (no original value found in the outputs)'
      : report.verdict === 'leaks'
        ? 'verdict: LEAKS (original values found in the outputs)'
        : 'verdict: INCOMPLETE (no hits, but some files could not be read)',
  );
  return `${lines.join('\n')}\n`;
}

/** The `--json` document: the report, hit values masked unless `showValues`. */
export function formatVerifyJson(report: VerifyReport, showValues: boolean): string {
  const document = {
    version: DEID_VERIFY_JSON_VERSION,
    ...report,
    valuesMasked: !showValues,
    hits: report.hits.map((hit) => ({ ...hit, value: shown(hit, showValues) })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/**
 * `radset deid verify ORIGINALS OUTPUTS`: `args` are those after `verify`.
 * Resolves to 0 when clean, 1 on any hit (or an incomplete check).
 */
export async function runDeidVerify(
  args: readonly string[],
  context: CommandContext,
): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed === 'help') {
    context.stdout.write(`${DEID_VERIFY_USAGE}\n`);
    return 0;
  }
  await checkExists(parsed.originals, 'ORIGINALS');
  await checkExists(parsed.outputs, 'OUTPUTS');
  const options =
    parsed.options ??
    (parsed.profile === undefined
      ? new Set(DEFAULT_DEID_OPTIONS)
      : await optionsFromProfile(parsed.profile));
  const report = await verifyDeidentification({
    originals: [parsed.originals],
    outputs: [parsed.outputs],
    options,
    allow: parsed.allow,
    times: parsed.times,
  });
  context.stdout.write(
    parsed.json
      ? formatVerifyJson(report, parsed.showValues)
      : formatVerifyText(report, parsed.showValues),
  );
  return report.verdict === 'clean' ? 0 : 1;
}
