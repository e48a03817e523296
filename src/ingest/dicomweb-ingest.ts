import { pullFromDicomweb, type DicomwebPullOptions } from './dicomweb/index.js';
import { inLanes } from './in-lanes.js';
import type { IngestPipeline } from './ingest-pipeline.js';

/** A study the PACS could not deliver (in whole or in part): nothing of it is silently lost. */
export interface SourceFailure {
  readonly ref: string;
  readonly reason: string;
}

/**
 * Pulls studies from a DICOMweb server (QIDO-RS to find them unless their
 * UIDs are given, WADO-RS to fetch them as stored) into the pipeline. Every
 * instance received is counted by the pipeline; every study that failed, or
 * arrived with fewer instances than the server counted, is returned.
 */
export async function ingestFromDicomweb(
  pipeline: IngestPipeline,
  options: DicomwebPullOptions,
  onProgress?: (received: number, studies: number | undefined) => void,
): Promise<SourceFailure[]> {
  const pull = pullFromDicomweb(options);
  let received = 0;
  await inLanes(pull, pipeline.concurrency, async (instance) => {
    await pipeline.ingestBytes(instance.part10, instance.ref);
    onProgress?.(++received, pull.studyCount);
  });
  return pull.failures.map((f) => ({
    ref: `dicomweb:${f.studyUid}`,
    reason:
      f.reason ??
      `failed (${f.instancesPulled} of ${f.instancesExpected ?? '?'} instances received)`,
  }));
}
