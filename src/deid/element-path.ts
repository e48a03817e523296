import { formatTag, tagElement, tagGroup, type Tag } from '../dicom/index.js';

/**
 * One step of an element path. `display` is for the log (upper-case tags,
 * `[n]` item numbers); `signature` is the TCIA private-tag knowledge base form
 * used to match safe private elements (lower-case hex, private elements by
 * creator and element byte, item numbers left out).
 */
export interface PathStep {
  readonly display: string;
  readonly signature: string;
}

export function pathStep(tag: Tag, creator: string | undefined): PathStep {
  const group = tagGroup(tag);
  if (creator !== undefined) {
    const groupHex = group.toString(16).padStart(4, '0');
    const byteHex = (tagElement(tag) & 0xff).toString(16).padStart(2, '0');
    return {
      display: `(${groupHex.toUpperCase()},"${creator}",${byteHex.toUpperCase()})`,
      signature: `(${groupHex},"${creator}",${byteHex})`,
    };
  }
  const display = formatTag(tag);
  return { display, signature: display.toLowerCase() };
}
