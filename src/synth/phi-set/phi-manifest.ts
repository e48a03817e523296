/**
 * The machine-readable list of what `generatePhiSet` planted: every file,
 * every fabricated identifying value and where it sits, every cross-file UID
 * reference, and the private elements that are safe to keep. A
 * de-identification test searches its output for the `planted` values, checks
 * that `references` still resolve, and that `safePrivate` elements survive
 * the Retain Safe Private Option (PS3.15 E.3.10).
 */

/** Version of the manifest format; bumped when a field changes meaning. */
export const PHI_MANIFEST_VERSION = 1;

/** The manifest's file name in the output folder. */
export const PHI_MANIFEST_FILE = 'phi-manifest.json';

/** What kind of identifier a planted value is. */
export type PhiKind =
  | 'name'
  | 'id'
  | 'date'
  | 'datetime'
  | 'time'
  | 'age'
  | 'address'
  | 'phone'
  | 'uid'
  | 'institution'
  | 'text';

/** A rectangle of pixels: `x` the column and `y` the row of its top-left corner. */
export interface PixelBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** One file of the set. */
export interface PhiFileEntry {
  /** Path relative to the output folder, `/`-separated (a PS3.10 File ID: no extension). */
  readonly path: string;
  readonly sopClassUid: string;
  readonly sopInstanceUid: string;
  /** Patient ID (0010,0020); empty for the DICOMDIR, which spans patients. */
  readonly patientId: string;
  readonly transferSyntaxUid: string;
  /** Specific Character Set (0008,0005) values; empty for the default repertoire. */
  readonly characterSets: readonly string[];
  /** Burned In Annotation (0028,0301) as written; `null` when the element is absent. */
  readonly burnedInAnnotation: 'YES' | 'NO' | null;
  /** What the file is and which risky places it exercises. */
  readonly description: string;
}

/**
 * One planted value. `location` is an element path — tags `(GGGG,EEEE)`,
 * item indices `[n]` from 0, joined by `/`, e.g. `(0040,0275)[0]/(0032,1060)`
 * — or `pixels`, `overlay 6000` or `icon` for text rendered into pixels, with
 * `box` saying where (and `frame`, from 0, for multi-frame pixel data). The
 * value is text as it was written (before character set encoding); in a
 * binary private element (OB, UN) it sits as Latin-1 bytes.
 */
export interface PlantedPhi {
  readonly file: string;
  readonly location: string;
  readonly kind: PhiKind;
  readonly value: string;
  readonly box?: PixelBox;
  readonly frame?: number;
}

/** What a referenced UID names. */
export type ReferenceTarget = 'instance' | 'series' | 'study' | 'frame-of-reference';

/**
 * A UID in one file that names an instance, series, study or frame of
 * reference defined by a file of the set. `toFile` is the file defining it
 * (for a series, study or frame of reference: the first such file).
 */
export interface PhiReference {
  readonly fromFile: string;
  readonly path: string;
  readonly uid: string;
  readonly toFile: string;
  readonly target: ReferenceTarget;
}

/** Where a private element's "safe" status comes from. */
export type SafePrivateSource = 'PS3.15 E.3.10-1' | 'TCIA private tag KB';

/** A private element holding no identifying value, listed as safe to retain by `source`. */
export interface SafePrivateElement {
  readonly file: string;
  readonly location: string;
  readonly creator: string;
  readonly vr: string;
  /** The value as text (numbers as JavaScript prints them, multiple values joined with `\`). */
  readonly value: string;
  readonly source: SafePrivateSource;
}

/** One fabricated patient and their studies. */
export interface PhiPatientEntry {
  readonly patientId: string;
  readonly patientName: string;
  readonly studies: readonly {
    readonly studyInstanceUid: string;
    /** DA value (YYYYMMDD). */
    readonly studyDate: string;
    readonly description: string;
  }[];
}

/** Everything `generatePhiSet` wrote and planted; written to `phi-manifest.json`. */
export interface PhiSetManifest {
  readonly version: typeof PHI_MANIFEST_VERSION;
  readonly seed: string;
  readonly patients: readonly PhiPatientEntry[];
  readonly files: readonly PhiFileEntry[];
  readonly planted: readonly PlantedPhi[];
  readonly references: readonly PhiReference[];
  readonly safePrivate: readonly SafePrivateElement[];
}
