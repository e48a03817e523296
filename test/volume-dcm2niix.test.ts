/**
 * `radset nifti` against dcm2niix 1.0.20220720 (the reference converter) on
 * every series and every multi-frame or mosaic image of the corpus
 * (../shared/corpus, described in its README.md).
 *
 * Units, computed from MANIFEST.csv and the files' headers:
 * - every folder under series/ or seg/ that directly holds at least two image
 *   files of one series (its direct files are given to both tools);
 * - every other image file with NumberOfFrames > 1 or MOSAIC in Image Type,
 *   alone in a folder (`.gz` ones gunzipped first), except SEG (label
 *   objects, converted elsewhere) and files the manifest expects to fail.
 *
 * Each unit is converted by `dcm2niix -b y -z n -f %j_%s` and by `radset
 * nifti --uncompressed --json`. Each NIfTI dcm2niix writes (its derived extras
 * aside: `_Eq_N`, `_Tilt_N`, `_ROI*`, `_ph`, `_real`, `_imaginary`) must have
 * a radset volume of the same series (`%j` = SeriesInstanceUID) with the same
 * shape, affine (translation and spacing within 1e-3 mm, axes within 1e-4
 * rad) and physical voxel values (stored × slope + inter, compared with
 * nibabel by test/support/compare_nifti.py), and radset may write no other
 * volume. For agreeing units the warnings dcm2niix prints and radset's
 * warnings must name the same kinds (test/support/dcm2niix.ts maps them);
 * radset's warnings dcm2niix has no counterpart for are only listed.
 *
 * Where dcm2niix converts nothing (unsupported syntax, refusal, crash) the
 * unit is listed, not failed. Where radset deliberately differs (or dcm2niix
 * is wrong), the unit is in KNOWN_DIFFERENCES with the kind of difference;
 * each kind has its own check of the difference itself (and every known
 * unit's warning kinds are stated), so the test fails when either tool's
 * behaviour changes, and when the unit comes to agree.
 *
 * Set RADSET_DCM2NIIX_REPORT=FILE.json to keep the converted files and write
 * every unit's outcome there.
 */
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it, type ExpectStatic } from 'vitest';
import { readDicomFileSync } from '../src/dicom/index.js';
import type { VolumeWarningCode } from '../src/volume/index.js';
import { runCli } from './support/cli.js';
import {
  NIFTI_DATATYPE,
  startNiftiComparer,
  type NiftiComparer,
  type NiftiComparison,
  type NiftiDescription,
} from './support/compare-nifti.js';
import {
  corpusAvailable,
  corpusPath,
  loadManifest,
  requireCorpus,
  type ManifestEntry,
} from './support/corpus.js';
import {
  DCM2NIIX_DERIVED_NAME,
  dcm2niixWarningKinds,
  runDcm2niix,
  sharedWarningKind,
  type Dcm2niixRun,
  type SharedWarningKind,
} from './support/dcm2niix.js';
import { requirePeer } from './support/peers.js';

// ---------------------------------------------------------------------------
// Where radset deliberately differs from dcm2niix, unit by unit
// ---------------------------------------------------------------------------

/** The warning kinds each tool gives for a unit (test/support/dcm2niix.ts maps them), sorted. */
interface WarningKinds {
  readonly dcm2niix: readonly SharedWarningKind[];
  readonly radset: readonly SharedWarningKind[];
}

/** What every documented difference states; each kind adds what its check needs. */
interface DifferenceBase {
  readonly reason: string;
  /** Checked for every known difference, so a new or lost warning is noticed. */
  readonly warningKinds: WarningKinds;
}

/**
 * One volume each, the same shape, voxels, in-plane axes, slice direction and
 * origin; only the step between slices (the k axis's length) differs.
 */
interface SliceStepDifference extends DifferenceBase {
  readonly kind: 'slice-step';
  readonly radsetSliceStepMm: number;
  readonly dcm2niixSliceStepMm: number;
}

/**
 * As 'slice-step', and dcm2niix decodes the compressed pixels differently:
 * radset's voxels are checked against radset's conversion of the same image
 * uncompressed, and dcm2niix's must differ.
 */
interface SliceStepAndDecodeDifference extends DifferenceBase {
  readonly kind: 'slice-step-and-dcm2niix-decode';
  readonly radsetSliceStepMm: number;
  readonly dcm2niixSliceStepMm: number;
  /** Corpus path of the same image uncompressed. */
  readonly uncompressed: string;
}

/**
 * Unevenly spaced slices: as 'slice-step' (the step each tool chooses
 * differs), and radset's warning codes are the ones stated.
 */
interface VariableSpacingStepDifference extends DifferenceBase {
  readonly kind: 'variable-spacing-step';
  readonly radsetSliceStepMm: number;
  readonly dcm2niixSliceStepMm: number;
  /** radset's warning codes, sorted. */
  readonly radsetWarningCodes: readonly VolumeWarningCode[];
}

/**
 * Frames in different planes: radset writes one volume per plane (each
 * warning orientation-varies), dcm2niix stacks them all in one; each radset
 * volume holds one of dcm2niix's slices, each slice in one radset volume.
 */
interface SplitByPlaneDifference extends DifferenceBase {
  readonly kind: 'split-by-plane';
  readonly dcm2niixShape: readonly number[];
  /** The shape of every radset volume, one per plane. */
  readonly radsetShapes: readonly (readonly number[])[];
  /** A message dcm2niix prints about the stack it made. */
  readonly dcm2niixMessage: RegExp;
}

/** The same shape and affine; radset's voxels are dcm2niix's with the j axis (rows) reversed. */
interface RowsUnflippedDifference extends DifferenceBase {
  readonly kind: 'dcm2niix-rows-unflipped';
}

/**
 * The same shape and affine, dcm2niix's colour values differ; radset's equal
 * radset's conversion of the same image uncompressed, and pydicom's decode.
 */
interface RleColourDecodeDifference extends DifferenceBase {
  readonly kind: 'dcm2niix-rle-colour-decode';
  /** Corpus path of the same image uncompressed. */
  readonly uncompressed: string;
}

/**
 * RGB with more than 8 bits a sample: dcm2niix writes a scalar volume,
 * radset RGB24 of each sample's top byte (checked against pydicom's decode).
 */
