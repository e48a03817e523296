import { RadsetError } from '../errors.js';
import type { Database } from './database.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

/**
 * Any lock id will do as long as nothing else in the database uses it: two
 * radset processes starting at once on one PostgreSQL server migrate in turn.
 */
const MIGRATION_LOCK_ID = 0x72616473; // "rads"

/**
 * Brings the schema up to the newest migration, each in its own transaction,
 * and returns the versions applied now. One numbered set for PGlite and
 * PostgreSQL (pg-boss and Orthanc do the same). A database newer than this
 * software is refused rather than written to.
 */
export async function migrate(
  db: Database,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  await db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const applied: number[] = [];
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  for (const migration of migrations) {
    const done = await db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_ID]);
      const rows = await tx.query<{ version: number }>(
        'SELECT version FROM schema_migrations ORDER BY version DESC',
      );
      const top = rows[0]?.version ?? 0;
      if (top > newest) {
        throw new RadsetError(
          'DATABASE_SCHEMA_TOO_NEW',
          `the database schema is at version ${top}, newer than this radset knows (${newest}); upgrade radset`,
        );
      }
      if (rows.some((row) => row.version === migration.version)) return false;
      for (const statement of migration.statements) await tx.query(statement);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      return true;
    });
    if (done) applied.push(migration.version);
  }
  return applied;
}
