import { Dataset, describeTag, rawString, type DataElement, type Fragment } from './dataset.js';
import { lookupTag } from './dictionary.js';
import { DicomError, type DicomWarning } from './dicom-error.js';
import {
  formatTag,
  ITEM_DELIMITATION_TAG,
  ITEM_TAG,
  PIXEL_DATA_TAG,
  SEQUENCE_DELIMITATION_TAG,
  tagGroup,
  type Tag,
} from './tag.js';
import { implicitVr } from './implicit-vr.js';
import { checkValueConformance } from './value-conformance.js';
import { hasLongLength, isVr, type Vr } from './vr.js';

const UNDEFINED_LENGTH = 0xffffffff;
/** Nesting deeper than this is treated as corrupt input rather than recursed into. */
const MAX_DEPTH = 64;

/** Raised when a prefix of a file was parsed and the parser needs more of it. */
export class NeedMoreBytes extends Error {
  override readonly name = 'NeedMoreBytes';
  constructor(readonly needed: number) {
    super(`need ${needed} bytes`);
  }
}

export interface DatasetParseOptions {
  readonly littleEndian: boolean;
  readonly explicitVr: boolean;
  /** Where to start in `bytes`. */
  readonly start: number;
  /** Stop (without reading it) at the first top-level element whose tag is ≥ this. */
  readonly stopAtTag?: Tag;
  /** Stop at the first top-level element outside this group (used for the meta header). */
  readonly groupOnly?: number;
  /** The transfer syntax encapsulates pixel data; undefined-length pixel data elsewhere is warned about. */
  readonly encapsulatedPixelData?: boolean;
  /** Check IS, DS and UI values and fixed-size lengths, warning on nonconformance (default true). */
  readonly validateValues?: boolean;
  /**
   * When `bytes` is only a prefix of the stream, the stream's full length: reads
   * past the prefix throw NeedMoreBytes instead of a truncation error, and a
   * top-level value that lies beyond the prefix is kept as a reference to the file.
   */
  readonly streamLength?: number;
  /** Added to offsets in error messages (e.g. where the inflated stream begins). */
  readonly reportOffsetBase?: number;
  readonly warnings: DicomWarning[];
}

interface Cursor {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  readonly le: boolean;
  readonly explicit: boolean;
  /** Bytes available in `bytes`. */
  readonly available: number;
  /** Length of the whole stream (≥ available). */
  readonly streamLength: number;
  readonly stopAtTag: Tag;
  readonly groupOnly: number;
  readonly encapsulated: boolean;
  readonly validate: boolean;
  readonly warnings: DicomWarning[];
  readonly reportBase: number;
}

/** Result of parsing a data set: where it ended, and whether it stopped early at `stopAtTag`. */
export interface DatasetParseResult {
  readonly dataset: Dataset;
  readonly end: number;
  readonly stoppedAt: Tag | undefined;
}

/**
 * Parses a data set (PS3.5 section 7) from `bytes`, starting at `options.start`,
 * to the end of the stream. Element values are not copied or decoded.
 */
export function parseDataset(bytes: Uint8Array, options: DatasetParseOptions): DatasetParseResult {
  const cursor: Cursor = {
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    le: options.littleEndian,
    explicit: options.explicitVr,
    available: bytes.length,
    streamLength: options.streamLength ?? bytes.length,
    stopAtTag: options.stopAtTag ?? 0xffffffff,
    groupOnly: options.groupOnly ?? -1,
    encapsulated: options.encapsulatedPixelData ?? true,
    validate: options.validateValues ?? true,
    warnings: options.warnings,
    reportBase: options.reportOffsetBase ?? 0,
  };
  const dataset = new Dataset(options.littleEndian);
  const state = { stoppedAt: undefined as Tag | undefined };
  const end = parseElements(cursor, dataset, options.start, cursor.streamLength, false, 0, state);
  return { dataset, end, stoppedAt: state.stoppedAt };
}

function truncated(
  cursor: Cursor,
  offset: number,
  tag: Tag | undefined,
  detail: string,
): DicomError {
  const context: { offset: number; element?: string } = { offset: offset + cursor.reportBase };
  if (tag !== undefined) context.element = describeTag(tag);
  return new DicomError('DICOM_TRUNCATED', detail, context);
}

