import type { Migration } from './index.js';

/**
 * The audit log (DESIGN.md "Audit is tamper-evident"): append-only, each
 * entry carrying the SHA-256 of its content and of the entry before it, so an
 * edited, deleted or reordered entry breaks the chain `radset audit verify`
 * walks. Triggers refuse UPDATE, DELETE and TRUNCATE, so the application
 * cannot rewrite history by mistake; someone with the database's superuser
 * rights still can, and that is what the hash chain detects. `at` is the ISO
 * 8601 text that was hashed, so verification never depends on how a server
 * formats timestamps.
 */
export const AUDIT_MIGRATION: Migration = {
  version: 2,
  name: 'audit',
  statements: [
    `CREATE TABLE audit_log (
      seq bigint PRIMARY KEY CHECK (seq >= 1),
      at text NOT NULL,
      actor text NOT NULL,
      role text NOT NULL,
      action text NOT NULL,
      object text NOT NULL,
      outcome text NOT NULL,
      request_id text NOT NULL,
      details json NOT NULL,
      prev_hash text NOT NULL,
      hash text NOT NULL UNIQUE
    )`,
    `CREATE INDEX audit_log_at ON audit_log (at)`,
    `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
      END
    $$`,
    `CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    `CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`,
  ],
};
