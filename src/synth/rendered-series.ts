import type { Dataset } from '../dicom/index.js';
import { buildDataset, type ElementRecord } from './element-tree.js';
import type { SyntheticLesion } from './lesions.js';
import { SeededRandom } from './seeded-random.js';
import { instanceTimeElements } from './study-headers.js';
import type { SeriesPlan, StudyPlan } from './study-plan.js';
import { syntheticUid } from './synthetic-uid.js';
import type { Vec3 } from './vector.js';
import { vendorPrivateElements, type PrivateElementContext } from './vendor-private-elements.js';

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

/**
 * The nominal value of every lesion of a study, one draw in [−1, 1) per lesion
 * from the study's `lesion-values` stream, so every series of the study sees
 * the same draws: by label in a table for the pixel loop, and as a map.
 */
export function lesionValueTable(
  plan: StudyPlan,
  valueOf: (lesion: SyntheticLesion, jitter: number) => number,
): { readonly byLabel: Float64Array; readonly values: Map<number, number> } {
  const random = new SeededRandom(`${plan.seed}:study:${plan.index}:lesion-values`);
  const byLabel = new Float64Array(plan.lesions.lesions.length + 1);
  const values = new Map<number, number>();
  for (const lesion of plan.lesions.lesions) {
    const value = valueOf(lesion, random.float(-1, 1));
    byLabel[lesion.label] = value;
    values.set(lesion.label, value);
  }
  return { byLabel, values };
}

/** What {@link renderedInstance} needs besides the elements the whole series shares. */
export interface InstanceParts {
  readonly plan: StudyPlan;
  readonly series: SeriesPlan;
  /** Elements every instance of the series carries. */
  readonly common: ElementRecord;
  readonly sliceIndex: number;
  readonly instanceNumber: number;
  /** Acquisition time after the series start, s. */
  readonly offsetSeconds: number;
  /** Image Plane module values (PS3.3 C.7.6.2); empty for a radiograph. */
  readonly plane: ElementRecord;
  /** Where the image sits, as the vendor private groups record it (LPS mm). */
  readonly positionLps: Vec3;
  readonly sliceLocationMm: number;
  readonly acquisition: PrivateElementContext['acquisition'];
  readonly pixels: Uint16Array | Int16Array;
  readonly labels: Uint8Array;
}

/**
 * One image of a series as a data set: the shared elements, its times,
 * plane, SOP Instance UID (derived from the seed and its slice), number,
 * the vendor's private groups and the pixels.
 */
export function renderedInstance(parts: InstanceParts): RenderedInstance {
  const { plan, series, sliceIndex, instanceNumber } = parts;
  const sopInstanceUid = syntheticUid(
    plan.seed,
    `study/${plan.index}/series/${series.index}/instance/${sliceIndex}`,
  );
  const record: ElementRecord = {
    ...parts.common,
    ...instanceTimeElements(plan, series, parts.offsetSeconds),
    ...parts.plane,
    SOPInstanceUID: sopInstanceUid,
    InstanceNumber: instanceNumber,
    ...vendorPrivateElements({
      plan,
      series,
      instanceNumber,
      sliceIndex,
      positionLps: parts.positionLps,
      sliceLocationMm: parts.sliceLocationMm,
      acquisition: parts.acquisition,
    }),
    PixelData: { vr: 'OW', value: parts.pixels },
  };
  return {
    sliceIndex,
    instanceNumber,
    sopInstanceUid,
    dataset: buildDataset(record),
    transferSyntaxUid: plan.vendor.transferSyntaxUid,
    labels: parts.labels,
  };
}
