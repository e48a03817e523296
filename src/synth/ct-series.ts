import { GaussianNoise } from './gaussian-noise.js';
import { ctAcquisition } from './acquisition-parameters.js';
import { sequence, type ElementRecord } from './element-tree.js';
import { imagePlaneElements } from './image-plane.js';
import {
  lesionValueTable,
  renderedInstance,
  type RenderedInstance,
  type RenderedSeries,
} from './rendered-series.js';
import { SeededRandom } from './seeded-random.js';
import { createSliceMaps, renderSliceMaps } from './slice-renderer.js';
import { seriesElements, studyElements } from './study-headers.js';
import type { SeriesPlan, StudyPlan } from './study-plan.js';
import { ctLesionHu, ctTissueHu } from './tissue-values.js';
import { sliceLocationMm, slicePositionLps } from './volume-geometry.js';

/** Rescale Intercept of every synthetic CT: stored value = HU + 1024 (PS3.3 C.8.2.1.1.5 rescale). */
export const CT_RESCALE_INTERCEPT = -1024;

const WINDOWS: Readonly<
  Record<
    string,
    {
      readonly centres: readonly number[];
      readonly widths: readonly number[];
      readonly names: readonly string[];
    }
  >
> = {
  CHEST: { centres: [40, -600], widths: [400, 1500], names: ['MEDIASTINUM', 'LUNG'] },
  ABDOMEN: { centres: [50], widths: [350], names: ['ABDOMEN'] },
  HEAD: { centres: [40], widths: [80], names: ['BRAIN'] },
};

/**
 * Renders an axial CT series: Hounsfield values per tissue (contrast-enhanced
 * or not), lesions, Gaussian noise, the reconstruction circle, stored as
 * signed or unsigned 16-bit with Rescale Intercept −1024 and slope 1, and
 * headers per the CT Image IOD (PS3.3 A.3). Instance 1 is the most superior
 * slice, as a head-to-feet scan numbers them.
 */