/** Ensures `count` bytes from `pos` are in memory, or says why not. */
function need(
  cursor: Cursor,
  pos: number,
  count: number,
  tag: Tag | undefined,
  what: string,
): void {
  const end = pos + count;
  if (end <= cursor.available) return;
  if (end <= cursor.streamLength) throw new NeedMoreBytes(end);
  throw truncated(
    cursor,
    pos,
    tag,
    `${what}: needs ${count} bytes but the data ends after ${Math.max(0, cursor.streamLength - pos)}`,
  );
}

function readTag(cursor: Cursor, pos: number): Tag {
  const group = cursor.view.getUint16(pos, cursor.le);
  const element = cursor.view.getUint16(pos + 2, cursor.le);
  return group * 0x10000 + element;
}

function isUpper(byte: number): boolean {
  return byte >= 0x41 && byte <= 0x5a;
}

/**
 * Parses elements from `pos` until `end`, or until an item delimiter when
 * `delimited` (an undefined-length item). Returns the position after the last
 * element (after the delimiter, when one closed the item).
 */
function parseElements(
  cursor: Cursor,
  dataset: Dataset,
  start: number,
  end: number,
  delimited: boolean,
  depth: number,
  state: { stoppedAt: Tag | undefined },
): number {
  if (depth > MAX_DEPTH) {
    throw new DicomError('DICOM_MALFORMED', `sequences nested deeper than ${MAX_DEPTH} levels`, {
      offset: start + cursor.reportBase,
    });
  }
  let pos = start;
  let lastTag = -1;
  while (pos < end) {
    // A few trailing padding bytes after the last element are common; they are not an element.
    if (end - pos < 8 && !delimited) {
      if (pos + (end - pos) > cursor.available) throw new NeedMoreBytes(end);
      if (depth === 0) {
        cursor.warnings.push({
          code: 'TRAILING_BYTES',
          message: `${end - pos} bytes after the last element ignored`,
          offset: pos + cursor.reportBase,
        });
      }
      return end;
    }
    need(cursor, pos, 8, undefined, 'element header');
    const tag = readTag(cursor, pos);

    if (tag === ITEM_DELIMITATION_TAG) {
      if (delimited) return pos + 8;
      cursor.warnings.push({
        code: 'STRAY_DELIMITER',
        message: 'item delimitation item outside an item ignored',
        offset: pos + cursor.reportBase,
      });
      pos += 8;
      continue;
    }
    if (tag === SEQUENCE_DELIMITATION_TAG) {
      if (delimited) {
        // An undefined-length item closed by a sequence delimiter: the item
        // delimiter is missing. Leave the delimiter for the sequence to consume.
        cursor.warnings.push({
          code: 'MISSING_ITEM_DELIMITER',
          message: 'item ended by a sequence delimiter',
          offset: pos + cursor.reportBase,
        });
        return pos;
      }
      if (depth > 0) return pos;
      cursor.warnings.push({
        code: 'STRAY_DELIMITER',
        message: 'sequence delimitation item outside a sequence ignored',
        offset: pos + cursor.reportBase,
      });
      pos += 8;
      continue;
    }
    if (tag === ITEM_TAG && depth > 0) {
      // A new item starts while this one has not been closed: the delimiter was lost.
      cursor.warnings.push({
        code: 'MISSING_ITEM_DELIMITER',
        message: 'item not closed before the next item',
        offset: pos + cursor.reportBase,
      });
      return pos;
    }
    if (depth === 0 && cursor.groupOnly >= 0 && tagGroup(tag) !== cursor.groupOnly) {
      state.stoppedAt = tag;
      return pos;
    }
    if (depth === 0 && tag >= cursor.stopAtTag) {
      state.stoppedAt = tag;
      recordBulkReference(cursor, dataset, pos, tag);
      return pos;
    }
    if (tag < lastTag && tagGroup(tag) !== 0xfffe) {
      cursor.warnings.push({
        code: 'TAG_ORDER',
        message: `${formatTag(tag)} follows ${formatTag(lastTag)}: elements out of order`,
        offset: pos + cursor.reportBase,
      });
    }
    lastTag = tag;
    pos = parseElement(cursor, dataset, pos, tag, end, depth, state);
  }
  if (delimited && depth > 0 && pos >= cursor.streamLength) {
    cursor.warnings.push({
      code: 'MISSING_ITEM_DELIMITER',
      message: 'data ends inside an undefined-length item',
      offset: pos + cursor.reportBase,
    });
  }
  return pos;
}

