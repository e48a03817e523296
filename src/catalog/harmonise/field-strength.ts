import type { Dataset } from '../../dicom/index.js';
import { readNumber } from './header-read.js';

/** Above this a Magnetic Field Strength cannot be tesla; some vendors write gauss. */
const MAX_TESLA = 100;
const GAUSS_PER_TESLA = 10_000;

/**
 * A Magnetic Field Strength value in tesla. The attribute is in tesla (PS3.3
 * C.8.3.1, (0018,0087)), but some consoles write gauss: values above 100 are
 * read as gauss (15000 → 1.5). Preclinical magnets reach about 21 T, so
 * values up to 100 are kept as tesla. Zero, negative and garbage give null.
 */
export function fieldStrengthTesla(value: number | null): number | null {
  if (value === null || !Number.isFinite(value) || value <= 0) return null;
  return value > MAX_TESLA ? value / GAUSS_PER_TESLA : value;
}

/** Magnetic Field Strength (0018,0087) in tesla, or null. */
export function harmoniseFieldStrength(dataset: Dataset): number | null {
  return fieldStrengthTesla(readNumber(dataset, 'MagneticFieldStrength'));
}
