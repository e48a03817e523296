import { stat } from 'node:fs/promises';
import { keyFingerprint } from '../../deid/index.js';
import { DATABASE_URL_ENV, redactUrl } from '../../db/index.js';
import { ERROR_CATALOGUE, RadsetError } from '../../errors.js';
import {
  buildIngestReport,
  defaultIngestJobs,
  ingestFolder,
  ingestFromDicomweb,
  IngestPipeline,
  type DicomwebPullOptions,
  type SourceFailure,
  type IngestReport,
} from '../../ingest/index.js';
import { openProject, resolveDataDir } from '../../project/index.js';
import { writeFileAtomicSync } from '../../store/index.js';
import type { Command, CommandContext } from '../command.js';
import { optionInteger, optionValue, parseOptions, type ParsedOptions } from '../options.js';
import { progressBar } from '../progress-bar.js';
import { version } from '../version.js';

const USAGE = `Usage: radset ingest PATH... [options]
       radset ingest --from dicomweb URL [--study UID]... [--query KEY=VALUE]... [options]

Ingests DICOM into the project: every file under each PATH (recursively,
whatever its name or extension) goes parse → validate → de-identify (the
project's profile and key) → store (content-addressed) → catalog. A DICOMDIR
is read as an index, never stored; gzip-wrapped files are unwrapped. Every
input ends as exactly one of stored, duplicate (same SOP Instance UID and
content as an instance already there) or quarantined (reason recorded, the
original kept in DATA/quarantine, readable by its owner only). Running it
again is harmless; a killed run resumes where it stopped.

From a PACS over DICOMweb (PS3.18): studies are found with QIDO-RS (every
study matching --query, or the --study UIDs) and fetched with WADO-RS as
stored (no transcoding). URL is the DICOMweb root, e.g.
http://pacs:8042/dicom-web. A study that fails or arrives incomplete is
reported and the exit status is 69; the rest are ingested.

  --study UID            a study to pull (repeatable)
  --query KEY=VALUE      a QIDO-RS study filter, e.g. ModalitiesInStudy=CT,
                         StudyDate=20240101-20241231 (repeatable)
  --header 'NAME: VALUE' an HTTP header for every request, e.g. Authorization

Options:
  --data-dir DIR   the project (default: $RADSET_DATA_DIR, else ./radset-data;
                   create it with radset init --data-dir DIR)
  --key-file FILE  the project's de-identification key (default: as radset init)
  --profile FILE   de-identification profile (default: DIR/deid-profile.json)
  --jobs N         worker threads (default: one per core)
  --report FILE    write the full accounting as JSON
  --json           print the report as JSON instead of a summary

The database is embedded in DIR/db unless $${DATABASE_URL_ENV} names a PostgreSQL server.

Exit status: 0 when every input was accounted for (quarantined ones
included), 64 on bad usage, 66 when a PATH does not exist, 69 when a DICOMweb
study could not be fetched whole, 78 when the project, key or profile is
missing or wrong.`;

const SPEC = {
  'data-dir': 'value',
  'key-file': 'value',
  profile: 'value',
  jobs: 'value',
  report: 'value',
  json: 'flag',
  from: 'value',
  study: 'list',
  query: 'list',
  header: 'list',
} as const;

/** Quarantined inputs listed on the terminal; all of them are in the report and reasons.jsonl. */
const QUARANTINE_LINES = 20;

