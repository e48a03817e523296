import { catalogStats, type FacetCount } from '../../catalog/index.js';
import { openProjectDatabase, resolveDataDir } from '../../project/index.js';
import type { Command, CommandContext } from '../command.js';
import { optionValue, parseOptions } from '../options.js';

const USAGE = `Usage: radset stats [--data-dir DIR] [--json]

Counts in the project's catalog: patients, studies, series, instances,
frames and bytes, and series by modality, body part, manufacturer, model,
contrast and source, studies by age band and (shifted) year, patients by sex.`;

/** Values listed per facet on the terminal; --json has them all. */
const FACET_LINES = 12;

function facetLine(name: string, counts: readonly FacetCount[]): string {
  const shown = counts.slice(0, FACET_LINES).map((c) => `${c.value ?? 'unknown'} ${c.count}`);
  if (counts.length > FACET_LINES) shown.push(`… ${counts.length - FACET_LINES} more`);
  return `  ${name}: ${shown.length === 0 ? '-' : shown.join(', ')}`;
}

export const statsCommand: Command = {
  name: 'stats',
  summary: 'counts in the catalog, by modality, body part, scanner, age band, sex…',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const options = parseOptions(context.args, { 'data-dir': 'value', json: 'flag' });
    if (options.flags.has('help')) {
      context.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const db = await openProjectDatabase(resolveDataDir(optionValue(options, 'data-dir')));
    try {
      const stats = await catalogStats(db);
      if (options.flags.has('json')) {
        context.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
        return 0;
      }
      const lines = [
        `${stats.patients} patients, ${stats.studies} studies, ${stats.series} series, ${stats.instances} instances (${stats.frames} frames, ${(stats.sizeBytes / 1e6).toFixed(1)} MB)${stats.conflicts > 0 ? `, ${stats.conflicts} conflicts` : ''}`,
        'series by',
        facetLine('modality', stats.modality),
        facetLine('body part', stats.bodyPart),
        facetLine('manufacturer', stats.manufacturer),
        facetLine('model', stats.model),
        facetLine('contrast', stats.contrast),
        facetLine('source', stats.source),
        'studies by',
        facetLine('age band', stats.ageBand),
        facetLine('year', stats.studyYear),
        'patients by',
        facetLine('sex', stats.sex),
      ];
      context.stdout.write(`${lines.join('\n')}\n`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
