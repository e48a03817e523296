/**
 * The tamper-evident audit log (DESIGN.md "Audit is tamper-evident"):
 * append-only, hash-chained, verifiable.
 */
export { auditEntryHash, GENESIS_HASH, type AuditEntry, type AuditEvent } from './audit-entry.js';
export { appendAudit, appendAuditIn, readAuditEntries } from './audit-log.js';
export { verifyAuditChain, type AuditProblem, type AuditVerification } from './verify-audit.js';
