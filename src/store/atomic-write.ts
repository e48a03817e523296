import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/**
 * Writes a file so that readers see either nothing or all of it: the bytes go
 * to a hidden temporary file in the same folder, which is then renamed over
 * the target (rename is atomic within a file system, POSIX rename(2)). A run
 * killed mid-write leaves at most a `.*.tmp` file, never a truncated target.
 * Not fsync'd: this guards against interrupted runs, not power loss.
 */
export function writeFileAtomicSync(path: string, bytes: Uint8Array | string): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${counter++}.tmp`);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