interface RgbAsScalarDifference extends DifferenceBase {
  readonly kind: 'dcm2niix-32bit-rgb-as-scalar';
  /** nibabel's shape of both files (RGB24 has no colour axis there). */
  readonly shape: readonly number[];
  /** NIfTI-1 datatype codes each tool writes. */
  readonly dcm2niixDatatype: number;
  readonly radsetDatatype: number;
  /** How far each stored sample is shifted right to give radset's 8-bit value. */
  readonly shiftRightBits: number;
}

/**
 * An image that says MOSAIC but does not tile: the same shape and affine, the
 * same first tiles, and at least one later tile differing.
 */
interface NotAMosaicDifference extends DifferenceBase {
  readonly kind: 'not-a-mosaic';
  readonly shape: readonly number[];
  /** Tiles 0 … equalTiles-1 agree. */
  readonly equalTiles: number;
}

/** One file each, with these shapes, of the same 2D frames in the order given. */
interface FramesAsTimeDifference extends DifferenceBase {
  readonly kind: 'frames-as-time';
  /** How radset's frames hold dcm2niix's, in file order. */
  readonly frameOrder: 'same' | 'reversed';
  /** dcm2niix's NIfTI shape, as nibabel reads it. */
  readonly dcm2niixShape: readonly number[];
  /** radset's NIfTI shape, as nibabel reads it. */
  readonly radsetShape: readonly number[];
}

/** A documented difference between radset and dcm2niix, by kind; each kind has its own check. */
type KnownDifference =
  | SliceStepDifference
  | SliceStepAndDecodeDifference
  | VariableSpacingStepDifference
  | SplitByPlaneDifference
  | RowsUnflippedDifference
  | RleColourDecodeDifference
  | RgbAsScalarDifference
  | NotAMosaicDifference
  | FramesAsTimeDifference;

type KnownDifferenceKind = KnownDifference['kind'];

/** Kinds whose check reads the DICOM file with pydicom. */
const PYDICOM_KINDS: ReadonlySet<KnownDifferenceKind> = new Set([
  'dcm2niix-rle-colour-decode',
  'dcm2niix-32bit-rgb-as-scalar',
]);

const NO_WARNINGS: WarningKinds = { dcm2niix: [], radset: [] };
const BOTH_NO_GEOMETRY: WarningKinds = { dcm2niix: ['no-geometry'], radset: ['no-geometry'] };

const RT_DOSE_SLICE_STEP: SliceStepDifference = {
  kind: 'slice-step',
  reason:
    'radset places RT Dose frames by Grid Frame Offset Vector (3004,000C) (PS3.3 C.8.8.3.2: 0, 5, … 70 mm, so a 5 mm k step); dcm2niix ignores it ("Unable to determine slice thickness") and writes a 1 mm step. Shape, voxels, in-plane axes and origin agree',
  warningKinds: NO_WARNINGS,
  radsetSliceStepMm: 5,
  dcm2niixSliceStepMm: 1,
};

const EMRI_ROWS_UNFLIPPED: RowsUnflippedDifference = {
  kind: 'dcm2niix-rows-unflipped',
  reason:
    'no geometry (Enhanced MR Image without functional groups: no Plane Position/Orientation (Patient), PS3.3 C.7.6.16.2.3–4): dcm2niix, unlike for every other image without geometry, writes the rows as stored; radset flips the rows as for every other image. Shape and affine agree; radset’s voxels are dcm2niix’s with the j axis reversed; both warn no-geometry',
  warningKinds: BOTH_NO_GEOMETRY,
};

const KNOWN_DIFFERENCES: Readonly<Record<string, KnownDifference>> = {
  'modalities/rt/rtdose.dcm': RT_DOSE_SLICE_STEP,
  'syntaxes/explicit_vr_be/rtdose_expb.dcm': RT_DOSE_SLICE_STEP,
  'syntaxes/rle_lossless/rtdose_rle.dcm': {
    kind: 'slice-step-and-dcm2niix-decode',
    reason:
      'modalities/rt/rtdose.dcm RLE Lossless-compressed: radset places the frames by Grid Frame Offset Vector (PS3.3 C.8.8.3.2: 0, 5, … 70 mm → 5 mm step), dcm2niix ignores it and writes a 1 mm step; and dcm2niix’s decode of the 32-bit RLE segments differs, so radset’s voxels are checked against radset’s conversion of the uncompressed file',
    warningKinds: NO_WARNINGS,
    radsetSliceStepMm: 5,
    dcm2niixSliceStepMm: 1,
    uncompressed: 'modalities/rt/rtdose.dcm',
  },
  'series/dicomdir_pydicom/77654033/CT2': {
    kind: 'variable-spacing-step',
    reason:
      'slice gaps 202.5, 1.25, 1.25 mm: radset’s k step is the mean, 68.333 mm (205 mm / 3: the first and last slices land where they are), dcm2niix’s the first gap, 202.5 mm. Shape, voxels and origin agree, and so do the warnings: dcm2niix “Interslice distance varies” + “Missing images?” ↔ radset missing-slices/variable-spacing + instance-number-gap',
    warningKinds: {
      dcm2niix: ['instance-number-gap', 'uneven-spacing'],
      radset: ['instance-number-gap', 'uneven-spacing'],
    },
    radsetSliceStepMm: 205 / 3,
    dcm2niixSliceStepMm: 202.5,
    radsetWarningCodes: ['instance-number-gap', 'missing-slices', 'variable-spacing'],
  },
  'series/dicomdir_pydicom/98892001/CT2N': {
    kind: 'split-by-plane',
    reason:
      'two localizers in different planes (Image Orientation (Patient) [0,-1,0,0,0,-1] and [1,0,0,0,0,-1]): radset writes two 16×16×1 volumes, one per plane, and warns orientation-varies; dcm2niix stacks them as 16×16×2 with an invented 45° gantry tilt (estimated from the slice vector: Gantry/Detector Tilt (0018,1120) is 0)',
    warningKinds: { dcm2niix: ['gantry-tilt'], radset: ['orientation-varies'] },
    dcm2niixShape: [16, 16, 2],
    radsetShapes: [
      [16, 16, 1],
      [16, 16, 1],
    ],
    dcm2niixMessage: /gantry tilt of 45 degrees/,
  },
  'modalities/enhanced_mr/emri_small.dcm': EMRI_ROWS_UNFLIPPED,
  'syntaxes/explicit_vr_be/emri_small_big_endian.dcm': EMRI_ROWS_UNFLIPPED,
  'syntaxes/rle_lossless/SC_rgb_rle_2frame.dcm': {
    kind: 'dcm2niix-rle-colour-decode',
    reason:
      'dcm2niix’s RLE decode of 8-bit RGB differs from pydicom’s (the first frame agrees; the second differs, and by a different number of values each run): radset’s output equals radset’s conversion of the same image uncompressed (syntaxes/explicit_vr_le/SC_rgb_2frame.dcm) and pydicom’s decode of the RLE file (rows flipped); shape and affine agree',
    warningKinds: BOTH_NO_GEOMETRY,
    uncompressed: 'syntaxes/explicit_vr_le/SC_rgb_2frame.dcm',
  },
  'syntaxes/rle_lossless/SC_rgb_rle_32bit_2frame.dcm': {
    kind: 'dcm2niix-32bit-rgb-as-scalar',
    reason:
      'RGB with 32 bits a sample: dcm2niix writes an int32 scalar volume [100,100,2], the colour lost; radset writes RGB24 [100,100,2] (NIfTI’s colour type holds 8 bits a sample) from the top byte of each 32-bit sample, checked against pydicom’s decode (rows flipped); the affines agree',
    warningKinds: BOTH_NO_GEOMETRY,
    shape: [100, 100, 2],
    dcm2niixDatatype: NIFTI_DATATYPE.INT32,
    radsetDatatype: NIFTI_DATATYPE.RGB24,
    shiftRightBits: 24,
  },
  'vendor/siemens/0.dcm': {
    kind: 'not-a-mosaic',
    reason:
      'not a real mosaic: Image Type holds MOSAIC and the Siemens header claims 48 images (0019,100A) in a 256×256 image, which does not tile (7 tiles of 36 columns a row = 252); its pixels are nibabel’s synthetic ramp, not a mosaic. Both tools make 36×36×48 with the same affine and the same first 7 tiles (the first tile row), but differ in later tiles',
    warningKinds: NO_WARNINGS,
    shape: [36, 36, 48],
    equalTiles: 7,
  },
  'modalities/enhanced_mr/MOVEKNEE.dcm': {
    kind: 'frames-as-time',
    reason:
      'all 19 frames lie at one position (one Plane Position Sequence item in the Shared Functional Groups, PS3.3 C.7.6.16.2.3): radset makes them 19 time points (256×256×1×19) in frame order; dcm2niix, unable to find a slice direction, stacks them as 19 slices 6 mm apart, last frame first',
    warningKinds: NO_WARNINGS,
    frameOrder: 'reversed',
    dcm2niixShape: [256, 256, 19],
    radsetShape: [256, 256, 1, 19],
  },
};

