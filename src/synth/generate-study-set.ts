import { join } from 'node:path';
import { writePart10 } from '../dicom/index.js';
import { writeFileAtomicSync } from '../store/index.js';
import { renderCrSeries } from './cr-series.js';
import { renderCtSeries } from './ct-series.js';
import {
  GROUND_TRUTH_FORMAT,
  type GroundTruth,
  type GroundTruthLesion,
  type GroundTruthSeries,
} from './ground-truth.js';
import { renderMrSeries } from './mr-series.js';
import { encodeNiftiLabelsGz } from './nifti-label-writer.js';
import type { RenderedSeries } from './rendered-series.js';
import { planStudy, vendorForStudy, type SeriesPlan, type StudyPlan } from './study-plan.js';
import type { Vec3 } from './vector.js';
import { SYNTH_MODALITIES, type SynthModality, type VendorStyle } from './vendor-profiles.js';
import { ijkToLps, ijkToRas, lpsToVoxel } from './volume-geometry.js';

/** Default slices per CT and MR series, and matrix sizes per modality (CR: columns). */
export const SYNTH_DEFAULTS = {
  slices: { CT: 40, MR: 20 },
  size: { CT: 512, MR: 256, CR: 1024 },
} as const;

/** What to generate and where. */
export interface StudySetOptions {
  readonly outDir: string;
  readonly studies: number;
  /** One modality for every study; omitted: CT, MR and CR in turn. */
  readonly modality?: SynthModality;
  readonly seed: string;
  /** Slices per CT/MR series; omitted: {@link SYNTH_DEFAULTS}. */
  readonly slices?: number;
  /** Matrix size; omitted: {@link SYNTH_DEFAULTS}. */
  readonly size?: number;
  readonly vendor: VendorStyle | 'mixed';
  /** Called after each study is written. */
  readonly onStudy?: (study: StudySummary) => void;
}

/** What was written for one study. */
export interface StudySummary {
  readonly folder: string;
  readonly studyInstanceUid: string;
  readonly modality: SynthModality;
  readonly vendor: VendorStyle;
  readonly bodyPart: string;
  readonly series: number;
  readonly files: number;
  readonly bytes: number;
  readonly lesions: number;
  readonly maskFiles: readonly string[];
  readonly groundTruthFile: string;
}

/** What a whole run wrote. */
export interface StudySetSummary {
  readonly outDir: string;
  readonly seed: string;
  readonly studies: readonly StudySummary[];
  readonly seriesCount: number;
  readonly fileCount: number;
  /** Bytes of DICOM files written. */
  readonly dicomBytes: number;
  /** Bytes of masks and ground-truth files written. */
  readonly groundTruthBytes: number;
}

function renderSeries(plan: StudyPlan, series: SeriesPlan): RenderedSeries {
  switch (plan.modality) {
    case 'CT':
      return renderCtSeries(plan, series);
    case 'MR':
      return renderMrSeries(plan, series);
    case 'CR':
      return renderCrSeries(plan, series);
  }
}

/** Continuous voxel index of a lesion centre; k is 0 on a radiograph (the projection has one plane). */
function centreVoxel(plan: StudyPlan, series: SeriesPlan, centreLps: Vec3): Vec3 {
  const [i, j, k] = lpsToVoxel(series.geometry, centreLps);
  const round3 = (v: number): number => Math.round(v * 1000) / 1000;
  return [round3(i), round3(j), plan.modality === 'CR' ? 0 : round3(k)];
}

/**
 * Writes one planned study: `<out>/<study>/<series>/<SOPInstanceUID>.dcm`,
 * a NIfTI-1 label mask per series under `<study>/masks/`, and
 * `<study>/ground-truth.json`. Every file is written atomically.
 */
