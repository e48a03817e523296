/**
 * The floor: `cp -r SET DEST` on the same file system (no parsing, no
 * database), timed from spawn to exit. Its "stored" count is the files found
 * under DEST with the set's sizes.
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { InputSet } from '../deid/input-sets.js';
import { runMeasured } from './measured-process.js';
import { contenderRun, type ContenderRun } from './results.js';

export async function cpCopy(
  set: InputSet,
  destDir: string,
  settle: () => void,
): Promise<ContenderRun> {
  rmSync(destDir, { recursive: true, force: true });
  settle();
  const run = await runMeasured('/usr/bin/cp', ['-r', set.dir, destDir]);
  if (run.exitCode !== 0) throw new Error(`cp -r failed (exit ${run.exitCode}): ${run.stderr}`);
  const copied = new Set(
    readdirSync(destDir, { recursive: true, encoding: 'utf8' }).filter((p) =>
      statSync(join(destDir, p)).isFile(),
    ),
  );
  const complete = set.files.filter((f) => {
    const rel = relative(set.dir, f);
    return copied.has(rel) && statSync(join(destDir, rel)).size === statSync(f).size;
  }).length;
  return contenderRun({
    contender: 'cp -r',
    how: 'cp -r SET DEST (same file system)',
    timing: 'process spawn to exit',
    set: set.name,
    instances: set.files.length,
    bytes: set.bytes,
    stored: complete,
    countedBy: 'files under DEST with the same size as the original',
    seconds: run.seconds,
    peakRssBytes: run.peakRssBytes,
    peakRssOf: 'cp (getrusage)',
    failures: set.files.length - complete,
    failureReasons: [],
    notes: [],
  });
}