// ---------------------------------------------------------------------------
// Units
// ---------------------------------------------------------------------------

/** What both tools convert: a series folder, or one multi-frame/mosaic file. */
interface ConversionUnit {
  /** Path relative to the corpus root. */
  readonly name: string;
  /** Corpus paths (relative) of the files the tools are given. */
  readonly files: readonly string[];
}

interface ImageHeader {
  readonly entry: ManifestEntry;
  readonly SeriesInstanceUID: string;
  readonly multiFrameOrMosaic: boolean;
}

/** Image files whose header radset reads: pixel data present, not SEG, not expected to fail. */
function imageHeaders(): ImageHeader[] {
  const headers: ImageHeader[] = [];
  for (const entry of loadManifest()) {
    if (
      entry.expectation === 'not-dicom-data' ||
      entry.expectation === 'expect-fail' ||
      entry.expectation === 'pixel-fail'
    )
      continue;
    try {
      const dataset = readDicomFileSync(entry.file, { headerOnly: true }).dataset;
      const isImage =
        dataset.has('PixelData') ||
        dataset.has('FloatPixelData') ||
        dataset.has('DoubleFloatPixelData');
      if (!isImage || dataset.string('Modality') === 'SEG') continue;
      const frames = dataset.number('NumberOfFrames') ?? 1;
      const mosaic = (dataset.strings('ImageType') ?? []).some((v) => v.toUpperCase() === 'MOSAIC');
      headers.push({
        entry,
        SeriesInstanceUID: dataset.string('SeriesInstanceUID') ?? '',
        multiFrameOrMosaic: frames > 1 || mosaic,
      });
    } catch {
      // A header radset cannot read, or a malformed Number of Frames
      // (badVR.dcm's '1A'): the parsing tests cover these, not this one.
    }
  }
  return headers;
}

/** Every unit in the corpus, folders first, each list sorted by name. */
function conversionUnits(): ConversionUnit[] {
  const headers = imageHeaders();
  const filesByFolder = new Map<string, string[]>();
  for (const entry of loadManifest()) {
    const folder = dirname(entry.path);
    filesByFolder.set(folder, [...(filesByFolder.get(folder) ?? []), entry.path]);
  }
  const seriesCounts = new Map<string, Map<string, number>>();
  for (const { entry, SeriesInstanceUID } of headers) {
    const folder = dirname(entry.path);
    if (!folder.startsWith('series/') && !folder.startsWith('seg/')) continue;
    const counts = seriesCounts.get(folder) ?? new Map<string, number>();
    counts.set(SeriesInstanceUID, (counts.get(SeriesInstanceUID) ?? 0) + 1);
    seriesCounts.set(folder, counts);
  }
  const folders = [...seriesCounts]
    .filter(([, counts]) => [...counts.values()].some((n) => n >= 2))
    .map(([folder]) => folder)
    .sort();
  const folderSet = new Set(folders);
  const units: ConversionUnit[] = folders.map((folder) => ({
    name: folder,
    // DICOMDIR files are indexes, not images: neither tool needs them.
    files: (filesByFolder.get(folder) ?? []).filter((p) => !basename(p).startsWith('DICOMDIR')),
  }));
  const singles = headers
    .filter((h) => h.multiFrameOrMosaic && !folderSet.has(dirname(h.entry.path)))
    .map((h) => h.entry.path)
    .sort();
  for (const path of singles) units.push({ name: path, files: [path] });
  return units;
}

const UNITS: readonly ConversionUnit[] = corpusAvailable() ? conversionUnits() : [];

// ---------------------------------------------------------------------------
// Running both tools
// ---------------------------------------------------------------------------

/** One volume in `radset nifti --json`'s report. */
interface RadsetVolume {
  readonly nifti: string;
  readonly SeriesInstanceUID: string;
  readonly label: string;
  readonly dimensions: readonly number[];
  readonly warnings: readonly { readonly code: VolumeWarningCode; readonly message: string }[];
}

