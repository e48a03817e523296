import { describe, expect, it } from 'vitest';
import { createDataset, Dataset, lookupKeyword, type Vr } from '../../dicom/index.js';
import { BODY_PARTS } from './body-part.js';
import { harmoniseInstance } from './harmonise-instance.js';

describe('harmoniseInstance', () => {
  it('harmonises a messy CT header', () => {
    const dataset = createDataset({
      Modality: 'ct',
      BodyPartExamined: 'C-SPINE',
      Manufacturer: 'TOSHIBA_MEC ',
      ManufacturerModelName: ' Aquilion ',
      SliceThickness: '2.0 ',
      PixelSpacing: '0.805\\0.805',
      KVP: '120',
      ConvolutionKernel: 'FC52\\AIDR',
      ContrastBolusAgent: 'CE',
      SeriesDescription: 'Axial 2.0',
      ProtocolName: 'COLLO',
      StudyDescription: 'CT C-SPINE',
      Rows: 512,
      Columns: 512,
      PatientAge: '030Y',
      PatientSex: 'F',
      StudyDate: '20110711',
    });
    expect(harmoniseInstance(dataset)).toEqual({
      modality: 'CT',
      bodyPart: 'CSPINE',
      bodyPartSource: 'BodyPartExamined',
      manufacturer: 'Canon',
      manufacturerOriginal: 'TOSHIBA_MEC',
      model: 'Aquilion',
      fieldStrengthT: null,
      sliceThicknessMm: 2,
      pixelSpacingMm: [0.805, 0.805],
      kvp: 120,
      convolutionKernel: 'FC52\\AIDR',
      contrast: 'yes',
      seriesDescription: 'Axial 2.0',
      protocolName: 'COLLO',
      studyDescription: 'CT C-SPINE',
      frameCount: 1,
      rows: 512,
      columns: 512,
      ageBand: '30-39',
      sex: 'F',
      studyDate: '2011-07-11',
    });
  });

  it('reads age band and sex from the original header, and nothing else', () => {
    const original = createDataset({
      Modality: 'MR',
      BodyPartExamined: 'KNEE',
      Manufacturer: 'SIEMENS',
      SeriesDescription: 'knee PD fs',
      PatientAge: '067Y',
      PatientSex: 'M',
      StudyDate: '20230105',
    });
    const deidentified = createDataset({
      Modality: 'MR',
      BodyPartExamined: 'KNEE',
      Manufacturer: 'SIEMENS',
      PatientSex: '',
      StudyDate: '20221103',
    });
    const harmonised = harmoniseInstance(deidentified, original);
    expect(harmonised.ageBand).toBe('60-69');
    expect(harmonised.sex).toBe('M');
    expect(harmonised.seriesDescription).toBeNull();
    expect(harmonised.studyDate).toBe('2022-11-03');

    const without = harmoniseInstance(deidentified);
    expect(without.ageBand).toBeNull();
    expect(without.sex).toBeNull();
  });

  it('uses the de-identified header for age and sex when the original is absent', () => {
    const kept = createDataset({ PatientAge: '090Y', PatientSex: 'O' });
    expect(harmoniseInstance(kept)).toMatchObject({ ageBand: '90+', sex: 'O' });
  });

  it('harmonises an empty header to nulls', () => {
    expect(harmoniseInstance(new Dataset())).toEqual({
      modality: null,
      bodyPart: null,
      bodyPartSource: null,
      manufacturer: null,
      manufacturerOriginal: null,
      model: null,
      fieldStrengthT: null,
      sliceThicknessMm: null,
      pixelSpacingMm: null,
      kvp: null,
      convolutionKernel: null,
      contrast: null,
      seriesDescription: null,
      protocolName: null,
      studyDescription: null,
      frameCount: 1,
      rows: null,
      columns: null,
      ageBand: null,
      sex: null,
      studyDate: null,
    });
  });
});

