/**
 * radset as a user runs it: `radset deid IN --out DIR --key-file KEY --jobs N
 * --json`, a fresh process per run, timed from spawn to exit.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash, createHmac } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { DeidTool, OutputPair, ToolRun } from './deid-tool.js';
import type { InputSet } from './input-sets.js';

interface RadsetSummary {
  readonly stored: number;
  readonly duplicates: number;
  readonly filesPerSecond: number;
  readonly elapsedSeconds: number;
  readonly options: readonly string[];
  readonly quarantined: readonly { input: string; code: string; reason: string }[];
  readonly reviewRequired: readonly string[];
}

interface LogRecord {
  readonly input: string;
  readonly output: string;
  readonly pixel?: { readonly ocrReason?: string };
}

/**
 * Writes the key radset deid uses: a fixed throwaway key (SHA-256 of a
 * constant, in the format `radset init` writes: 64 hex digits, mode 0600), so
 * every bench run issues the same pseudonyms and date shifts and the
 * residual-PHI counts do not move with a random key.
 */
export function writeBenchKey(keyFile: string): void {
  const hex = createHash('sha256').update('radset bench/deid throwaway key').digest('hex');
  mkdirSync(dirname(keyFile), { recursive: true });
  writeFileSync(keyFile, `${hex}\n`, { mode: 0o600 });
  chmodSync(keyFile, 0o600);
}

/**
 * deid-log.jsonl names each input by a keyed reference (HMAC-SHA-256 of
 * `input\0<absolute path>` under the key), never by its path; holding the key,
 * the bench recomputes it to pair outputs with inputs. Both encodings radset
 * has used are accepted: 22 base64url characters, and earlier 24 hex digits.
 */
function inputReferences(key: Buffer, input: string): string[] {
  const digest = createHmac('sha256', key).update(`input\0${input}`).digest();
  return [digest.toString('base64url').slice(0, 22), digest.toString('hex').slice(0, 24)];
}

export function radsetTool(radsetBin: string, keyFile: string, jobs: number): DeidTool {
  const version = `radset ${execFileSync('node', [radsetBin, '--version'], { encoding: 'utf8' }).trim()}`;
  const ocrNote = (records: readonly LogRecord[]): string => {
    const reasons = new Map<string, number>();
    for (const r of records) {
      const reason =
        r.pixel === undefined
          ? 'pixels not examined'
          : r.pixel.ocrReason === undefined
            ? 'OCR not needed (no burned-in text expected)'
            : `OCR ran: ${r.pixel.ocrReason}`;
      reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    }
    return `OCR enabled; per file: ${[...reasons].map(([r, n]) => `${n} × ${r}`).join('; ')}`;
  };
  return {
    name: jobs === 1 ? 'radset (--jobs 1)' : 'radset',
    how: `radset deid IN --out DIR --key-file KEY --jobs ${jobs} --json`,
    timing: 'process spawn to exit (reads, de-identifies, writes, logs)',
    version,
    async run(set: InputSet, outDir: string): Promise<ToolRun> {
      rmSync(outDir, { recursive: true, force: true });
      const quarantineDir = `${outDir}.quarantine`;
      rmSync(quarantineDir, { recursive: true, force: true });
      const started = performance.now();
      const result = spawnSync(
        'node',
        [
          radsetBin,
          'deid',
          set.dir,
          '--out',
          outDir,
          '--key-file',
          keyFile,
          '--quarantine',
          quarantineDir,
          '--jobs',
          String(jobs),
          '--json',
        ],
        { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 },
      );
      const seconds = (performance.now() - started) / 1000;
      if (result.status !== 0)
        throw new Error(`radset deid failed (${result.status}): ${result.stderr.slice(0, 2000)}`);
      const summary = JSON.parse(result.stdout) as RadsetSummary;
      const key = Buffer.from(readFileSync(keyFile, 'utf8').trim(), 'hex');
      const byReference = new Map(
        set.files.flatMap((f) => inputReferences(key, resolve(f)).map((ref) => [ref, f] as const)),
      );
      const records = readFileSync(join(outDir, 'deid-log.jsonl'), 'utf8')
        .split('\n')
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as LogRecord);
      const pairs: OutputPair[] = [];
      let unmatched = 0;
      for (const record of records) {
        const input = byReference.get(record.input);
        if (input === undefined) unmatched++;
        else pairs.push({ input, output: join(outDir, record.output) });
      }
      const notes = [
        `radset's own figure: ${summary.filesPerSecond.toFixed(0)} files/s over ${summary.elapsedSeconds.toFixed(2)} s (inside the process, after start-up)`,
        ocrNote(records),
      ];
      if (summary.duplicates > 0)
        notes.push(
          `${summary.duplicates} input${summary.duplicates === 1 ? ' was an exact duplicate' : 's were exact duplicates'} (written once)`,
        );
      if (summary.reviewRequired.length > 0)
        notes.push(`${summary.reviewRequired.length} outputs flagged for pixel review`);
      // Unpaired outputs would drop out of every check: stop rather than print a wrong table.
      if (unmatched > 0)
        throw new Error(
          `${unmatched} of ${records.length} radset log records could not be paired with an input: has deid-log.jsonl's input reference changed? (bench/deid/radset-tool.ts inputReferences)`,
        );
      return {
        seconds,
        outputDir: outDir,
        pairs,
        failures: summary.quarantined.map((q) => ({
          input: q.input,
          reason: `${q.code}: ${q.reason}`,
        })),
        notes,
      };
    },
    close: async () => undefined,
  };
}

export function defaultJobs(): number {
  return availableParallelism();
}
