import type { Database, Queryable } from '../db/index.js';
import { auditEntryHash, GENESIS_HASH, type AuditEntry, type AuditEvent } from './audit-entry.js';

/** Serialises appends across processes (PostgreSQL advisory lock key). */
const AUDIT_APPEND_LOCK = 0x72616461; // 'rada'

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  role: string;
  action: string;
  object: string;
  outcome: string;
  request_id: string;
  details: unknown;
  prev_hash: string;
  hash: string;
}

/** The stored row as an entry. */
export function auditEntryOf(row: AuditRow): AuditEntry {
  return {
    seq: Number(row.seq),
    at: row.at,
    actor: row.actor,
    role: row.role,
    action: row.action,
    object: row.object,
    outcome: row.outcome as AuditEntry['outcome'],
    requestId: row.request_id,
    details: (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<
      string,
      unknown
    >,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Appends inside an open transaction (the caller's, so the entry commits with what it records). */
export async function appendAuditIn(
  tx: Queryable,
  event: AuditEvent,
  now = new Date(),
): Promise<AuditEntry> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
  const [last] = await tx.query<{ seq: number; hash: string }>(
    'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
  );
  const unhashed = {
    ...event,
    seq: last === undefined ? 1 : Number(last.seq) + 1,
    at: now.toISOString(),
    prevHash: last?.hash ?? GENESIS_HASH,
  };
  const entry: AuditEntry = { ...unhashed, hash: auditEntryHash(unhashed) };
  await tx.query(
    `INSERT INTO audit_log (seq, at, actor, role, action, object, outcome, request_id, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      entry.seq,
      entry.at,
      entry.actor,
      entry.role,
      entry.action,
      entry.object,
      entry.outcome,
      entry.requestId,
      JSON.stringify(entry.details),
      entry.prevHash,
      entry.hash,
    ],
  );
  return entry;
}

/** Appends one event in its own transaction. */
export async function appendAudit(
  db: Database,
  event: AuditEvent,
  now?: Date,
): Promise<AuditEntry> {
  return db.transaction((tx) => appendAuditIn(tx, event, now));
}

/** Entries in chain order, `fromSeq` onwards, at most `limit`. */
export async function readAuditEntries(
  db: Queryable,
  fromSeq: number,
  limit: number,
): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>(
    `SELECT seq, at, actor, role, action, object, outcome, request_id, details, prev_hash, hash
       FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT $2`,
    [fromSeq, limit],
  );
  return rows.map(auditEntryOf);
}
