import { keyFingerprint } from '../../deid/index.js';
import { RadsetError } from '../../errors.js';
import {
  defaultIngestJobs,
  IngestPipeline,
  startDimseIngest,
  startStowEndpoint,
  type DimseEvent,
} from '../../ingest/index.js';
import { openProject, resolveDataDir } from '../../project/index.js';
import type { Command, CommandContext } from '../command.js';
import { optionInteger, optionValue, parseOptions } from '../options.js';
import { version } from '../version.js';

const USAGE = `Usage: radset listen [options]

Receives images into the project until stopped (Ctrl-C, SIGTERM): as a DICOM
C-STORE SCP (modalities and PACS push with C-STORE; C-ECHO answered) and,
with --http-port, as a DICOMweb STOW-RS endpoint (POST URL/studies). Every
instance goes through the ingest pipeline (de-identified with the project's
profile and key, stored, catalogued); a sender is told success only once it
is committed, and a failure with the reason when it is quarantined.

Options:
  --data-dir DIR        the project (default: $RADSET_DATA_DIR, else ./radset-data)
  --key-file FILE       the project's de-identification key
  --ae-title AE         the called AE title to answer to (default RADSET)
  --dimse-port N        DICOM port (default 11112; 0 picks a free one)
  --host ADDRESS        address to listen on (default 0.0.0.0 for DICOM)
  --allow-calling AE    accept associations only from this calling AE (repeatable)
  --http-port N         also serve STOW-RS on this port (loopback only unless --http-host)
  --http-host ADDRESS   address for STOW-RS (default 127.0.0.1)
  --jobs N              worker threads (default: one per core)
  --verbose             log associations and stores on stderr

With the embedded database the project is open only to this process while
it listens; with $RADSET_DATABASE_URL other commands can search meanwhile.`;

const SPEC = {
  'data-dir': 'value',
  'key-file': 'value',
  'ae-title': 'value',
  'dimse-port': 'value',
  host: 'value',
  'allow-calling': 'list',
  'http-port': 'value',
  'http-host': 'value',
  jobs: 'value',
  verbose: 'flag',
} as const;

/** AE titles: 1-16 characters of the default repertoire, no backslash (PS3.5 Table 6.2-1, AE). */
const AE_TITLE = /^[\x20-\x5b\x5d-\x7e]{1,16}$/;

function describeEvent(event: DimseEvent): string {
  return JSON.stringify(event);
}

/** Resolves when the process is asked to stop. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

export const listenCommand: Command = {
  name: 'listen',
  summary: 'receive images by DICOM C-STORE and DICOMweb STOW-RS into the project',
  usage: USAGE,
  async run(context: CommandContext): Promise<number> {
    const options = parseOptions(context.args, SPEC);
    if (options.flags.has('help')) {
      context.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (options.positional.length > 0) {
      throw new RadsetError('USAGE', `unexpected '${options.positional[0] ?? ''}'`);
    }
    const aeTitle = (optionValue(options, 'ae-title') ?? 'RADSET').trim();
    if (!AE_TITLE.test(aeTitle)) {
      throw new RadsetError(
        'USAGE',
        `--ae-title must be 1-16 printable characters without '\\', got '${aeTitle}'`,
      );
    }
    const dimsePort = optionInteger(options, 'dimse-port', 0, 65535) ?? 11112;
    const httpPort = optionInteger(options, 'http-port', 0, 65535);
    const jobs = optionInteger(options, 'jobs', 1, 256) ?? defaultIngestJobs();
    const project = await openProject({
      dataDir: resolveDataDir(optionValue(options, 'data-dir')),
      keyFile: optionValue(options, 'key-file'),
    });
    const software = `radset ${version()}`;
    const pipeline = await IngestPipeline.start(project, { source: 'dimse', jobs, software });
    const verbose = options.flags.has('verbose');
    const closers: (() => Promise<void>)[] = [];
    try {
      const dimse = await startDimseIngest(pipeline, {
        aeTitle,
        port: dimsePort,
        host: optionValue(options, 'host') ?? '0.0.0.0',
        allowedCallingAeTitles: options.values.get('allow-calling'),
        ...(verbose
          ? { onEvent: (e: DimseEvent) => context.stderr.write(`${describeEvent(e)}\n`) }
          : {}),
      });
      closers.push(() => dimse.close());
      context.stdout.write(`radset listen: DICOM ${aeTitle} on port ${dimse.port}\n`);
      if (httpPort !== undefined) {
        const stow = await startStowEndpoint(pipeline, {
          port: httpPort,
          host: optionValue(options, 'http-host') ?? '127.0.0.1',
        });
        closers.push(() => stow.close());
        context.stdout.write(`radset listen: STOW-RS at ${stow.url}/studies\n`);
      }
      context.stdout.write(
        `radset listen: project ${project.layout.root}, key fingerprint ${keyFingerprint(project.key.key)}; stop with Ctrl-C\n`,
      );
      const signal = await stopSignal();
      context.stdout.write(`radset listen: ${signal}: finishing\n`);
    } finally {
      for (const close of closers.reverse()) await close();
      const counts = await pipeline.finish();
      await project.close();
      context.stdout.write(
        `radset listen: ${counts.inputs} received: ${counts.stored} stored, ${counts.duplicates} duplicate, ${counts.quarantined} quarantined\n`,
      );
    }
    return 0;
  },
};
