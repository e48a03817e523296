import { createHash } from 'node:crypto';

/** What happened: who, in which role, did what to which object, with what outcome. */
export interface AuditEvent {
  /** The user (or `system`, or a service token's name). */
  readonly actor: string;
  readonly role: string;
  /** A stable verb: `login`, `image.read`, `label.write`, `export`, `user.add`… */
  readonly action: string;
  /** What it was done to, e.g. `series/2.25.…`; '' when nothing in particular. */
  readonly object: string;
  readonly outcome: 'success' | 'denied' | 'failure';
  /** Ties the entry to a request or command run; '' when there is none. */
  readonly requestId: string;
  /** Anything else worth keeping; never PHI (everything after the door is de-identified). */
  readonly details: Readonly<Record<string, unknown>>;
}

/** An entry as stored: the event, its place in the chain and its hashes. */
export interface AuditEntry extends AuditEvent {
  /** 1, 2, 3…: the chain order. */
  readonly seq: number;
  /** ISO 8601 UTC time of the append. */
  readonly at: string;
  /** SHA-256 hex of the previous entry ({@link GENESIS_HASH} for the first). */
  readonly prevHash: string;
  /** SHA-256 hex of this entry's content and `prevHash`. */
  readonly hash: string;
}

/** The `prevHash` of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** Sorts object keys, recursively, so equal content always serialises the same. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map((key) => [key, canonical((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/**
 * The entry's hash: SHA-256 over the canonical JSON of every field but the
 * hash itself, the previous entry's hash included, so changing, removing or
 * moving any entry changes every hash after it.
 */
export function auditEntryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const content = [
    entry.seq,
    entry.at,
    entry.actor,
    entry.role,
    entry.action,
    entry.object,
    entry.outcome,
    entry.requestId,
    canonical(entry.details),
    entry.prevHash,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}
