import type { Vec3 } from './vector.js';

/** Format tag of `ground-truth.json`; bumped if the layout changes. */
export const GROUND_TRUTH_FORMAT = 'radset-synth-ground-truth/1';

/** One lesion as seen in one series' mask. */
export interface GroundTruthLesion {
  readonly label: number;
  readonly seriesInstanceUid: string;
  /** Centre of the ellipsoid in the patient frame (LPS), mm. */
  readonly centreLpsMm: Vec3;
  /** Semi-axes along L, P, S, mm. */
  readonly radiiMm: Vec3;
  /** Analytic volume, mm³. */
  readonly volumeMm3: number;
  readonly hostTissue: string;
  /** Mask voxels (pixels, for a radiograph) carrying this label. */
  readonly maskVoxelCount: number;
  /** Continuous voxel index (i, j, k) of the centre in this series' mask (k = 0 on a radiograph: its single plane). */
  readonly centreVoxelIjk: Vec3;
  /** The nominal image value inside the lesion (before noise and bias); absent for radiographs. */
  readonly expectedValue?: number;
  readonly valueUnit?: string;
}

/** One series and its mask. */
export interface GroundTruthSeries {
  readonly seriesInstanceUid: string;
  readonly seriesDescription: string;
  readonly modality: string;
  /** Folder of the DICOM files, relative to the study folder. */
  readonly folder: string;
  readonly instanceCount: number;
  /** The NIfTI-1 label volume, relative to the study folder. */
  readonly maskFile: string;
  /** `volume`: the mask is the image grid; `projection`: a radiograph's pixel grid (k = 1 slice), in the detector plane. */
  readonly maskKind: 'volume' | 'projection';
  readonly dims: readonly [number, number, number];
  /** Voxel indices to LPS mm (rows of a 4×4 affine); the NIfTI holds the same affine in RAS. */
  readonly ijkToLps: readonly (readonly number[])[];
}

/** Contents of `<study>/ground-truth.json`. */
export interface GroundTruth {
  readonly format: typeof GROUND_TRUTH_FORMAT;
  readonly seed: string;
  readonly studyInstanceUid: string;
  readonly modality: string;
  readonly vendor: string;
  readonly bodyPart: string;
  readonly characterSet: string;
  readonly patientId: string;
  readonly series: readonly GroundTruthSeries[];
  readonly lesions: readonly GroundTruthLesion[];
}
