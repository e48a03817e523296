/**
 * The database port on both adapters: one migration set, the same SQL,
 * transactions that roll back, BIGINT as numbers, and a schema newer than
 * the software refused.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, MIGRATIONS, openDatabase, type Database } from '../src/db/index.js';
import { RadsetError } from '../src/errors.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

const work = mkdtempSync(join(tmpdir(), 'radset-db-'));

describe.each(['pglite', 'postgres'] as const)('database on %s', (kind) => {
  let db: Database;
  let server: TestDatabase | undefined;

  afterAll(async () => {
    await db?.close();
    await server?.drop();
  });

  it('opens and migrates to the newest schema, once', async (context) => {
    if (kind === 'postgres') server = await createTestDatabase(context);
    db = await openDatabase({ dataDir: join(work, kind), url: server?.url ?? '' });
    expect(db.kind).toBe(kind);
    const versions = await db.query<{ version: number }>(
      'SELECT version FROM schema_migrations ORDER BY version',
    );
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(await migrate(db)).toEqual([]);
  });

  it('runs the embedded database with small shared buffers (its memory is the process)', async () => {
    const [row] = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
    expect(row?.shared_buffers).toBe(kind === 'pglite' ? '16MB' : row?.shared_buffers);
  });

  it('returns BIGINT as a number and jsonb as objects', async () => {
    const [row] = await db.query<{ n: number; j: { a: number } }>(
      `SELECT 9007199254740991::bigint AS n, '{"a":1}'::jsonb AS j`,
    );
    expect(row).toEqual({ n: 9007199254740991, j: { a: 1 } });
  });

  it('rolls a transaction back when its work throws', async () => {
    await expect(
      db.transaction(async (tx) => {
        await tx.query("INSERT INTO patients (patient_id) VALUES ('RSROLLEDBACK0000')");
        throw new Error('stop');
      }),
    ).rejects.toThrow('stop');
    expect(await db.query("SELECT 1 FROM patients WHERE patient_id = 'RSROLLEDBACK0000'")).toEqual(
      [],
    );
    await db.transaction((tx) =>
      tx.query("INSERT INTO patients (patient_id) VALUES ('RSCOMMITTED00000')"),
    );
    expect(
      await db.query("SELECT patient_id FROM patients WHERE patient_id = 'RSCOMMITTED00000'"),
    ).toHaveLength(1);
  });

  it('refuses a schema newer than this software', async () => {
    await db.query(
      "INSERT INTO schema_migrations (version, name) VALUES (9999, 'from the future')",
    );
    const error = await migrate(db).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RadsetError);
    expect((error as RadsetError).code).toBe('DATABASE_SCHEMA_TOO_NEW');
    await db.query('DELETE FROM schema_migrations WHERE version = 9999');
  });
});

describe('database errors', () => {
  it('names the server it cannot reach, without the password', async () => {
    const error = await openDatabase({
      dataDir: join(work, 'x'),
      url: 'postgres://someone:secret@127.0.0.1:1/nowhere',
    }).catch((e: unknown) => e);
    expect((error as RadsetError).code).toBe('DATABASE_UNAVAILABLE');
    expect((error as Error).message).toContain('127.0.0.1:1');
    expect((error as Error).message).not.toContain('secret');
  });

  it('rejects a URL that is not PostgreSQL', async () => {
    const error = await openDatabase({ dataDir: join(work, 'y'), url: 'mysql://x' }).catch(
      (e: unknown) => e,
    );
    expect((error as RadsetError).code).toBe('INVALID_ARGUMENT');
  });
});
