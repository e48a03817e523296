import { elementNumbers, elementStrings, type DataElement, type Dataset } from './dataset.js';
import { lookupPrivate, lookupTag } from './dictionary.js';
import type { DicomWarning } from './dicom-error.js';
import type { DicomFile } from './part10.js';
import { formatTag, isPrivateCreatorTag, isPrivateTag, PIXEL_DATA_TAG, tagElement } from './tag.js';
import { isStringVr } from './vr.js';

/** How much of each value `formatDump` shows. */
export interface DumpOptions {
  /** Value text longer than this is cut, with `...` (default 64). */
  readonly maxValueChars?: number;
  /** Numbers shown per element before `...` (default 16). */
  readonly maxValues?: number;
  /** Leading bytes of a binary value shown in hex (default 16). */
  readonly binaryPreviewBytes?: number;
}

const INDENT = '  ';

/**
 * A readable listing of a DICOM file in the manner of dcmtk's dcmdump: the
 * File Meta Information, then the data set, one line per element,
 *
 *     (GGGG,EEEE) VR Name [value]  # length, VM
 *
 * where Name is the PS3.6 keyword; for a private element (PS3.5 section 7.8)
 * `"creator" description` from the private dictionary (`?` when unknown), and
 * `PrivateCreator` for the creator element itself. Items of a sequence are
 * indented under it. Text values are cut at `maxValueChars`, long number lists
 * at `maxValues`; binary values show their size and first bytes; pixel data
 * its fragments (PS3.5 A.4); a value a header-only read left in the file shows
 * where it lies. The length is the value length in bytes, `u/l` when undefined
 * (PS3.5 section 7.1.3). Warnings the reader raised close the listing.
 */
export function formatDump(file: DicomFile, options: DumpOptions = {}): string {
  const lines: string[] = [];
  const syntax = file.transferSyntax === undefined ? 'unknown' : file.transferSyntax.name;
  lines.push(`# Transfer Syntax: ${file.transferSyntaxUid} (${syntax})`);
  if (file.hasMeta) {
    lines.push('# File Meta Information');
    dumpDataset(file.meta, 0, options, lines);
  } else {
    lines.push('# File Meta Information: none');
  }
  lines.push(`# Data Set${file.headerOnly ? ' (header only: pixel data not read)' : ''}`);
  dumpDataset(file.dataset, 0, options, lines);
  lines.push(...formatWarnings(file.warnings));
  return `${lines.join('\n')}\n`;
}

/** The reader's warnings as `#` comment lines; none when there are none. */
export function formatWarnings(warnings: readonly DicomWarning[]): string[] {
  if (warnings.length === 0) return [];
  const lines = [`# Warnings (${warnings.length})`];
  for (const w of warnings) {
    const where = [w.offset === undefined ? undefined : `byte ${w.offset}`, w.element].filter(
      (x) => x !== undefined,
    );
    lines.push(`#   ${w.code}: ${w.message}${where.length > 0 ? ` (${where.join(', ')})` : ''}`);
  }
  return lines;
}

function dumpDataset(dataset: Dataset, depth: number, options: DumpOptions, lines: string[]): void {
  for (const tag of dataset.tags()) {
    const element = dataset.elements.get(tag);
    if (element !== undefined) dumpElement(dataset, element, depth, options, lines);
  }
}

function dumpElement(
  dataset: Dataset,
  element: DataElement,
  depth: number,
  options: DumpOptions,
  lines: string[],
): void {
  const pad = INDENT.repeat(depth);
  const head = `${pad}${formatTag(element.tag)} ${element.vr} ${elementName(dataset, element)}`;
  const length = element.undefinedLength ? 'u/l' : String(element.length);
  if (element.items !== undefined) {
    const count = element.items.length;
    lines.push(`${head}  # ${length}, ${count} item${count === 1 ? '' : 's'}`);
    element.items.forEach((item, i) => {
      lines.push(`${pad}${INDENT}(FFFE,E000) Item ${i + 1} of ${count}`);
      dumpDataset(item, depth + 2, options, lines);
    });
    return;
  }
  const { text, vm } = describeValue(dataset, element, options);
  lines.push(`${head} ${text}  # ${length}, ${vm}`);
}

function elementName(dataset: Dataset, element: DataElement): string {
  const { tag } = element;
  if (isPrivateTag(tag)) {
    if (tagElement(tag) === 0x0000) return 'PrivateGroupLength';
    if (isPrivateCreatorTag(tag)) return 'PrivateCreator';
    const creator = dataset.privateCreatorOf(tag);
    if (creator === undefined) return 'PrivateTag (no creator)';
    return `"${creator}" ${lookupPrivate(creator, tag)?.name ?? '?'}`;
  }
  return lookupTag(tag)?.keyword || 'Unknown';
}

function describeValue(
  dataset: Dataset,
  element: DataElement,
  options: DumpOptions,
): { text: string; vm: number } {
  const maxChars = options.maxValueChars ?? 64;
  const maxValues = options.maxValues ?? 16;
  if (element.bytes === undefined) {
    return {
      text: `<not read: ${element.undefinedLength ? 'undefined length' : `${element.length} bytes`} at byte ${element.offset}>`,
      vm: 1,
    };
  }
  if (element.fragments !== undefined) {
    const [table, ...fragments] = element.fragments;
    const bytes = fragments.reduce((sum, f) => sum + f.length, 0);
    const what = element.tag === PIXEL_DATA_TAG ? 'encapsulated pixel data' : 'encapsulated';
    return {
      text: `<${what}: offset table ${table?.length ?? 0} bytes, ${fragments.length} fragment${fragments.length === 1 ? '' : 's'}, ${bytes} bytes>`,
      vm: 1,
    };
  }
  if (element.length === 0) return { text: '(no value)', vm: 0 };
  const { vr } = element;
  if (isStringVr(vr)) {
    // Text VRs (LT, ST, UT, UR) are one value whatever backslashes they hold.
    const values = elementStrings(dataset, element);
    return { text: `[${cut(printable(values.join('\\')), maxChars)}]`, vm: values.length };
  }
  if (
    vr === 'OB' ||
    vr === 'UN' ||
    vr === 'OW' ||
    vr === 'OD' ||
    vr === 'OF' ||
    vr === 'OL' ||
    vr === 'OV'
  ) {
    const preview = element.bytes.subarray(
      element.offset,
      element.offset + Math.min(element.length, options.binaryPreviewBytes ?? 16),
    );
    const hex = Array.from(preview, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const what = element.tag === PIXEL_DATA_TAG ? 'pixel data, ' : '';
    return {
      text: `<${what}${element.length} bytes: ${hex}${preview.length < element.length ? ' ...' : ''}>`,
      vm: 1,
    };
  }
  const numbers = elementNumbers(dataset, element);
  const shown = numbers.slice(0, maxValues).map((n) => (vr === 'AT' ? formatTag(n) : String(n)));
  const more = numbers.length > maxValues ? `\\... (${numbers.length} values)` : '';
  return { text: `[${shown.join('\\')}${more}]`, vm: numbers.length };
}

function printable(text: string): string {
  // Control characters (ISO 2022 escapes, NULs, line breaks in LT/UT) would break the one-line layout.
  return text.replace(/[\u0000-\u001f\u007f]/g, '.');
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}...`;
}
