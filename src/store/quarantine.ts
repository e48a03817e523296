import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

/** One quarantined input, as listed in the quarantine's reasons.jsonl and in the ingest report. */
export interface QuarantineRecord {
  /** The input as the operator named it: a path, or a network reference. */
  readonly input: string;
  readonly code: string;
  readonly reason: string;
  /** The kept original, relative to the quarantine folder; absent when there was nothing to keep. */
  readonly kept?: string;
  /** The ingest run that quarantined it, where there is one. */
  readonly runId?: string;
  readonly at: string;
}

/**
 * The quarantine area (DESIGN.md "Nothing is lost"): originals that could not
 * be stored, kept byte for byte with the reason. They still carry PHI, so the
 * folder is readable by its owner only (mode 0700, files 0600); the server's
 * honest-broker role reads it through the owner. Files are named by content,
 * so quarantining the same input again keeps one copy.
 */
export class Quarantine {
  constructor(readonly root: string) {}

  private prepare(): void {
    mkdirSync(this.root, { recursive: true, mode: 0o700 });
  }

  /** Keeps a copy of a file input (if it can still be read) and records why. */
  keepFile(path: string, record: Omit<QuarantineRecord, 'kept' | 'at'>): QuarantineRecord {
    this.prepare();
    let kept: string | undefined;
    if (existsSync(path)) {
      kept = `${createHash('sha256').update(path).digest('hex').slice(0, 16)}-${basename(path)}`;
      try {
        copyFileSync(path, join(this.root, kept));
      } catch {
        kept = undefined; // the reason is still recorded; the original stays where it was
      }
    }
    return this.record({ ...record, ...(kept === undefined ? {} : { kept }) });
  }

  /** Keeps bytes that arrived over the network and records why. */
  keepBytes(bytes: Uint8Array, record: Omit<QuarantineRecord, 'kept' | 'at'>): QuarantineRecord {
    this.prepare();
    const kept = `${createHash('sha256').update(bytes).digest('hex')}.dcm`;
    const target = join(this.root, kept);
    if (!existsSync(target)) writeFileSync(target, bytes, { mode: 0o600 });
    return this.record({ ...record, kept });
  }

  /** Records an input with nothing to keep (a file listed in a DICOMDIR but missing). */
  note(record: Omit<QuarantineRecord, 'kept' | 'at'>): QuarantineRecord {
    this.prepare();
    return this.record(record);
  }

  private record(record: Omit<QuarantineRecord, 'at'>): QuarantineRecord {
    const full: QuarantineRecord = { ...record, at: new Date().toISOString() };
    appendFileSync(join(this.root, 'reasons.jsonl'), `${JSON.stringify(full)}\n`, { mode: 0o600 });
    return full;
  }
}
