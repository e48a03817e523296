import type { Dataset } from './dataset.js';
import { lookupPrivate, lookupTag } from './dictionary.js';
import { isPrivateCreatorTag, tagElement, tagGroup, type Tag } from './tag.js';
import type { Vr } from './vr.js';

/**
 * The VR of an element read in implicit VR (PS3.5 section 7.1.3): from the data
 * dictionary, or for private elements from the private dictionary of the
 * element's private creator (PS3.5 section 7.8.1); UN when neither knows it.
 */
export function implicitVr(dataset: Dataset, tag: Tag): Vr {
  if (tagGroup(tag) & 1) {
    if (tagElement(tag) === 0) return 'UL';
    if (isPrivateCreatorTag(tag)) return 'LO';
    const creator = dataset.privateCreatorOf(tag);
    if (creator !== undefined) {
      const entry = lookupPrivate(creator, tag);
      if (entry !== undefined) return entry.vr;
    }
    return 'UN';
  }
  const entry = lookupTag(tag);
  if (entry === undefined) return 'UN';
  return entry.vrs.length > 1 ? resolveAmbiguousVr(dataset, entry.vrs) : entry.vr;
}

/**
 * Picks one VR where the dictionary allows several and implicit VR gives no
 * VR (PS3.5 Annex A.1; the rules pydicom and dcmtk apply): pixel and overlay
 * data are OW, `US or SS` follows Pixel Representation.
 */
function resolveAmbiguousVr(dataset: Dataset, vrs: readonly Vr[]): Vr {
  // Implicit VR Pixel Data and overlay data are OW whatever Bits Allocated (PS3.5 A.1).
  if (vrs.includes('OW') && vrs.includes('OB')) return 'OW';
  if (vrs.includes('US') && vrs.includes('SS')) {
    return inheritedNumber(dataset, 0x00280103) === 1 ? 'SS' : 'US';
  }
  if (vrs.includes('US') && vrs.includes('OW')) return 'OW';
  return vrs[0] ?? 'UN';
}

function inheritedNumber(dataset: Dataset, tag: Tag): number | undefined {
  for (let ds: Dataset | undefined = dataset; ds !== undefined; ds = ds.parent) {
    if (ds.elements.has(tag)) return ds.number(tag);
  }
  return undefined;
}
