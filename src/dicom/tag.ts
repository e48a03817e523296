/**
 * A data element tag as one unsigned 32-bit number: group in the high 16 bits,
 * element in the low 16 (PS3.5 section 7.1.1).
 */
export type Tag = number;

/** Builds a tag from its group and element numbers. */
export function makeTag(group: number, element: number): Tag {
  return ((group & 0xffff) * 0x10000 + (element & 0xffff)) >>> 0;
}

export function tagGroup(tag: Tag): number {
  return tag >>> 16;
}

export function tagElement(tag: Tag): number {
  return tag & 0xffff;
}

/** `(GGGG,EEEE)` in upper-case hex, the form PS3.6 uses. */
export function formatTag(tag: Tag): string {
  const hex = tag.toString(16).toUpperCase().padStart(8, '0');
  return `(${hex.slice(0, 4)},${hex.slice(4)})`;
}

/** `GGGGEEEE` in upper-case hex, the key form of the DICOM JSON model (PS3.18 F.2.1.1). */
export function tagHex(tag: Tag): string {
  return tag.toString(16).toUpperCase().padStart(8, '0');
}

/** Parses `GGGGEEEE`, `(GGGG,EEEE)` or `GGGG,EEEE`; returns undefined when it is not a tag. */
export function parseTag(text: string): Tag | undefined {
  const hex = text.replace(/[(),\s]/g, '');
  if (!/^[0-9a-fA-F]{8}$/.test(hex)) return undefined;
  return Number.parseInt(hex, 16) >>> 0;
}

/** Private data elements have an odd group number (PS3.5 section 7.8). */
export function isPrivateTag(tag: Tag): boolean {
  return (tagGroup(tag) & 1) === 1;
}

/** Private creator elements are (gggg,0010-00FF) in an odd group (PS3.5 section 7.8.1). */
export function isPrivateCreatorTag(tag: Tag): boolean {
  const element = tagElement(tag);
  return isPrivateTag(tag) && element >= 0x10 && element <= 0xff;
}

/** The private creator element that reserves the block of a private element (gggg,xxEE → gggg,00xx). */
export function privateCreatorTagOf(tag: Tag): Tag | undefined {
  if (!isPrivateTag(tag)) return undefined;
  const block = tagElement(tag) >>> 8;
  if (block < 0x10) return undefined;
  return makeTag(tagGroup(tag), block);
}

export const ITEM_TAG: Tag = 0xfffee000;
export const ITEM_DELIMITATION_TAG: Tag = 0xfffee00d;
export const SEQUENCE_DELIMITATION_TAG: Tag = 0xfffee0dd;
export const PIXEL_DATA_TAG: Tag = 0x7fe00010;
export const FLOAT_PIXEL_DATA_TAG: Tag = 0x7fe00008;
export const DOUBLE_FLOAT_PIXEL_DATA_TAG: Tag = 0x7fe00009;
export const SPECIFIC_CHARACTER_SET_TAG: Tag = 0x00080005;
export const TRANSFER_SYNTAX_UID_TAG: Tag = 0x00020010;
