import type { Dataset } from '../dicom/index.js';

/** One rendered image, ready to write, with the lesion labels of its pixels (row-major). */
export interface RenderedInstance {
  /** Index of the slice along the volume normal (0 for a radiograph). */
  readonly sliceIndex: number;
  readonly instanceNumber: number;
  readonly sopInstanceUid: string;
  readonly dataset: Dataset;
  readonly transferSyntaxUid: string;
  /** Lesion label per pixel, `row · columns + column`; the mask's slice `sliceIndex`. */
  readonly labels: Uint8Array;
}

/** The images of a series, produced one at a time, and what a lesion should look like in them. */
export interface RenderedSeries {
  readonly instances: Iterable<RenderedInstance>;
  /** The nominal image value inside each lesion, by label (HU for CT, signal for MR); empty for radiographs. */
  readonly lesionValues: ReadonlyMap<number, number>;
  /** Unit of `lesionValues`. */
  readonly valueUnit: 'HU' | 'MR signal (arbitrary units)' | undefined;
}
