import { startDimseListener, type DimseEvent, type DimseListener } from './dimse/index.js';
import type { IngestPipeline } from './ingest-pipeline.js';

export interface DimseIngestOptions {
  readonly aeTitle: string;
  readonly port: number;
  readonly host: string;
  readonly allowedCallingAeTitles?: readonly string[] | undefined;
  readonly onEvent?: (event: DimseEvent) => void;
}

/**
 * A C-STORE SCP (PS3.4 Annex B) feeding the ingest pipeline: a success
 * status is sent only once the instance is de-identified, stored and
 * committed to the catalog; a quarantined one fails with the reason as the
 * Error Comment, so the modality knows to look.
 */
export function startDimseIngest(
  pipeline: IngestPipeline,
  options: DimseIngestOptions,
): Promise<DimseListener> {
  let received = 0;
  return startDimseListener({
    aeTitle: options.aeTitle,
    port: options.port,
    host: options.host,
    ...(options.allowedCallingAeTitles === undefined
      ? {}
      : { allowedCallingAeTitles: options.allowedCallingAeTitles }),
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
    onStore: async (instance) => {
      const outcome = await pipeline.ingestBytes(
        instance.part10,
        `dimse:${instance.callingAeTitle}@${instance.remoteAddress}#${++received}`,
        'dimse',
      );
      return outcome.status === 'quarantined'
        ? { status: 'rejected', reason: `${outcome.code}: ${outcome.reason}` }
        : { status: outcome.status };
    },
  });
}
