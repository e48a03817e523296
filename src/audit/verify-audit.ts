import type { Queryable } from '../db/index.js';
import { auditEntryHash, GENESIS_HASH } from './audit-entry.js';
import { readAuditEntries } from './audit-log.js';

/** What a walk of the chain found. */
export interface AuditVerification {
  readonly ok: boolean;
  /** Entries read. */
  readonly entries: number;
  /** Hash of the last entry: keep it elsewhere to detect a truncated tail later. */
  readonly headHash: string;
  /** Every break, in chain order (empty when ok). */
  readonly problems: readonly AuditProblem[];
}

export interface AuditProblem {
  readonly seq: number;
  readonly kind: 'edited' | 'missing' | 'reordered' | 'head-mismatch';
  readonly message: string;
}

const PAGE = 5000;

/**
 * Walks the audit log in `seq` order and recomputes every hash: an entry
 * whose content no longer matches its hash was edited; a gap in `seq` means
 * entries were deleted; an entry whose `prevHash` is not its predecessor's
 * hash was moved or its predecessor replaced. A deleted tail leaves a valid
 * shorter chain, so `expectedHeadHash` (a head hash kept elsewhere, e.g.
 * from an export) is compared too.
 */
export async function verifyAuditChain(
  db: Queryable,
  options: { readonly expectedHeadHash?: string } = {},
): Promise<AuditVerification> {
  const problems: AuditProblem[] = [];
  let previousHash = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const page = await readAuditEntries(db, expectedSeq === 1 ? 1 : expectedSeq, PAGE);
    if (page.length === 0) break;
    for (const entry of page) {
      count++;
      if (entry.seq !== expectedSeq) {
        problems.push({
          seq: entry.seq,
          kind: 'missing',
          message: `entries ${expectedSeq}–${entry.seq - 1} are missing (deleted)`,
        });
      }
      const { hash, ...content } = entry;
      if (auditEntryHash(content) !== hash) {
        problems.push({
          seq: entry.seq,
          kind: 'edited',
          message: `entry ${entry.seq} (${entry.action} by ${entry.actor}) does not match its hash: it was changed after it was written`,
        });
      }
      if (entry.prevHash !== previousHash && entry.seq === expectedSeq) {
        problems.push({
          seq: entry.seq,
          kind: 'reordered',
          message: `entry ${entry.seq} does not follow entry ${entry.seq - 1}: entries were reordered or replaced`,
        });
      }
      previousHash = hash;
      expectedSeq = entry.seq + 1;
    }
    if (page.length < PAGE) break;
  }
  if (options.expectedHeadHash !== undefined && options.expectedHeadHash !== previousHash) {
    problems.push({
      seq: expectedSeq - 1,
      kind: 'head-mismatch',
      message: `the last entry's hash is ${previousHash}, not the expected ${options.expectedHeadHash}: entries at the end were removed or replaced`,
    });
  }
  return { ok: problems.length === 0, entries: count, headHash: previousHash, problems };
}
