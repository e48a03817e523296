/** The shape of bench/out/deid-results.json (one document per benchmark run). */
import type { DciodvfyCounts } from './dciodvfy-check.js';
import type { OutputChecks } from './output-checks.js';
import type { ResidualPhi } from './residual-phi-check.js';

export interface TimedRun {
  readonly seconds: number;
  readonly secondsWithSetup?: number;
  readonly filesPerSecond: number;
}

export interface ToolResult {
  readonly tool: string;
  readonly how: string;
  readonly timing: string;
  readonly version: string;
  readonly set: string;
  readonly inputs: number;
  /** Both runs over the same input (the second also serves the UID-stability check). */
  readonly runs: readonly TimedRun[];
  /** The faster of the runs (the same rule for every tool). */
  readonly filesPerSecond: number;
  readonly outputs: number;
  readonly failures: number;
  readonly failureReasons: readonly string[];
  readonly notes: readonly string[];
  readonly residualPhi: ResidualPhi;
  readonly checks: OutputChecks;
  readonly dciodvfy: { readonly originals: DciodvfyCounts; readonly outputs: DciodvfyCounts };
}

export interface BenchResults {
  readonly version: 1;
  readonly date: string;
  readonly machine: string;
  readonly command: string;
  readonly sets: readonly {
    readonly name: string;
    readonly description: string;
    readonly files: number;
    readonly bytes: number;
  }[];
  readonly missingSets: readonly string[];
  readonly results: readonly ToolResult[];
  readonly ratios: readonly {
    readonly name: string;
    readonly value: number;
    readonly target: number;
    readonly met: boolean;
  }[];
}
