/**
 * Compares NIfTI files with nibabel (an independent reader) through
 * test/support/compare_nifti_batch.py (compare_nifti.py's comparison and a
 * few finer questions), served by one long-lived Python process so nibabel
 * is loaded once per test file.
 *
 * ```ts
 * const comparer = startNiftiComparer();
 * const [result] = await comparer.compare([[dcm2niixFile, radsetFile]]);
 * result.sameShape && result.maxValueDiff === 0;
 * const [header] = await comparer.describe([radsetFile]); // shape, affine, datatype
 * await comparer.compareVoxels(dcm2niixFile, radsetFile, { reverseAxesOfB: [1] });
 * await comparer.close();
 * ```
 *
 * Values are physical (stored × slope + inter); RGB24 volumes gain a last
 * axis (R, G, B). A file's frames are its 2D images: every axis past the
 * second flattened, in file order.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { PYTHON3 } from './peers.js';

const SERVER_SCRIPT = fileURLToPath(new URL('./compare_nifti_batch.py', import.meta.url));

/** NIfTI-1 header datatype codes (nifti1.h) the tests name. */
export const NIFTI_DATATYPE = { INT32: 8, RGB24: 128 } as const;

/** How the voxel values of A and B compare. */
export interface VoxelComparison {
  readonly shapeA: readonly number[];
  readonly shapeB: readonly number[];
  /** Shapes equal once trailing singleton axes past the third are dropped. */
  readonly sameShape: boolean;
  /** Largest difference of physical values; only when sameShape. */
  readonly maxValueDiff?: number;
  /** How many voxels' physical values differ; only when sameShape. */
  readonly differingVoxels?: number;
}

/** compare_nifti.py's output for one pair (A, B). */
export interface NiftiComparison extends VoxelComparison {
  /** Largest difference of the affines' translation columns, in mm. */
  readonly translationDiffMm: number;
  /** Largest difference of the voxel sizes (affine column norms), in mm. */
  readonly spacingDiffMm: number;
  /** Largest angle between corresponding affine axes, in radians. */
  readonly angleDiffRad: number;
  readonly sformCodes: readonly [number, number];
  readonly qformCodes: readonly [number, number];
  /**
   * Only when the shapes differ but rows, columns and voxel counts are equal:
   * whether B's 2D frames (all axes past the second, in file order) hold A's
   * values in the same order, in reverse order, or otherwise.
   */
  readonly frameOrder?: 'same' | 'reversed' | 'other';
}

/** A NIfTI file's header as nibabel reads it. */
export interface NiftiDescription {
  /** Dimensions (nibabel's shape: an RGB24 volume has no colour axis here). */
  readonly shape: readonly number[];
  /** The voxel (i, j, k) → RAS+ mm affine nibabel chooses (sform, else qform), as 4 rows. */
  readonly affine: readonly (readonly number[])[];
  /** Length of each affine column: the step along i, j and k, in mm. */
  readonly voxelSizesMm: readonly [number, number, number];
  /** The header's datatype code (NIfTI-1 nifti1.h, e.g. {@link NIFTI_DATATYPE}). */
  readonly datatype: number;
  /** numpy's name of the stored type (`int32`, or a structured type's fields). */
  readonly dtype: string;
  /** The field names of a structured type (`['R', 'G', 'B']` for RGB24); empty for scalars. */
  readonly dtypeFields: readonly string[];
}

/** A running comparison server. Every method rejects when a file cannot be read or the server died. */
export interface NiftiComparer {
  /** Compares each pair [A, B] (shapes, affines, values). */
  compare(pairs: readonly (readonly [string, string])[]): Promise<NiftiComparison[]>;
  /** Reads each file's header. */
  describe(paths: readonly string[]): Promise<NiftiDescription[]>;
  /**
   * For each 2D frame of B, the indexes of A's frames holding the same values
   * (A and B must have equal rows and columns).
   */
  frameMatches(a: string, b: string): Promise<number[][]>;
  /** Compares A's values with B's, B's listed axes (0 = i, 1 = j, …) reversed first. */
  compareVoxels(
    a: string,
    b: string,
    options?: { readonly reverseAxesOfB?: readonly number[] },
  ): Promise<VoxelComparison>;
  /**
   * Compares a NIfTI's values (A) with pydicom's decode of a DICOM file (B):
   * stored values, no rescale, laid out as column, row, frame (and sample
   * for colour), each shifted right by `shiftRightBits`, then the listed
   * axes reversed. Needs pydicom (requirePeer it).
   */
  compareWithDicom(
    nifti: string,
    dicom: string,
    options?: { readonly reverseAxes?: readonly number[]; readonly shiftRightBits?: number },
  ): Promise<VoxelComparison>;
  /** Ends the Python process. */
  close(): Promise<void>;
}

interface Pending {
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

/** Starts the Python comparison server (Debian's python3 with nibabel: see peers.ts). */
export function startNiftiComparer(): NiftiComparer {
  const child = spawn(PYTHON3, [SERVER_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
  const pending: Pending[] = [];
  const stderr: Buffer[] = [];
  let failure: Error | undefined;
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
  const fail = (error: Error): void => {
    failure ??= error;
    for (const waiting of pending.splice(0)) waiting.reject(failure);
  };
  child.on('error', fail);
  const exited = new Promise<void>((resolve) =>
    child.on('close', (code) => {
      fail(
        new Error(
          `compare_nifti_batch.py exited (${String(code)}): ${Buffer.concat(stderr).toString('utf8')}`,
        ),
      );
      resolve();
    }),
  );
  createInterface({ input: child.stdout }).on('line', (line) => {
    const waiting = pending.shift();
    if (waiting === undefined) return;
    const answer = JSON.parse(line) as { result?: unknown; error?: string };
    if ('result' in answer) waiting.resolve(answer.result);
    else waiting.reject(new Error(`compare_nifti_batch.py: ${answer.error ?? line}`));
  });
  // The server answers in order, one line per request: the queue pairs them.
  const request = (body: Readonly<Record<string, unknown>>): Promise<unknown> => {
    if (failure !== undefined) return Promise.reject(failure);
    return new Promise<unknown>((resolve, reject) => {
      pending.push({ resolve, reject });
      child.stdin.write(`${JSON.stringify(body)}\n`);
    });
  };
  return {
    async compare(pairs) {
      if (pairs.length === 0) return [];
      return (await request({ op: 'compare', pairs })) as NiftiComparison[];
    },
    async describe(paths) {
      if (paths.length === 0) return [];
      return (await request({ op: 'describe', paths })) as NiftiDescription[];
    },
    async frameMatches(a, b) {
      return (await request({ op: 'frameMatches', a, b })) as number[][];
    },
    async compareVoxels(a, b, options = {}) {
      return (await request({
        op: 'compareVoxels',
        a,
        b,
        reverseAxesOfB: options.reverseAxesOfB ?? [],
      })) as VoxelComparison;
    },
    async compareWithDicom(nifti, dicom, options = {}) {
      return (await request({
        op: 'compareWithDicom',
        nifti,
        dicom,
        reverseAxes: options.reverseAxes ?? [],
        shiftRightBits: options.shiftRightBits ?? 0,
      })) as VoxelComparison;
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}
