import type { Dataset } from '../../dicom/index.js';
import { readNumber, readSequence } from './header-read.js';

/**
 * The items of a functional group macro in an enhanced multi-frame object
 * (PS3.3 C.7.6.16): from the Shared Functional Groups Sequence (5200,9229)
 * when there, else from the first frame's item of the Per-Frame Functional
 * Groups Sequence (5200,9230). The catalog describes an instance by one
 * value, so the first frame stands for the rest when values vary by frame.
 */
export function functionalGroup(dataset: Dataset, macroKeyword: string): readonly Dataset[] {
  for (const groups of ['SharedFunctionalGroupsSequence', 'PerFrameFunctionalGroupsSequence']) {
    const first = readSequence(dataset, groups)[0];
    if (first === undefined) continue;
    const items = readSequence(first, macroKeyword);
    if (items.length > 0) return items;
  }
  return [];
}

/** A single number from a functional group macro's first item, e.g. SliceThickness in the Pixel Measures macro. */
export function functionalGroupNumber(
  dataset: Dataset,
  macroKeyword: string,
  keyword: string,
): number | null {
  const item = functionalGroup(dataset, macroKeyword)[0];
  return item === undefined ? null : readNumber(item, keyword);
}
