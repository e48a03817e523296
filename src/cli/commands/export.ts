import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { resolve } from 'node:path';
import { appendAudit } from '../../audit/index.js';
import { catalogSeriesVolumes } from '../../export/index.js';
import { RadsetError } from '../../errors.js';
import { dataDirLayout, openProjectDatabase, resolveDataDir } from '../../project/index.js';
import { LocalBlobStore } from '../../store/index.js';
import type { SeriesVolume, SkippedInput } from '../../volume/index.js';
import type { Command, CommandContext } from '../command.js';
import { optionValue, parseOptions } from '../options.js';
import { niftiOutputOptions, RESAMPLE_SPEC, RESAMPLE_USAGE, writeVolumes } from './nifti.js';

const USAGE = `Usage: radset export nifti --series UID [--series UID]… --out DIR [options]

Builds volumes from series in the project's catalog (de-identified at ingest;
UIDs are the catalog's pseudonyms, as 'radset search' prints them) and writes
each as NIfTI-1 with a JSON sidecar recording the source series and
instances, how the volume was built and every warning. Each export is
recorded in the project's audit log ('radset audit verify').

Options:
  --series UID            a catalogued Series Instance UID (repeatable)
  --out DIR               where to write (created if missing)
  --data-dir DIR          the project (default: $RADSET_DATA_DIR, else ./radset-data)
  --uncompressed          write .nii instead of .nii.gz
  --compression-level N   gzip level 1-9 (default 6)
  --json                  print what was written as JSON
${RESAMPLE_USAGE}`;

const SPEC = {
  series: 'list',
  out: 'value',
  'data-dir': 'value',
  uncompressed: 'flag',
  'compression-level': 'value',
  json: 'flag',
  ...RESAMPLE_SPEC,
} as const;

export const exportCommand: Command = {
  name: 'export',
  summary: 'export catalogued series (export nifti: volumes as NIfTI with sidecars)',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const [format, ...rest] = context.args;
    if (format === undefined || format === '--help' || format === '-h') {
      context.stdout.write(`${USAGE}\n`);
      return format === undefined ? 64 : 0;
    }
    if (format !== 'nifti')
      throw new RadsetError(
        'USAGE',
        `unknown export format '${format}' (radset exports: nifti)\n\n${USAGE}`,
      );
    const options = parseOptions(rest, SPEC);
    if (options.flags.has('help')) {
      context.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const uids = options.values.get('series') ?? [];
    if (uids.length === 0) throw new RadsetError('USAGE', `--series UID is required\n\n${USAGE}`);
    if (options.positional.length > 0)
      throw new RadsetError('USAGE', `unexpected argument '${options.positional[0]}'\n\n${USAGE}`);
    const output = niftiOutputOptions(options, USAGE);
    const dataDir = resolveDataDir(optionValue(options, 'data-dir'));
    const db = await openProjectDatabase(dataDir);
    const blobs = new LocalBlobStore(dataDirLayout(dataDir).blobs);
    const volumes: SeriesVolume[] = [];
    const skipped: SkippedInput[] = [];
    try {
      for (const uid of uids) {
        const built = await catalogSeriesVolumes(db, blobs, uid, { rowOrder: 'bottom-up' });
        if (built === undefined)
          throw new RadsetError('NOT_FOUND', `series ${uid} is not in the catalog of ${dataDir}`);
        if (built.volumes.length === 0)
          throw new RadsetError(
            'NOT_FOUND',
            `series ${uid} has no image that makes a volume: ${built.skipped.map((s) => s.reason).join('; ')}`,
          );
        volumes.push(...built.volumes);
        skipped.push(...built.skipped);
      }
      const code = await writeVolumes(volumes, skipped, output, 'catalog', context);
      // Exports leave the project: each is recorded in the tamper-evident log.
      const requestId = randomUUID();
      for (const uid of uids) {
        await appendAudit(db, {
          actor: userInfo().username,
          role: 'cli',
          action: 'export.nifti',
          object: `series/${uid}`,
          outcome: code === 0 ? 'success' : 'failure',
          requestId,
          details: {
            volumes: volumes.filter((v) => v.SeriesInstanceUID === uid).length,
            outDir: resolve(output.outDir),
          },
        });
      }
      return code;
    } finally {
      await db.close();
    }
  },
};
