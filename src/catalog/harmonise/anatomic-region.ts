import type { Dataset } from '../../dicom/index.js';
import type { BodyPart } from './body-part.js';
import { bodyPartFromTerm } from './body-part-terms.js';
import { bodyPartFromText } from './body-part-text.js';
import { functionalGroup } from './functional-groups.js';
import { readCode, readSequence, readText } from './header-read.js';

/**
 * CID 4031 "Common Anatomic Regions" codes → body part, by code value: the
 * SNOMED CT ids (scheme SCT) and, for objects written before DICOM moved to
 * SCT in 2017, the SNOMED RT ids (scheme SRT, e.g. T-D3000) of the same
 * concepts. A few older SCT ids that CID 4031 has since replaced (Thoracic
 * structure 51185008, Abdominal structure 113345001, Pelvis structure
 * 12921003) and common organ codes are listed too.
 */
const REGION_CODES: Readonly<Record<string, BodyPart>> = {
  // Head and brain
  '69536005': 'HEAD',
  'T-D1100': 'HEAD',
  '89546000': 'HEAD',
  'T-11100': 'HEAD',
  '91397008': 'HEAD',
  '81745001': 'HEAD',
  '371398005': 'HEAD',
  '363654007': 'HEAD',
  '55024004': 'HEAD',
  '361078006': 'HEAD',
  '661005': 'HEAD',
  '91609006': 'HEAD',
  '70925003': 'HEAD',
  '59066005': 'HEAD',
  '74386004': 'HEAD',
  '2095001': 'HEAD',
  '53620006': 'HEAD',
  '13881006': 'HEAD',
  '12738006': 'BRAIN',
  'T-A0100': 'BRAIN',
  '42575006': 'BRAIN',
  '774007': 'HEAD_NECK',
  'T-D1000': 'HEAD_NECK',
  // Neck
  '45048000': 'NECK',
  'T-D1600': 'NECK',
  '4596009': 'NECK',
  '45289007': 'NECK',
  '54019009': 'NECK',
  // Chest, heart, breast
  '816094009': 'CHEST',
  '51185008': 'CHEST',
  'T-D3000': 'CHEST',
  '39607008': 'CHEST',
  'T-28000': 'CHEST',
  '86598002': 'CHEST',
  '955009': 'CHEST',
  '72410000': 'CHEST',
  '113197003': 'CHEST',
  '56873002': 'CHEST',
  '7844006': 'CHEST',
  '44567001': 'CHEST',
  '32849002': 'CHEST',
  '67734004': 'CHEST',
  '417437006': 'CHEST',
  '80891009': 'HEART',
  'T-32000': 'HEART',
  '76752008': 'BREAST',
  'T-04000': 'BREAST',
  // Abdomen and pelvis
  '818981001': 'ABDOMEN',
  '113345001': 'ABDOMEN',
  'T-D4000': 'ABDOMEN',
  '10200004': 'ABDOMEN',
  'T-62000': 'ABDOMEN',
  '64033007': 'ABDOMEN',
  'T-71000': 'ABDOMEN',
  '15776009': 'ABDOMEN',
  '69930009': 'ABDOMEN',
  '110621006': 'ABDOMEN',
  '28231008': 'ABDOMEN',
  '28273000': 'ABDOMEN',
  '34707002': 'ABDOMEN',
  '79741001': 'ABDOMEN',
  '303270005': 'ABDOMEN',
  '69695003': 'ABDOMEN',
  '38848004': 'ABDOMEN',
  '21306003': 'ABDOMEN',
  '34516001': 'ABDOMEN',
  '30315005': 'ABDOMEN',
  '110861005': 'ABDOMEN',
  '431491007': 'ABDOMEN',
  '816092008': 'PELVIS',
  '12921003': 'PELVIS',
  'T-D6000': 'PELVIS',
  '89837001': 'PELVIS',
  '41216001': 'PELVIS',
  '34402009': 'PELVIS',
  '53505006': 'PELVIS',
  '13648007': 'PELVIS',
  '110639002': 'PELVIS',
  '22356005': 'PELVIS',
  '39723000': 'PELVIS',
  '818982008': 'ABDOMEN_PELVIS',
  '63337009': 'ABDOMEN_PELVIS',
  '71854001': 'ABDOMEN_PELVIS',
  '14742008': 'ABDOMEN_PELVIS',
  '87953007': 'ABDOMEN_PELVIS',
  '416550000': 'CHEST_ABDOMEN',
  'R-FAB55': 'CHEST_ABDOMEN',
  '416152001': 'CHEST_ABDOMEN',
  'R-FAB53': 'CHEST_ABDOMEN',
  '416775004': 'CHEST_ABDOMEN_PELVIS',
  'R-FAB56': 'CHEST_ABDOMEN_PELVIS',
  '416319003': 'CHEST_ABDOMEN_PELVIS',
  'R-FAB54': 'CHEST_ABDOMEN_PELVIS',
  '22943007': 'CHEST_ABDOMEN_PELVIS',
  'T-D2000': 'CHEST_ABDOMEN_PELVIS',
  // Spine
  '421060004': 'SPINE',
  'T-D04FF': 'SPINE',
  '737561001': 'SPINE',
  '1217257000': 'SPINE',
  '1217256009': 'SPINE',
  '1217254007': 'SPINE',
  '54735007': 'SPINE',
  '64688005': 'SPINE',
  '122494005': 'CSPINE',
  'T-11501': 'CSPINE',
  '122495006': 'TSPINE',
  'T-11502': 'TSPINE',
  '122496007': 'LSPINE',
  'T-11503': 'LSPINE',
  '1217253001': 'LSPINE',
  // Limbs and joints
  '66019005': 'EXTREMITY',
  'T-D0300': 'EXTREMITY',
  '53120007': 'UPPER_EXTREMITY',
  'T-D8000': 'UPPER_EXTREMITY',
  '40983000': 'UPPER_EXTREMITY',
  '85050009': 'UPPER_EXTREMITY',
  '16953009': 'UPPER_EXTREMITY',
  '14975008': 'UPPER_EXTREMITY',
  '74670003': 'UPPER_EXTREMITY',
  '371195002': 'UPPER_EXTREMITY',
  '30608006': 'UPPER_EXTREMITY',
  '61685007': 'LOWER_EXTREMITY',
  'T-D9000': 'LOWER_EXTREMITY',
  '30021000': 'LOWER_EXTREMITY',
  '68367000': 'LOWER_EXTREMITY',
  '71341001': 'LOWER_EXTREMITY',
  '87342007': 'LOWER_EXTREMITY',
  '70258002': 'LOWER_EXTREMITY',
  '72001000': 'LOWER_EXTREMITY',
  '102292000': 'LOWER_EXTREMITY',
  '1231522001': 'LOWER_EXTREMITY',
  '72696002': 'KNEE',
  'T-D9200': 'KNEE',
  '64234005': 'KNEE',
  '29836001': 'HIP',
  'T-D2500': 'HIP',
  '24136001': 'HIP',
  'T-15710': 'HIP',
  '16982005': 'SHOULDER',
  'T-D2220': 'SHOULDER',
  '85856004': 'SHOULDER',
  '51299004': 'SHOULDER',
  '79601000': 'SHOULDER',
  '85562004': 'HAND',
  'T-D8700': 'HAND',
  '7569003': 'HAND',
  '76505004': 'HAND',
  '56459004': 'FOOT',
  'T-D9700': 'FOOT',
  '29707007': 'FOOT',
  '80144004': 'FOOT',
  '58742003': 'FOOT',
  '27949001': 'FOOT',
  // Whole body and the rest
  '38266002': 'WHOLEBODY',
  'T-D0010': 'WHOLEBODY',
  '706342009': 'OTHER',
  '113257007': 'OTHER',
  '110517009': 'OTHER',
};