function parseElement(
  cursor: Cursor,
  dataset: Dataset,
  start: number,
  tag: Tag,
  end: number,
  depth: number,
  state: { stoppedAt: Tag | undefined },
): number {
  let pos = start + 4;
  let vr: Vr;
  let length: number;
  const { bytes, view, le } = cursor;
  let explicitHere = cursor.explicit;
  if (explicitHere) {
    const c0 = bytes[pos] ?? 0;
    const c1 = bytes[pos + 1] ?? 0;
    if (isUpper(c0) && isUpper(c1)) {
      const text = String.fromCharCode(c0, c1);
      if (isVr(text)) {
        vr = text;
        if (hasLongLength(vr)) {
          need(cursor, pos, 8, tag, 'element header');
          length = view.getUint32(pos + 4, le);
          pos += 8;
        } else {
          length = view.getUint16(pos + 2, le);
          pos += 4;
        }
      } else {
        // An unknown VR in explicit VR: PS3.5 section 6.2 says treat it as UN.
        // Toolkits read a 2-byte length after it; so do we, and say so.
        cursor.warnings.push({
          code: 'UNKNOWN_VR',
          message: `unknown VR '${text}' read as UN`,
          offset: start + cursor.reportBase,
          element: describeTag(tag),
        });
        vr = 'UN';
        length = view.getUint16(pos + 2, le);
        pos += 4;
      }
    } else {
      // Not a VR at all: this element is encoded implicitly (a known producer bug).
      cursor.warnings.push({
        code: 'IMPLICIT_IN_EXPLICIT',
        message: 'element without an explicit VR read as implicit VR',
        offset: start + cursor.reportBase,
        element: describeTag(tag),
      });
      explicitHere = false;
      vr = implicitVr(dataset, tag);
      length = view.getUint32(pos, le);
      pos += 4;
    }
  } else {
    vr = implicitVr(dataset, tag);
    length = view.getUint32(pos, le);
    pos += 4;
  }

  if (length === UNDEFINED_LENGTH) {
    if (tag === PIXEL_DATA_TAG) {
      if (!cursor.encapsulated && depth === 0) {
        cursor.warnings.push({
          code: 'ENCAPSULATED_IN_NATIVE',
          message:
            'pixel data has undefined length (encapsulated) but the transfer syntax is native',
          offset: start + cursor.reportBase,
          element: describeTag(tag),
        });
      }
      return parseEncapsulated(cursor, dataset, start, pos, tag, vr);
    }
    // SQ, UN with undefined length (a sequence in implicit VR LE, PS3.5 section 6.2.2),
    // or a non-SQ VR with undefined length that in practice holds items.
    const implicitItems = vr === 'UN' || !explicitHere;
    if (vr === 'UN') {
      // CP-246: a UN of undefined length is a sequence encoded in implicit VR little endian.
      cursor.warnings.push({
        code: 'UN_UNDEFINED_LENGTH',
        message:
          'UN element with undefined length read as a sequence in implicit VR little endian (CP-246)',
        offset: start + cursor.reportBase,
        element: describeTag(tag),
      });
    }
    if (vr !== 'SQ' && vr !== 'UN') {
      cursor.warnings.push({
        code: 'UNDEFINED_LENGTH_NON_SQ',
        message: `${vr} element with undefined length read as a sequence`,
        offset: start + cursor.reportBase,
        element: describeTag(tag),
      });
    }
    const items: Dataset[] = [];
    const after = parseSequence(
      cursor,
      dataset,
      pos,
      cursor.streamLength,
      true,
      depth,
      items,
      implicitItems && vr === 'UN',
      tag,
      state,
    );
    dataset.set({
      tag,
      vr: vr === 'UN' && lookupTag(tag)?.vr === 'SQ' ? 'SQ' : vr === 'UN' ? 'SQ' : vr,
      bytes,
      offset: pos,
      length: after.contentEnd - pos,
      undefinedLength: true,
      items,
    });
    return after.next;
  }

  const valueEnd = pos + length;
  if (valueEnd > end && end < cursor.streamLength) {
    throw new DicomError(
      'DICOM_MALFORMED',
      `value of ${length} bytes runs past the end of its enclosing item`,
      {
        offset: start + cursor.reportBase,
        element: describeTag(tag),
      },
    );
  }
  if (valueEnd > cursor.streamLength) {
    throw truncated(
      cursor,
      start,
      tag,
      `value length ${length} runs past the end of the data (${cursor.streamLength - pos} bytes left)`,
    );
  }

  if (vr === 'SQ' && !explicitHere && length > 0) {
    // Implicit VR takes SQ from today's dictionary, but older files may use the
    // tag with its retired meaning (e.g. (0040,A170) was CS). A sequence value
    // starts with an item; when it does not, keep the bytes as UN, as dcm4che does.
    need(cursor, pos, Math.min(length, 4), tag, 'sequence');
    const first = length >= 4 ? readTag(cursor, pos) : 0;
    if (first !== ITEM_TAG && first !== SEQUENCE_DELIMITATION_TAG) {
      cursor.warnings.push({
        code: 'IMPLICIT_SQ_NOT_ITEMS',
        message: 'dictionary VR is SQ but the value holds no items: kept as UN',
        offset: start + cursor.reportBase,
        element: describeTag(tag),
      });
      vr = 'UN';
    }
  }

  if (vr === 'SQ' || (vr === 'UN' && lookupTag(tag)?.vr === 'SQ' && length > 0 && explicitHere)) {
    need(cursor, pos, length, tag, 'sequence');
    if (vr === 'UN') {
      cursor.warnings.push({
        code: 'UN_AS_SEQUENCE',
        message: 'UN element read as a sequence in implicit VR little endian (PS3.5 6.2.2)',
        offset: start + cursor.reportBase,
        element: describeTag(tag),
      });
    }
    const items: Dataset[] = [];
    // UN holding a known sequence is implicit VR little endian inside (PS3.5 section 6.2.2).
    parseSequence(cursor, dataset, pos, valueEnd, false, depth, items, vr === 'UN', tag, state);
    dataset.set({ tag, vr: 'SQ', bytes, offset: pos, length, undefinedLength: false, items });
    return valueEnd;
  }

  need(cursor, pos, length, tag, 'value');
  if (vr === 'UN' && cursor.le && (tagGroup(tag) & 1) === 0) {
    // UN for a standard element: use the dictionary VR, as pydicom and dcmtk do;
    // the bytes are little endian either way (PS3.5 section 6.2.2).
    const known = lookupTag(tag)?.vr;
    if (known !== undefined && known !== 'UN' && known !== 'SQ') vr = known;
  }
  if (cursor.validate) {
    const problem = checkValueConformance(bytes, pos, length, vr);
    if (problem !== undefined) {
      cursor.warnings.push({
        ...problem,
        offset: start + cursor.reportBase,
        element: describeTag(tag),
      });
    }
  }
  dataset.set({ tag, vr, bytes, offset: pos, length, undefinedLength: false });
  return valueEnd;
}

