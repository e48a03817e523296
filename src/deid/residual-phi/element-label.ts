import {
  formatTag,
  isPrivateCreatorTag,
  isPrivateTag,
  lookupTag,
  tagElement,
  tagGroup,
  type Dataset,
  type Tag,
} from '../../dicom/index.js';

function hex(value: number, digits: number): string {
  return value.toString(16).toUpperCase().padStart(digits, '0');
}

/**
 * One element as a path component: `(0008,1030)` for public elements and
 * private creators, `(0029,"SIEMENS CSA HEADER",10)` for private elements
 * (creator and element byte, so the same element reads the same whichever
 * block it sits in; PS3.5 section 7.8.1), `(0029,1010)` when the block has
 * no creator.
 */
export function elementComponent(dataset: Dataset, tag: Tag): string {
  if (!isPrivateTag(tag) || isPrivateCreatorTag(tag)) return formatTag(tag);
  const creator = dataset.privateCreatorOf(tag);
  if (creator === undefined) return formatTag(tag);
  return `(${hex(tagGroup(tag), 4)},"${creator}",${hex(tagElement(tag) & 0xff, 2)})`;
}

/** A path with the leaf's keyword appended when it is a public element: `(0040,0275)[0]/(0032,1060) RequestedProcedureDescription`. */
export function labelWithKeyword(path: string, tag: Tag): string {
  if (isPrivateTag(tag)) return path;
  const keyword = lookupTag(tag)?.keyword;
  return keyword === undefined || keyword === '' ? path : `${path} ${keyword}`;
}