/** Every keyword harmoniseInstance reads, at the top level or inside its sequences. */
const KEYWORDS = [
  'SpecificCharacterSet',
  'Modality',
  'BodyPartExamined',
  'AnatomicRegionSequence',
  'Manufacturer',
  'ManufacturerModelName',
  'MagneticFieldStrength',
  'SliceThickness',
  'PixelSpacing',
  'ImagerPixelSpacing',
  'KVP',
  'ConvolutionKernel',
  'ContrastBolusAgent',
  'ContrastBolusRoute',
  'ContrastBolusVolume',
  'ContrastBolusAgentSequence',
  'SeriesDescription',
  'ProtocolName',
  'StudyDescription',
  'NumberOfFrames',
  'Rows',
  'Columns',
  'PatientAge',
  'PatientSex',
  'PatientBirthDate',
  'StudyDate',
  'SeriesDate',
  'AcquisitionDate',
  'ContentDate',
  'SharedFunctionalGroupsSequence',
  'PerFrameFunctionalGroupsSequence',
  'PixelMeasuresSequence',
  'FrameAnatomySequence',
  'ContrastBolusUsageSequence',
  'ContrastBolusAgentAdministered',
  'CTXRayDetailsSequence',
  'CTReconstructionSequence',
  'CodeValue',
  'LongCodeValue',
  'CodingSchemeDesignator',
  'CodeMeaning',
];

const VRS: readonly Vr[] = [
  'CS',
  'LO',
  'DS',
  'IS',
  'AS',
  'DA',
  'US',
  'FD',
  'FL',
  'UN',
  'OB',
  'SQ',
  'UT',
  'SL',
];

/** A small deterministic PRNG (mulberry32), so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEXT_SAMPLES = [
  '',
  ' ',
  '\\',
  'NaN',
  '1e999',
  '-0',
  'ANONYMIZED',
  '19000101',
  '000D',
  'C-SPINE',
  '\u00ff\u00fe',
  'ISO 2022 IR 87',
  'ISO_IR 192',
  'GB18030',
  'FOO',
];

function randomDataset(next: () => number, depth: number, parent?: Dataset): Dataset {
  const dataset = new Dataset(next() < 0.9, parent);
  for (const keyword of KEYWORDS) {
    if (next() < 0.5) continue;
    const entry = lookupKeyword(keyword);
    if (entry === undefined) throw new Error(`test keyword ${keyword} unknown`);
    const vr = next() < 0.5 ? entry.vr : (VRS[Math.floor(next() * VRS.length)] as Vr);
    const items =
      vr === 'SQ' && depth < 3
        ? Array.from({ length: Math.floor(next() * 3) }, () =>
            randomDataset(next, depth + 1, dataset),
          )
        : undefined;
    const bytes =
      next() < 0.5
        ? new TextEncoder().encode(TEXT_SAMPLES[Math.floor(next() * TEXT_SAMPLES.length)] ?? '')
        : Uint8Array.from({ length: Math.floor(next() * 24) }, () => Math.floor(next() * 256));
    dataset.set({
      tag: entry.tag,
      vr,
      bytes: next() < 0.05 ? undefined : bytes,
      offset: 0,
      length: bytes.length,
      undefinedLength: false,
      ...(items === undefined ? {} : { items }),
    });
  }
  return dataset;
}

describe('harmoniseInstance is total', () => {
  it('never throws, and returns values of the declared shape, for 1000 random headers', () => {
    const next = random(20240917);
    for (let i = 0; i < 1000; i++) {
      const deidentified = randomDataset(next, 0);
      const original = next() < 0.5 ? randomDataset(next, 0) : undefined;
      let harmonised: ReturnType<typeof harmoniseInstance>;
      try {
        harmonised = harmoniseInstance(deidentified, original);
      } catch (error) {
        throw new Error(`header #${i} made harmoniseInstance throw: ${String(error)}`);
      }
      expect(harmonised.frameCount).toBeGreaterThanOrEqual(1);
      if (harmonised.bodyPart !== null) expect(BODY_PARTS).toContain(harmonised.bodyPart);
      if (harmonised.ageBand !== null)
        expect(harmonised.ageBand).toMatch(/^(0-9|[1-8]0-[1-8]9|90\+)$/);
      if (harmonised.studyDate !== null)
        expect(harmonised.studyDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      for (const value of [harmonised.sliceThicknessMm, harmonised.kvp, harmonised.fieldStrengthT])
        if (value !== null) expect(Number.isFinite(value) && value > 0).toBe(true);
    }
  });
});