function summary(report: IngestReport): string {
  const lines = [
    `radset ingest: ${report.inputs} inputs: ${report.stored} stored, ${report.duplicates} duplicate, ${report.quarantined} quarantined`,
    `  ${report.elapsedSeconds.toFixed(1)} s, ${report.instancesPerSecond.toFixed(0)} instances/s, ${(report.bytesStored / 1e6).toFixed(1)} MB stored, peak RSS ${(report.peakRssBytes / 2 ** 20).toFixed(0)} MiB`,
    `  project ${report.dataDir} (${report.database}), key fingerprint ${report.keyFingerprint}`,
  ];
  if (report.skipped > 0)
    lines.push(`  ${report.skipped} already ingested by an earlier run (not read again)`);
  if (report.dicomdirs > 0) {
    lines.push(
      `  ${report.dicomdirs} DICOMDIR read as index${report.missingFromDicomdir > 0 ? `; ${report.missingFromDicomdir} file(s) it lists are missing` : ''}`,
    );
  }
  if (report.conflicts > 0) {
    lines.push(
      `  ${report.conflicts} conflict(s): a SOP Instance UID already stored with other content (kept, not overwritten)`,
    );
  }
  if (report.reviewRequired.length > 0) {
    lines.push(
      `  burned-in text found by OCR and masked in ${report.reviewRequired.length} instance(s): a person should confirm`,
    );
  }
  for (const f of report.sourceFailures) lines.push(`  not fetched: ${f.ref}: ${f.reason}`);
  for (const q of report.quarantine.slice(0, QUARANTINE_LINES))
    lines.push(`    ${q.input}: ${q.code}: ${q.reason}`);
  if (report.quarantine.length > QUARANTINE_LINES) {
    lines.push(
      `    … and ${report.quarantine.length - QUARANTINE_LINES} more (see --report, or DATA/quarantine/reasons.jsonl)`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** The DICOMweb pull a command line asks for. */
function dicomwebOptions(options: ParsedOptions): DicomwebPullOptions {
  const query: Record<string, string> = {};
  for (const item of options.values.get('query') ?? []) {
    const at = item.indexOf('=');
    if (at <= 0) throw new RadsetError('USAGE', `--query takes KEY=VALUE, got '${item}'`);
    query[item.slice(0, at)] = item.slice(at + 1);
  }
  const headers: Record<string, string> = {};
  for (const item of options.values.get('header') ?? []) {
    const at = item.indexOf(':');
    if (at <= 0) throw new RadsetError('USAGE', `--header takes 'NAME: VALUE', got '${item}'`);
    headers[item.slice(0, at).trim()] = item.slice(at + 1).trim();
  }
  const studies = options.values.get('study');
  return {
    baseUrl: options.positional[0] ?? '',
    ...(studies === undefined ? {} : { studyUids: studies }),
    ...(Object.keys(query).length === 0 ? {} : { query }),
    ...(Object.keys(headers).length === 0 ? {} : { headers }),
  };
}

export const ingestCommand: Command = {
  name: 'ingest',
  summary:
    'ingest folders or a PACS (DICOMweb) into the project: de-identified at the door, catalogued',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const options = parseOptions(context.args, SPEC);
    if (options.flags.has('help')) {
      context.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const from = optionValue(options, 'from');
    if (from !== undefined && from !== 'dicomweb') {
      throw new RadsetError(
        'USAGE',
        `--from takes 'dicomweb', not '${from}' (folders are given as PATH)`,
      );
    }
    const source = from === 'dicomweb' ? 'dicomweb' : 'folder';
    if (source === 'dicomweb') {
      if (options.positional.length !== 1) {
        throw new RadsetError('USAGE', '--from dicomweb needs exactly one URL (the DICOMweb root)');
      }
    } else {
      if (options.positional.length === 0)
        throw new RadsetError('USAGE', 'no folder or file to ingest');
      for (const flag of ['study', 'query', 'header']) {
        if (options.values.has(flag))
          throw new RadsetError('USAGE', `--${flag} is for --from dicomweb`);
      }
      for (const input of options.positional) {
        try {
          await stat(input);
        } catch (error) {
          throw new RadsetError('NOT_FOUND', `no such file or folder: ${input}`, { cause: error });
        }
      }
    }
    const jobs = optionInteger(options, 'jobs', 1, 256) ?? defaultIngestJobs();
    const project = await openProject({
      dataDir: resolveDataDir(optionValue(options, 'data-dir')),
      keyFile: optionValue(options, 'key-file'),
      profileFile: optionValue(options, 'profile'),
    });
    const started = new Date();
    try {
      const software = `radset ${version()}`;
      const pipeline = await IngestPipeline.start(project, { source, jobs, software });
      let found = { dicomdirs: 0, missingFromDicomdir: 0 };
      let sourceFailures: SourceFailure[] = [];
      try {
        if (source === 'dicomweb') {
          sourceFailures = await ingestFromDicomweb(pipeline, dicomwebOptions(options));
        } else {
          const bar = progressBar(context.stderr, 'files');
          found = await ingestFolder(
            pipeline,
            options.positional,
            bar === undefined ? undefined : (p) => bar(p.done, p.total),
          );
        }
      } finally {
        await pipeline.finish();
      }
      const counts = pipeline.counts;
      const url = process.env[DATABASE_URL_ENV];
      const report = buildIngestReport({
        software,
        runId: pipeline.runId,
        source,
        dataDir: project.layout.root,
        database:
          project.db.kind === 'postgres' && url !== undefined
            ? redactUrl(url)
            : 'embedded (PGlite)',
        keyFingerprint: keyFingerprint(project.key.key),
        profileSource: project.profile.source,
        started,
        counts,
        quarantine: pipeline.quarantineRecords,
        ...found,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
        sourceFailures,
      });
      const reportFile = optionValue(options, 'report');
      if (reportFile !== undefined)
        writeFileAtomicSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
      context.stdout.write(
        options.flags.has('json') ? `${JSON.stringify(report, null, 2)}\n` : summary(report),
      );
      return sourceFailures.length === 0 ? 0 : ERROR_CATALOGUE.INGEST_SOURCE_FAILED.exitCode;
    } finally {
      await project.close();
    }
  },
};
