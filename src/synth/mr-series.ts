import { GaussianNoise } from './gaussian-noise.js';
import { mrAcquisition } from './acquisition-parameters.js';
import type { ElementRecord } from './element-tree.js';
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
import { mrLesionSignal, mrTissueSignal } from './tissue-values.js';
import { sliceLocationMm, slicePositionLps } from './volume-geometry.js';

const MAX_STORED = 4095;

/**
 * Renders a 2D spin-echo MR series (T1 or T2 weighted): tissue signal, a
 * smooth receive-coil bias field, Rician noise (the magnitude of complex
 * Gaussian noise), stored as unsigned 12-in-16-bit, with headers per the MR
 * Image IOD (PS3.3 A.4, MR Image module C.8.3.1). Instance numbers run along
 * the slice normal.
 */
export function renderMrSeries(plan: StudyPlan, series: SeriesPlan): RenderedSeries {
  const g = series.geometry;
  const weighting = series.weighting ?? 'T1';
  const mr = mrAcquisition(plan, series);
  const tissueSignal = mrTissueSignal(weighting);
  const lesions = lesionValueTable(plan, (_lesion, jitter) =>
    Math.round(mrLesionSignal(weighting, jitter)),
  );
  const lesionSignal = lesions.byLabel;
  const biasRandom = new SeededRandom(
    `${plan.seed}:study:${plan.index}:series:${series.index}:bias`,
  );
  const [bx, by, bz] = plan.phantom.phantom.regionCentreLps;
  const gradient = [
    biasRandom.float(-0.08, 0.08),
    biasRandom.float(-0.08, 0.08),
    biasRandom.float(-0.05, 0.05),
  ] as const;
  const t1 = weighting === 'T1';
  const common: ElementRecord = {
    ...studyElements(plan),
    ...seriesElements(plan, series),
    FrameOfReferenceUID: plan.frameOfReferenceUid,
    PositionReferenceIndicator: '',
    ImageType: ['ORIGINAL', 'PRIMARY', 'M', 'ND'],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: g.rows,
    Columns: g.columns,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    WindowCenter: t1 ? 450 : 600,
    WindowWidth: t1 ? 900 : 1400,
    ScanningSequence: 'SE',
    SequenceVariant: t1 ? ['SP', 'OSP'] : ['SK', 'SP', 'OSP'],
    ScanOptions: t1 ? 'SAT1' : ['PFP', 'SAT1'],
    MRAcquisitionType: '2D',
    SequenceName: mr.sequenceName,
    AngioFlag: 'N',
    RepetitionTime: mr.repetitionTimeMs,
    EchoTime: mr.echoTimeMs,
    EchoTrainLength: mr.echoTrainLength,
    NumberOfAverages: mr.averages,
    ImagingFrequency: mr.imagingFrequencyMhz,
    ImagedNucleus: '1H',
    EchoNumbers: 1,
    MagneticFieldStrength: plan.magneticFieldStrengthT,
    NumberOfPhaseEncodingSteps: mr.phaseEncodingSteps,
    PercentSampling: 100,
    PercentPhaseFieldOfView: 100,
    PixelBandwidth: mr.pixelBandwidthHz,
    ReceiveCoilName: mr.receiveCoil,
    TransmitCoilName: 'Body',
    AcquisitionMatrix: [0, g.columns, mr.phaseEncodingSteps, 0],
    InPlanePhaseEncodingDirection: 'ROW',
    FlipAngle: mr.flipAngleDeg,
    VariableFlipAngleFlag: 'N',
    SAR: Math.round(biasRandom.float(0.3, 2.5) * 1000) / 1000,
    dBdt: 0,
    AcquisitionNumber: 1,
    BurnedInAnnotation: 'NO',
    LossyImageCompression: '00',
  };

  function* instances(): Generator<RenderedInstance> {
    const maps = createSliceMaps(g);
    const noise = new GaussianNoise(
      new SeededRandom(`${plan.seed}:study:${plan.index}:series:${series.index}:noise`),
    );
    const sigma = mr.noiseSigma;
    for (let k = 0; k < g.slices; k++) {
      renderSliceMaps(plan.phantom, plan.lesions, g, k, maps);
      const pixels = new Uint16Array(g.rows * g.columns);
      const origin = slicePositionLps(g, k);
      for (let j = 0, p = 0; j < g.rows; j++) {
        for (let i = 0; i < g.columns; i++, p++) {
          const x =
            origin[0] +
            g.rowDirectionLps[0] * i * g.columnSpacingMm +
            g.columnDirectionLps[0] * j * g.rowSpacingMm -
            bx;
          const y =
            origin[1] +
            g.rowDirectionLps[1] * i * g.columnSpacingMm +
            g.columnDirectionLps[1] * j * g.rowSpacingMm -
            by;
          const z =
            origin[2] +
            g.rowDirectionLps[2] * i * g.columnSpacingMm +
            g.columnDirectionLps[2] * j * g.rowSpacingMm -
            bz;
          const bias =
            1 +
            (gradient[0] * x + gradient[1] * y + gradient[2] * z) / 150 -
            0.06 * ((x * x + y * y + z * z) / 22500);
          const label = maps.labels[p] as number;
          const signal =
            (label > 0
              ? (lesionSignal[label] as number)
              : (tissueSignal[maps.tissues[p] as number] as number)) * bias;
          const real = signal + sigma * noise.next();
          const imaginary = sigma * noise.next();
          const magnitude = Math.round(Math.sqrt(real * real + imaginary * imaginary));
          pixels[p] = magnitude > MAX_STORED ? MAX_STORED : magnitude;
        }
      }
      yield renderedInstance({
        plan,
        series,
        common,
        sliceIndex: k,
        instanceNumber: k + 1,
        offsetSeconds: k * ((mr.repetitionTimeMs / 1000) * 0.6),
        plane: imagePlaneElements(g, k),
        positionLps: origin,
        sliceLocationMm: sliceLocationMm(g, k),
        acquisition: { modality: 'MR', mr },
        pixels,
        labels: maps.labels,
      });
    }
  }
  return {
    instances: instances(),
    lesionValues: lesions.values,
    valueUnit: 'MR signal (arbitrary units)',
  };
}
