import type { Queryable } from '../db/index.js';

/** PostgreSQL's limit on parameters in one statement is 65,535. */
const MAX_PARAMETERS = 60_000;

/**
 * Multi-row `INSERT INTO table (columns) VALUES (…), (…) suffix`, split so no
 * statement exceeds the parameter limit. `cast` gives a column's SQL cast
 * (`jsonb`), needed where a text parameter fills a non-text column. Returns
 * the rows of a `RETURNING` suffix.
 */
export async function insertRows<Row extends object>(
  tx: Queryable,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  suffix = '',
  cast: Readonly<Record<string, string>> = {},
): Promise<Row[]> {
  const out: Row[] = [];
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => {
      const slots = columns.map((column, i) => {
        params.push(row[i] ?? null);
        const type = cast[column];
        return type === undefined ? `$${params.length}` : `$${params.length}::${type}`;
      });
      return `(${slots.join(', ')})`;
    });
    const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ${suffix}`;
    out.push(...(await tx.query<Row>(sql, params)));
  }
  return out;
}