export function writeStudy(
  plan: StudyPlan,
  outDir: string,
): StudySummary & { readonly groundTruthBytes: number } {
  const studyDir = join(outDir, plan.dirName);
  let files = 0;
  let bytes = 0;
  let groundTruthBytes = 0;
  const seriesTruth: GroundTruthSeries[] = [];
  const lesionTruth: GroundTruthLesion[] = [];
  const maskFiles: string[] = [];
  for (const series of plan.series) {
    const g = series.geometry;
    const sliceSize = g.rows * g.columns;
    const mask = new Uint8Array(sliceSize * g.slices);
    const rendered = renderSeries(plan, series);
    let instanceCount = 0;
    for (const instance of rendered.instances) {
      mask.set(instance.labels, instance.sliceIndex * sliceSize);
      const encoded = writePart10({
        dataset: instance.dataset,
        transferSyntaxUid: instance.transferSyntaxUid,
      });
      writeFileAtomicSync(
        join(studyDir, series.dirName, `${instance.sopInstanceUid}.dcm`),
        encoded,
      );
      files++;
      instanceCount++;
      bytes += encoded.length;
    }
    const maskFile = `masks/${series.dirName}.nii.gz`;
    const nifti = encodeNiftiLabelsGz({
      dims: [g.columns, g.rows, g.slices],
      voxelSizeMm: [g.columnSpacingMm, g.rowSpacingMm, g.sliceSpacingMm],
      ijkToRas: ijkToRas(g),
      labels: mask,
      description: `radset synth lesion labels ${plan.modality} ${series.dirName}`,
    });
    writeFileAtomicSync(join(studyDir, maskFile), nifti);
    groundTruthBytes += nifti.length;
    maskFiles.push(join(studyDir, maskFile));
    const counts = new Map<number, number>();
    for (const label of mask) if (label > 0) counts.set(label, (counts.get(label) ?? 0) + 1);
    seriesTruth.push({
      seriesInstanceUid: series.seriesInstanceUid,
      seriesDescription: series.seriesDescription,
      modality: plan.modality,
      folder: series.dirName,
      instanceCount,
      maskFile,
      maskKind: plan.modality === 'CR' ? 'projection' : 'volume',
      dims: [g.columns, g.rows, g.slices],
      ijkToLps: ijkToLps(g).map((row) => row.map((v) => Math.round(v * 1e6) / 1e6)),
    });
    for (const lesion of plan.lesions.lesions) {
      const expected = rendered.lesionValues.get(lesion.label);
      lesionTruth.push({
        label: lesion.label,
        seriesInstanceUid: series.seriesInstanceUid,
        centreLpsMm: lesion.centreLps,
        radiiMm: lesion.radiiMm,
        volumeMm3: Math.round(lesion.volumeMm3 * 10) / 10,
        hostTissue: lesion.hostTissue,
        maskVoxelCount: counts.get(lesion.label) ?? 0,
        centreVoxelIjk: centreVoxel(plan, series, lesion.centreLps),
        ...(expected === undefined || rendered.valueUnit === undefined
          ? {}
          : { expectedValue: expected, valueUnit: rendered.valueUnit }),
      });
    }
  }
  const truth: GroundTruth = {
    format: GROUND_TRUTH_FORMAT,
    seed: plan.seed,
    studyInstanceUid: plan.studyInstanceUid,
    modality: plan.modality,
    vendor: plan.vendor.style,
    bodyPart: plan.bodyPart,
    characterSet: plan.characterSet,
    patientId: plan.patient.id,
    series: seriesTruth,
    lesions: lesionTruth,
  };
  const json = `${JSON.stringify(truth, null, 2)}\n`;
  const groundTruthFile = join(studyDir, 'ground-truth.json');
  writeFileAtomicSync(groundTruthFile, json);
  groundTruthBytes += Buffer.byteLength(json);
  return {
    folder: studyDir,
    studyInstanceUid: plan.studyInstanceUid,
    modality: plan.modality,
    vendor: plan.vendor.style,
    bodyPart: plan.bodyPart,
    series: plan.series.length,
    files,
    bytes,
    lesions: plan.lesions.lesions.length,
    maskFiles,
    groundTruthFile,
    groundTruthBytes,
  };
}

/** The plan of study `index` of a run with these options (no files written). */
export function planStudyOf(
  options: Omit<StudySetOptions, 'outDir' | 'studies' | 'onStudy'>,
  index: number,
): StudyPlan {
  const modality = options.modality ?? SYNTH_MODALITIES[index % SYNTH_MODALITIES.length] ?? 'CT';
  const vendor = options.vendor === 'mixed' ? vendorForStudy(options.seed, index) : options.vendor;
  return planStudy({
    seed: options.seed,
    index,
    modality,
    vendor,
    slices: modality === 'CR' ? 1 : (options.slices ?? SYNTH_DEFAULTS.slices[modality]),
    size: options.size ?? SYNTH_DEFAULTS.size[modality],
  });
}

/**
 * Generates a set of synthetic studies (deterministic for a seed: same
 * options, same bytes) and writes them under `outDir`.
 */
export function generateStudySet(options: StudySetOptions): StudySetSummary {
  const studies: StudySummary[] = [];
  let groundTruthBytes = 0;
  for (let index = 0; index < options.studies; index++) {
    const { groundTruthBytes: written, ...study } = writeStudy(
      planStudyOf(options, index),
      options.outDir,
    );
    groundTruthBytes += written;
    studies.push(study);
    options.onStudy?.(study);
  }
  return {
    outDir: options.outDir,
    seed: options.seed,
    studies,
    seriesCount: studies.reduce((n, s) => n + s.series, 0),
    fileCount: studies.reduce((n, s) => n + s.files, 0),
    dicomBytes: studies.reduce((n, s) => n + s.bytes, 0),
    groundTruthBytes,
  };
}
