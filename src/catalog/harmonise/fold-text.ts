/**
 * Text folding for matching free-text header values (descriptions, vendor
 * terms) against vocabularies: accents dropped, camelCase split, upper case.
 * Matching only; the values the catalog shows are never folded.
 */

/** Diacritics removed (NFKD, combining marks dropped), camelCase split into words, upper case. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/(\p{Ll})(\p{Lu})/gu, '$1 $2')
    .toUpperCase();
}

/**
 * Folded words: letters and digits kept, every run of anything else one
 * space, and a digit run split from the letters it touches (`1HEAD_NECK`
 * reads `1 HEAD NECK`, `T2W` reads `T 2 W`).
 */
export function foldWords(text: string): string {
  return foldText(text)
    .replace(/[^A-Z0-9]+/g, ' ')
    .replace(/([A-Z])(?=\d)|(\d)(?=[A-Z])/g, '$1$2 ')
    .trim();
}

/** Folded key with separators ignored: `C-Spine`, `C_SPINE` and `cspine` all give `CSPINE`. */
export function foldKey(text: string): string {
  return foldText(text).replace(/[^A-Z0-9]+/g, '');
}