interface RadsetRun {
  readonly exitCode: number;
  readonly volumes: readonly RadsetVolume[];
  readonly skipped: readonly { readonly source: string; readonly reason: string }[];
  readonly stderr: string;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Parses `radset nifti --json` output; an exit without JSON gives no volumes. */
function parseRadsetReport(exitCode: number, stdout: string, stderr: string): RadsetRun {
  if (stdout.trim() === '') return { exitCode, volumes: [], skipped: [], stderr };
  const report: unknown = JSON.parse(stdout);
  if (!isObject(report) || !Array.isArray(report.volumes) || !Array.isArray(report.skipped))
    throw new Error(`radset nifti --json printed an unexpected report: ${stdout.slice(0, 500)}`);
  const volumes = report.volumes.map((v: unknown): RadsetVolume => {
    if (
      !isObject(v) ||
      typeof v.nifti !== 'string' ||
      typeof v.SeriesInstanceUID !== 'string' ||
      !Array.isArray(v.dimensions) ||
      !Array.isArray(v.warnings)
    )
      throw new Error(`radset nifti --json: unexpected volume entry ${JSON.stringify(v)}`);
    return v as unknown as RadsetVolume;
  });
  return { exitCode, volumes, skipped: report.skipped as RadsetRun['skipped'], stderr };
}

/** One dcm2niix output and how each radset volume of its series compares with it. */
interface Pairing {
  readonly dcm2niix: string;
  readonly candidates: readonly { readonly radset: string; readonly comparison: NiftiComparison }[];
  /** The radset volume that agrees with it, if any. */
  readonly match: string | undefined;
}

interface UnitResult {
  /** The unit's work folder (inputs and both tools' outputs). */
  readonly work: string;
  readonly dcm2niix: Dcm2niixRun;
  readonly radset: RadsetRun;
  /** dcm2niix outputs other than derived extras. */
  readonly primary: readonly string[];
  /** dcm2niix's derived extras (not compared). */
  readonly derived: readonly string[];
  readonly pairings: readonly Pairing[];
  /** radset volumes no dcm2niix output matched. */
  readonly unmatchedRadset: readonly string[];
  readonly dcm2niixKinds: readonly SharedWarningKind[];
  readonly radsetKinds: readonly SharedWarningKind[];
  /** radset warning codes dcm2niix has no warning for. */
  readonly radsetOnlyCodes: readonly VolumeWarningCode[];
}

const MAX_TRANSLATION_DIFF_MM = 1e-3;
const MAX_SPACING_DIFF_MM = 1e-3;
const MAX_ANGLE_DIFF_RAD = 1e-4;

function agrees(c: NiftiComparison): boolean {
  return (
    c.sameShape &&
    c.translationDiffMm <= MAX_TRANSLATION_DIFF_MM &&
    c.spacingDiffMm <= MAX_SPACING_DIFF_MM &&
    c.angleDiffRad <= MAX_ANGLE_DIFF_RAD &&
    c.maxValueDiff === 0
  );
}

/** dcm2niix's base name (no `.nii`) begins with the SeriesInstanceUID and `_` (`-f %j_%s`). */
function ofSeries(dcm2niixFile: string, SeriesInstanceUID: string): boolean {
  return basename(dcm2niixFile, '.nii').startsWith(`${SeriesInstanceUID}_`);
}

const KEEP_REPORT = process.env.RADSET_DCM2NIIX_REPORT;
const WORK_ROOT = await mkdtemp(join(tmpdir(), 'radset-dcm2niix-'));

let comparer: NiftiComparer | undefined;

/** The nibabel comparison server, started on first use (skipped tests need no Python). */
function niftiComparer(): NiftiComparer {
  comparer ??= startNiftiComparer();
  return comparer;
}

/** Puts the unit's files in a folder of their own (symlinks; `.gz` gunzipped). */
async function stageInput(unit: ConversionUnit, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  for (const path of unit.files) {
    const source = corpusPath(path);
    if (path.endsWith('.gz'))
      await writeFile(join(dir, basename(path, '.gz')), gunzipSync(await readFile(source)));
    else await symlink(source, join(dir, basename(path)));
  }
  return dir;
}

/** Runs `radset nifti INPUT --out OUT_DIR --uncompressed --json` in this process. */
async function runRadset(input: string, outDir: string): Promise<RadsetRun> {
  const cli = await runCli(['nifti', input, '--out', outDir, '--uncompressed', '--json']);
  return parseRadsetReport(cli.code, cli.stdout, cli.stderr);
}

async function convertUnit(unit: ConversionUnit, index: number): Promise<UnitResult> {
  const work = join(WORK_ROOT, String(index).padStart(3, '0'));
  const input = await stageInput(unit, join(work, 'in'));
  const dcm2niixOut = join(work, 'dcm2niix');
  await mkdir(dcm2niixOut, { recursive: true });
  const dcm2niix = await runDcm2niix(input, dcm2niixOut);
  const radset = await runRadset(input, join(work, 'radset'));

  const derived = dcm2niix.niftiFiles.filter((f) =>
    DCM2NIIX_DERIVED_NAME.test(basename(f, '.nii')),
  );
  const primary = dcm2niix.niftiFiles.filter((f) => !derived.includes(f));
  const candidatesOf = (file: string): RadsetVolume[] =>
    radset.volumes.filter((v) => ofSeries(file, v.SeriesInstanceUID));
  const pairs = primary.flatMap((d) => candidatesOf(d).map((v) => [d, v.nifti] as const));
  const comparisons = await niftiComparer().compare(pairs);
  const comparisonOf = (d: string, r: string): NiftiComparison => {
    const at = pairs.findIndex(([a, b]) => a === d && b === r);
    return comparisons[at] as NiftiComparison;
  };
  const used = new Set<string>();
  const pairings = primary.map((d): Pairing => {
    const candidates = candidatesOf(d).map((v) => ({
      radset: v.nifti,
      comparison: comparisonOf(d, v.nifti),
    }));
    const match = candidates.find((c) => !used.has(c.radset) && agrees(c.comparison))?.radset;
    if (match !== undefined) used.add(match);
    return { dcm2niix: d, candidates, match };
  });

  const radsetCodes = new Set(radset.volumes.flatMap((v) => v.warnings.map((w) => w.code)));
  const radsetKinds = new Set<SharedWarningKind>();
  const radsetOnlyCodes: VolumeWarningCode[] = [];
  for (const code of radsetCodes) {
    const kind = sharedWarningKind(code);
    if (kind === undefined) radsetOnlyCodes.push(code);
    else radsetKinds.add(kind);
  }
  return {
    work,
    dcm2niix,
    radset,
    primary,
    derived,
    pairings,
    unmatchedRadset: radset.volumes.map((v) => v.nifti).filter((f) => !used.has(f)),
    dcm2niixKinds: [...dcm2niixWarningKinds(dcm2niix.messages)].sort(),
    radsetKinds: [...radsetKinds].sort(),
    radsetOnlyCodes: radsetOnlyCodes.sort(),
  };
}

/** Runs tasks at most `slots` at a time (dcm2niix, nibabel and radset all load the CPU). */
function limiter(slots: number): <T>(task: () => Promise<T>) => Promise<T> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    while (active >= slots) await new Promise<void>((resolve) => waiting.push(resolve));
    active += 1;
    try {
      return await task();
    } finally {
      active -= 1;
      waiting.shift()?.();
    }
  };
}

