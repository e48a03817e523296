/**
 * The audit log on both databases: appends form a hash chain, the table
 * refuses UPDATE/DELETE/TRUNCATE, and verification finds every kind of
 * tampering done directly in the database with the triggers switched off
 * (what someone with superuser rights could do).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, type TestContext } from 'vitest';
import {
  appendAudit,
  auditEntryHash,
  verifyAuditChain,
  type AuditEntry,
  type AuditEvent,
} from '../src/audit/index.js';
import { openDatabase, type Database } from '../src/db/index.js';
import { runCli } from './support/cli.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';

const work = mkdtempSync(join(tmpdir(), 'radset-audit-'));

function event(i: number): AuditEvent {
  return {
    actor: `user${i % 3}`,
    role: i % 2 === 0 ? 'annotator' : 'reviewer',
    action: i % 2 === 0 ? 'label.write' : 'image.read',
    object: `series/2.25.${1000 + i}`,
    outcome: i === 4 ? 'denied' : 'success',
    requestId: `req-${i}`,
    details: { i, nested: { b: 2, a: 1 } },
  };
}

describe.each(['pglite', 'postgres'] as const)('audit log on %s', (kind) => {
  const open: { db: Database; server: TestDatabase | undefined }[] = [];
  let counter = 0;

  async function fresh(
    context: TestContext,
    entries = 6,
  ): Promise<{ db: Database; chain: AuditEntry[] }> {
    const server = kind === 'postgres' ? await createTestDatabase(context) : undefined;
    const db = await openDatabase({
      dataDir: join(work, `${kind}-${counter++}`),
      url: server?.url ?? '',
    });
    open.push({ db, server });
    const chain: AuditEntry[] = [];
    for (let i = 1; i <= entries; i++) chain.push(await appendAudit(db, event(i)));
    return { db, chain };
  }

  /** Tampering as a superuser would: with the append-only triggers bypassed. */
  async function tamper(db: Database, sql: string, params: unknown[] = []): Promise<void> {
    await db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(sql, params);
    });
  }

  afterAll(async () => {
    for (const { db, server } of open) {
      await db.close();
      await server?.drop();
    }
  });

  it('chains every entry to the one before and verifies', async (context) => {
    const { db, chain } = await fresh(context);
    expect(chain.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(chain[0]?.prevHash).toBe('0'.repeat(64));
    for (let i = 1; i < chain.length; i++) expect(chain[i]?.prevHash).toBe(chain[i - 1]?.hash);
    const result = await verifyAuditChain(db, { expectedHeadHash: chain[5]?.hash as string });
    expect(result).toEqual({ ok: true, entries: 6, headHash: chain[5]?.hash, problems: [] });
  });

  it('refuses UPDATE, DELETE and TRUNCATE through the application', async (context) => {
    const { db } = await fresh(context, 2);
    await expect(db.query(`UPDATE audit_log SET actor = 'x' WHERE seq = 1`)).rejects.toThrow(
      /append-only/,
    );
    await expect(db.query('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('finds an edited entry', async (context) => {
    const { db } = await fresh(context);
    await tamper(db, `UPDATE audit_log SET outcome = 'success' WHERE seq = 4`);
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[4, 'edited']]);
    expect(result.problems[0]?.message).toMatch(/entry 4 \(label\.write by user1\)/);
  });

  it('finds an edit whose hash was recomputed, by the next link', async (context) => {
    const { db, chain } = await fresh(context);
    const forged: Omit<AuditEntry, 'hash'> & { hash?: string } = {
      ...(chain[2] as AuditEntry),
      actor: 'someone-else',
    };
    delete forged.hash;
    const content: Omit<AuditEntry, 'hash'> = forged;
    await tamper(db, `UPDATE audit_log SET actor = $1, hash = $2 WHERE seq = 3`, [
      content.actor,
      auditEntryHash(content),
    ]);
    const result = await verifyAuditChain(db);
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[4, 'reordered']]);
  });

  it('finds a deleted entry', async (context) => {
    const { db } = await fresh(context);
    await tamper(db, 'DELETE FROM audit_log WHERE seq = 2');
    const result = await verifyAuditChain(db);
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[3, 'missing']]);
    expect(result.problems[0]?.message).toMatch(/entries 2–2 are missing/);
  });

  it('finds reordered entries', async (context) => {
    const { db } = await fresh(context);
    // Swap entries 4 and 5 (their seq values), as if history were rearranged.
    await tamper(db, 'UPDATE audit_log SET seq = 100 WHERE seq = 4');
    await tamper(db, 'UPDATE audit_log SET seq = 4 WHERE seq = 5');
    await tamper(db, 'UPDATE audit_log SET seq = 5 WHERE seq = 100');
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(false);
    expect(result.problems.map((p) => p.seq)).toContain(4);
    expect(result.problems.map((p) => p.kind)).toContain('edited');
  });

  it('finds a removed tail only against a head hash kept elsewhere', async (context) => {
    const { db, chain } = await fresh(context);
    await tamper(db, 'DELETE FROM audit_log WHERE seq >= 5');
    expect((await verifyAuditChain(db)).ok).toBe(true);
    const result = await verifyAuditChain(db, { expectedHeadHash: chain[5]?.hash as string });
    expect(result.problems.map((p) => [p.seq, p.kind])).toEqual([[4, 'head-mismatch']]);
  });

  it('keeps one unbroken chain under concurrent appends', async (context) => {
    const { db } = await fresh(context, 0);
    await Promise.all(Array.from({ length: 30 }, (_, i) => appendAudit(db, event(i))));
    const result = await verifyAuditChain(db);
    expect(result.ok).toBe(true);
    expect(result.entries).toBe(30);
  });
});

describe('radset audit verify', () => {
  it('prints the head hash when intact, and names the entry and exits 65 when tampered', async () => {
    const dataDir = join(work, 'project');
    const keyFile = join(work, 'deid.key');
    expect((await runCli(['init', '--data-dir', dataDir, '--key-file', keyFile])).code).toBe(0);
    let db = await openDatabase({ dataDir, url: '' });
    const chain: AuditEntry[] = [];
    for (let i = 1; i <= 3; i++) chain.push(await appendAudit(db, event(i)));
    await db.close();
    const intact = await runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(intact.code, intact.stderr).toBe(0);
    expect(intact.stdout).toContain(`audit log intact: 3 entries, head ${chain[2]?.hash}`);

    db = await openDatabase({ dataDir, url: '' });
    await db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(`UPDATE audit_log SET object = 'series/other' WHERE seq = 2`);
    });
    await db.close();
    const tampered = await runCli(['audit', 'verify', '--data-dir', dataDir]);
    expect(tampered.code).toBe(65);
    expect(tampered.stdout).toMatch(/audit log TAMPERED: 1 problem/);
    expect(tampered.stderr).toMatch(/entry 2 \(label\.write by user2\) does not match its hash/);
    const bad = await runCli(['audit', 'verify', '--data-dir', dataDir, '--expect-head', 'xyz']);
    expect(bad.code).toBe(64);
  });
});
