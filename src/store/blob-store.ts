import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
  writevSync,
} from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import { RadsetError } from '../errors.js';

/** A stored blob: its SHA-256 (lower-case hex) is its name. */
export interface BlobRef {
  readonly sha256: string;
  readonly sizeBytes: number;
  /** False when this put wrote it; true when the same content was already there. */
  readonly existed: boolean;
}

/**
 * Content-addressed blob storage (DESIGN.md `store/`): the same bytes are
 * stored once, under their SHA-256, and never change. The port is kept small
 * so an S3-compatible adapter can stand beside the local one.
 */
export interface BlobStore {
  /** Stores the concatenation of `parts` (written without joining them). */
  put(parts: readonly Uint8Array[]): BlobRef;
  has(sha256: string): boolean;
  /** The blob's bytes; throws when it does not exist. */
  get(sha256: string): Uint8Array;
  /** A local path to read the blob from (local store only). */
  localPath(sha256: string): string;
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

function checkName(sha256: string): void {
  if (!SHA256_HEX.test(sha256)) {
    throw new RadsetError('INVALID_ARGUMENT', `not a SHA-256 blob name: '${sha256}'`);
  }
}

let tempCounter = 0;

/**
 * Blobs in a local folder as `ab/cd/abcd…` (two levels of fan-out keep
 * folders small at millions of blobs). Writes go to `tmp/` and are renamed
 * into place: a reader, or a run killed mid-write, never sees half a blob.
 * Synchronous on purpose: it runs in ingest worker threads, one file at a
 * time, where async I/O only added scheduling cost.
 */
export class LocalBlobStore implements BlobStore {
  private readonly made = new Set<string>();
  private readonly tempDir: string;

  constructor(readonly root: string) {
    this.tempDir = join(root, 'tmp');
  }

  localPath(sha256: string): string {
    checkName(sha256);
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  has(sha256: string): boolean {
    return existsSync(this.localPath(sha256));
  }

  get(sha256: string): Uint8Array {
    return readFileSync(this.localPath(sha256));
  }

  put(parts: readonly Uint8Array[]): BlobRef {
    const hash = createHash('sha256');
    let sizeBytes = 0;
    for (const part of parts) {
      hash.update(part);
      sizeBytes += part.length;
    }
    const sha256 = hash.digest('hex');
    const target = this.localPath(sha256);
    if (existsSync(target)) return { sha256, sizeBytes, existed: true };
    this.ensureFolder(this.tempDir);
    const temp = join(this.tempDir, `${sha256}.${process.pid}.${threadId}.${tempCounter++}`);
    try {
      const fd = openSync(temp, 'w', 0o640);
      try {
        // writev may stop short; the rest goes chunk by chunk.
        let written = writevSync(fd, parts as Uint8Array[]);
        for (const part of parts) {
          if (written >= part.length) {
            written -= part.length;
            continue;
          }
          let offset = written;
          while (offset < part.length) offset += writeSync(fd, part, offset);
          written = 0;
        }
      } finally {
        closeSync(fd);
      }
      this.ensureFolder(join(target, '..'));
      renameSync(temp, target);
    } catch (error) {
      rmSync(temp, { force: true });
      throw error;
    }
    return { sha256, sizeBytes, existed: false };
  }

  private ensureFolder(folder: string): void {
    if (this.made.has(folder)) return;
    mkdirSync(folder, { recursive: true });
    this.made.add(folder);
  }
}
