/**
 * The de-identification log: for each instance, every element touched, what
 * was done and which rule said so. Never a value: the log itself must carry
 * no PHI (radset deid verify searches it too).
 */
export type DeidLogAction =
  | 'removed'
  | 'emptied'
  | 'dummy'
  | 'pseudonym'
  | 'uid'
  | 'shifted'
  | 'scrubbed'
  | 'capped'
  | 'cleaned'
  | 'masked'
  | 'added';

export interface DeidLogEntry {
  /** Element path: `(0008,1110)[0]/(0008,1155)`; private elements as `(0029,"SIEMENS CSA HEADER",10)`. */
  readonly path: string;
  /** PS3.6 keyword, when the dictionary knows the element. */
  readonly keyword?: string;
  readonly action: DeidLogAction;
  /** Why: `E.1-1 basic X`, `E.1-1 X/Z/D → D (Type 1)`, `rtnLongModifDatesOpt C`, `private not on the safe list`, … */
  readonly rule: string;
}

/** The log record of one instance. */
export interface DeidInstanceLog {
  /** Input file (its path is not PHI by itself; radset writes no original value). */
  readonly input: string;
  /** Output path, relative to the output folder. */
  readonly output: string;
  readonly sopClassUid: string | undefined;
  readonly entries: readonly DeidLogEntry[];
  /** Options applied to this instance (Clean Pixel Data only where pixels were examined). */
  readonly optionsApplied: readonly string[];
  readonly pixel?: {
    readonly ocrReason: string | undefined;
    readonly findings: readonly { frame: number | 'all'; box: object; source: string }[];
    readonly reviewRequired: boolean;
    readonly changed: boolean;
  };
}