const inTurn = limiter(2);

// ---------------------------------------------------------------------------
// Checking a documented difference
// ---------------------------------------------------------------------------

/** What a known difference's check is given. */
interface CheckInput {
  readonly unit: ConversionUnit;
  readonly result: UnitResult;
  /** The running test's expect (tests run concurrently). */
  readonly expect: ExpectStatic;
  /** Both tools' outputs, comparisons and warnings as text, for failure messages. */
  readonly detail: string;
}

/** The value, or an Error saying what is missing. */
function present<T>(value: T | undefined, what: string, detail: string): T {
  if (value === undefined) throw new Error(`${what} is missing\n${detail}`);
  return value;
}

function formatMm(value: number): string {
  return `${Number(value.toFixed(3))} mm`;
}

/** The unit's one dcm2niix output, its one radset volume, and how they compare. */
function onePair({ result, expect, detail }: CheckInput): {
  readonly dcm2niix: string;
  readonly radset: string;
  readonly comparison: NiftiComparison;
} {
  expect(result.primary, `one dcm2niix output\n${detail}`).toHaveLength(1);
  expect(result.radset.volumes, `one radset volume\n${detail}`).toHaveLength(1);
  const pairing = present(result.pairings[0], 'the dcm2niix output', detail);
  const candidate = present(pairing.candidates[0], 'a radset volume of its series', detail);
  return { dcm2niix: pairing.dcm2niix, radset: candidate.radset, comparison: candidate.comparison };
}

/** Both affines put the first voxel at one place and point every axis one way. */
function expectSameOriginAndAxes(
  expect: ExpectStatic,
  comparison: NiftiComparison,
  detail: string,
): void {
  expect(comparison.translationDiffMm, `origin\n${detail}`).toBeLessThanOrEqual(
    MAX_TRANSLATION_DIFF_MM,
  );
  expect(comparison.angleDiffRad, `axis directions\n${detail}`).toBeLessThanOrEqual(
    MAX_ANGLE_DIFF_RAD,
  );
}

/** Both affines agree: origin, axis directions and voxel sizes. */
function expectSameAffine(expect: ExpectStatic, comparison: NiftiComparison, detail: string): void {
  expectSameOriginAndAxes(expect, comparison, detail);
  expect(comparison.spacingDiffMm, `voxel sizes\n${detail}`).toBeLessThanOrEqual(
    MAX_SPACING_DIFF_MM,
  );
}

/** nibabel's reading of two headers. */
async function describePair(
  a: string,
  b: string,
): Promise<readonly [NiftiDescription, NiftiDescription]> {
  const [da, db] = await niftiComparer().describe([a, b]);
  if (da === undefined || db === undefined) throw new Error(`no description of ${a} or ${b}`);
  return [da, db];
}

/** Largest difference, in mm, of the listed affine columns (0 = i, 1 = j, 2 = k). */
function affineColumnsDiffMm(
  a: NiftiDescription,
  b: NiftiDescription,
  columns: readonly number[],
): number {
  let largest = 0;
  for (const column of columns)
    for (let row = 0; row < 3; row += 1)
      largest = Math.max(
        largest,
        Math.abs((a.affine[row]?.[column] ?? NaN) - (b.affine[row]?.[column] ?? NaN)),
      );
  return largest;
}

/** The unit's (only) DICOM file as the tools were given it (gunzipped). */
function stagedDicomFile({ unit, result }: CheckInput): string {
  const [path] = unit.files;
  if (path === undefined || unit.files.length !== 1)
    throw new Error(`${unit.name}: a check that reads the DICOM needs a one-file unit`);
  return join(result.work, 'in', basename(path, '.gz'));
}

/**
 * Converts another corpus file (the same image stored otherwise) with radset
 * and requires the unit's radset volume to agree with it in full.
 */
async function expectSameAsRadsetConversionOf(
  input: CheckInput,
  radset: string,
  otherPath: string,
): Promise<void> {
  const { result, expect, detail } = input;
  const work = join(result.work, 'reference');
  const other = await runRadset(
    await stageInput({ name: otherPath, files: [otherPath] }, join(work, 'in')),
    join(work, 'radset'),
  );
  expect(other.volumes, `radset's conversion of ${otherPath}: ${other.stderr}`).toHaveLength(1);
  const otherVolume = present(other.volumes[0], `radset's volume of ${otherPath}`, detail);
  const [comparison] = await niftiComparer().compare([[otherVolume.nifti, radset]]);
  expect(
    comparison !== undefined && agrees(comparison),
    `radset's conversion of ${otherPath} vs this unit's: ${JSON.stringify(comparison)}\n${detail}`,
  ).toBe(true);
}

/**
 * Same shape, in-plane axes, slice direction and origin (and voxels when
 * `sameVoxels`); the k steps are the ones stated. Returns what it measured.
 */
async function expectOnlySliceStepDiffers(
  input: CheckInput,
  radsetSliceStepMm: number,
  dcm2niixSliceStepMm: number,
  sameVoxels: boolean,
): Promise<{ readonly measured: string; readonly pair: ReturnType<typeof onePair> }> {
  const { expect, detail } = input;
  const pair = onePair(input);
  const { comparison } = pair;
  expect(comparison.sameShape, `same shape\n${detail}`).toBe(true);
  if (sameVoxels) expect(comparison.maxValueDiff, `same voxels\n${detail}`).toBe(0);
  expectSameOriginAndAxes(expect, comparison, detail);
  const [d, r] = await describePair(pair.dcm2niix, pair.radset);
  expect(affineColumnsDiffMm(d, r, [0, 1]), `in-plane axes\n${detail}`).toBeLessThanOrEqual(
    MAX_SPACING_DIFF_MM,
  );
  expect(r.voxelSizesMm[2], `radset's k step\n${detail}`).toBeCloseTo(radsetSliceStepMm, 3);
  expect(d.voxelSizesMm[2], `dcm2niix's k step\n${detail}`).toBeCloseTo(dcm2niixSliceStepMm, 3);
  return {
    measured: `k step radset ${formatMm(r.voxelSizesMm[2])}, dcm2niix ${formatMm(d.voxelSizesMm[2])}`,
    pair,
  };
}

