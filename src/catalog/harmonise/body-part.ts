/**
 * The catalog's body part vocabulary: coarse regions an ML team filters on.
 * Each value is aligned with the standard (see BODY_PART_STANDARD): the Body
 * Part Examined defined term of PS3.16 Annex L Table L-1 and the SNOMED CT
 * concept that table pairs with it, which for every region except BRAIN is
 * also a member of CID 4031 "Common Anatomic Regions". Compared with a flat
 * list of Table L-1 terms (about 290, most of them vessels and organs), the
 * vocabulary groups organs under the region they are imaged in (LIVER →
 * ABDOMEN, PROSTATE → PELVIS, PATELLA → KNEE); see body-part-terms.ts.
 *
 * HEAD_NECK, CHEST_ABDOMEN and EXTREMITY are CID 4031 combined regions
 * (HEADNECK, CHESTABDOMEN, EXTREMITY in Table L-1) kept rather than forced
 * into one of their parts. OTHER is anatomy the standard names but the
 * vocabulary does not group (AORTA, VEIN, PHANTOM, fetal structures).
 */
export const BODY_PARTS = [
  'HEAD',
  'BRAIN',
  'HEAD_NECK',
  'NECK',
  'CHEST',
  'BREAST',
  'HEART',
  'CHEST_ABDOMEN',
  'ABDOMEN',
  'PELVIS',
  'ABDOMEN_PELVIS',
  'CHEST_ABDOMEN_PELVIS',
  'SPINE',
  'CSPINE',
  'TSPINE',
  'LSPINE',
  'UPPER_EXTREMITY',
  'LOWER_EXTREMITY',
  'EXTREMITY',
  'KNEE',
  'HIP',
  'SHOULDER',
  'HAND',
  'FOOT',
  'WHOLEBODY',
  'OTHER',
] as const;

/** One of BODY_PARTS. */
export type BodyPart = (typeof BODY_PARTS)[number];

/** The standard's name for a catalog body part. */
export interface BodyPartStandard {
  /** The Body Part Examined (0018,0015) defined term, PS3.16 Annex L Table L-1. */
  readonly bodyPartExamined: string;
  /** SNOMED CT concept id (coding scheme SCT) that Table L-1 pairs with the term. */
  readonly snomedCode: string;
  readonly codeMeaning: string;
}

/**
 * The standard term and code for each body part, for writing Body Part
 * Examined / Anatomic Region Sequence back out (DICOM-SEG, FHIR bodySite).
 * Null for OTHER, which stands for many concepts.
 */
export const BODY_PART_STANDARD: Readonly<Record<BodyPart, BodyPartStandard | null>> = {
  HEAD: { bodyPartExamined: 'HEAD', snomedCode: '69536005', codeMeaning: 'Head' },
  BRAIN: { bodyPartExamined: 'BRAIN', snomedCode: '12738006', codeMeaning: 'Brain' },
  HEAD_NECK: { bodyPartExamined: 'HEADNECK', snomedCode: '774007', codeMeaning: 'Head and Neck' },
  NECK: { bodyPartExamined: 'NECK', snomedCode: '45048000', codeMeaning: 'Neck' },
  CHEST: { bodyPartExamined: 'CHEST', snomedCode: '816094009', codeMeaning: 'Chest' },
  BREAST: { bodyPartExamined: 'BREAST', snomedCode: '76752008', codeMeaning: 'Breast' },
  HEART: { bodyPartExamined: 'HEART', snomedCode: '80891009', codeMeaning: 'Heart' },
  CHEST_ABDOMEN: {
    bodyPartExamined: 'CHESTABDOMEN',
    snomedCode: '416550000',
    codeMeaning: 'Chest and Abdomen',
  },
  ABDOMEN: { bodyPartExamined: 'ABDOMEN', snomedCode: '818981001', codeMeaning: 'Abdomen' },
  PELVIS: { bodyPartExamined: 'PELVIS', snomedCode: '816092008', codeMeaning: 'Pelvis' },
  ABDOMEN_PELVIS: {
    bodyPartExamined: 'ABDOMENPELVIS',
    snomedCode: '818982008',
    codeMeaning: 'Abdomen and Pelvis',
  },
  CHEST_ABDOMEN_PELVIS: {
    bodyPartExamined: 'CHESTABDPELVIS',
    snomedCode: '416775004',
    codeMeaning: 'Chest, Abdomen and Pelvis',
  },
  SPINE: { bodyPartExamined: 'SPINE', snomedCode: '421060004', codeMeaning: 'Spine' },
  CSPINE: { bodyPartExamined: 'CSPINE', snomedCode: '122494005', codeMeaning: 'Cervical spine' },
  TSPINE: { bodyPartExamined: 'TSPINE', snomedCode: '122495006', codeMeaning: 'Thoracic spine' },
  LSPINE: { bodyPartExamined: 'LSPINE', snomedCode: '122496007', codeMeaning: 'Lumbar spine' },
  UPPER_EXTREMITY: {
    bodyPartExamined: 'UPPERLIMB',
    snomedCode: '53120007',
    codeMeaning: 'Upper limb',
  },
  LOWER_EXTREMITY: {
    bodyPartExamined: 'LOWERLIMB',
    snomedCode: '61685007',
    codeMeaning: 'Lower limb',
  },
  EXTREMITY: { bodyPartExamined: 'EXTREMITY', snomedCode: '66019005', codeMeaning: 'Extremity' },
  KNEE: { bodyPartExamined: 'KNEE', snomedCode: '72696002', codeMeaning: 'Knee' },
  HIP: { bodyPartExamined: 'HIP', snomedCode: '24136001', codeMeaning: 'Hip joint' },
  SHOULDER: { bodyPartExamined: 'SHOULDER', snomedCode: '16982005', codeMeaning: 'Shoulder' },
  HAND: { bodyPartExamined: 'HAND', snomedCode: '85562004', codeMeaning: 'Hand' },
  FOOT: { bodyPartExamined: 'FOOT', snomedCode: '56459004', codeMeaning: 'Foot' },
  WHOLEBODY: { bodyPartExamined: 'WHOLEBODY', snomedCode: '38266002', codeMeaning: 'Entire body' },
  OTHER: null,
};

/** Whether a string is one of BODY_PARTS. */
export function isBodyPart(value: string): value is BodyPart {
  return (BODY_PARTS as readonly string[]).includes(value);
}
