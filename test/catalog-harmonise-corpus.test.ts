/**
 * Runs harmoniseInstance over every DICOM file of the shared corpus that
 * parses (header only, as the catalog reads it): it never throws, the
 * modality is the header's, files hand-checked with dcmdump harmonise to the
 * expected fields, and most files get a body part and a canonical manufacturer.
 */
import { describe, expect, it } from 'vitest';
import {
  CANONICAL_MANUFACTURERS,
  harmoniseInstance,
  type HarmonisedInstance,
} from '../src/catalog/harmonise/index.js';
import { readDicomFileSync, type Dataset } from '../src/dicom/index.js';
import { corpusAvailable, corpusPath, loadManifest, requireCorpus } from './support/corpus.js';

interface Parsed {
  readonly path: string;
  readonly manifestModality: string;
  readonly dataset: Dataset;
}

/** Every DICOM file of the manifest whose header parses; files expected to fail are skipped when they do. */
function parsedCorpus(): readonly Parsed[] {
  const parsed: Parsed[] = [];
  for (const entry of loadManifest()) {
    if (entry.expectation === 'not-dicom-data') continue;
    try {
      const { dataset } = readDicomFileSync(entry.file, { headerOnly: true });
      parsed.push({ path: entry.path, manifestModality: entry.modality, dataset });
    } catch (error) {
      if (entry.expectation === 'parse-ok') throw error;
    }
  }
  return parsed;
}

const corpus: readonly Parsed[] = corpusAvailable() ? parsedCorpus() : [];

/**
 * Files checked by hand against `dcmdump` (values in the comments), one per
 * harmonisation path: Body Part Examined in Italian, a description-only body
 * part, anatomic region codes and pixel spacing inside the functional groups of
 * enhanced objects, Imager Pixel Spacing of CR/MG, contrast from text and from
 * the Contrast/Bolus Usage macro, gauss-free field strengths.
 */
const HAND_CHECKED: Readonly<Record<string, Partial<HarmonisedInstance>>> = {
  // (0018,0015) BACINO, (0008,0070) TOSHIBA, (0028,0030) 0.656000\0.656000, (0010,1010) 052Y
  'vendor/canon_toshiba/TOSHIBA_J2K_SIZ0_PixRep1.dcm': {
    modality: 'CT',
    bodyPart: 'PELVIS',
    bodyPartSource: 'BodyPartExamined',
    manufacturer: 'Canon',
    manufacturerOriginal: 'TOSHIBA',
    pixelSpacingMm: [0.656, 0.656],
    kvp: 120,
    ageBand: '50-59',
    sex: 'F',
    studyDate: '2011-07-07',
  },
  // (0018,0015) HEAD, GE MEDICAL SYSTEMS, 0.488281\0.488281, KVP 140, "CT, HEAD/BRAIN WO CONTRAST"
  'series/dicomdir_pydicom/77654033/CT2/17106': {
    bodyPart: 'HEAD',
    manufacturer: 'GE',
    pixelSpacingMm: [0.488281, 0.488281],
    kvp: 140,
    contrast: 'no',
    ageBand: '40-49',
    studyDate: '1995-09-03',
  },
  // No (0018,0015); (0008,1030) CT Upper Abdomen with contrast; Philips; 0.9765625\0.9765625
  'vendor/philips/GH342.dcm': {
    bodyPart: 'ABDOMEN',
    bodyPartSource: 'description',
    manufacturer: 'Philips',
    pixelSpacingMm: [0.9765625, 0.9765625],
    contrast: 'yes',
  },
  // Enhanced MR: AnatomicRegionSequence (knee) and PixelSpacing 0.625000\0.625000,
  // SliceThickness 6 only inside the functional groups; 19 frames; 1.5 T
  'modalities/enhanced_mr/MOVEKNEE.dcm': {
    bodyPart: 'KNEE',
    bodyPartSource: 'anatomic-region',
    manufacturer: 'Acme Medical Devices',
    pixelSpacingMm: [0.625, 0.625],
    sliceThicknessMm: 6,
    frameCount: 19,
    fieldStrengthT: 1.5,
  },
  // Enhanced CT: Frame Anatomy T-A0100 (SNM3) Brain, Pixel Measures 0.388672, Contrast/Bolus Usage YES
  'modalities/enhanced_ct/eCT_Supplemental.dcm': {
    bodyPart: 'BRAIN',
    bodyPartSource: 'anatomic-region',
    pixelSpacingMm: [0.388672, 0.388672],
    sliceThicknessMm: 10,
    contrast: 'yes',
  },
  // Bruker preclinical 16.4 T: tesla, not gauss; T-D0010 (SRT) Entire body; spacing 0.2\0.1
  'vendor/other/mr_brucker.dcm': {
    bodyPart: 'WHOLEBODY',
    manufacturer: 'Bruker',
    fieldStrengthT: 16.44882942,
    pixelSpacingMm: [0.2, 0.1],
  },
  // CR: Agfa-Gevaert AG, (0018,0015) CHEST, only ImagerPixelSpacing 0.1500\0.1500
  'edge/charset/chrJapMulti.dcm': {
    modality: 'CR',
    bodyPart: 'CHEST',
    manufacturer: 'Agfa',
    pixelSpacingMm: [0.15, 0.15],
  },
  // MG: GE, BREAST, KVP 30, ImagerPixelSpacing 0.0940909…; PatientAge 000Y is a placeholder
  'modalities/mg/GH133.dcm': {
    modality: 'MG',
    bodyPart: 'BREAST',
    manufacturer: 'GE',
    kvp: 30,
    pixelSpacingMm: [0.09409090909091, 0.09409090909091],
    ageBand: null,
    sex: 'O',
  },
  // GE CT, no (0018,0015): "HELICAL CHEST", PixelSpacing [ 0.675781\0.675781], 5 mm, KVP [ 120]
  // (leading spaces in DS), STANDARD kernel
  'syntaxes/implicit_vr_le/CTImage.dcm_LittleEndianImplicitTransferSyntax_1.2.840.10008.1.2.dcm': {
    bodyPart: 'CHEST',
    bodyPartSource: 'description',
    manufacturer: 'GE',
    pixelSpacingMm: [0.675781, 0.675781],
    sliceThicknessMm: 5,
    kvp: 120,
    convolutionKernel: 'STANDARD',
  },
};

