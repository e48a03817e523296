/**
 * What every de-identifier in the benchmark looks like to the runner: given an
 * input set and an empty output folder, de-identify every file and say which
 * output came from which input, and how long the de-identification step took.
 */
import type { InputSet } from './input-sets.js';

/** One input file and the file the tool wrote for it. */
export interface OutputPair {
  readonly input: string;
  readonly output: string;
}

export interface ToolRun {
  /** Wall clock of the de-identification step, as `timing` describes it. */
  readonly seconds: number;
  /** Wall clock including steps `seconds` leaves out (Orthanc: the upload); undefined when none. */
  readonly secondsWithSetup?: number;
  /**
   * Folder deid verify searches: everything the tool wrote for this run
   * (radset's deid-log.jsonl and deid-summary.json included), nothing else.
   */
  readonly outputDir: string;
  readonly pairs: readonly OutputPair[];
  /** Inputs the tool did not de-identify, with its reason. */
  readonly failures: readonly { readonly input: string; readonly reason: string }[];
  /** Anything the table should say about this run (mode fallbacks, OCR, …). */
  readonly notes: readonly string[];
}

export interface DeidTool {
  /** Row name in the table. */
  readonly name: string;
  /** The exact call, for the README. */
  readonly how: string;
  /** What `seconds` covers. */
  readonly timing: string;
  readonly version: string;
  run(set: InputSet, outDir: string): Promise<ToolRun>;
  /** Stops servers the tool started. */
  close(): Promise<void>;
}
