import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RadsetError } from '../errors.js';
import type { Database } from './database.js';
import { migrate } from './migrate.js';

/** Set to `postgres://…` to use a PostgreSQL server instead of the embedded database. */
export const DATABASE_URL_ENV = 'RADSET_DATABASE_URL';

export interface OpenDatabaseOptions {
  /** The data folder; the embedded database lives in its `db/`. */
  readonly dataDir: string;
  /** A PostgreSQL URL; default `$RADSET_DATABASE_URL`; empty or absent means embedded. */
  readonly url?: string | undefined;
}

/** Hides the password in a connection string for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, '//$1:***@');
}

/**
 * Opens the project database, migrated to the newest schema: PostgreSQL when
 * a URL is given (or in `$RADSET_DATABASE_URL`), else PGlite in
 * `<dataDir>/db`.
 */
export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  const url = options.url ?? process.env[DATABASE_URL_ENV];
  let db: Database;
  if (url !== undefined && url !== '') {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new RadsetError(
        'INVALID_ARGUMENT',
        `${DATABASE_URL_ENV} must be a postgres:// or postgresql:// URL, got '${redactUrl(url)}'`,
      );
    }
    try {
      // Loaded on first use: a command that needs no database (radset nifti,
      // dump…) starts without pg's or PGlite's module load time.
      const { openPostgresDatabase } = await import('./postgres-database.js');
      db = await openPostgresDatabase(url);
    } catch (error) {
      throw new RadsetError(
        'DATABASE_UNAVAILABLE',
        `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  } else {
    const directory = join(options.dataDir, 'db');
    try {
      mkdirSync(directory, { recursive: true, mode: 0o700 });
      const { openPgliteDatabase } = await import('./pglite-database.js');
      db = await openPgliteDatabase(directory);
    } catch (error) {
      throw new RadsetError(
        'DATABASE_UNAVAILABLE',
        `cannot open the embedded database in ${directory}: ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
  try {
    await migrate(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