async function checkSliceStep(known: SliceStepDifference, input: CheckInput): Promise<string> {
  const { measured } = await expectOnlySliceStepDiffers(
    input,
    known.radsetSliceStepMm,
    known.dcm2niixSliceStepMm,
    true,
  );
  return measured;
}

async function checkSliceStepAndDecode(
  known: SliceStepAndDecodeDifference,
  input: CheckInput,
): Promise<string> {
  const { measured, pair } = await expectOnlySliceStepDiffers(
    input,
    known.radsetSliceStepMm,
    known.dcm2niixSliceStepMm,
    false,
  );
  input
    .expect(pair.comparison.differingVoxels, `dcm2niix's decode still differs\n${input.detail}`)
    .toBeGreaterThan(0);
  await expectSameAsRadsetConversionOf(input, pair.radset, known.uncompressed);
  return `${measured}; dcm2niix's decode differs in ${String(pair.comparison.differingVoxels)} voxels; radset = radset(${known.uncompressed})`;
}

async function checkVariableSpacingStep(
  known: VariableSpacingStepDifference,
  input: CheckInput,
): Promise<string> {
  const { measured } = await expectOnlySliceStepDiffers(
    input,
    known.radsetSliceStepMm,
    known.dcm2niixSliceStepMm,
    true,
  );
  const codes = [
    ...new Set(input.result.radset.volumes.flatMap((v) => v.warnings.map((w) => w.code))),
  ].sort();
  input.expect(codes, `radset's warning codes\n${input.detail}`).toEqual(known.radsetWarningCodes);
  return `${measured}; radset warns ${codes.join(', ')}`;
}

async function checkSplitByPlane(
  known: SplitByPlaneDifference,
  input: CheckInput,
): Promise<string> {
  const { result, expect, detail } = input;
  expect(result.primary, `one dcm2niix output\n${detail}`).toHaveLength(1);
  const dcm2niix = present(result.primary[0], 'the dcm2niix output', detail);
  const volumes = result.radset.volumes;
  const descriptions = await niftiComparer().describe([dcm2niix, ...volumes.map((v) => v.nifti)]);
  expect(descriptions[0]?.shape, `dcm2niix's shape\n${detail}`).toEqual(known.dcm2niixShape);
  expect(
    descriptions.slice(1).map((d) => d.shape),
    `radset's volumes, one per plane\n${detail}`,
  ).toEqual(known.radsetShapes);
  expect(
    result.dcm2niix.messages.some((m) => known.dcm2niixMessage.test(m)),
    `dcm2niix prints ${String(known.dcm2niixMessage)}\n${detail}`,
  ).toBe(true);
  // Each radset frame is one dcm2niix slice, and each dcm2niix slice is in one radset volume.
  const slices: number[] = [];
  const placed: string[] = [];
  for (const volume of volumes) {
    expect(
      volume.warnings.map((w) => w.code),
      `${basename(volume.nifti)} warns orientation-varies\n${detail}`,
    ).toContain('orientation-varies');
    const matches = await niftiComparer().frameMatches(dcm2niix, volume.nifti);
    for (const match of matches) {
      expect(
        match,
        `${basename(volume.nifti)}: one dcm2niix slice a frame\n${detail}`,
      ).toHaveLength(1);
      slices.push(match[0] as number);
    }
    placed.push(`${volume.label} = dcm2niix slice ${matches.map((m) => m.join('|')).join(',')}`);
  }
  const dcm2niixSlices = known.dcm2niixShape.slice(2).reduce((n, s) => n * s, 1);
  expect(
    slices.sort((a, b) => a - b),
    `every dcm2niix slice once\n${detail}`,
  ).toEqual(Array.from({ length: dcm2niixSlices }, (_, k) => k));
  return placed.join('; ');
}

async function checkRowsUnflipped(
  _known: RowsUnflippedDifference,
  input: CheckInput,
): Promise<string> {
  const { expect, detail } = input;
  const { dcm2niix, radset, comparison } = onePair(input);
  expect(comparison.sameShape, `same shape\n${detail}`).toBe(true);
  expectSameAffine(expect, comparison, detail);
  expect(comparison.differingVoxels, `voxels differ as stored\n${detail}`).toBeGreaterThan(0);
  // NIfTI axis 1 (j) is the DICOM row axis.
  const flipped = await niftiComparer().compareVoxels(dcm2niix, radset, { reverseAxesOfB: [1] });
  expect(flipped, `radset with j reversed = dcm2niix\n${detail}`).toMatchObject({
    sameShape: true,
    maxValueDiff: 0,
  });
  return `${String(comparison.differingVoxels)} voxels differ as written, none with radset's j reversed`;
}

async function checkRleColourDecode(
  known: RleColourDecodeDifference,
  input: CheckInput,
): Promise<string> {
  const { expect, detail } = input;
  const { radset, comparison } = onePair(input);
  expect(comparison.sameShape, `same shape\n${detail}`).toBe(true);
  expectSameAffine(expect, comparison, detail);
  expect(comparison.differingVoxels, `dcm2niix's decode still differs\n${detail}`).toBeGreaterThan(
    0,
  );
  await expectSameAsRadsetConversionOf(input, radset, known.uncompressed);
  // radset, like dcm2niix for images without geometry, writes the rows bottom first (j reversed).
  const pydicom = await niftiComparer().compareWithDicom(radset, stagedDicomFile(input), {
    reverseAxes: [1],
  });
  expect(pydicom, `radset = pydicom's decode, rows flipped\n${detail}`).toMatchObject({
    sameShape: true,
    maxValueDiff: 0,
  });
  return `dcm2niix differs in ${String(comparison.differingVoxels)} values; radset = radset(${known.uncompressed}) = pydicom`;
}

