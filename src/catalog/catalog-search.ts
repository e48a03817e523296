import type { Queryable } from '../db/index.js';
import { RadsetError } from '../errors.js';

/** Filters of `radset search`; every one given must match (AND). */
export interface CatalogQuery {
  readonly modality?: readonly string[] | undefined;
  readonly bodyPart?: readonly string[] | undefined;
  readonly manufacturer?: readonly string[] | undefined;
  /** YYYY-MM-DD, inclusive, on the (shifted) study date. */
  readonly dateFrom?: string | undefined;
  readonly dateTo?: string | undefined;
  /** Case-insensitive words, each found in a description, protocol, model, kernel or body part. */
  readonly text?: string | undefined;
  readonly source?: readonly string[] | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
}

/** One series found, with its study and patient (all pseudonyms). */
export interface SeriesHit {
  readonly patientId: string;
  readonly sex: string | null;
  readonly ageBand: string | null;
  readonly studyUid: string;
  readonly studyDate: string | null;
  readonly studyDescription: string | null;
  readonly seriesUid: string;
  readonly modality: string | null;
  readonly bodyPart: string | null;
  readonly manufacturer: string | null;
  readonly model: string | null;
  readonly fieldStrengthT: number | null;
  readonly sliceThicknessMm: number | null;
  readonly pixelSpacingMm: readonly [number, number] | null;
  readonly kvp: number | null;
  readonly convolutionKernel: string | null;
  readonly contrast: string | null;
  readonly seriesDescription: string | null;
  readonly protocolName: string | null;
  readonly source: string;
  readonly instances: number;
  readonly frames: number;
  readonly sizeBytes: number;
}

export interface SearchResult {
  /** Series matching the filters, before paging. */
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
  readonly series: readonly SeriesHit[];
}

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 1000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface SeriesRow {
  patient_id: string;
  sex: string | null;
  age_band: string | null;
  study_uid: string;
  study_date: string | null;
  study_description: string | null;
  series_uid: string;
  modality: string | null;
  body_part: string | null;
  manufacturer: string | null;
  model: string | null;
  field_strength_t: number | null;
  slice_thickness_mm: number | null;
  pixel_spacing_row_mm: number | null;
  pixel_spacing_column_mm: number | null;
  kvp: number | null;
  convolution_kernel: string | null;
  contrast: string | null;
  series_description: string | null;
  protocol_name: string | null;
  source: string;
  instances: number;
  frames: number;
  size_bytes: number;
}

function checkDate(name: string, value: string | undefined): void {
  if (value !== undefined && !ISO_DATE.test(value)) {
    throw new RadsetError('INVALID_ARGUMENT', `${name} must be a date YYYY-MM-DD, got '${value}'`);
  }
}

/** LIKE pattern for a literal word: %, _ and \ in it match themselves. */
function likeWord(word: string): string {
  return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The WHERE clause and parameters for a query (shared by search and stats). */
export function catalogWhere(query: CatalogQuery): { sql: string; params: unknown[] } {
  checkDate('--date-from', query.dateFrom);
  checkDate('--date-to', query.dateTo);
  const clauses: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const anyOf = (
    column: string,
    values: readonly string[] | undefined,
    normalise: (v: string) => string,
  ): void => {
    if (values === undefined || values.length === 0) return;
    clauses.push(`upper(${column}) IN (${values.map((v) => param(normalise(v))).join(', ')})`);
  };
  const upper = (v: string): string => v.trim().toUpperCase();
  anyOf('se.modality', query.modality, upper);
  anyOf('se.body_part', query.bodyPart, (v) => upper(v).replace(/[\s-]+/g, '_'));
  anyOf('se.manufacturer', query.manufacturer, upper);
  anyOf('se.source', query.source, upper);
  if (query.dateFrom !== undefined) clauses.push(`st.study_date >= ${param(query.dateFrom)}`);
  if (query.dateTo !== undefined) clauses.push(`st.study_date <= ${param(query.dateTo)}`);
  for (const word of (query.text ?? '').split(/\s+/).filter((w) => w !== '')) {
    const p = param(likeWord(word));
    clauses.push(
      `concat_ws(' ', st.study_description, se.series_description, se.protocol_name, se.model,
        se.convolution_kernel, se.body_part, se.manufacturer) ILIKE ${p}`,
    );
  }
  return { sql: clauses.length === 0 ? '' : `WHERE ${clauses.join(' AND ')}`, params };
}

const FROM = `FROM series se
  JOIN studies st ON st.study_uid = se.study_uid
  JOIN patients p ON p.patient_id = st.patient_id`;

/**
 * Series in the catalog matching every given filter, ordered by study date,
 * study and series, a page at a time.
 */
export async function searchCatalog(db: Queryable, query: CatalogQuery): Promise<SearchResult> {
  const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
  const offset = query.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT) {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `--limit must be an integer from 1 to ${MAX_SEARCH_LIMIT}, got ${limit}`,
    );
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new RadsetError('INVALID_ARGUMENT', `--offset must be a whole number, got ${offset}`);
  }
  const where = catalogWhere(query);
  const [count] = await db.query<{ n: number }>(
    `SELECT count(*)::bigint AS n ${FROM} ${where.sql}`,
    where.params,
  );
  const rows = await db.query<SeriesRow>(
    `SELECT p.patient_id, p.sex, st.age_band, st.study_uid, st.study_date, st.study_description,
        se.series_uid, se.modality, se.body_part, se.manufacturer, se.model, se.field_strength_t,
        se.slice_thickness_mm, se.pixel_spacing_row_mm, se.pixel_spacing_column_mm, se.kvp,
        se.convolution_kernel, se.contrast, se.series_description, se.protocol_name, se.source,
        agg.instances, agg.frames, agg.size_bytes
      ${FROM}
      JOIN LATERAL (
        SELECT count(*)::bigint AS instances, coalesce(sum(i.frame_count), 0)::bigint AS frames,
          coalesce(sum(i.size_bytes), 0)::bigint AS size_bytes
        FROM instances i WHERE i.series_uid = se.series_uid
      ) agg ON true
      ${where.sql}
      ORDER BY st.study_date NULLS LAST, st.study_uid, se.series_uid
      LIMIT ${limit} OFFSET ${offset}`,
    where.params,
  );
  return {
    total: count?.n ?? 0,
    limit,
    offset,
    series: rows.map((r) => ({
      patientId: r.patient_id,
      sex: r.sex,
      ageBand: r.age_band,
      studyUid: r.study_uid,
      studyDate: r.study_date,
      studyDescription: r.study_description,
      seriesUid: r.series_uid,
      modality: r.modality,
      bodyPart: r.body_part,
      manufacturer: r.manufacturer,
      model: r.model,
      fieldStrengthT: r.field_strength_t,
      sliceThicknessMm: r.slice_thickness_mm,
      pixelSpacingMm:
        r.pixel_spacing_row_mm === null || r.pixel_spacing_column_mm === null
          ? null
          : [r.pixel_spacing_row_mm, r.pixel_spacing_column_mm],
      kvp: r.kvp,
      convolutionKernel: r.convolution_kernel,
      contrast: r.contrast,
      seriesDescription: r.series_description,
      protocolName: r.protocol_name,
      source: r.source,
      instances: r.instances,
      frames: r.frames,
      sizeBytes: r.size_bytes,
    })),
  };
}