function parseSequence(
  parentCursor: Cursor,
  parent: Dataset,
  start: number,
  end: number,
  delimited: boolean,
  depth: number,
  items: Dataset[],
  implicitLittleEndian: boolean,
  sequenceTag: Tag,
  state: { stoppedAt: Tag | undefined },
): { next: number; contentEnd: number } {
  const cursor: Cursor = implicitLittleEndian
    ? { ...parentCursor, le: true, explicit: false }
    : parentCursor;
  let pos = start;
  while (pos < end) {
    need(cursor, pos, 8, sequenceTag, 'item header');
    const tag = readTag(cursor, pos);
    const length = cursor.view.getUint32(pos + 4, cursor.le);
    if (tag === SEQUENCE_DELIMITATION_TAG) {
      if (delimited) return { next: pos + 8, contentEnd: pos };
      cursor.warnings.push({
        code: 'STRAY_DELIMITER',
        message: 'sequence delimiter inside a defined-length sequence',
        offset: pos + cursor.reportBase,
        element: describeTag(sequenceTag),
      });
      pos += 8;
      continue;
    }
    if (tag === ITEM_DELIMITATION_TAG) {
      cursor.warnings.push({
        code: 'STRAY_DELIMITER',
        message: 'item delimiter between items ignored',
        offset: pos + cursor.reportBase,
        element: describeTag(sequenceTag),
      });
      pos += 8;
      continue;
    }
    if (tag !== ITEM_TAG) {
      if (delimited) {
        // The sequence delimiter is missing and the next element of the
        // enclosing data set follows: end the sequence here (as pydicom and fo-dicom do).
        cursor.warnings.push({
          code: 'MISSING_SEQUENCE_DELIMITER',
          message: `sequence not closed before ${formatTag(tag)}`,
          offset: pos + cursor.reportBase,
          element: describeTag(sequenceTag),
        });
        return { next: pos, contentEnd: pos };
      }
      throw new DicomError(
        'DICOM_MALFORMED',
        `expected an item (FFFE,E000) in the sequence but found ${formatTag(tag)}`,
        {
          offset: pos + cursor.reportBase,
          element: describeTag(sequenceTag),
        },
      );
    }
    const item = new Dataset(cursor.le, parent);
    const itemStart = pos + 8;
    if (length === UNDEFINED_LENGTH) {
      pos = parseElements(cursor, item, itemStart, cursor.streamLength, true, depth + 1, state);
    } else {
      let itemEnd = itemStart + length;
      if (itemEnd > end) {
        // dcmtk and pydicom read such an item up to the end of its sequence; so do we.
        cursor.warnings.push({
          code: 'ITEM_LENGTH_OVERRUN',
          message: `item of ${length} bytes runs ${itemEnd - end} bytes past the end of its sequence: read to the sequence end`,
          offset: pos + cursor.reportBase,
          element: describeTag(sequenceTag),
        });
        itemEnd = end;
      }
      need(cursor, itemStart, itemEnd - itemStart, sequenceTag, 'item');
      parseElements(cursor, item, itemStart, itemEnd, false, depth + 1, state);
      pos = itemEnd;
    }
    items.push(item);
  }
  if (delimited) {
    cursor.warnings.push({
      code: 'MISSING_SEQUENCE_DELIMITER',
      message: 'data ends inside an undefined-length sequence',
      offset: pos + cursor.reportBase,
      element: describeTag(sequenceTag),
    });
  }
  return { next: pos, contentEnd: pos };
}

