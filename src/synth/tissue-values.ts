import { TISSUES, type Tissue } from './phantom.js';

/** CT attenuation of each tissue without contrast, Hounsfield units (typical literature values). */
const CT_HU: Readonly<Record<Tissue, number>> = {
  air: -1000,
  skin: 30,
  fat: -100,
  muscle: 50,
  lung: -860,
  blood: 40,
  'cortical-bone': 1250,
  'cancellous-bone': 280,
  liver: 60,
  spleen: 48,
  kidney: 35,
  csf: 8,
  'grey-matter': 40,
  'white-matter': 27,
  table: -300,
  'bowel-gas': -960,
};

/** Enhancement in portal-venous phase after iodinated contrast, HU added. */
const CT_CONTRAST_HU: Partial<Readonly<Record<Tissue, number>>> = {
  blood: 140,
  liver: 45,
  spleen: 65,
  kidney: 150,
  muscle: 10,
};

/** MR signal of each tissue, arbitrary units of a 12-bit magnitude image. */
const MR_SIGNAL: Readonly<Record<'T1' | 'T2', Readonly<Record<Tissue, number>>>> = {
  T1: {
    air: 0,
    skin: 360,
    fat: 960,
    muscle: 380,
    lung: 35,
    blood: 110,
    'cortical-bone': 40,
    'cancellous-bone': 660,
    liver: 480,
    spleen: 360,
    kidney: 420,
    csf: 150,
    'grey-matter': 430,
    'white-matter': 590,
    table: 0,
    'bowel-gas': 0,
  },
  T2: {
    air: 0,
    skin: 320,
    fat: 640,
    muscle: 220,
    lung: 30,
    blood: 80,
    'cortical-bone': 30,
    'cancellous-bone': 480,
    liver: 260,
    spleen: 520,
    kidney: 600,
    csf: 1500,
    'grey-matter': 780,
    'white-matter': 560,
    table: 0,
    'bowel-gas': 0,
  },
};

/** Linear attenuation at ~70 keV, 1/mm, for projection radiographs. */
const CR_MU_PER_MM: Readonly<Record<Tissue, number>> = {
  air: 0,
  skin: 0.021,
  fat: 0.018,
  muscle: 0.021,
  lung: 0.0055,
  blood: 0.022,
  'cortical-bone': 0.055,
  'cancellous-bone': 0.032,
  liver: 0.022,
  spleen: 0.022,
  kidney: 0.022,
  csf: 0.02,
  'grey-matter': 0.021,
  'white-matter': 0.021,
  table: 0,
  'bowel-gas': 0,
};

/** The contrast weighting of an MR series. */
export type MrWeighting = 'T1' | 'T2';

/** The value of every tissue (indexed as {@link TISSUES}) in HU for a CT acquisition. */
export function ctTissueHu(contrast: boolean): Float64Array {
  return Float64Array.from(TISSUES, (t) => CT_HU[t] + (contrast ? (CT_CONTRAST_HU[t] ?? 0) : 0));
}

/** The value of every tissue (indexed as {@link TISSUES}) for an MR weighting. */
export function mrTissueSignal(weighting: MrWeighting): Float64Array {
  return Float64Array.from(TISSUES, (t) => MR_SIGNAL[weighting][t]);
}

/** The attenuation of one tissue, 1/mm. */
export function crMuPerMm(tissue: Tissue): number {
  return CR_MU_PER_MM[tissue];
}

/**
 * Lesion CT value: a soft-tissue nodule in lung, a hypodense lesion in liver
 * (less enhancing than parenchyma), a hyperdense lesion in brain, HU.
 */
export function ctLesionHu(host: Tissue, contrast: boolean, jitter: number): number {
  switch (host) {
    case 'lung':
      return 25 + 20 * jitter + (contrast ? 20 : 0);
    case 'liver':
      return (contrast ? 55 : 30) + 10 * jitter;
    default:
      return 62 + 10 * jitter;
  }
}

/** Lesion MR signal: T1-hypointense and T2-hyperintense, as most tumours and cysts are. */
export function mrLesionSignal(weighting: MrWeighting, jitter: number): number {
  return weighting === 'T1' ? 250 + 40 * jitter : 1150 + 120 * jitter;
}
