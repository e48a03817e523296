/**
 * The database (DESIGN.md "Embedded first"): embedded PGlite by default,
 * PostgreSQL via `$RADSET_DATABASE_URL`, one set of numbered migrations.
 */
export type { Database, DatabaseKind, Queryable } from './database.js';
export {
  DATABASE_URL_ENV,
  openDatabase,
  redactUrl,
  type OpenDatabaseOptions,
} from './open-database.js';
export { migrate } from './migrate.js';
export { MIGRATIONS, type Migration } from './migrations/index.js';