/**
 * At the element a header read stops at, notes its VR and where its value lies
 * without reading the value, so callers know pixel data is there and where.
 */
function recordBulkReference(cursor: Cursor, dataset: Dataset, pos: number, tag: Tag): void {
  if (pos + 12 > cursor.available) return;
  let vr: Vr = 'OB';
  let length: number;
  let valueStart: number;
  if (cursor.explicit) {
    const text = String.fromCharCode(cursor.bytes[pos + 4] ?? 0, cursor.bytes[pos + 5] ?? 0);
    if (!isVr(text) || !hasLongLength(text)) return;
    vr = text;
    length = cursor.view.getUint32(pos + 8, cursor.le);
    valueStart = pos + 12;
  } else {
    vr = 'OW';
    length = cursor.view.getUint32(pos + 4, cursor.le);
    valueStart = pos + 8;
  }
  dataset.set({
    tag,
    vr,
    bytes: undefined,
    offset: valueStart,
    length: length === UNDEFINED_LENGTH ? 0 : length,
    undefinedLength: length === UNDEFINED_LENGTH,
  });
}

/** Encapsulated pixel data: items until the sequence delimiter (PS3.5 section A.4). */
function parseEncapsulated(
  cursor: Cursor,
  dataset: Dataset,
  elementStart: number,
  start: number,
  tag: Tag,
  vr: Vr,
): number {
  const fragments: Fragment[] = [];
  let pos = start;
  for (;;) {
    if (pos + 8 > cursor.streamLength) {
      throw truncated(
        cursor,
        elementStart,
        tag,
        'encapsulated pixel data not terminated by a sequence delimiter',
      );
    }
    need(cursor, pos, 8, tag, 'fragment header');
    const itemTag = readTag(cursor, pos);
    const length = cursor.view.getUint32(pos + 4, cursor.le);
    if (itemTag === SEQUENCE_DELIMITATION_TAG) {
      dataset.set({
        tag,
        vr,
        bytes: cursor.bytes,
        offset: start,
        length: pos - start,
        undefinedLength: true,
        fragments,
      });
      return pos + 8;
    }
    if (itemTag !== ITEM_TAG) {
      throw new DicomError(
        'DICOM_MALFORMED',
        `expected a fragment item (FFFE,E000) but found ${formatTag(itemTag)}`,
        {
          offset: pos + cursor.reportBase,
          element: describeTag(tag),
        },
      );
    }
    if (length === UNDEFINED_LENGTH || pos + 8 + length > cursor.streamLength) {
      throw truncated(
        cursor,
        pos,
        tag,
        `fragment of ${length === UNDEFINED_LENGTH ? 'undefined' : length} bytes runs past the end of the data`,
      );
    }
    need(cursor, pos + 8, length, tag, 'fragment');
    fragments.push({ offset: pos + 8, length });
    pos += 8 + length;
  }
}

/** Reads the text of a top-level element without character set handling (meta header values). */
export function elementText(dataset: Dataset, tag: Tag): string | undefined {
  const element: DataElement | undefined = dataset.elements.get(tag);
  if (element === undefined) return undefined;
  return rawString(element)
    .replace(/[\0 ]+$/, '')
    .trim();
}
