/**
 * A throwaway database on the PostgreSQL server of this machine (DESIGN.md:
 * the same SQL and migrations run on PGlite and PostgreSQL, and the tests
 * prove it). The server is a peer: missing, the test skips locally and fails
 * under CI.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { TestContext } from 'vitest';
import { skipOrFail } from './peers.js';

/** The server and an existing database to connect to for CREATE/DROP DATABASE. */
export const POSTGRES_ADMIN_URL =
  process.env.RADSET_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database named radset_test_<random>; `drop()` removes it. */
export async function createTestDatabase(context: TestContext): Promise<TestDatabase> {
  const name = `radset_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    return skipOrFail(
      context,
      `PostgreSQL at ${POSTGRES_ADMIN_URL} is not usable (${(error as Error).message}); start the server or set RADSET_TEST_POSTGRES_URL`,
    );
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () =>
      admin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}
