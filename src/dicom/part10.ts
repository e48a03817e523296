import { constants as zlibConstants, inflateRawSync, inflateSync } from 'node:zlib';
import { Dataset } from './dataset.js';
import { DicomError, type DicomWarning } from './dicom-error.js';
import { elementText, NeedMoreBytes, parseDataset, type DatasetParseResult } from './parser.js';
import { PIXEL_DATA_TAG, TRANSFER_SYNTAX_UID_TAG, type Tag } from './tag.js';
import {
  EXPLICIT_VR_BIG_ENDIAN,
  EXPLICIT_VR_LITTLE_ENDIAN,
  IMPLICIT_VR_LITTLE_ENDIAN,
  lookupTransferSyntax,
  type TransferSyntax,
} from './transfer-syntax.js';
import { isVr } from './vr.js';

/** A parsed DICOM file or bare data set. */
export interface DicomFile {
  /** File Meta Information (group 0002, PS3.10 section 7.1); empty when the file has none. */
  readonly meta: Dataset;
  /** The data set proper. */
  readonly dataset: Dataset;
  /** The transfer syntax UID the data set was read with (from the meta header, or inferred). */
  readonly transferSyntaxUid: string;
  /** Undefined when the UID is not one radset knows. */
  readonly transferSyntax: TransferSyntax | undefined;
  /** Whether the 128-byte preamble and `DICM` prefix were present (PS3.10 section 7.1). */
  readonly hasPreamble: boolean;
  /** Whether a File Meta Information group was present. */
  readonly hasMeta: boolean;
  /** Read stopped before the pixel data: its value was not read (see `dataset.element('PixelData')`). */
  readonly headerOnly: boolean;
  /** Byte offset where the data set (after the meta header) begins in the file. */
  readonly datasetOffset: number;
  /** Recoverable problems met while reading. */
  readonly warnings: readonly DicomWarning[];
  /** How many bytes of the file were read to parse it (set by the file reader). */
  readonly bytesRead?: number;
}

export interface Part10ParseOptions {
  /** Stop before (7FE0,0010) and anything after it; pixel data is noted but not read. */
  readonly headerOnly?: boolean;
  /** When `bytes` is a prefix of a file, the file's full size (see parser). */
  readonly streamLength?: number;
  /** The file name, for error messages. */
  readonly file?: string;
}

const GZIP_MAGIC_0 = 0x1f;
const GZIP_MAGIC_1 = 0x8b;

function isDicmAt(bytes: Uint8Array, at: number): boolean {
  return (
    bytes[at] === 0x44 && bytes[at + 1] === 0x49 && bytes[at + 2] === 0x43 && bytes[at + 3] === 0x4d
  );
}

/** Group 0002 element in explicit VR little endian at `at` (what a meta header starts with). */
function looksLikeMetaAt(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0x02 && bytes[at + 1] === 0x00 && bytes[at + 3] === 0x00;
}

interface Encoding {
  readonly littleEndian: boolean;
  readonly explicitVr: boolean;
}

/**
 * Infers byte order and VR encoding from the first element of a data set, as
 * toolkits do for files with no (or a lying) meta header: the group number
 * read each way, and whether bytes 4–5 spell a VR.
 */
