import { epochDay, formatDa, type EpochDay } from '../dicom-date.js';
import { SeededRandom } from '../seeded-random.js';

/**
 * The fabricated people and places of the PHI test set. Patient 1 is fixed
 * (SMITH^JOHN, MRN 12345678, follow-up on 2023-04-05: the values the burned-in
 * ultrasound header shows) so that documentation and OCR tests can name them;
 * patients 2 and 3, the staff and the study intervals come from the seed.
 * Every value is invented; national-style numbers use the never-issued 9xx area.
 */

/** A made-up patient and what the Patient module (PS3.3 C.7.1.1) and its neighbours hold about them. */
export interface PhiPatient {
  /** Folder name and DICOMDIR File ID component. */
  readonly folder: string;
  /** PN value as written, possibly with ideographic and phonetic groups. */
  readonly name: string;
  /** The name in capitals without accents, as burned into pixels (the bitmap font is ASCII). */
  readonly asciiName: string;
  readonly id: string;
  readonly issuer: string;
  readonly otherIds: readonly { readonly id: string; readonly issuer: string }[];
  readonly birthDay: EpochDay;
  readonly sex: 'M' | 'F';
  readonly address: string;
  readonly phone: string;
  readonly militaryRank: string;
  readonly ethnicGroup: string;
  readonly occupation: string;
  readonly motherBirthName: string;
  /** Specific Character Set (0008,0005) values the patient's files are written in; empty: default. */
  readonly characterSets: readonly string[];
  /** Days from the prior study to the follow-up (date-interval preservation tests). */
  readonly followUpDays: number;
  /** Day of the prior study. */
  readonly priorDay: EpochDay;
}

/** The place and people of one study. */
export interface PhiCare {
  readonly institutionName: string;
  readonly institutionAddress: string;
  readonly department: string;
  readonly referringPhysician: string;
  readonly performingPhysician: string;
  readonly readingPhysician: string;
  readonly operator: string;
  readonly accessionNumber: string;
  readonly studyId: string;
  readonly requestedProcedureId: string;
}

const LATIN1_NAMES: readonly { readonly name: string; readonly sex: 'M' | 'F' }[] = [
  { name: 'Müller^Jürgen', sex: 'M' },
  { name: 'Lefèvre^Hélène', sex: 'F' },
  { name: 'García^José', sex: 'M' },
  { name: 'Núñez^Inés', sex: 'F' },
  { name: 'Böhm^Jérôme', sex: 'M' },
  { name: 'Dubé^Noémie', sex: 'F' },
];
const STAFF_FAMILY = [
  'WHITFIELD',
  'OKAFOR',
  'LINDQVIST',
  'BRENNAN',
  'CASTILLO',
  'HADDAD',
  'KOWALSKI',
  'QUINLAN',
  'DRISCOLL',
  'HOLLOWAY',
];
const STAFF_GIVEN = ['ANNA', 'PETER', 'GRACE', 'TOBIAS', 'PRIYA', 'HENRY', 'NORA', 'CALLUM'];
const STREETS = ['Willow St', 'Foxglove Rd', 'Larkspur Ave', 'Mill Lane', 'Elm Court'];
const TOWNS = ['Northbrook', 'Port Evelyn', 'Maplecrest', 'Ashdown'];

/** Institutions, one per vendor site of the set. */
export const PHI_INSTITUTIONS = {
  aldric: {
    name: 'St. Aldric General Hospital',
    address: '4417 Alder Crest Blvd, Northbrook ZZ 99012',
  },
  northbrook: {
    name: 'Northbrook Valley Medical Center',
    address: '18 Quarry Lane, Northbrook ZZ 99020',
  },
  berenger: { name: 'Hôpital Saint-Bérenger', address: '5 rue des Tilleuls, 99000 Vérac' },
  kirkwall: { name: 'Kirkwall Bay Infirmary', address: '3 Harbour Row, Kirkwall Bay ZZ9 4QX' },
} as const;

/** Capitals without diacritics: what a burned-in label shows of a Latin-1 name. */
export function asciiCapitals(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase();
}

function staffName(random: SeededRandom, title: boolean): string {
  const family = random.pick(STAFF_FAMILY);
  const given = random.pick(STAFF_GIVEN);
  return title ? `${family}^${given}^^Dr` : `${family}^${given}`;
}