async function checkRgbAsScalar(known: RgbAsScalarDifference, input: CheckInput): Promise<string> {
  const { expect, detail } = input;
  const { dcm2niix, radset, comparison } = onePair(input);
  expectSameAffine(expect, comparison, detail);
  const [d, r] = await describePair(dcm2niix, radset);
  expect(
    { shape: d.shape, datatype: d.datatype, fields: d.dtypeFields },
    `dcm2niix writes a scalar volume\n${detail}`,
  ).toEqual({ shape: known.shape, datatype: known.dcm2niixDatatype, fields: [] });
  expect(
    { shape: r.shape, datatype: r.datatype, fields: r.dtypeFields },
    `radset writes RGB24\n${detail}`,
  ).toEqual({ shape: known.shape, datatype: known.radsetDatatype, fields: ['R', 'G', 'B'] });
  const pydicom = await niftiComparer().compareWithDicom(radset, stagedDicomFile(input), {
    reverseAxes: [1],
    shiftRightBits: known.shiftRightBits,
  });
  expect(
    pydicom,
    `radset = pydicom's decode >> ${known.shiftRightBits}, rows flipped\n${detail}`,
  ).toMatchObject({ sameShape: true, maxValueDiff: 0 });
  return `dcm2niix ${d.dtype} [${d.shape.join(',')}], radset RGB24 [${r.shape.join(',')}] = pydicom >> ${known.shiftRightBits}`;
}

async function checkNotAMosaic(known: NotAMosaicDifference, input: CheckInput): Promise<string> {
  const { expect, detail } = input;
  const { dcm2niix, radset, comparison } = onePair(input);
  expect([comparison.shapeA, comparison.shapeB], `both shapes\n${detail}`).toEqual([
    known.shape,
    known.shape,
  ]);
  expectSameAffine(expect, comparison, detail);
  const matches = await niftiComparer().frameMatches(dcm2niix, radset);
  for (let tile = 0; tile < known.equalTiles; tile += 1)
    expect(matches[tile], `tile ${String(tile)} equal\n${detail}`).toContain(tile);
  const later = matches.slice(known.equalTiles);
  const differing = later.filter((m, at) => !m.includes(known.equalTiles + at)).length;
  expect(
    differing,
    `some tile past ${String(known.equalTiles - 1)} differs\n${detail}`,
  ).toBeGreaterThan(0);
  return `tiles 0–${String(known.equalTiles - 1)} equal, ${String(differing)} of ${String(later.length)} later tiles differ`;
}

function checkFramesAsTime(known: FramesAsTimeDifference, input: CheckInput): Promise<string> {
  const { expect, detail } = input;
  const { comparison } = onePair(input);
  expect(comparison.shapeA, `dcm2niix's shape\n${detail}`).toEqual(known.dcm2niixShape);
  expect(comparison.shapeB, `radset's shape\n${detail}`).toEqual(known.radsetShape);
  expect(comparison.frameOrder, `frame order\n${detail}`).toBe(known.frameOrder);
  return Promise.resolve(
    `dcm2niix [${comparison.shapeA.join(',')}], radset [${comparison.shapeB.join(',')}], frames ${known.frameOrder}`,
  );
}

/** Checks the documented difference of a unit's kind; returns what it measured. */
function checkKnownDifference(known: KnownDifference, input: CheckInput): Promise<string> {
  switch (known.kind) {
    case 'slice-step':
      return checkSliceStep(known, input);
    case 'slice-step-and-dcm2niix-decode':
      return checkSliceStepAndDecode(known, input);
    case 'variable-spacing-step':
      return checkVariableSpacingStep(known, input);
    case 'split-by-plane':
      return checkSplitByPlane(known, input);
    case 'dcm2niix-rows-unflipped':
      return checkRowsUnflipped(known, input);
    case 'dcm2niix-rle-colour-decode':
      return checkRleColourDecode(known, input);
    case 'dcm2niix-32bit-rgb-as-scalar':
      return checkRgbAsScalar(known, input);
    case 'not-a-mosaic':
      return checkNotAMosaic(known, input);
    case 'frames-as-time':
      return checkFramesAsTime(known, input);
  }
}

// ---------------------------------------------------------------------------
// Outcomes (printed at the end; kept in RADSET_DCM2NIIX_REPORT when set)
// ---------------------------------------------------------------------------

/**
 * How a unit came out. `known-difference`: its documented difference holds;
 * `known-difference-changed`: it no longer does (a tool's behaviour changed).
 */
type Status =
  | 'agree'
  | 'warnings-differ'
  | 'known-difference'
  | 'known-difference-changed'
  | 'mismatch'
  | 'dcm2niix-does-not-convert';

interface Outcome {
  readonly unit: string;
  readonly status: Status;
  /** The kind of the unit's documented difference, if it has one. */
  readonly kind: KnownDifferenceKind | undefined;
  readonly detail: string;
  readonly result: UnitResult;
}

const outcomes: Outcome[] = [];

function record(
  unit: ConversionUnit,
  status: Status,
  detail: string,
  result: UnitResult,
  kind?: KnownDifferenceKind,
): void {
  outcomes.push({ unit: unit.name, status, kind, detail, result });
}

/** A mismatch as text: each unmatched dcm2niix output with every comparison, and radset's extras. */
function mismatchDetail(result: UnitResult): string {
  const lines: string[] = [];
  for (const p of result.pairings.filter((p) => p.match === undefined)) {
    lines.push(`dcm2niix ${basename(p.dcm2niix)} has no matching radset volume`);
    if (p.candidates.length === 0) lines.push('  (radset wrote no volume of that series)');
    for (const c of p.candidates)
      lines.push(`  vs radset ${basename(c.radset)}: ${JSON.stringify(c.comparison)}`);
  }
  for (const extra of result.unmatchedRadset)
    lines.push(`radset wrote ${basename(extra)}, which matches no dcm2niix output`);
  if (result.radset.volumes.length === 0)
    lines.push(
      `radset wrote nothing (exit ${result.radset.exitCode}): ${result.radset.stderr.trim()}`,
    );
  lines.push(`dcm2niix messages: ${JSON.stringify(result.dcm2niix.messages)}`);
  lines.push(
    `radset warnings: ${JSON.stringify(result.radset.volumes.map((v) => [basename(v.nifti), v.warnings]))}`,
  );
  return lines.join('\n');
}

/** The summary table's first column: the status, and a known difference's kind. */
function outcomeLabel(outcome: Outcome): string {
  return outcome.kind === undefined ? outcome.status : `${outcome.status} (${outcome.kind})`;
}

