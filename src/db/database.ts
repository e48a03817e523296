/**
 * The database port (DESIGN.md "Embedded first, scales without code change"):
 * one narrow interface in front of embedded PGlite and PostgreSQL, so every
 * domain writes the same SQL for both. SQL is kept to the PostgreSQL 15
 * subset (Debian's server); PGlite runs PostgreSQL 18.
 */
export type DatabaseKind = 'pglite' | 'postgres';

/** Something SQL can run on: the database itself or an open transaction. */
export interface Queryable {
  /** One statement with `$1`-style parameters; rows as plain objects. */
  query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: DatabaseKind;
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
  close(): Promise<void>;
}
