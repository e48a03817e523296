/**
 * dcmjs's anonymizer as its README shows it: read the Part 10 file,
 * `anonymizer.cleanTags(dict)` (empties a fixed list of keywords, sets
 * PatientName/PatientID to ANON^…), write it back. In this process, one file
 * at a time. Not a PS3.15 de-identifier (STACK.md): it keeps UIDs, private
 * groups and sequences it does not list; it is here as the JavaScript baseline.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import type { DeidTool, OutputPair, ToolRun } from './deid-tool.js';
import type { InputSet } from './input-sets.js';

/** The part of dcmjs 0.51 the bench calls (dcmjs ships no types). */
interface DcmjsApi {
  readonly data: {
    readonly DicomMessage: {
      readFile(buffer: ArrayBuffer): { dict: Record<string, unknown>; write(): ArrayBuffer };
    };
  };
  readonly anonymizer: { cleanTags(dict: Record<string, unknown>): void };
  readonly log: {
    setLevel(level: string): void;
    getLogger(name: string): { setLevel(level: string): void };
  };
}

const require = createRequire(import.meta.url);

export function dcmjsTool(): DeidTool {
  const dcmjs = require('dcmjs') as DcmjsApi;
  // Quiet dcmjs (STACK.md: log.setLevel('error')). Its "validation.dcmjs"
  // child logger was made before, keeps its own level and logs "Invalid vr
  // type" per odd element at error level: silence both. Failures still reach
  // the bench as exceptions.
  dcmjs.log.setLevel('error');
  dcmjs.log.getLogger('validation.dcmjs').setLevel('silent');
  // dcmjs's "exports" hides package.json: read it beside the resolved entry (build/dcmjs.js).
  const packageJson = join(dirname(require.resolve('dcmjs')), '..', 'package.json');
  const version = (JSON.parse(readFileSync(packageJson, 'utf8')) as { version: string }).version;
  return {
    name: 'dcmjs',
    how: 'DicomMessage.readFile(bytes) → anonymizer.cleanTags(dict) → write()',
    timing: 'read + clean + write of every file, in-process (no process start)',
    version,
    async run(set: InputSet, outDir: string): Promise<ToolRun> {
      rmSync(outDir, { recursive: true, force: true });
      const pairs: OutputPair[] = [];
      const failures: { input: string; reason: string }[] = [];
      const started = performance.now();
      for (const input of set.files) {
        const output = join(outDir, relative(set.dir, input));
        try {
          const bytes = readFileSync(input);
          const message = dcmjs.data.DicomMessage.readFile(
            bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
          );
          dcmjs.anonymizer.cleanTags(message.dict);
          mkdirSync(dirname(output), { recursive: true });
          writeFileSync(output, new Uint8Array(message.write()));
          pairs.push({ input, output });
        } catch (error) {
          failures.push({ input, reason: (error as Error).message.slice(0, 200) });
        }
      }
      const seconds = (performance.now() - started) / 1000;
      return { seconds, outputDir: outDir, pairs, failures, notes: [] };
    },
    close: async () => undefined,
  };
}
