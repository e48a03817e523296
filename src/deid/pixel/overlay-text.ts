import { DicomError, formatTag, type Dataset } from '../../dicom/index.js';
import { swap16, unpackBits, writeBits } from './bit-plane.js';
import type { PixelBox } from './pixel-box.js';
import { detectTextBoxes, type DetectedWord, type TextDetectionOptions } from './tesseract-ocr.js';

/** Text found in one overlay plane; boxes are in overlay pixels (OverlayColumns × OverlayRows, origin top-left). */
export interface OverlayTextFinding {
  /** The overlay's group, 0x6000 to 0x601E. */
  readonly group: number;
  readonly box: PixelBox;
}

/** What {@link cleanOverlayText} did. */
export interface OverlayTextResult {
  readonly findings: readonly OverlayTextFinding[];
  /** The words OCR read, by group: for tests and review, never for logs. */
  readonly words: ReadonlyMap<number, readonly DetectedWord[]>;
  /** Whether any Overlay Data was changed. */
  readonly changed: boolean;
}

const OVERLAY_ROWS = 0x0010;
const OVERLAY_COLUMNS = 0x0011;
const NUMBER_OF_FRAMES_IN_OVERLAY = 0x0015;
const OVERLAY_BITS_ALLOCATED = 0x0100;
const OVERLAY_DATA = 0x3000;

function overlayTag(group: number, element: number): number {
  return ((group << 16) | element) >>> 0;
}

/** Even groups 6000–601E: the repeating overlay groups (PS3.5 section 7.6). */
export function overlayGroups(dataset: Dataset): number[] {
  const groups: number[] = [];
  for (let group = 0x6000; group <= 0x601e; group += 2)
    if (dataset.elements.has(overlayTag(group, OVERLAY_DATA))) groups.push(group);
  return groups;
}

function invalid(group: number, element: number, detail: string): DicomError {
  return new DicomError('DICOM_INVALID_VALUE', detail, {
    element: formatTag(overlayTag(group, element)),
  });
}

/**
 * Finds and removes burned-in text in overlay planes (PS3.15 E.3.3 Clean
 * Graphics Option; Overlay Plane module, PS3.3 C.9.2). Each overlay with
 * Overlay Data (60xx,3000) is unpacked (1 bit per pixel, least significant
 * bit first, frames back to back: PS3.5 section 8.1.1 and 8.2; 16-bit words
 * in big endian OW), frame 0 is read with OCR, and the bits inside the
 * boxes found are cleared on every overlay frame; the data is then repacked in
 * place (same VR and length). Only frame 0 of a multi-frame overlay is read:
 * overlays are usually one plane, and OCR costs about a second per image.
 *
 * Overlays stored in unused high bits of Pixel Data (retired, no Overlay
 * Data) are not handled here; re-encoding the pixel data drops those bits.
 * Throws DicomError DICOM_INVALID_VALUE for an overlay whose description is
 * missing or whose data is too short, RadsetError when Tesseract is missing.
 */
export async function cleanOverlayText(
  dataset: Dataset,
  options: { readonly ocr?: TextDetectionOptions } = {},
): Promise<OverlayTextResult> {
  const findings: OverlayTextFinding[] = [];
  const words = new Map<number, readonly DetectedWord[]>();
  let changed = false;
  for (const group of overlayGroups(dataset)) {
    const rows = dataset.number(overlayTag(group, OVERLAY_ROWS));
    const columns = dataset.number(overlayTag(group, OVERLAY_COLUMNS));
    if (rows === undefined || columns === undefined || rows < 1 || columns < 1)
      throw invalid(
        group,
        rows === undefined || rows < 1 ? OVERLAY_ROWS : OVERLAY_COLUMNS,
        'overlay has Overlay Data but no valid OverlayRows/OverlayColumns (PS3.3 C.9.2)',
      );
    const bitsAllocated = dataset.number(overlayTag(group, OVERLAY_BITS_ALLOCATED)) ?? 1;
    if (bitsAllocated !== 1)
      throw invalid(
        group,
        OVERLAY_BITS_ALLOCATED,
        `OverlayBitsAllocated ${bitsAllocated} with Overlay Data: must be 1 (PS3.3 C.9.2.1.1)`,
      );
    const framesRaw = dataset.number(overlayTag(group, NUMBER_OF_FRAMES_IN_OVERLAY));
    const frames = framesRaw === undefined || framesRaw < 1 ? 1 : Math.floor(framesRaw);
    const tag = overlayTag(group, OVERLAY_DATA);
    const element = dataset.elements.get(tag);
    const raw = dataset.bytes(tag);
    if (element === undefined || raw === undefined)
      throw invalid(group, OVERLAY_DATA, 'Overlay Data was not read (header-only read)');
    const wordSwapped = !dataset.littleEndian && element.vr === 'OW';
    const packed = wordSwapped ? swap16(raw) : raw.slice();
    const frameBits = rows * columns;
    if (packed.length * 8 < frameBits * frames)
      throw invalid(
        group,
        OVERLAY_DATA,
        `Overlay Data has ${packed.length} bytes, ${rows}x${columns}x${frames} bits need ${Math.ceil((frameBits * frames) / 8)}`,
      );
    const plane = unpackBits(packed, 0, frameBits);
    const gray = Uint8Array.from(plane, (bit) => (bit === 0 ? 0 : 255));
    const detection = await detectTextBoxes({ pixels: gray, columns, rows }, options.ocr ?? {});
    if (detection.boxes.length === 0) continue;
    words.set(group, detection.words);
    for (const box of detection.boxes) findings.push({ group, box });
    for (let frame = 0; frame < frames; frame++) {
      const start = frame * frameBits;
      const bits = unpackBits(packed, start, frameBits);
      for (const box of detection.boxes)
        for (let y = box.y; y < box.y + box.height; y++)
          bits.fill(0, y * columns + box.x, y * columns + box.x + box.width);
      writeBits(packed, start, bits);
    }
    const bytes = wordSwapped ? swap16(packed) : packed;
    dataset.set({ ...element, bytes, offset: 0, length: bytes.length, undefinedLength: false });
    changed = true;
  }
  return { findings, words, changed };
}