afterAll(async () => {
  await comparer?.close();
  if (outcomes.length > 0) {
    outcomes.sort((a, b) => a.unit.localeCompare(b.unit));
    const counts = new Map<string, number>();
    for (const o of outcomes) counts.set(outcomeLabel(o), (counts.get(outcomeLabel(o)) ?? 0) + 1);
    const width = Math.max(...[...counts.keys()].map((label) => label.length));
    const rows = outcomes.map((o) => {
      const extras = [
        o.result.derived.length > 0
          ? `dcm2niix derived: ${o.result.derived.map((f) => basename(f)).join(', ')}`
          : '',
        o.result.radsetOnlyCodes.length > 0
          ? `radset-only warnings: ${o.result.radsetOnlyCodes.join(', ')}`
          : '',
      ].filter((s) => s !== '');
      return `${outcomeLabel(o).padEnd(width)}  ${o.unit}${o.detail === '' ? '' : `  (${o.detail.split('\n')[0]})`}${extras.length > 0 ? `  [${extras.join('; ')}]` : ''}`;
    });
    const totals = [...counts]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([label, n]) => `  ${String(n).padStart(3)}  ${label}`);
    console.log(
      `radset nifti vs dcm2niix, ${outcomes.length} unit(s):\n${totals.join('\n')}\n\n${rows.join('\n')}`,
    );
  }
  if (KEEP_REPORT !== undefined && KEEP_REPORT !== '') {
    await writeFile(KEEP_REPORT, JSON.stringify({ workFolder: WORK_ROOT, outcomes }, null, 2));
  } else {
    await rm(WORK_ROOT, { recursive: true, force: true });
  }
});

// ---------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------

describe('radset nifti agrees with dcm2niix on the corpus', () => {
  it('finds the series folders and multi-frame images of the corpus', (ctx) => {
    requireCorpus(ctx);
    const names = UNITS.map((u) => u.name);
    for (const expected of [
      'series/ct_philips_ingenuity_head_phantom_5mm',
      'series/mr_ge_signa_3d_t1_mprage_1.2mm',
      'series/dicomdir_pydicom/98892003/MR700',
      'seg/dcmqi_liver_ct3slice/ct',
      'modalities/enhanced_mr/MOVEKNEE.dcm',
      'vendor/philips/philips_mprage.dcm.gz',
      'vendor/siemens/0.dcm',
    ])
      expect(names).toContain(expected);
    // Neither label objects nor files expected to fail are units.
    const excluded = loadManifest().filter(
      (e) =>
        e.modality === 'SEG' || e.expectation === 'expect-fail' || e.expectation === 'pixel-fail',
    );
    for (const unit of UNITS)
      for (const file of unit.files) expect(excluded.map((e) => e.path)).not.toContain(file);
    for (const name of Object.keys(KNOWN_DIFFERENCES)) expect(names).toContain(name);
    // The uncompressed twins the decode checks convert are in the corpus.
    const paths = loadManifest().map((e) => e.path);
    for (const known of Object.values(KNOWN_DIFFERENCES))
      if ('uncompressed' in known) expect(paths).toContain(known.uncompressed);
  });

  it.concurrent.for(UNITS)('$name', async (unit, ctx) => {
    requireCorpus(ctx);
    requirePeer(ctx, 'dcm2niix');
    requirePeer(ctx, 'nibabel', { pythonModule: 'nibabel' });
    const known = KNOWN_DIFFERENCES[unit.name];
    if (known !== undefined && PYDICOM_KINDS.has(known.kind))
      requirePeer(ctx, 'pydicom', { pythonModule: 'pydicom' });
    const result = await inTurn(() => convertUnit(unit, UNITS.indexOf(unit)));

    if (result.primary.length === 0) {
      const why = result.dcm2niix.crashed
        ? `dcm2niix crashed (${String(result.dcm2niix.signal)})`
        : `dcm2niix wrote nothing (exit ${String(result.dcm2niix.exitCode)}): ${result.dcm2niix.messages.join(' | ')}`;
      record(unit, 'dcm2niix-does-not-convert', why, result);
      ctx
        .expect(known, `${unit.name} is in KNOWN_DIFFERENCES but dcm2niix converts nothing`)
        .toBe(undefined);
      // radset must still convert what dcm2niix cannot (every one of these
      // decodes with radset's codecs: JPEG-LS, JPEG XL, fragmented JPEG/RLE).
      ctx
        .expect(result.radset.volumes.length, `radset wrote no volume for ${unit.name}`)
        .toBeGreaterThan(0);
      return;
    }

    const agreement =
      result.pairings.every((p) => p.match !== undefined) && result.unmatchedRadset.length === 0;

    if (known !== undefined) {
      // The documented difference, checked, so that a change in either tool is noticed.
      const detail = mismatchDetail(result);
      try {
        ctx
          .expect(agreement, `${unit.name} now agrees: remove it from KNOWN_DIFFERENCES`)
          .toBe(false);
        ctx
          .expect(
            { dcm2niix: result.dcm2niixKinds, radset: result.radsetKinds },
            `warning kinds\n${detail}`,
          )
          .toEqual({
            dcm2niix: [...known.warningKinds.dcm2niix].sort(),
            radset: [...known.warningKinds.radset].sort(),
          });
        const measured = await checkKnownDifference(known, {
          unit,
          result,
          expect: ctx.expect,
          detail,
        });
        record(unit, 'known-difference', measured, result, known.kind);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        record(unit, 'known-difference-changed', message, result, known.kind);
        throw error;
      }
      return;
    }

    if (!agreement) {
      const detail = mismatchDetail(result);
      record(unit, 'mismatch', detail, result);
      ctx.expect.fail(`${unit.name}: radset and dcm2niix disagree\n${detail}`);
    }
    const sameKinds = JSON.stringify(result.radsetKinds) === JSON.stringify(result.dcm2niixKinds);
    const warnings = `dcm2niix: ${JSON.stringify(result.dcm2niixKinds)} from ${JSON.stringify(
      result.dcm2niix.messages,
    )}; radset: ${JSON.stringify(result.radsetKinds)} from ${JSON.stringify(
      result.radset.volumes.flatMap((v) => v.warnings),
    )}`;
    record(unit, sameKinds ? 'agree' : 'warnings-differ', sameKinds ? '' : warnings, result);
    ctx
      .expect(result.radsetKinds, `warning kinds differ: ${warnings}`)
      .toEqual(result.dcm2niixKinds);
  });
});
