/** The shape of bench/out/ingest/results.json (one document per benchmark run). */

/** One contender's one run over one set. */
export interface ContenderRun {
  /** Table name: `radset`, `radset (PostgreSQL)`, `Orthanc REST`, `storescu → Orthanc`, … */
  readonly contender: string;
  /** The command or calls exactly as run. */
  readonly how: string;
  /** What the seconds cover. */
  readonly timing: string;
  readonly set: string;
  /** Files in the set. */
  readonly instances: number;
  readonly bytes: number;
  /** Instances the contender holds afterwards, as counted by `countedBy`. */
  readonly stored: number;
  readonly countedBy: string;
  /** stored < instances: the contender lost files. */
  readonly lost: number;
  readonly seconds: number;
  /** instances ÷ seconds. */
  readonly instancesPerSecond: number;
  /** Input bytes ÷ 10^6 ÷ seconds. */
  readonly megabytesPerSecond: number;
  /** Peak resident set size, or null where it could not be measured. */
  readonly peakRssBytes: number | null;
  /** Whose RSS and how it was read. */
  readonly peakRssOf: string;
  readonly failures: number;
  readonly failureReasons: readonly string[];
  readonly notes: readonly string[];
}

export interface Ratio {
  readonly set: string;
  /** `radset` or `radset (PostgreSQL)`. */
  readonly radset: string;
  readonly peer: string;
  /** radset's instances/s ÷ the peer's. */
  readonly value: number;
}

export interface TargetVerdict {
  readonly name: string;
  readonly set: string;
  readonly radset: string;
  readonly met: boolean;
  /** The figure and the threshold, in words. */
  readonly detail: string;
}

export interface IngestBenchResults {
  readonly version: 1;
  readonly date: string;
  readonly command: string;
  readonly machine: {
    readonly cpuModel: string;
    readonly cores: number;
    readonly nproc: number;
    readonly memoryGiB: number;
    readonly loadAverageAtStart: number;
    readonly software: string;
  };
  readonly sets: readonly {
    readonly name: string;
    readonly description: string;
    readonly instances: number;
    readonly bytes: number;
  }[];
  /** Contenders left out of this run, and why. */
  readonly omitted: readonly string[];
  readonly runs: readonly ContenderRun[];
  readonly ratios: readonly Ratio[];
  readonly targets: readonly TargetVerdict[];
  /** What the measured-process wrapper alone reports as peak RSS (python3 before exec). */
  readonly rssFloorBytes: number;
}

/** A run's record from what was measured; the rates and the loss follow from the counts. */
export function contenderRun(
  fields: Omit<ContenderRun, 'lost' | 'instancesPerSecond' | 'megabytesPerSecond'>,
): ContenderRun {
  return {
    ...fields,
    lost: Math.max(0, fields.instances - fields.stored),
    instancesPerSecond: fields.instances / fields.seconds,
    megabytesPerSecond: fields.bytes / 1e6 / fields.seconds,
  };
}
