/**
 * Throwaway databases on the local PostgreSQL server (Debian's, trust
 * authentication for `postgres` on 127.0.0.1), created and dropped through
 * psql and its maintenance database `test`.
 */
import { execFileSync, spawnSync } from 'node:child_process';

const HOST = '127.0.0.1';
const PORT = 5432;
const USER = 'postgres';
const MAINTENANCE_DB = 'test';

function psql(sql: string): string {
  return execFileSync(
    'psql',
    [
      '-h',
      HOST,
      '-p',
      String(PORT),
      '-U',
      USER,
      '-d',
      MAINTENANCE_DB,
      '-v',
      'ON_ERROR_STOP=1',
      '-tAc',
      sql,
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
  ).trim();
}

/** True when psql can reach the server. */
export function postgresAvailable(): boolean {
  const result = spawnSync(
    'psql',
    ['-h', HOST, '-p', String(PORT), '-U', USER, '-d', MAINTENANCE_DB, '-tAc', 'SELECT 1'],
    { encoding: 'utf8' },
  );
  return result.status === 0 && result.stdout.trim() === '1';
}

export function postgresVersion(): string {
  return psql('SHOW server_version').split(' ')[0] ?? 'unknown';
}

/** Creates an empty database `name` (dropping one left by an interrupted run) and returns its URL. */
export function createDatabase(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  dropDatabase(name);
  psql(`CREATE DATABASE ${name}`);
  return `postgres://${USER}@${HOST}:${PORT}/${name}`;
}

/** Drops `name` if it exists, closing any connection left to it. */
export function dropDatabase(name: string): void {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a plain database name: ${name}`);
  psql(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