function sniffEncoding(bytes: Uint8Array, at: number): Encoding | undefined {
  if (at + 8 > bytes.length) return undefined;
  const groupLe = (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
  const groupBe = ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
  const vrText = String.fromCharCode(bytes[at + 4] ?? 0, bytes[at + 5] ?? 0);
  const explicitVr = isVr(vrText);
  // Group 0000 opens a data set only as (0000,0000) command group length; other
  // data starting with zero bytes (e.g. big-endian NIfTI, 00 00 01 5C) is not DICOM.
  const elementLe = (bytes[at + 2] ?? 0) | ((bytes[at + 3] ?? 0) << 8);
  if (groupLe === 0 && elementLe !== 0) return undefined;
  const plausible = (group: number): boolean => group <= 0x0030;
  if (plausible(groupLe) && (groupLe !== 0 || groupBe === 0 || !plausible(groupBe)))
    return { littleEndian: true, explicitVr };
  if (plausible(groupBe)) return { littleEndian: false, explicitVr };
  return undefined;
}

function syntaxUidFor(encoding: Encoding): string {
  if (!encoding.littleEndian) return EXPLICIT_VR_BIG_ENDIAN;
  return encoding.explicitVr ? EXPLICIT_VR_LITTLE_ENDIAN : IMPLICIT_VR_LITTLE_ENDIAN;
}

/**
 * Parses a DICOM Part 10 file (PS3.10 section 7) or a bare data set from bytes.
 * Lenient where common toolkits are: no preamble, no or incomplete meta header,
 * a transfer syntax that disagrees with the encoding; each recovery is a warning.
 */
export function parsePart10(bytes: Uint8Array, options: Part10ParseOptions = {}): DicomFile {
  try {
    return parsePart10Inner(bytes, options);
  } catch (error) {
    if (error instanceof DicomError && options.file !== undefined)
      throw error.withFile(options.file);
    throw error;
  }
}

function parsePart10Inner(bytes: Uint8Array, options: Part10ParseOptions): DicomFile {
  const warnings: DicomWarning[] = [];
  const streamLength = options.streamLength ?? bytes.length;
  if (bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1) {
    throw new DicomError('DICOM_NOT_DICOM', 'gzip-compressed data, not DICOM (gunzip it first)', {
      offset: 0,
    });
  }
  if (streamLength < 8) {
    throw new DicomError('DICOM_NOT_DICOM', `only ${streamLength} bytes: too short to be DICOM`, {
      offset: 0,
    });
  }
  if (bytes.length < Math.min(streamLength, 256))
    throw new NeedMoreBytes(Math.min(streamLength, 256));

  let hasPreamble = false;
  let metaStart: number | undefined;
  if (isDicmAt(bytes, 128) && looksLikeMetaAt(bytes, 132)) {
    hasPreamble = true;
    metaStart = 132;
  } else if (isDicmAt(bytes, 0) && looksLikeMetaAt(bytes, 4)) {
    metaStart = 4;
    warnings.push({
      code: 'NO_PREAMBLE',
      message: 'DICM prefix without the 128-byte preamble',
      offset: 0,
    });
  } else if (looksLikeMetaAt(bytes, 0) && isVr(String.fromCharCode(bytes[4] ?? 0, bytes[5] ?? 0))) {
    metaStart = 0;
    warnings.push({
      code: 'NO_PREAMBLE',
      message: 'no 128-byte preamble or DICM prefix: the file starts at the meta header',
      offset: 0,
    });
  } else if (isDicmAt(bytes, 128)) {
    warnings.push({
      code: 'DICM_NOT_META',
      message: "bytes 128-131 read 'DICM' but no meta header follows: read as a bare data set",
      offset: 128,
    });
  }

  let meta = new Dataset(true);
  let datasetStart = 0;
  if (metaStart !== undefined) {
    // The meta header is always explicit VR little endian (PS3.10 section 7.1).
    // Its group length is not trusted: read group 0002 elements until another group starts.
    const result = parseDataset(bytes, {
      littleEndian: true,
      explicitVr: true,
      start: metaStart,
      groupOnly: 0x0002,
      streamLength,
      warnings,
    });
    meta = result.dataset;
    datasetStart = result.end;
    const groupLength = meta.number(0x00020000);
    if (groupLength === undefined) {
      warnings.push({
        code: 'META_NO_GROUP_LENGTH',
        message: 'File Meta Information has no (0002,0000) group length',
        offset: metaStart,
      });
    } else if (
      groupLength !== datasetStart - metaStart - 12 &&
      groupLength !== datasetStart - metaStart - 12
    ) {
      warnings.push({
        code: 'META_GROUP_LENGTH',
        message: `File Meta Information Group Length says ${groupLength} but the group is ${datasetStart - metaStart - 12} bytes`,
        offset: metaStart,
      });
    }
  } else {
    warnings.push({
      code: 'NO_META',
      message: 'no File Meta Information: transfer syntax inferred from the data set',
      offset: 0,
    });
  }

  let uid = elementText(meta, TRANSFER_SYNTAX_UID_TAG);
  let syntax = uid === undefined ? undefined : lookupTransferSyntax(uid);
  const finish = (
    dataset: Dataset,
    stoppedAt: Tag | undefined,
    transferSyntaxUid: string,
  ): DicomFile => ({
    meta,
    dataset,
    transferSyntaxUid,
    transferSyntax: syntax,
    hasPreamble,
    hasMeta: metaStart !== undefined,
    headerOnly: stoppedAt !== undefined,
    datasetOffset: datasetStart,
    warnings,
  });
  if (syntax?.deflated === true) {
    const result = parseDeflated(
      bytes,
      streamLength,
      datasetStart,
      warnings,
      options.headerOnly === true,
    );
    return finish(result.dataset, result.stoppedAt, syntax.uid);
  }

  if (datasetStart >= streamLength) {
    return finish(new Dataset(true), undefined, uid ?? IMPLICIT_VR_LITTLE_ENDIAN);
  }
  let sniffed = sniffEncoding(bytes, datasetStart);
  if (sniffed === undefined && metaStart === undefined) {
    // A few stray bytes before a bare data set: skip them if a data set follows.
    for (let skip = 1; skip <= 8 && sniffed === undefined; skip++) {
      const candidate = sniffEncoding(bytes, skip);
      if (candidate !== undefined && candidate.explicitVr) {
        sniffed = candidate;
        datasetStart = skip;
        warnings.push({
          code: 'LEADING_BYTES',
          message: `${skip} stray byte(s) before the data set skipped`,
          offset: 0,
        });
      }
    }
  }
  if (uid === undefined || uid === '') {
    if (sniffed === undefined) {
      throw new DicomError(
        'DICOM_NOT_DICOM',
        'no DICOM preamble, meta header or recognisable data set',
        { offset: datasetStart },
      );
    }
    uid = syntaxUidFor(sniffed);
    syntax = lookupTransferSyntax(uid);
    if (metaStart !== undefined)
      warnings.push({
        code: 'META_NO_TRANSFER_SYNTAX',
        message: `meta header has no Transfer Syntax UID: inferred ${uid}`,
        offset: metaStart,
      });
  }
  let encoding: Encoding;
  if (syntax === undefined) {
    if (sniffed === undefined) {
      throw new DicomError(
        'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
        `unknown transfer syntax ${uid} and the data set encoding cannot be inferred`,
        { offset: datasetStart, element: '(0002,0010) TransferSyntaxUID' },
      );
    }
    warnings.push({
      code: 'UNKNOWN_TRANSFER_SYNTAX',
      message: `unknown transfer syntax ${uid}: data set read as ${syntaxUidFor(sniffed)}`,
      offset: datasetStart,
    });
    encoding = sniffed;
  } else {
    encoding = { littleEndian: syntax.littleEndian, explicitVr: syntax.explicitVr };
    if (
      sniffed !== undefined &&
      (sniffed.explicitVr !== encoding.explicitVr ||
        sniffed.littleEndian !== encoding.littleEndian) &&
      metaStart !== undefined
    ) {
      // pydicom and fo-dicom follow the bytes when the declared syntax is wrong; so do we.
      warnings.push({
        code: 'TRANSFER_SYNTAX_MISMATCH',
        message: `transfer syntax ${uid} declared but the data set is encoded as ${syntaxUidFor(sniffed)}: read as encoded`,
        offset: datasetStart,
      });
      encoding = sniffed;
    }
  }
  if (metaStart === undefined && sniffed === undefined) {
    throw new DicomError(
      'DICOM_NOT_DICOM',
      'no DICOM preamble, meta header or recognisable data set',
      { offset: 0 },
    );
  }

  const stopAtTag: Tag | undefined = options.headerOnly === true ? PIXEL_DATA_TAG : undefined;
  const result = parseDataset(bytes, {
    encapsulatedPixelData: syntax?.encapsulated ?? false,
    littleEndian: encoding.littleEndian,
    explicitVr: encoding.explicitVr,
    start: datasetStart,
    ...(stopAtTag === undefined ? {} : { stopAtTag }),
    streamLength,
    warnings,
  });
  if (metaStart === undefined && result.dataset.elements.size === 0) {
    throw new DicomError('DICOM_NOT_DICOM', 'no DICOM data elements found', { offset: 0 });
  }
  return finish(result.dataset, result.stoppedAt, uid);
}

/** Deflated Explicit VR Little Endian: the data set after the meta header is a deflate stream (PS3.5 A.5). */
function parseDeflated(
  bytes: Uint8Array,
  streamLength: number,
  datasetStart: number,
  warnings: DicomWarning[],
  headerOnly: boolean,
): DatasetParseResult {
  if (bytes.length < streamLength) {
    if (!headerOnly) throw new NeedMoreBytes(streamLength);
    return parseDeflatedPrefix(bytes, streamLength, datasetStart, warnings);
  }
  const compressed = bytes.subarray(datasetStart, streamLength);
  let inflated: Uint8Array;
  try {
    inflated = inflateRawSync(compressed);
  } catch (rawError) {
    try {
      // Some writers emit a zlib wrapper although the standard says raw deflate.
      inflated = inflateSync(compressed);
      warnings.push({
        code: 'DEFLATE_ZLIB_WRAPPER',
        message: 'deflated data set has a zlib header (the standard says raw deflate)',
        offset: datasetStart,
      });
    } catch {
      throw new DicomError(
        'DICOM_MALFORMED',
        `deflated data set does not inflate: ${(rawError as Error).message}`,
        { offset: datasetStart },
        { cause: rawError },
      );
    }
  }
  return parseDataset(inflated, {
    littleEndian: true,
    explicitVr: true,
    start: 0,
    ...(headerOnly ? { stopAtTag: PIXEL_DATA_TAG } : {}),
    warnings,
  });
}

/**
 * Header read of a deflated file from a prefix of it: inflate what is there
 * (a sync flush returns the bytes decodable so far, without an end-of-stream
 * error) and parse up to the pixel data. When the header runs past what the
 * prefix inflates to, ask for twice the prefix; the file is never read whole
 * just to reach its header.
 */
function parseDeflatedPrefix(
  bytes: Uint8Array,
  streamLength: number,
  datasetStart: number,
  warnings: DicomWarning[],
): DatasetParseResult {
  const more = (): NeedMoreBytes => new NeedMoreBytes(Math.min(streamLength, bytes.length * 2));
  let inflated: Uint8Array;
  try {
    inflated = inflateRawSync(bytes.subarray(datasetStart), {
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
    });
  } catch {
    // Let the whole-file path inflate it and report the error properly.
    throw new NeedMoreBytes(streamLength);
  }
  const prefixWarnings: DicomWarning[] = [];
  let result: DatasetParseResult;
  try {
    result = parseDataset(inflated, {
      littleEndian: true,
      explicitVr: true,
      start: 0,
      stopAtTag: PIXEL_DATA_TAG,
      // The inflated length is unknown until the whole file is read: reads past
      // what inflated so far mean "read more", never "truncated".
      streamLength: Number.MAX_SAFE_INTEGER,
      warnings: prefixWarnings,
    });
  } catch (error) {
    if (error instanceof NeedMoreBytes || error instanceof DicomError) throw more();
    throw error;
  }
  if (result.stoppedAt === undefined) throw more();
  warnings.push(...prefixWarnings);
  return result;
}