function headerModality(dataset: Dataset): string | null {
  const value = dataset.string('Modality')?.trim();
  return value === undefined || value === '' ? null : value.toUpperCase();
}

describe('harmonise the corpus', () => {
  it('never throws, and keeps the header modality', (context) => {
    requireCorpus(context);
    expect(corpus.length).toBeGreaterThan(400);
    for (const { path, manifestModality, dataset } of corpus) {
      let harmonised: HarmonisedInstance;
      try {
        harmonised = harmoniseInstance(dataset, dataset);
      } catch (error) {
        throw new Error(`${path}: harmoniseInstance threw: ${String(error)}`);
      }
      expect(harmonised.modality, path).toBe(headerModality(dataset));
      // MANIFEST.csv has the modality pydicom read; empty where pydicom needed force.
      if (manifestModality !== '') expect(harmonised.modality, path).toBe(manifestModality);
    }
  });

  it('harmonises hand-checked files as dcmdump reads them', (context) => {
    requireCorpus(context);
    for (const [path, expected] of Object.entries(HAND_CHECKED)) {
      const parsed = corpus.find((file) => file.path === path);
      expect(parsed, `${path} is in the corpus (${corpusPath(path)})`).toBeDefined();
      if (parsed === undefined) continue;
      expect(harmoniseInstance(parsed.dataset), path).toMatchObject(expected);
    }
  });

  it('gives most files a body part and a canonical manufacturer', (context) => {
    requireCorpus(context);
    const harmonised = corpus.map(({ path, dataset }) => ({
      path,
      dataset,
      h: harmoniseInstance(dataset),
    }));
    const withBodyPart = harmonised.filter(({ h }) => h.bodyPart !== null);
    const canonical = harmonised.filter(
      ({ h }) => h.manufacturer !== null && CANONICAL_MANUFACTURERS.includes(h.manufacturer),
    );
    const bySource = new Map<string, number>();
    for (const { h } of withBodyPart)
      bySource.set(h.bodyPartSource ?? 'none', (bySource.get(h.bodyPartSource ?? 'none') ?? 0) + 1);
    console.log(
      `catalog harmonisation over ${corpus.length} corpus files: ` +
        `${withBodyPart.length} with a body part (${[...bySource].map(([s, n]) => `${s} ${n}`).join(', ')}), ` +
        `${canonical.length} with a canonical manufacturer`,
    );
    // About half the corpus is test objects with no anatomy or vendor (SR, RT, OT, "Acme").
    expect(withBodyPart.length / corpus.length).toBeGreaterThan(0.4);
    expect(canonical.length / corpus.length).toBeGreaterThan(0.45);

    // Independently: every file whose Manufacturer names a major vendor is canonical.
    const majorVendor =
      /^\s*(SIEMENS|GE\b|G\.E\.|PHILIPS|TOSHIBA|CANON|AGFA|FUJI|HOLOGIC|KODAK|CARESTREAM)/i;
    for (const { path, dataset, h } of harmonised) {
      const raw = dataset.string('Manufacturer') ?? '';
      if (majorVendor.test(raw))
        expect(CANONICAL_MANUFACTURERS, `${path}: ${raw}`).toContain(h.manufacturer);
    }
    // And every file whose Body Part Examined is a plain region word gets that region.
    for (const { path, dataset, h } of harmonised) {
      const raw = dataset.string('BodyPartExamined')?.trim().toUpperCase();
      if (
        raw === 'CHEST' ||
        raw === 'BRAIN' ||
        raw === 'HEAD' ||
        raw === 'BREAST' ||
        raw === 'ABDOMEN'
      )
        expect(h.bodyPart, path).toBe(raw);
    }
  });
});
