import { searchCatalog, type CatalogQuery, type SeriesHit } from '../../catalog/index.js';
import { openProjectDatabase, resolveDataDir } from '../../project/index.js';
import type { Command, CommandContext } from '../command.js';
import { optionInteger, optionValue, parseOptions, type ParsedOptions } from '../options.js';
import { formatTable } from '../text-table.js';

const USAGE = `Usage: radset search [filters] [--limit N] [--offset N] [--json]

Finds series in the project's catalog (all identifiers are pseudonyms, dates
are shifted). Filters combine with AND; a filter given twice, or with
comma-separated values, matches any of them.

Filters:
  --modality M        CT, MR, CR, …
  --body-part B       harmonised body part: CHEST, HEAD, BRAIN, ABDOMEN, …
  --manufacturer M    harmonised: Siemens, GE, Philips, Canon, …
  --source S          folder, dicomweb, dimse, stow
  --date-from DATE    study date on or after YYYY-MM-DD
  --date-to DATE      study date on or before YYYY-MM-DD
  --text WORDS        every word in a description, protocol, model or kernel

Options:
  --data-dir DIR      the project (default: $RADSET_DATA_DIR, else ./radset-data)
  --limit N           series per page (default 50, at most 1000)
  --offset N          skip the first N series (paging)
  --json              print the result as JSON (total, limit, offset, series)`;

const SPEC = {
  'data-dir': 'value',
  modality: 'list',
  'body-part': 'list',
  manufacturer: 'list',
  source: 'list',
  'date-from': 'value',
  'date-to': 'value',
  text: 'list',
  limit: 'value',
  offset: 'value',
  json: 'flag',
} as const;

function listOf(options: ParsedOptions, name: string): string[] | undefined {
  const values = options.values
    .get(name)
    ?.flatMap((v) => v.split(','))
    .filter((v) => v.trim() !== '');
  return values === undefined || values.length === 0 ? undefined : values;
}

/** The query a command line asks for. */
export function catalogQueryOf(options: ParsedOptions): CatalogQuery {
  return {
    modality: listOf(options, 'modality'),
    bodyPart: listOf(options, 'body-part'),
    manufacturer: listOf(options, 'manufacturer'),
    source: listOf(options, 'source'),
    dateFrom: optionValue(options, 'date-from'),
    dateTo: optionValue(options, 'date-to'),
    text: options.values.get('text')?.join(' '),
    limit: optionInteger(options, 'limit', 1, 1000),
    offset: optionInteger(options, 'offset', 0),
  };
}

const cell = (value: string | number | null): string => (value === null ? '-' : String(value));

function table(hits: readonly SeriesHit[]): string[] {
  return formatTable(
    [
      'study date',
      'patient',
      'modality',
      'body part',
      'manufacturer',
      'model',
      'instances',
      'series description',
      'series UID',
    ],
    hits.map((h) => [
      cell(h.studyDate),
      h.patientId,
      cell(h.modality),
      cell(h.bodyPart),
      cell(h.manufacturer),
      cell(h.model),
      String(h.instances),
      cell(h.seriesDescription),
      h.seriesUid,
    ]),
  );
}

export const searchCommand: Command = {
  name: 'search',
  summary: 'find series in the catalog by modality, body part, scanner, date, text',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const options = parseOptions(context.args, SPEC);
    if (options.flags.has('help')) {
      context.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (options.positional.length > 0) {
      context.stderr.write(
        `radset search: unexpected '${options.positional[0] ?? ''}' (words to look for go in --text)\n`,
      );
      return 64;
    }
    const query = catalogQueryOf(options);
    const db = await openProjectDatabase(resolveDataDir(optionValue(options, 'data-dir')));
    try {
      const result = await searchCatalog(db, query);
      if (options.flags.has('json')) {
        context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        return 0;
      }
      const first = result.series.length === 0 ? 0 : result.offset + 1;
      const lines = [
        `${result.total} series match; showing ${first}-${result.offset + result.series.length}`,
        ...(result.series.length === 0 ? [] : table(result.series)),
      ];
      if (result.offset + result.series.length < result.total) {
        lines.push(`next page: --offset ${result.offset + result.series.length}`);
      }
      context.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
