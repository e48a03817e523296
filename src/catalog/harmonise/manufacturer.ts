import { foldWords } from './fold-text.js';

/**
 * One canonical manufacturer and the Manufacturer (0008,0070) spellings that
 * mean it. Patterns run on folded words in lower case ("G.E. Medical
 * Systems" reads "g e medical systems", "TOSHIBA_MEC" reads "toshiba mec")
 * and are anchored at the start, so a name merely containing a vendor's name
 * is not taken for it.
 */
export interface ManufacturerAlias {
  readonly canonical: string;
  readonly patterns: readonly RegExp[];
  /** Why a name maps to another company's (acquisitions, renames). */
  readonly note?: string;
}

/** The manufacturer table: data, first match wins. */
export const MANUFACTURER_ALIASES: readonly ManufacturerAlias[] = [
  {
    canonical: 'Siemens',
    patterns: [/^siemens\b/, /^acuson\b/],
    note: 'Acuson ultrasound has been part of Siemens since 2000 and still writes ACUSON.',
  },
  {
    canonical: 'GE',
    patterns: [/^ge\b/, /^g e\b/, /^gems\b/, /^gehc\b/, /^general electric\b/, /^oec\b/],
    note: 'GEMS is GE Medical Systems; OEC (C-arms) was bought by GE in 1999.',
  },
  {
    canonical: 'Philips',
    patterns: [/^philips\b/, /^adac\b/, /^marconi\b/, /^picker\b/],
    note: 'ADAC (nuclear medicine) and Marconi Medical, formerly Picker, were bought by Philips in 2000-2001.',
  },
  {
    canonical: 'Canon',
    patterns: [/^canon\b/, /^toshiba\b/],
    note: 'Toshiba Medical Systems became Canon Medical Systems in January 2018; older scanners still write TOSHIBA (or TOSHIBA_MEC).',
  },
  {
    canonical: 'Fujifilm',
    patterns: [/^fujifilm\b/, /^fuji\b/, /^sonosite\b/],
    note: 'FUJI PHOTO FILM is the pre-2006 company name; SonoSite was bought by Fujifilm in 2012.',
  },
  { canonical: 'Agfa', patterns: [/^agfa\b/] },
  {
    canonical: 'Hologic',
    patterns: [/^hologic\b/, /^lorad\b/],
    note: 'Lorad is a Hologic mammography brand.',
  },
  {
    canonical: 'Carestream',
    patterns: [/^carestream\b/, /^kodak\b/, /^eastman kodak\b/],
    note: 'Kodak Health Group was sold in 2007 and became Carestream Health.',
  },
  {
    canonical: 'Hitachi',
    patterns: [/^hitachi\b/, /^aloka\b/],
    note: 'Aloka (ultrasound) merged into Hitachi Aloka Medical in 2011. Hitachi sold its imaging business to Fujifilm in 2021; files still say Hitachi, and so does the catalog.',
  },
  {
    canonical: 'Samsung',
    patterns: [/^samsung\b/, /^medison\b/],
    note: 'Medison (ultrasound) became Samsung Medison in 2011.',
  },
  {
    canonical: 'United Imaging',
    patterns: [/^uih\b/, /^united imaging\b/, /^shanghai united imaging\b/],
  },
  { canonical: 'Konica Minolta', patterns: [/^konica\b/, /^minolta\b/] },
  { canonical: 'Varian', patterns: [/^varian\b/] },
  {
    canonical: 'Elekta',
    patterns: [/^elekta\b/, /^impac\b/],
    note: 'IMPAC Medical Systems (MOSAIQ) was bought by Elekta in 2005.',
  },
  { canonical: 'Bruker', patterns: [/^bruker\b/] },
  { canonical: 'Esaote', patterns: [/^esaote\b/] },
  { canonical: 'Mindray', patterns: [/^mindray\b/, /^shenzhen mindray\b/] },
  { canonical: 'Shimadzu', patterns: [/^shimadzu\b/] },
  { canonical: 'Neusoft', patterns: [/^neusoft\b/] },
  { canonical: 'Planmeca', patterns: [/^planmeca\b/] },
  { canonical: 'Dentsply Sirona', patterns: [/^dentsply\b/, /^sirona\b/] },
  { canonical: 'Vatech', patterns: [/^vatech\b/] },
  { canonical: 'Mediso', patterns: [/^mediso\b/] },
  {
    canonical: 'Accuray',
    patterns: [/^accuray\b/, /^tomotherapy\b/],
    note: 'TomoTherapy was bought by Accuray in 2011.',
  },
  { canonical: 'Brainlab', patterns: [/^brainlab\b/, /^brain lab\b/] },
  { canonical: 'Zeiss', patterns: [/^carl zeiss\b/, /^zeiss\b/] },
  { canonical: 'Heidelberg Engineering', patterns: [/^heidelberg engineering\b/] },
  { canonical: 'Topcon', patterns: [/^topcon\b/] },
  {
    canonical: 'Leica',
    patterns: [/^leica\b/, /^aperio\b/],
    note: 'Aperio was bought by Leica Biosystems in 2012.',
  },
  { canonical: 'Hamamatsu', patterns: [/^hamamatsu\b/] },
  { canonical: '3DHISTECH', patterns: [/^3 ?d ?histech\b/] },
  { canonical: 'Sectra', patterns: [/^sectra\b/] },
  { canonical: 'Planmed', patterns: [/^planmed\b/] },
  { canonical: 'Elscint', patterns: [/^elscint\b/] },
];

/** Every canonical name the table can produce. */
export const CANONICAL_MANUFACTURERS: readonly string[] = MANUFACTURER_ALIASES.map(
  (alias) => alias.canonical,
);

/** The canonical manufacturer a Manufacturer value names, or null when the table does not know it. */
export function canonicalManufacturer(value: string): string | null {
  const words = foldWords(value).toLowerCase();
  if (words === '') return null;
  return (
    MANUFACTURER_ALIASES.find((alias) => alias.patterns.some((pattern) => pattern.test(words)))
      ?.canonical ?? null
  );
}

export interface HarmonisedManufacturer {
  /** Canonical name, else the trimmed original. */
  readonly manufacturer: string | null;
  /** The value as written, trimmed. */
  readonly manufacturerOriginal: string | null;
}

/** Manufacturer (0008,0070) harmonised: canonical when known, the trimmed original otherwise. */
export function harmoniseManufacturer(value: string | null): HarmonisedManufacturer {
  const original = value?.trim() ?? '';
  if (original === '') return { manufacturer: null, manufacturerOriginal: null };
  return {
    manufacturer: canonicalManufacturer(original) ?? original,
    manufacturerOriginal: original,
  };
}
