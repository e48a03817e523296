import { ageInYears, epochDay, formatAs, formatDa, type EpochDay } from './dicom-date.js';
import type { SeededRandom } from './seeded-random.js';

/**
 * Made-up identities for synthetic studies. Every name, number and address is
 * invented by combining common given and family names with fictitious
 * places; none is meant to match a real person or institution. They are
 * realistic in form so that de-identification has something to remove.
 */

/** The Specific Character Set (0008,0005) a study is written in; 'default' omits the element (ISO-IR 6). */
export type CharacterSetChoice = 'default' | 'ISO_IR 100' | 'ISO_IR 192';

const FAMILY_ASCII = [
  'HARTLEY',
  'OKAFOR',
  'LINDQVIST',
  'MOREAU',
  'BRENNAN',
  'NAKAMURA',
  'CASTILLO',
  'NOVAK',
  'FISCHER',
  'WALSH',
  'DUARTE',
  'PETROV',
  'HADDAD',
  'KOWALSKI',
  'OSEI',
  'WHITFIELD',
  'RAMIREZ',
  'BAUER',
  'SATO',
  'KAUR',
  'ABERNATHY',
  'QUINLAN',
  'VASQUEZ',
  'ECKHART',
  'MBEKI',
  'FAIRWEATHER',
  'TANAKA',
  'OYELARAN',
  'DRISCOLL',
  'HOLLOWAY',
];
const GIVEN_MALE_ASCII = [
  'JAMES',
  'OLIVER',
  'SAMUEL',
  'DANIEL',
  'KWAME',
  'MATEO',
  'LUCAS',
  'ARJUN',
  'HENRY',
  'TOBIAS',
  'ELIJAH',
  'YUSUF',
  'PETER',
  'CALLUM',
];
const GIVEN_FEMALE_ASCII = [
  'EMMA',
  'AMARA',
  'SOFIA',
  'GRACE',
  'HANNAH',
  'PRIYA',
  'CHLOE',
  'MAYA',
  'NORA',
  'FATIMA',
  'ISLA',
  'RUTH',
  'LENA',
  'AOIFE',
];
const FAMILY_LATIN1 = [
  'Müller',
  'Lefèvre',
  'Sørensen',
  'García',
  'Núñez',
  'Jäger',
  'Håkansson',
  'Gonçalves',
  'Cortés',
  'Böhm',
  'Ångström',
  'Dubé',
];
const GIVEN_MALE_LATIN1 = [
  'Jürgen',
  'Søren',
  'José',
  'François',
  'Björn',
  'Andrés',
  'Jérôme',
  'Ørjan',
];
const GIVEN_FEMALE_LATIN1 = ['Hélène', 'Zoë', 'Inés', 'Mónica', 'Åsa', 'Chloé', 'Jördis', 'Noémie'];
/** Person names with ideographic and phonetic component groups (PS3.5 section 6.2.1.2), written in UTF-8. */
const NAMES_UTF8: readonly { readonly name: string; readonly sex: 'M' | 'F' }[] = [
  { name: 'Yamada^Tarou=山田^太郎=やまだ^たろう', sex: 'M' },
  { name: 'Satou^Hanako=佐藤^花子=さとう^はなこ', sex: 'F' },
  { name: 'Takahashi^Kenji=高橋^健二=たかはし^けんじ', sex: 'M' },
  { name: 'Wang^XiaoDong=王^小东=', sex: 'M' },
  { name: 'Kim^Minji=김^민지=', sex: 'F' },
  { name: 'Παπαδοπούλου^Ελένη', sex: 'F' },
  { name: 'Иванов^Алексей', sex: 'M' },
];

const INSTITUTIONS: readonly {
  readonly name: string;
  readonly address: string;
  readonly issuer: string;
}[] = [
  {
    name: 'St. Aldric General Hospital',
    address: '4417 Alder Crest Blvd, Northbrook ZZ 99012',
    issuer: 'SAGH',
  },
  {
    name: 'Northbrook Valley Medical Center',
    address: '18 Quarry Lane, Northbrook ZZ 99020',
    issuer: 'NVMC',
  },
  {
    name: 'Riverside Imaging Institute',
    address: '902 Tidewater Rd, Port Evelyn ZZ 99144',
    issuer: 'RII',
  },
  { name: 'Klinikum Lindenfeld', address: 'Birkenallee 12, 99999 Lindenfeld', issuer: 'KLF' },
  { name: 'Kirkwall Bay Infirmary', address: '3 Harbour Row, Kirkwall Bay ZZ9 4QX', issuer: 'KBI' },
  {
    name: 'Maplecrest Regional Clinic',
    address: '77 Orchard Way, Maplecrest ZZ 99301',
    issuer: 'MRC',
  },
];
const INSTITUTIONS_LATIN1: readonly {
  readonly name: string;
  readonly address: string;
  readonly issuer: string;
}[] = [
  { name: 'Hôpital Saint-Bérenger', address: '5 rue des Tilleuls, 99000 Vérac', issuer: 'HSB' },
  {
    name: 'Hospital Universitario Valdemora',
    address: 'Calle Mayor 41, 99800 Valdemora',
    issuer: 'HUV',
  },
];
const DEPARTMENTS = [
  'Radiology',
  'Diagnostic Imaging',
  'Emergency Radiology',
  'Neuroradiology',
  'Body Imaging',
];
const STREETS = [
  'Willow St',
  'Harbour View',
  'Elm Court',
  'Foxglove Rd',
  'Station Rd',
  'Larkspur Ave',
  'Mill Lane',
];
const TOWNS = ['Northbrook', 'Port Evelyn', 'Maplecrest', 'Kirkwall Bay', 'Ashdown'];

