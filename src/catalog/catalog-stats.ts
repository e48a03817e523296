import type { Queryable } from '../db/index.js';

/** A facet value and how many series (or studies, or patients) have it; null value = unknown. */
export interface FacetCount {
  readonly value: string | null;
  readonly count: number;
}

export interface CatalogStats {
  readonly patients: number;
  readonly studies: number;
  readonly series: number;
  readonly instances: number;
  readonly frames: number;
  readonly sizeBytes: number;
  /** Instances whose SOP Instance UID arrived again with other content. */
  readonly conflicts: number;
  /** Series counts per value. */
  readonly modality: readonly FacetCount[];
  readonly bodyPart: readonly FacetCount[];
  readonly manufacturer: readonly FacetCount[];
  readonly model: readonly FacetCount[];
  readonly contrast: readonly FacetCount[];
  readonly source: readonly FacetCount[];
  /** Study counts per value. */
  readonly ageBand: readonly FacetCount[];
  readonly studyYear: readonly FacetCount[];
  /** Patient counts per value. */
  readonly sex: readonly FacetCount[];
}

/** Facets over series, by column. */
const SERIES_FACETS = {
  modality: 'modality',
  bodyPart: 'body_part',
  manufacturer: 'manufacturer',
  model: 'model',
  contrast: 'contrast',
  source: 'source',
} as const;

async function facet(db: Queryable, table: string, expression: string): Promise<FacetCount[]> {
  return db.query<FacetCount>(
    `SELECT ${expression} AS value, count(*)::bigint AS count FROM ${table}
      GROUP BY 1 ORDER BY count(*) DESC, 1 NULLS LAST`,
  );
}

/** Counts of everything in the catalog, and by each facet `radset search` filters on. */
export async function catalogStats(db: Queryable): Promise<CatalogStats> {
  const [totals] = await db.query<{
    patients: number;
    studies: number;
    series: number;
    instances: number;
    frames: number;
    size_bytes: number;
    conflicts: number;
  }>(`SELECT
      (SELECT count(*) FROM patients)::bigint AS patients,
      (SELECT count(*) FROM studies)::bigint AS studies,
      (SELECT count(*) FROM series)::bigint AS series,
      (SELECT count(*) FROM instances)::bigint AS instances,
      (SELECT coalesce(sum(frame_count), 0) FROM instances)::bigint AS frames,
      (SELECT coalesce(sum(size_bytes), 0) FROM instances)::bigint AS size_bytes,
      (SELECT count(*) FROM instance_conflicts)::bigint AS conflicts`);
  const seriesFacets = Object.fromEntries(
    await Promise.all(
      Object.entries(SERIES_FACETS).map(
        async ([name, column]) => [name, await facet(db, 'series', column)] as const,
      ),
    ),
  ) as Record<keyof typeof SERIES_FACETS, FacetCount[]>;
  return {
    patients: totals?.patients ?? 0,
    studies: totals?.studies ?? 0,
    series: totals?.series ?? 0,
    instances: totals?.instances ?? 0,
    frames: totals?.frames ?? 0,
    sizeBytes: totals?.size_bytes ?? 0,
    conflicts: totals?.conflicts ?? 0,
    ...seriesFacets,
    ageBand: await facet(db, 'studies', 'age_band'),
    studyYear: await facet(db, 'studies', 'substr(study_date, 1, 4)'),
    sex: await facet(db, 'patients', 'sex'),
  };
}
