/** The shape of bench/out/volume/results.json (one document per benchmark run). */

/** The two files compared: plain NIfTI-1 and gzipped. */
export type OutputFormat = 'nii' | 'nii.gz';

/** One contender converting the series to one format, over the measured runs. */
export interface ToolRow {
  /** `dcm2niix` or `radset`. */
  readonly tool: string;
  readonly format: OutputFormat;
  /** The command exactly as run, with SERIES and OUT for the two folders. */
  readonly how: string;
  /** Wall clock of each measured run, in run order (warm-up not included). */
  readonly seconds: readonly number[];
  readonly medianSeconds: number;
  /** The largest peak RSS of the measured runs (getrusage of the child and what it waited for). */
  readonly peakRssBytes: number;
  /** Size of the NIfTI file the last measured run wrote. */
  readonly outputBytes: number;
  /** 1-minute load average when each measured run started. */
  readonly loadAverages: readonly number[];
  readonly notes: readonly string[];
}

/** dcm2niix's median ÷ radset's for one format (> 1: radset faster). */
export interface FormatRatio {
  readonly format: OutputFormat;
  readonly value: number;
  /** The target: ≥ 1 (no slower than dcm2niix). */
  readonly met: boolean;
}

/** One agreement check on the outputs of the last measured runs. */
export interface OutputCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** The steps of `radset nifti` that bench/volume/radset-phases.ts times apart. */
export type PhaseName =
  | 'list'
  | 'headers'
  | 'plan'
  | 'read'
  | 'parse'
  | 'decode'
  | 'flip'
  | 'encode'
  | 'write'
  | 'sidecar';

/** The steps in the order the command takes them, with what each covers. */
export const PHASES: readonly { readonly name: PhaseName; readonly what: string }[] = [
  { name: 'list', what: 'list the folder (`listFiles`)' },
  { name: 'headers', what: 'read every header, pixel data skipped (`readDicomFile` headerOnly)' },
  { name: 'plan', what: 'frames and slice order (`describeFrames`, `planStacks`)' },
  { name: 'read', what: 'read every file whole, a second time (`fs.readFile`)' },
  { name: 'parse', what: 'parse every whole file (`parsePart10`)' },
  {
    name: 'decode',
    what: 'decode each frame and copy it into the volume (`buildVolume` less read and parse)',
  },
  {
    name: 'flip',
    what: 'row flip into NIfTI order, into a new copy of the volume (`niftiLayout`)',
  },
  {
    name: 'encode',
    what: 'NIfTI-1 header; for .nii.gz also the parallel gzip (`encodeNifti1`, `gzipParallel`)',
  },
  {
    name: 'write',
    what: 'write the file: temporary file, `writev`, close, rename (as `writeNifti`)',
  },
  { name: 'sidecar', what: 'JSON sidecar built and written (`niftiSidecar`)' },
];

/** What one run of bench/volume/radset-phases.ts prints. */
export interface PhaseTimings {
  readonly format: OutputFormat;
  readonly files: number;
  readonly voxelBytes: number;
  readonly outputBytes: number;
  /** From the first step to the last (start-up and module loading not included). */
  readonly totalMs: number;
  /** Garbage-collector pauses over the whole run. */
  readonly gcMs: number;
  readonly phases: readonly {
    readonly name: PhaseName;
    readonly ms: number;
    /** GC pauses that started inside the phase. */
    readonly gcMs: number;
  }[];
}

/** Medians of the phase runs for one format. */
export interface PhaseSummary {
  readonly format: OutputFormat;
  readonly runs: number;
  readonly totalMs: number;
  readonly gcMs: number;
  readonly phases: readonly {
    readonly name: PhaseName;
    readonly ms: number;
    readonly gcMs: number;
  }[];
}

export interface VolumeBenchResults {
  readonly version: 1;
  readonly date: string;
  /** The command that produced this document. */
  readonly command: string;
  readonly machine: {
    readonly cpuModel: string;
    readonly nproc: number;
    readonly memoryGiB: number;
    /** /proc/loadavg when the bench started and when it ended. */
    readonly loadAtStart: string;
    readonly loadAtEnd: string;
    readonly nodeVersion: string;
    readonly radsetVersion: string;
    readonly dcm2niixVersion: string;
    readonly pigzVersion: string;
  };
  readonly input: {
    /** How the input was generated. */
    readonly synthCommand: string;
    /** The series folder given to every tool (relative to the repository). */
    readonly seriesDir: string;
    readonly files: number;
    readonly bytes: number;
    readonly dimensions: string;
  };
  readonly warmupRuns: number;
  readonly measuredRuns: number;
  readonly rows: readonly ToolRow[];
  readonly ratios: readonly FormatRatio[];
  readonly checks: readonly OutputCheck[];
  /** `radset --version` wall clock (median of the measured runs): process start and module loading. */
  readonly startupSeconds: number;
  readonly phases: readonly PhaseSummary[];
}
