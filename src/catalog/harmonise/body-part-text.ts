import type { BodyPart } from './body-part.js';
import { foldWords } from './fold-text.js';

/**
 * Body part keywords in free text (Study/Series Description, Protocol Name,
 * a code meaning). Patterns run on folded words (upper case, one space between
 * words, see foldWords), so `\b` is a word boundary and `c-spine`, `C_SPINE`
 * and `C Spine` all read `C SPINE`. A few console languages besides English
 * are covered where vendors localise protocol names.
 */
interface KeywordRule {
  readonly part: BodyPart;
  readonly pattern: RegExp;
}

const KEYWORDS: readonly KeywordRule[] = [
  {
    part: 'WHOLEBODY',
    pattern:
      /\b(WHOLE ?BODY|TOTAL ?BODY|TOT ?BODY|HEAD TO TOE|SKELETAL SURVEY|GANZKORPER|CORPO INTERO|CUERPO ENTERO|CORPS ENTIER)\b/,
  },
  { part: 'CHEST_ABDOMEN_PELVIS', pattern: /\b(CAP|TAP|CHESTABDPELVIS|NECKCHESTABDPELV)\b/ },
  {
    part: 'ABDOMEN_PELVIS',
    pattern: /\b(ABD(O|OMEN|OMINAL)? ?(AND )?PEL(V|VIC|VIS)?|ABDOMINO ?PELVI[A-Z]*|COLONOGRAPHY)\b/,
  },
  { part: 'CHEST_ABDOMEN', pattern: /\b(THORACO ?ABDOMINAL|CHESTABDOMEN)\b/ },
  { part: 'HEAD_NECK', pattern: /\bHEAD ?(AND )?NECK\b/ },
  { part: 'CSPINE', pattern: /\b(C ?SPINE|CERVICAL SPINE|HWS)\b/ },
  { part: 'TSPINE', pattern: /\b(T ?SPINE|D ?SPINE|(THORACIC|DORSAL) SPINE|BWS)\b/ },
  { part: 'LSPINE', pattern: /\b(L ?SPINE|LS ?SPINE|LUMBAR|LUMBO ?SACRAL|LWS)\b/ },
  {
    part: 'SPINE',
    pattern: /\b(SPINE|SPINAL|VERTEBRA[A-Z]*|SACRUM|SACRAL|COCCYX|MYELO[A-Z]*|RACHIS)\b/,
  },
  {
    part: 'BRAIN',
    pattern:
      /\b(BRAIN|CEREBR[A-Z]*|CEREBELL[A-Z]*|INTRACRANIAL|ENCEPHAL[A-Z]*|PITUITARY|SELLA|HIPPOCAMP[A-Z]*|CIRCLE OF WILLIS|STROKE|GEHIRN|CERVELLO)\b/,
  },
  {
    part: 'HEART',
    pattern:
      /\b(HEART|CARDIAC|CARDIO[A-Z]*|CORONAR[A-Z]*|ECHOCARDIO[A-Z]*|MYOCARD[A-Z]*|CCTA|CALCIUM SCOR[A-Z]*|SMART ?SCORE|TAVI|TAVR|ECG|EKG|HERZ)\b/,
  },
  { part: 'BREAST', pattern: /\b(BREASTS?|MAMMO[A-Z]*|MAMMAE?)\b/ },
  {
    part: 'KNEE',
    pattern: /\b(KNEES?|PATELLA[A-Z]*|MENISC[A-Z]*|KNIE|GINOCCHIO|GENOU|RODILLA)\b/,
  },
  { part: 'HIP', pattern: /\b(HIPS?|HUE?FTE|ANCA|CADERA)\b/ },
  {
    part: 'SHOULDER',
    pattern: /\b(SHOULDERS?|CLAVICLE|SCAPULA|ROTATOR CUFF|AC JOINT|SCHULTER|SPALLA|HOMBRO)\b/,
  },
  { part: 'HAND', pattern: /\b(HANDS?|FINGERS?|THUMBS?|METACARP[A-Z]*|BONE AGE|MANO)\b/ },
  { part: 'FOOT', pattern: /\b(FOOT|FEET|TOES?|CALCANE[A-Z]*|HEEL|METATARS[A-Z]*|FUSS|PIEDE)\b/ },
  {
    part: 'HEAD',
    pattern:
      /\b(HEAD|SKULL|CRANI(UM|AL|O)|CRANE|SCHA?E?DEL|KOPF|CABEZA|FACE|FACIAL|SINUS(ES)?|ORBITS?|IAC|MAXILLO ?FACIAL|MANDIBLE|TMJ|DENTAL|TEETH|TOOTH|EYES?|TEMPORAL BONES?|MASTOID[A-Z]*|PETROUS)\b/,
  },
  {
    part: 'NECK',
    pattern:
      /\b(NECK|CAROTIDS?|THYROID|PARATHYROID|LARYN[A-Z]*|PHARYN[A-Z]*|PAROTID|SALIVARY|COLLO|CUELLO)\b/,
  },
  {
    part: 'CHEST',
    pattern:
      /\b(CHEST|THORAX|THORACIC(?! SPINE)|LUNGS?|PULMO[A-Z]*|CTPA|RIBS?|STERNUM|MEDIASTIN[A-Z]*|CXR|TORACE|TORAX)\b/,
  },
  {
    part: 'ABDOMEN',
    pattern:
      /\b(ABD|ABDO|ABDOMEN|ABDOMINAL|LIVER|HEPAT[A-Z]*|PANCREA[A-Z]*|SPLEEN|SPLENIC|KIDNEYS?|RENAL|ADRENALS?|GALLBLADDER|BILIARY|MRCP|STOMACH|GASTRIC|BOWEL|ADDOME)\b/,
  },
  {
    part: 'PELVIS',
    pattern:
      /\b(PELVIS|PELVIC|BLADDER|PROSTAT[A-Z]*|UTER[A-Z]*|OVAR[A-Z]*|RECTUM|RECTAL|ENDORECTAL|SCROT[A-Z]*|TEST(IS|ES|ICLES?|ICULAR)|BACINO|BECKEN|BASSIN)\b/,
  },
  {
    part: 'UPPER_EXTREMITY',
    pattern:
      /\b((?<!\bC )ARMS?|UPPER (EXTREMIT[A-Z]*|LIMBS?|EXT)|ELBOWS?|FOREARMS?|WRISTS?|HUMER[A-Z]*|ULNA|CARPAL|CODO|GOMITO|POLSO)\b/,
  },
  {
    part: 'LOWER_EXTREMITY',
    pattern:
      /\b(LEGS?|LOWER (EXTREMIT[A-Z]*|LIMBS?|EXT)|THIGHS?|FEMUR|FEMORAL|TIBIA[A-Z]*|FIBULA[A-Z]*|ANKLES?|CALF|CALVES|RUN ?OFF|CAVIGLIA)\b/,
  },
  { part: 'EXTREMITY', pattern: /\b(EXTREMIT(Y|IES)|LIMBS?)\b/ },
  { part: 'OTHER', pattern: /\bPHANTOM\b/ },
];