/** The three patients of the set for a seed. */
export function phiPatients(seed: string): readonly PhiPatient[] {
  const random = new SeededRandom(`${seed}:phi-set:patients`);
  const b = random.fork('patient-2');
  const c = random.fork('patient-3');
  const latin = b.pick(LATIN1_NAMES);
  const national = (r: SeededRandom): string => `9${r.digits(2)}-${r.digits(2)}-${r.digits(4)}`;
  const address = (r: SeededRandom): string =>
    `${r.int(2, 980)} ${r.pick(STREETS)}, ${r.pick(TOWNS)} ZZ 99${r.digits(3)}`;
  const phone = (r: SeededRandom): string => `(555) 01${r.digits(2)}-${r.digits(4)}`;
  const followUp = epochDay(2023, 4, 5);
  const bPrior = epochDay(2021, 1, 1) + b.int(0, 600);
  const cPrior = epochDay(2019, 1, 1) + c.int(0, 900);
  return [
    {
      folder: 'PAT1',
      name: 'SMITH^JOHN',
      asciiName: 'SMITH^JOHN',
      id: '12345678',
      issuer: 'SAGH-MRN',
      otherIds: [
        { id: 'X482913', issuer: 'REGIONAL-EMPI' },
        { id: '923-41-5678', issuer: 'NATIONAL-ID' },
      ],
      birthDay: epochDay(1961, 7, 14),
      sex: 'M',
      address: '12 Willow St, Northbrook ZZ 99018',
      phone: '(555) 0142-7788',
      militaryRank: 'SERGEANT',
      ethnicGroup: 'NORTHBROOKER',
      occupation: 'WELDER',
      motherBirthName: 'HARTLEY^MARGARET',
      characterSets: [],
      followUpDays: followUp - epochDay(2022, 10, 12),
      priorDay: epochDay(2022, 10, 12),
    },
    {
      folder: 'PAT2',
      name: latin.name,
      asciiName: asciiCapitals(latin.name),
      id: `MRN${b.digits(7)}`,
      issuer: 'HSB-IPP',
      otherIds: [
        { id: `H${b.digits(6)}`, issuer: 'REGIONAL-EMPI' },
        { id: national(b), issuer: 'NATIONAL-ID' },
      ],
      birthDay: epochDay(1948, 1, 1) + b.int(0, 9000),
      sex: latin.sex,
      address: address(b),
      phone: phone(b),
      militaryRank: 'CAPITAINE',
      ethnicGroup: 'VÉRACOIS',
      occupation: 'BOULANGER',
      motherBirthName: 'Rousseau^Amélie',
      characterSets: ['ISO_IR 100'],
      followUpDays: b.int(120, 500),
      priorDay: bPrior,
    },
    {
      folder: 'PAT3',
      // PS3.5 Annex H.3.1: a Japanese name in ISO 2022 IR 87 (Kanji) with a phonetic Hiragana group.
      name: 'Yamada^Tarou=山田^太郎=やまだ^たろう',
      asciiName: 'YAMADA^TAROU',
      id: `${c.digits(8)}`,
      issuer: 'KBI-MRN',
      otherIds: [
        { id: `Q${c.digits(6)}`, issuer: 'REGIONAL-EMPI' },
        { id: national(c), issuer: 'NATIONAL-ID' },
      ],
      birthDay: epochDay(1955, 1, 1) + c.int(0, 9000),
      sex: 'M',
      address: address(c),
      phone: phone(c),
      militaryRank: 'MAJOR',
      ethnicGroup: 'KIRKWALLIAN',
      occupation: 'FISHERMAN',
      motherBirthName: 'Yamada^Hanako',
      characterSets: ['', 'ISO 2022 IR 87'],
      followUpDays: c.int(200, 800),
      priorDay: cPrior,
    },
  ];
}

/** Made-up care setting of one study (staff from the seed). */
export function phiCare(
  seed: string,
  studyKey: string,
  institution: { readonly name: string; readonly address: string },
): PhiCare {
  const random = new SeededRandom(`${seed}:phi-set:care:${studyKey}`);
  return {
    institutionName: institution.name,
    institutionAddress: institution.address,
    department: random.pick(['Radiology', 'Diagnostic Imaging', 'Body Imaging']),
    referringPhysician: staffName(random, true),
    performingPhysician: staffName(random, true),
    readingPhysician: staffName(random, true),
    operator: staffName(random, false),
    accessionNumber: `A${random.digits(9)}`,
    // Long enough not to turn up by chance in other numbers (UIDs, pixel bytes).
    studyId: `ST${random.digits(6)}`,
    requestedProcedureId: `RP${random.digits(7)}`,
  };
}

/** `YYYY-MM-DD`, the way a burned-in label shows a date. */
export function isoDate(day: EpochDay): string {
  const da = formatDa(day);
  return `${da.slice(0, 4)}-${da.slice(4, 6)}-${da.slice(6, 8)}`;
}
