/**
 * IOD conformance before and after: dciodvfy (dicom3tools) on the same sample
 * of inputs and on each tool's outputs for them. An increase in "Error" lines
 * means the tool broke the object (a Type 1 attribute emptied, a sequence
 * left without its required items, …).
 */
import { spawnSync } from 'node:child_process';
import type { OutputPair } from './deid-tool.js';

export const DCIODVFY = '/usr/bin/dciodvfy';

export interface DciodvfyCounts {
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  /** The most frequent error messages (text after "Error - "), with counts. */
  readonly topErrors: readonly { readonly message: string; readonly count: number }[];
}

interface FileVerdict {
  readonly errors: readonly string[];
  readonly warnings: number;
}

const cache = new Map<string, FileVerdict>();

function verify(file: string): FileVerdict {
  let verdict = cache.get(file);
  if (verdict === undefined) {
    const result = spawnSync(DCIODVFY, [file], { encoding: 'utf8', maxBuffer: 16 * 2 ** 20 });
    const lines = `${result.stdout}\n${result.stderr}`.split('\n');
    verdict = {
      errors: lines.filter((l) => l.startsWith('Error')),
      warnings: lines.filter((l) => l.startsWith('Warning')).length,
    };
    cache.set(file, verdict);
  }
  return verdict;
}

/** Evenly spaced inputs of a set: the same sample for every tool. */
export function sampleInputs(files: readonly string[], size: number): string[] {
  if (files.length <= size) return [...files];
  const step = files.length / size;
  return Array.from({ length: size }, (_, i) => files[Math.floor(i * step)] as string);
}

function count(files: readonly string[]): DciodvfyCounts {
  const messages = new Map<string, number>();
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    const verdict = verify(file);
    errors += verdict.errors.length;
    warnings += verdict.warnings;
    for (const line of verdict.errors) {
      // Drop per-file detail (element values) so the same fault counts once per kind.
      const message = line.replace(/^Error - /, '').replace(/<[^>]*>/g, '<…>');
      messages.set(message, (messages.get(message) ?? 0) + 1);
    }
  }
  const topErrors = [...messages]
    .sort((x, y) => y[1] - x[1])
    .slice(0, 5)
    .map(([message, n]) => ({ message, count: n }));
  return { files: files.length, errors, warnings, topErrors };
}

/** dciodvfy on the sample's originals, and on the outputs the tool wrote for them. */
export function dciodvfyCompare(
  sample: readonly string[],
  pairs: readonly OutputPair[],
): { originals: DciodvfyCounts; outputs: DciodvfyCounts } {
  const outputOf = new Map(pairs.map((p) => [p.input, p.output]));
  const covered = sample.filter((input) => outputOf.has(input));
  return {
    originals: count(covered),
    outputs: count(covered.map((input) => outputOf.get(input) as string)),
  };
}
