import {
  parsePart10,
  tagElement,
  tagGroup,
  type Dataset,
  type DicomFile,
  type Tag,
} from '../../dicom/index.js';
import { BASIC_PROFILE_CODE, OPTION_CODES } from '../deid-option.js';
import { elementComponent, labelWithKeyword } from './element-label.js';

/**
 * The fixed vocabulary of the de-identification markers (PS3.15 E.1.1, CID
 * 7050): code values, 'DCM' and code meanings such as "Basic Application
 * Confidentiality Profile". A value that happens to equal one of their words
 * ("Application", "DICOM") is no leak there.
 */
const MARKER_CODE_TEXT: ReadonlySet<string> = new Set(
  [BASIC_PROFILE_CODE, ...Object.values(OPTION_CODES)]
    .flatMap((c) => [c.value, c.meaning])
    .concat('DCM'),
);
const MARKER_METHOD_TEXT = [
  /^radset [\w.+-]+$/,
  /^DICOM PS3\.15 \w+ Basic Application Confidentiality Profile$/,
];
const DEIDENTIFICATION_METHOD = 0x00120063;
const DEIDENTIFICATION_METHOD_CODES = 0x00120064;

/** Whether an element holds only marker vocabulary. */
function isMarker(dataset: Dataset, tag: Tag, inCodeSequence: boolean): boolean {
  const values = (dataset.strings(tag) ?? []).filter((v) => v !== '');
  if (values.length === 0) return false;
  if (tag === DEIDENTIFICATION_METHOD)
    return values.every((v) => MARKER_METHOD_TEXT.some((p) => p.test(v)));
  return inCodeSequence && values.every((v) => MARKER_CODE_TEXT.has(v));
}

/** One element value's bytes in an output stream. */
interface Region {
  readonly start: number;
  readonly end: number;
  readonly label: string;
  readonly bulk: boolean;
  readonly tag: Tag;
  readonly vr: string;
  readonly marker: boolean;
}

/** Where a byte offset of an output lies. */
export interface OutputLocation {
  /** `(0008,1030) StudyDescription`, `(0040,0275)[0]/(0032,1060) …`, `file meta (0002,0016) …`, `preamble`, `not DICOM`… */
  readonly label: string;
  /**
   * Inside pixel-like bulk data (pixel, overlay, waveform or curve data) or a
   * binary non-DICOM file, where short byte patterns turn up by chance.
   */
  readonly bulk: boolean;
  /** The tag of the element holding it; undefined outside any element value. */
  readonly tag?: Tag;
  /** That element's VR. */
  readonly vr?: string;
  /** The element is a de-identification marker holding only its fixed vocabulary. */
  readonly marker?: boolean;
}

/**
 * Pixel Data, Float/Double Float Pixel Data (7FE0,0008/0009/0010), Overlay
 * Data (60xx,3000), Waveform Data (5400,1010) and Curve Data (50xx,3000):
 * sampled signal, not text.
 */
function isBulkSignal(tag: Tag): boolean {
  const group = tagGroup(tag);
  const element = tagElement(tag);
  if (group === 0x7fe0) return element === 0x0008 || element === 0x0009 || element === 0x0010;
  if (group >= 0x6000 && group <= 0x601e && (group & 1) === 0) return element === 0x3000;
  if (group >= 0x5000 && group <= 0x501e && (group & 1) === 0) return element === 0x3000;
  return tag === 0x54001010;
}

/** Bytes scanned for a NUL to call a non-DICOM file binary. */
const BINARY_SNIFF_BYTES = 8192;

function looksBinary(bytes: Uint8Array): boolean {
  return bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0);
}

/**
 * Maps byte offsets of one output stream (a file, or the inflated data set of
 * a Deflated transfer syntax file) to the element holding them, by parsing it
 * with radset's reader. A stream that does not parse as DICOM is `not DICOM`.
 */
export class OutputLocator {
  private readonly regions: Region[] = [];
  private readonly kind: 'dicom' | 'text' | 'binary';
  private readonly hasPreamble: boolean;
  private readonly datasetOffset: number;

