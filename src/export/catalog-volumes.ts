import { seriesInstances } from '../catalog/index.js';
import type { Queryable } from '../db/index.js';
import {
  volumesFromFiles,
  type SeriesVolume,
  type SeriesVolumeOptions,
  type SkippedInput,
} from '../volume/index.js';

/** Where the catalog's de-identified instances are kept (a project's blob store). */
export interface BlobPaths {
  localPath(sha256: string): string;
}

/**
 * The volumes of a catalogued series, built from its stored (de-identified)
 * instances; undefined when the catalog has no such series.
 */
export async function catalogSeriesVolumes(
  db: Queryable,
  blobs: BlobPaths,
  SeriesInstanceUID: string,
  options: SeriesVolumeOptions = {},
): Promise<{ volumes: SeriesVolume[]; skipped: SkippedInput[] } | undefined> {
  const instances = await seriesInstances(db, SeriesInstanceUID);
  if (instances.length === 0) return undefined;
  return volumesFromFiles(
    instances.map((instance) => blobs.localPath(instance.blobSha256)),
    options,
  );
}
