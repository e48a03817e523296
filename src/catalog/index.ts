/**
 * The catalog (DESIGN.md `catalog/`): patients, studies, series and
 * instances of de-identified data, harmonised metadata, search and counts.
 */
export type { CatalogEntry, IngestSource } from './catalog-entry.js';
export {
  CatalogWriter,
  type CatalogOutcome,
  type CatalogSubmission,
  type IngestedFile,
} from './catalog-writer.js';
export {
  DEFAULT_SEARCH_LIMIT,
  MAX_SEARCH_LIMIT,
  searchCatalog,
  type CatalogQuery,
  type SearchResult,
  type SeriesHit,
} from './catalog-search.js';
export { catalogStats, type CatalogStats, type FacetCount } from './catalog-stats.js';
export { harmoniseInstance, type BodyPart, type HarmonisedInstance } from './harmonise/index.js';
export { seriesInstances, type StoredInstance } from './series-instances.js';