  private constructor(
    kind: 'dicom' | 'text' | 'binary',
    file: DicomFile | undefined,
    regions: Region[],
  ) {
    this.kind = kind;
    this.regions = regions;
    this.hasPreamble = file?.hasPreamble ?? false;
    this.datasetOffset = file?.datasetOffset ?? 0;
  }

  /**
   * A locator for `bytes`; `parsed` is the file parsed from them when the
   * caller already has it. For the inflated stream of a deflated file, pass
   * the parsed file and the inflated buffer its data set was read from.
   */
  static for(bytes: Uint8Array, parsed?: DicomFile): OutputLocator {
    let file = parsed;
    const inflated = parsed !== undefined && !isFileBufferOf(parsed, bytes);
    if (file === undefined) {
      try {
        file = parsePart10(bytes);
      } catch {
        return new OutputLocator(looksBinary(bytes) ? 'binary' : 'text', undefined, []);
      }
    }
    const regions: Region[] = [];
    collectRegions(file.meta, bytes, 'file meta ', false, regions);
    collectRegions(file.dataset, bytes, '', false, regions);
    // By start, enclosing before enclosed: values nest (an item's elements lie
    // inside their sequence's value) and siblings never overlap.
    regions.sort((a, b) => a.start - b.start || b.end - a.end);
    return new OutputLocator('dicom', inflated ? undefined : file, regions);
  }

  /** Whether the stream parsed as DICOM. */
  get isDicom(): boolean {
    return this.kind === 'dicom';
  }

  /** The innermost element whose value holds `offset`, or what part of the file it is. */
  locate(offset: number): OutputLocation {
    if (this.kind !== 'dicom') return { label: 'not DICOM', bulk: this.kind === 'binary' };
    // The innermost region holding the offset is the last one, in start
    // order, that starts at or before it and still contains it.
    let low = 0;
    let high = this.regions.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.regions[middle]?.start ?? 0) <= offset) low = middle + 1;
      else high = middle;
    }
    for (let i = low - 1; i >= 0; i--) {
      const region = this.regions[i];
      if (region !== undefined && offset < region.end)
        return {
          label: region.label,
          bulk: region.bulk,
          tag: region.tag,
          vr: region.vr,
          marker: region.marker,
        };
    }
    if (this.hasPreamble && offset < 128) return { label: 'preamble', bulk: false };
    if (this.hasPreamble && offset < 132) return { label: 'DICM prefix', bulk: false };
    if (offset < this.datasetOffset) return { label: 'file meta', bulk: false };
    return { label: 'data set (outside any element value)', bulk: false };
  }
}

/** Whether `bytes` is the buffer the file's meta header (or, without one, its data set) was read from. */
function isFileBufferOf(file: DicomFile, bytes: Uint8Array): boolean {
  const first =
    file.meta.elements.values().next().value ?? file.dataset.elements.values().next().value;
  return first?.bytes === bytes;
}

function collectRegions(
  dataset: Dataset,
  buffer: Uint8Array,
  prefix: string,
  inBulk: boolean,
  out: Region[],
  inCodeSequence = false,
): void {
  for (const [tag, element] of dataset.elements) {
    const path = `${prefix}${elementComponent(dataset, tag)}`;
    const bulk = inBulk || isBulkSignal(tag);
    // Values of one stream only: a deflated file's meta header lies in the
    // file, its data set in the inflated buffer.
    if (element.bytes === buffer) {
      out.push({
        start: element.offset,
        end: element.offset + element.length,
        label: labelWithKeyword(path, tag),
        bulk,
        tag,
        vr: element.vr,
        marker: element.items === undefined && isMarker(dataset, tag, inCodeSequence),
      });
    }
    element.items?.forEach((item, index) => {
      collectRegions(
        item,
        buffer,
        `${path}[${index}]/`,
        bulk,
        out,
        prefix === '' && tag === DEIDENTIFICATION_METHOD_CODES,
      );
    });
  }
}