/** Coding schemes whose code values REGION_CODES holds (PS3.16 Table 8-1). */
const SNOMED_SCHEMES: ReadonlySet<string> = new Set(['SCT', 'SRT', 'SNM3']);

/** The body part one code sequence item names: by code value, else by its meaning. */
export function bodyPartFromCode(item: Dataset): BodyPart | null {
  const scheme = readCode(item, 'CodingSchemeDesignator')?.toUpperCase();
  const value = readCode(item, 'CodeValue') ?? readCode(item, 'LongCodeValue');
  if (value !== null && (scheme === undefined || SNOMED_SCHEMES.has(scheme))) {
    const part = REGION_CODES[value];
    if (part !== undefined) return part;
  }
  const meaning = readText(item, 'CodeMeaning');
  if (meaning === null) return null;
  return bodyPartFromTerm(meaning) ?? bodyPartFromText(meaning);
}

/**
 * The body part the Anatomic Region Sequence (0008,2218; General Anatomy
 * macros, PS3.3 10.5) names: the top-level one, else the Frame Anatomy
 * functional group's (PS3.3 C.7.6.16.2.8) of an enhanced multi-frame object.
 * The first item naming a specific region wins; OTHER only when none does.
 */
export function bodyPartFromAnatomicRegion(dataset: Dataset): BodyPart | null {
  const topLevel = readSequence(dataset, 'AnatomicRegionSequence');
  const items =
    topLevel.length > 0
      ? topLevel
      : functionalGroup(dataset, 'FrameAnatomySequence').flatMap((frame) =>
          readSequence(frame, 'AnatomicRegionSequence'),
        );
  let fallback: BodyPart | null = null;
  for (const item of items) {
    const part = bodyPartFromCode(item);
    if (part !== null && part !== 'OTHER') return part;
    fallback ??= part;
  }
  return fallback;
}
