import type { Queryable } from '../db/index.js';

/** A stored instance of a series: its pseudonymous UID and the blob holding its de-identified bytes. */
export interface StoredInstance {
  readonly SOPInstanceUID: string;
  readonly blobSha256: string;
  readonly instanceNumber: number | null;
}

/**
 * The stored instances of a catalogued series, in Instance Number order (an
 * order for reading only: volumes sort slices by position). Empty when the
 * catalog has no such series.
 */
export async function seriesInstances(
  db: Queryable,
  SeriesInstanceUID: string,
): Promise<StoredInstance[]> {
  const rows = await db.query<{
    sop_instance_uid: string;
    blob_sha256: string;
    instance_number: number | null;
  }>(
    `SELECT sop_instance_uid, blob_sha256, instance_number FROM instances
      WHERE series_uid = $1 ORDER BY instance_number NULLS LAST, sop_instance_uid`,
    [SeriesInstanceUID],
  );
  return rows.map((row) => ({
    SOPInstanceUID: row.sop_instance_uid,
    blobSha256: row.blob_sha256,
    instanceNumber: row.instance_number,
  }));
}
