/**
 * What can be wrong with a series as a volume. Each is reported, never
 * silently repaired; the codes are stable (reports and sidecars carry them).
 */
export type VolumeWarningCode =
  /** Frames of one series lie in different planes (localizer, radial or multi-plane acquisitions): one volume per plane. */
  | 'orientation-varies'
  /** Frames of one series differ in rows, columns or samples: one volume per size. */
  | 'size-varies'
  /** Several stacks in one series (echoes, b-values, localizers…) were split into separate volumes. */
  | 'several-stacks'
  /** Distances between neighbouring slices differ; the volume's k step is the mean. */
  | 'variable-spacing'
  /** A gap of about a whole number of slice steps: slices are missing. */
  | 'missing-slices'
  /** Two frames at one position that do not form equal time points; later ones were left out. */
  | 'duplicate-positions'
  /** Instance Numbers skip values: instances of the series may be missing. */
  | 'instance-number-gap'
  /** The slice vector is not perpendicular to the slices (CT gantry tilt): the affine is sheared. */
  | 'gantry-tilt'
  /** No Image Orientation/Position (Patient): a default grid centred on the origin was used. */
  | 'no-geometry'
  /** Rescale slope/intercept differ between frames: voxels were converted to physical values (float32). */
  | 'rescale-varies';

export interface VolumeWarning {
  readonly code: VolumeWarningCode;
  readonly message: string;
}
