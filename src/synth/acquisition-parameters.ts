import { SeededRandom } from './seeded-random.js';
import type { SeriesPlan, StudyPlan } from './study-plan.js';

/** Technique of a CT series, as the CT Image module records it (PS3.3 C.8.2.1). */
export interface CtAcquisition {
  readonly kvp: number;
  readonly tubeCurrentMa: number;
  readonly exposureTimeMs: number;
  readonly rotationTimeS: number;
  readonly spiralPitchFactor: number;
  readonly totalCollimationMm: number;
  readonly singleCollimationMm: number;
  readonly tableSpeedMmPerS: number;
  readonly reconstructionDiameterMm: number;
  readonly ctdiVolMgy: number;
  readonly kernel: string;
  readonly tableHeightMm: number;
  /** HU noise standard deviation of the reconstructed images. */
  readonly noiseHu: number;
}

/** Technique of an MR series (PS3.3 C.8.3.1). */
export interface MrAcquisition {
  readonly repetitionTimeMs: number;
  readonly echoTimeMs: number;
  readonly echoTrainLength: number;
  readonly flipAngleDeg: number;
  readonly pixelBandwidthHz: number;
  readonly phaseEncodingSteps: number;
  readonly averages: number;
  readonly imagingFrequencyMhz: number;
  readonly sequenceName: string;
  readonly receiveCoil: string;
  /** Rician noise σ of the magnitude images. */
  readonly noiseSigma: number;
}

/** Technique of a radiograph (PS3.3 C.8.1.2). */
export interface CrAcquisition {
  readonly kvp: number;
  readonly exposureMas: number;
  readonly exposureTimeMs: number;
  readonly tubeCurrentMa: number;
  readonly sourceToDetectorMm: number;
  readonly plateId: string;
}

function streamFor(plan: StudyPlan, series: SeriesPlan): SeededRandom {
  return new SeededRandom(`${plan.seed}:study:${plan.index}:technique:${series.index}`);
}

/** CT technique for a series: plausible kVp, mA, pitch and the vendor's kernel names. */
export function ctAcquisition(plan: StudyPlan, series: SeriesPlan): CtAcquisition {
  const r = streamFor(plan, series);
  const head = plan.bodyPart === 'HEAD';
  const kvp = head ? 120 : r.pick([100, 120, 120, 140]);
  const tubeCurrentMa = head ? r.int(250, 350) : r.int(120, 320);
  const rotationTimeS = r.pick([0.33, 0.5, 0.6, 0.8, 1]);
  const singleCollimationMm = r.pick([0.5, 0.6, 0.625]);
  const rows = r.pick([16, 32, 64]);
  const totalCollimationMm = singleCollimationMm * rows;
  const spiralPitchFactor = r.pick([0.516, 0.984, 1.375, 0.8, 1.2]);
  return {
    kvp,
    tubeCurrentMa,
    exposureTimeMs: Math.round(rotationTimeS * 1000),
    rotationTimeS,
    spiralPitchFactor,
    totalCollimationMm,
    singleCollimationMm,
    tableSpeedMmPerS:
      Math.round(((totalCollimationMm * spiralPitchFactor) / rotationTimeS) * 100) / 100,
    reconstructionDiameterMm: Math.round(series.geometry.columns * series.geometry.columnSpacingMm),
    ctdiVolMgy: Math.round((head ? r.float(40, 60) : r.float(4, 15)) * 100) / 100,
    kernel: r.pick(plan.vendor.ct.kernels),
    tableHeightMm: Math.round(r.float(120, 180) * 10) / 10,
    noiseHu: head ? r.float(3, 6) : r.float(8, 16),
  };
}

/** MR technique for a series: spin echo T1 or turbo spin echo T2 timing. */
export function mrAcquisition(plan: StudyPlan, series: SeriesPlan): MrAcquisition {
  const r = streamFor(plan, series);
  const t1 = series.weighting === 'T1';
  const fieldT = plan.magneticFieldStrengthT;
  return {
    repetitionTimeMs: t1 ? r.int(450, 650) : r.int(3500, 6000),
    echoTimeMs: t1 ? r.int(8, 15) : r.int(85, 110),
    echoTrainLength: t1 ? 1 : r.pick([12, 15, 17, 21]),
    flipAngleDeg: t1 ? 90 : r.pick([120, 150, 160]),
    pixelBandwidthHz: r.pick([130, 180, 220, 260]),
    phaseEncodingSteps: Math.round(series.geometry.rows * r.pick([0.75, 0.8, 1])),
    averages: r.pick([1, 1, 2]),
    imagingFrequencyMhz: Math.round(42.577478 * fieldT * 1e4 + r.int(0, 300)) / 1e4,
    sequenceName: t1 ? plan.vendor.mr.t1SequenceName : plan.vendor.mr.t2SequenceName,
    receiveCoil: r.pick(plan.vendor.mr.receiveCoils),
    noiseSigma: r.float(10, 22),
  };
}

/** Radiographic technique for a PA chest. */
export function crAcquisition(plan: StudyPlan, series: SeriesPlan): CrAcquisition {
  const r = streamFor(plan, series);
  const exposureTimeMs = r.int(5, 20);
  const tubeCurrentMa = r.int(200, 500);
  return {
    kvp: r.pick([110, 120, 125]),
    exposureTimeMs,
    tubeCurrentMa,
    exposureMas: Math.round(((exposureTimeMs * tubeCurrentMa) / 1000) * 10) / 10,
    sourceToDetectorMm: 1800,
    plateId: `PL${r.digits(6)}`,
  };
}