export function renderCtSeries(plan: StudyPlan, series: SeriesPlan): RenderedSeries {
  const g = series.geometry;
  const ct = ctAcquisition(plan, series);
  const profile = plan.vendor.ct;
  const tissueHu = ctTissueHu(plan.contrast);
  const lesions = lesionValueTable(plan, (lesion, jitter) =>
    Math.round(ctLesionHu(lesion.hostTissue, plan.contrast, jitter)),
  );
  const lesionHu = lesions.byLabel;
  const minStored = profile.signed ? -(2 ** (profile.bitsStored - 1)) : 0;
  const maxStored = profile.signed
    ? 2 ** (profile.bitsStored - 1) - 1
    : 2 ** profile.bitsStored - 1;
  const outsideStored = profile.paddingValue ?? Math.max(minStored, -1024 - CT_RESCALE_INTERCEPT);
  const window = WINDOWS[plan.bodyPart] ?? { centres: [40], widths: [400], names: ['DEFAULT'] };
  const common: ElementRecord = {
    ...studyElements(plan),
    ...seriesElements(plan, series),
    FrameOfReferenceUID: plan.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: g.rows,
    Columns: g.columns,
    BitsAllocated: 16,
    BitsStored: profile.bitsStored,
    HighBit: profile.bitsStored - 1,
    PixelRepresentation: profile.signed ? 1 : 0,
    PixelPaddingValue:
      profile.paddingValue === undefined
        ? undefined
        : { vr: profile.signed ? 'SS' : 'US', value: profile.paddingValue },
    RescaleIntercept: CT_RESCALE_INTERCEPT,
    RescaleSlope: 1,
    RescaleType: 'HU',
    WindowCenter: window.centres,
    WindowWidth: window.widths,
    WindowCenterWidthExplanation: window.names,
    KVP: ct.kvp,
    AcquisitionNumber: 1,
    DataCollectionDiameter: 500,
    ReconstructionDiameter: ct.reconstructionDiameterMm,
    DistanceSourceToDetector: 1085.6,
    DistanceSourceToPatient: 595,
    GantryDetectorTilt: 0,
    TableHeight: ct.tableHeightMm,
    RotationDirection: 'CW',
    ExposureTime: ct.exposureTimeMs,
    XRayTubeCurrent: ct.tubeCurrentMa,
    Exposure: Math.round((ct.tubeCurrentMa * ct.exposureTimeMs) / 1000),
    FilterType: plan.bodyPart === 'HEAD' ? 'HEAD FILTER' : 'BODY FILTER',
    GeneratorPower: Math.round((ct.kvp * ct.tubeCurrentMa) / 1000),
    FocalSpots: 1.2,
    ConvolutionKernel: ct.kernel,
    ScanOptions: 'HELICAL MODE',
    RevolutionTime: ct.rotationTimeS,
    SingleCollimationWidth: ct.singleCollimationMm,
    TotalCollimationWidth: ct.totalCollimationMm,
    TableSpeed: ct.tableSpeedMmPerS,
    TableFeedPerRotation: Math.round(ct.tableSpeedMmPerS * ct.rotationTimeS * 100) / 100,
    SpiralPitchFactor: ct.spiralPitchFactor,
    CTDIvol: ct.ctdiVolMgy,
    // DCM 113690/113691: IEC Head/Body Dosimetry Phantom (PS3.16 CID 4052), which CTDIvol refers to.
    CTDIPhantomTypeCodeSequence: sequence(
      plan.bodyPart === 'HEAD'
        ? {
            CodeValue: '113690',
            CodingSchemeDesignator: 'DCM',
            CodeMeaning: 'IEC Head Dosimetry Phantom',
          }
        : {
            CodeValue: '113691',
            CodingSchemeDesignator: 'DCM',
            CodeMeaning: 'IEC Body Dosimetry Phantom',
          },
    ),
    ContrastBolusAgent: plan.contrast ? 'IODINATED CONTRAST 350 MG/ML' : undefined,
    ContrastBolusVolume: plan.contrast ? 80 : undefined,
    ContrastBolusRoute: plan.contrast ? 'IV' : undefined,
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
  };

  function* instances(): Generator<RenderedInstance> {
    const maps = createSliceMaps(g);
    const noise = new GaussianNoise(
      new SeededRandom(`${plan.seed}:study:${plan.index}:series:${series.index}:noise`),
    );
    const radius2 = ((g.columns - 1) / 2) ** 2;
    const centreI = (g.columns - 1) / 2;
    const centreJ = (g.rows - 1) / 2;
    for (let k = 0; k < g.slices; k++) {
      renderSliceMaps(plan.phantom, plan.lesions, g, k, maps);
      const pixels = profile.signed
        ? new Int16Array(g.rows * g.columns)
        : new Uint16Array(g.rows * g.columns);
      for (let j = 0, p = 0; j < g.rows; j++) {
        const dj2 = (j - centreJ) ** 2;
        for (let i = 0; i < g.columns; i++, p++) {
          const label = maps.labels[p] as number;
          const hu =
            label > 0
              ? (lesionHu[label] as number)
              : (tissueHu[maps.tissues[p] as number] as number);
          const value = hu + ct.noiseHu * noise.next();
          if ((i - centreI) ** 2 + dj2 > radius2) {
            pixels[p] = outsideStored;
            continue;
          }
          const stored = Math.round(value - CT_RESCALE_INTERCEPT);
          pixels[p] = stored < minStored ? minStored : stored > maxStored ? maxStored : stored;
        }
      }
      const instanceNumber = g.slices - k;
      yield renderedInstance({
        plan,
        series,
        common,
        sliceIndex: k,
        instanceNumber,
        offsetSeconds: (instanceNumber - 1) * 0.25,
        plane: imagePlaneElements(g, k),
        positionLps: slicePositionLps(g, k),
        sliceLocationMm: sliceLocationMm(g, k),
        acquisition: { modality: 'CT', ct },
        pixels,
        labels: maps.labels,
      });
    }
  }
  return { instances: instances(), lesionValues: lesions.values, valueUnit: 'HU' };
}
