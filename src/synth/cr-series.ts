import { GaussianNoise } from './gaussian-noise.js';
import { crAcquisition } from './acquisition-parameters.js';
import type { ElementRecord } from './element-tree.js';
import { renderProjection } from './projection-renderer.js';
import { renderedInstance, type RenderedInstance, type RenderedSeries } from './rendered-series.js';
import { SeededRandom } from './seeded-random.js';
import { seriesElements, studyElements } from './study-headers.js';
import type { SeriesPlan, StudyPlan } from './study-plan.js';

const MAX_STORED = 4095;
/** Attenuation line integral at which the detector response reaches 1 − 1/e of full scale. */
const RESPONSE_SCALE = 2.2;

/**
 * Renders a PA chest radiograph: analytic projection of the chest phantom
 * and its nodules, a logarithmic-style detector response, quantum-like noise;
 * MONOCHROME2 (bright = attenuating) or MONOCHROME1 (inverted) as the vendor
 * writes it, with headers per the CR Image IOD (PS3.3 A.2, CR Image module
 * C.8.1.2). Patient Orientation `L\F`: columns towards patient left, rows towards the feet.
 */
export function renderCrSeries(plan: StudyPlan, series: SeriesPlan): RenderedSeries {
  const g = series.geometry;
  const cr = crAcquisition(plan, series);
  const photometric = plan.vendor.crPhotometric;
  const common: ElementRecord = {
    ...studyElements(plan),
    ...seriesElements(plan, series),
    ViewPosition: 'PA',
    PatientOrientation: ['L', 'F'],
    ImageType: ['ORIGINAL', 'PRIMARY'],
    SamplesPerPixel: 1,
    PhotometricInterpretation: photometric,
    Rows: g.rows,
    Columns: g.columns,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    ImagerPixelSpacing: [g.rowSpacingMm, g.columnSpacingMm],
    KVP: cr.kvp,
    DistanceSourceToDetector: cr.sourceToDetectorMm,
    ExposureTime: cr.exposureTimeMs,
    XRayTubeCurrent: cr.tubeCurrentMa,
    Exposure: Math.round(cr.exposureMas),
    PlateID: cr.plateId,
    WindowCenter: 2048,
    WindowWidth: 4096,
    AcquisitionNumber: 1,
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
  };

  function* instances(): Generator<RenderedInstance> {
    const detector = {
      columns: g.columns,
      rows: g.rows,
      spacingMm: g.columnSpacingMm,
      leftXMm: g.originLps[0],
      topZMm: g.originLps[2],
    };
    const projection = renderProjection(plan.phantom.phantom, plan.lesions, detector);
    const noise = new GaussianNoise(
      new SeededRandom(`${plan.seed}:study:${plan.index}:series:${series.index}:noise`),
    );
    const pixels = new Uint16Array(g.rows * g.columns);
    for (let p = 0; p < pixels.length; p++) {
      const response =
        MAX_STORED * (1 - Math.exp(-(projection.pathAttenuation[p] as number) / RESPONSE_SCALE));
      const value = Math.round(response + (20 + 0.01 * response) * noise.next());
      const clamped = value < 0 ? 0 : value > MAX_STORED ? MAX_STORED : value;
      pixels[p] = photometric === 'MONOCHROME1' ? MAX_STORED - clamped : clamped;
    }
    yield renderedInstance({
      plan,
      series,
      common,
      sliceIndex: 0,
      instanceNumber: 1,
      offsetSeconds: 30,
      plane: {},
      positionLps: g.originLps,
      sliceLocationMm: 0,
      acquisition: { modality: 'CR', cr },
      pixels,
      labels: projection.labels,
    });
  }
  return { instances: instances(), lesionValues: new Map(), valueUnit: undefined };
}