/**
 * When a text names several regions, the first of these wins: a whole-body
 * or combined region over its parts, a spine segment over the spine, an organ
 * or joint over the region holding it (BRAIN over HEAD, HEART over CHEST,
 * KNEE over LOWER_EXTREMITY).
 */
const PRECEDENCE: readonly BodyPart[] = [
  'WHOLEBODY',
  'CHEST_ABDOMEN_PELVIS',
  'ABDOMEN_PELVIS',
  'CHEST_ABDOMEN',
  'HEAD_NECK',
  'CSPINE',
  'TSPINE',
  'LSPINE',
  'SPINE',
  'BRAIN',
  'HEART',
  'BREAST',
  'KNEE',
  'HIP',
  'SHOULDER',
  'HAND',
  'FOOT',
  'HEAD',
  'NECK',
  'CHEST',
  'ABDOMEN',
  'PELVIS',
  'UPPER_EXTREMITY',
  'LOWER_EXTREMITY',
  'EXTREMITY',
  'OTHER',
];

/**
 * Two or more spine segments named together ("C/T/L spine", "TL spine", the
 * Table L-1 CTSPINE and TLSPINE) are the spine, not the last segment named.
 * LS alone is lumbosacral, the lumbar spine; "CT L-spine" is a CT of the lumbar spine.
 */
const MULTI_SEGMENT_SPINE = /\b(C T L|C T|C L|T ?L)( ?S)? ?SPINE\b/;

/** Regions named separately that together make a combined region ("chest, abdomen and pelvis"). */
function combine(found: Set<BodyPart>, multiSegmentSpine: boolean): void {
  const has = (part: BodyPart): boolean => found.has(part);
  if ((has('CHEST') && has('ABDOMEN') && has('PELVIS')) || (has('CHEST') && has('ABDOMEN_PELVIS')))
    found.add('CHEST_ABDOMEN_PELVIS');
  if (has('ABDOMEN') && has('PELVIS')) found.add('ABDOMEN_PELVIS');
  if (has('CHEST') && has('ABDOMEN')) found.add('CHEST_ABDOMEN');
  if ((has('HEAD') || has('BRAIN')) && has('NECK')) found.add('HEAD_NECK');
  const segments = (['CSPINE', 'TSPINE', 'LSPINE'] as const).filter(has);
  if (multiSegmentSpine || segments.length > 1) {
    found.delete('CSPINE');
    found.delete('TSPINE');
    found.delete('LSPINE');
    found.add('SPINE');
  }
}

/**
 * The body part a free text names, by keywords on word boundaries, or null.
 * "chest abdomen pelvis", "CAP" and "TAP" give CHEST_ABDOMEN_PELVIS; "abd/pel"
 * gives ABDOMEN_PELVIS; several unrelated regions give the first in PRECEDENCE.
 */
export function bodyPartFromText(text: string): BodyPart | null {
  const words = foldWords(text);
  if (words === '') return null;
  const found = new Set<BodyPart>();
  for (const { part, pattern } of KEYWORDS) if (pattern.test(words)) found.add(part);
  const multiSegmentSpine = MULTI_SEGMENT_SPINE.test(words);
  if (multiSegmentSpine) found.add('SPINE');
  if (found.size === 0) return null;
  combine(found, multiSegmentSpine);
  return PRECEDENCE.find((part) => found.has(part)) ?? null;
}