/** A made-up patient, with the values as the Patient and Patient Study modules hold them (PS3.3 C.7.1.1, C.7.2.2). */
export interface FakePatient {
  /** PN value, possibly with ideographic and phonetic groups. */
  readonly name: string;
  /** A medical record number. */
  readonly id: string;
  readonly issuerOfId: string;
  readonly birthDate: string;
  readonly sex: 'M' | 'F';
  /** AS value at the study date (`063Y`). */
  readonly age: string;
  readonly sizeM: number;
  readonly weightKg: number;
  /** Other identifiers: an MRN from another site and a national-style number. */
  readonly otherIds: readonly { readonly id: string; readonly issuer: string }[];
  readonly address: string | undefined;
  readonly telephone: string | undefined;
}

/** The place and people of a made-up study. */
export interface FakeCareSetting {
  readonly institutionName: string;
  readonly institutionAddress: string;
  readonly department: string;
  readonly referringPhysician: string;
  readonly performingPhysician: string;
  readonly readingPhysician: string;
  readonly operators: readonly string[];
  readonly accessionNumber: string;
  readonly studyId: string;
  readonly requestedProcedureId: string;
}

function personName(random: SeededRandom, charset: CharacterSetChoice, sex: 'M' | 'F'): string {
  if (charset === 'ISO_IR 192' && random.chance(0.7)) {
    const candidates = NAMES_UTF8.filter((n) => n.sex === sex);
    return random.pick(candidates).name;
  }
  if (charset !== 'default' && random.chance(0.6)) {
    const given = random.pick(sex === 'M' ? GIVEN_MALE_LATIN1 : GIVEN_FEMALE_LATIN1);
    return `${random.pick(FAMILY_LATIN1)}^${given}`;
  }
  const given = random.pick(sex === 'M' ? GIVEN_MALE_ASCII : GIVEN_FEMALE_ASCII);
  const middle = random.chance(0.4) ? `^${String.fromCharCode(65 + random.int(0, 25))}` : '';
  return `${random.pick(FAMILY_ASCII)}^${given}${middle}`;
}

/** A physician name as PACS hold them: family^given^^prefix, sometimes with a title. */
function fakePhysicianName(random: SeededRandom): string {
  const sex = random.chance(0.5) ? 'M' : 'F';
  const given = random.pick(sex === 'M' ? GIVEN_MALE_ASCII : GIVEN_FEMALE_ASCII);
  const family = random.pick(FAMILY_ASCII);
  return random.chance(0.5) ? `${family}^${given}^^Dr` : `${family}^${given.charAt(0)}`;
}

/** Makes up a patient for a study on `studyDay`. */
export function fakePatient(
  random: SeededRandom,
  charset: CharacterSetChoice,
  studyDay: EpochDay,
  issuer: string,
): FakePatient {
  const sex = random.chance(0.5) ? 'M' : 'F';
  const years = random.int(19, 89);
  const birthDay = studyDay - Math.round(years * 365.25) - random.int(0, 364);
  // SSN-like numbers with area 9xx are never issued: an obviously fake national number.
  const national = `9${random.digits(2)}-${random.digits(2)}-${random.digits(4)}`;
  const sizeM =
    Math.round((sex === 'M' ? random.float(1.62, 1.95) : random.float(1.5, 1.8)) * 100) / 100;
  return {
    name: personName(random, charset, sex),
    id: random.chance(0.5) ? `MRN${random.digits(7)}` : random.digits(8),
    issuerOfId: issuer,
    birthDate: formatDa(birthDay),
    sex,
    age: formatAs(ageInYears(birthDay, studyDay)),
    sizeM,
    weightKg: Math.round(sizeM * sizeM * random.float(19, 33)),
    otherIds: [
      { id: `${random.pick(['X', 'H', 'Q'])}${random.digits(6)}`, issuer: 'REGIONAL-EMPI' },
      { id: national, issuer: 'NATIONAL-ID' },
    ],
    address: random.chance(0.6)
      ? `${random.int(1, 999)} ${random.pick(STREETS)}, ${random.pick(TOWNS)} ZZ 99${random.digits(3)}`
      : undefined,
    telephone: random.chance(0.4) ? `(555) 01${random.digits(2)}-${random.digits(4)}` : undefined,
  };
}

/** Makes up where a study happened and who was involved. */
export function fakeCareSetting(
  random: SeededRandom,
  charset: CharacterSetChoice,
): FakeCareSetting & { readonly issuer: string } {
  const institution =
    charset !== 'default' && random.chance(0.5)
      ? random.pick(INSTITUTIONS_LATIN1)
      : random.pick(INSTITUTIONS);
  const operators = [1, 2]
    .slice(0, random.int(1, 2))
    .map(() =>
      random.chance(0.5)
        ? fakePhysicianName(random).split('^').slice(0, 2).join('^')
        : `${String.fromCharCode(65 + random.int(0, 25), 65 + random.int(0, 25), 65 + random.int(0, 25))}`,
    );
  return {
    institutionName: institution.name,
    institutionAddress: institution.address,
    issuer: institution.issuer,
    department: random.pick(DEPARTMENTS),
    referringPhysician: fakePhysicianName(random),
    performingPhysician: fakePhysicianName(random),
    readingPhysician: fakePhysicianName(random),
    operators,
    accessionNumber: random.chance(0.5)
      ? `A${random.digits(9)}`
      : `RAD${random.digits(2)}-${random.digits(6)}`,
    studyId: String(random.int(1000, 99999)),
    requestedProcedureId: `RP${random.digits(7)}`,
  };
}

/** A study day between 2018 and 2024. */
export function fakeStudyDay(random: SeededRandom): EpochDay {
  return random.int(epochDay(2018, 1, 1), epochDay(2024, 12, 31));
}
