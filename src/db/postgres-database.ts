import pg from 'pg';
import type { Database, Queryable } from './database.js';

/** BIGINT as a JS number, as the PGlite adapter gives it (sizes stay far below 2^53). */
const INT8_OID = 20;
const typeParsers = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

function queryable(client: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query<Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
      const result = await client.query<Row & pg.QueryResultRow>({
        text: sql,
        values: [...params],
        types: typeParsers,
      });
      return result.rows;
    },
  };
}

/** A PostgreSQL server (`RADSET_DATABASE_URL=postgres://…`), through a small connection pool. */
export async function openPostgresDatabase(connectionString: string): Promise<Database> {
  const pool = new pg.Pool({ connectionString, max: 4 });
  // An idle client's network error must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  // Fail now, naming the server, rather than on the first query.
  const probe = await pool.connect().catch((error: unknown) => {
    void pool.end();
    throw error;
  });
  probe.release();
  const base = queryable(pool);
  return {
    kind: 'postgres',
    query: base.query,
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(queryable(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    exec: async (sql) => void (await pool.query(sql)),
    close: () => pool.end(),
  };
}
