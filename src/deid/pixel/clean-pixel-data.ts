import {
  decodeFrame,
  pixelDataKeywordOf,
  readPaletteColorLut,
  type PaletteColorLut,
} from '../../dicom/index.js';
import { matchBurnedInRules, type BurnedInRule } from './burned-in-rules.js';
import { grayscaleFrame, type GrayImage } from './grayscale-frame.js';
import { asDicomFile, maskPixelData, type PixelDataFile } from './mask-pixel-data.js';
import { ocrReason } from './ocr-policy.js';
import { cleanOverlayText } from './overlay-text.js';
import { clipBox, type PixelBox } from './pixel-box.js';
import { detectTextBoxes, type TextDetectionOptions } from './tesseract-ocr.js';
import { growTextBlocks } from './text-block.js';

/** Options of {@link cleanPixelData}. */
export interface PixelCleanOptions {
  /** Burned-in rules (built-in examples and the project's own); every matching rule's boxes are masked. */
  readonly rules: readonly BurnedInRule[];
  /** Run OCR on images {@link ocrReason} flags (Clean Pixel Data Option with automatic detection). */
  readonly ocr: boolean;
  /** Also OCR and clean overlay planes (PS3.15 E.3.3 Clean Graphics Option). Default false. */
  readonly overlays?: boolean;
  /** Tuning of the OCR (confidence, padding, Tesseract path). */
  readonly ocrOptions?: TextDetectionOptions;
  /** The file name, for error messages. */
  readonly file?: string;
}

/**
 * One region that was blacked out. `frame` is the frame OCR read it in, or
 * `'all'` for rule boxes; every box is masked on every frame. `source` is
 * `rule:<id>`, `ocr`, or `overlay-ocr:60xx` (then `box` is in overlay pixels
 * and the overlay's bits were cleared). Holds no text, so it may be logged.
 */
export interface PixelFinding {
  readonly frame: number | 'all';
  readonly box: PixelBox;
  readonly source: string;
}

/** What {@link cleanPixelData} did. */
export interface PixelCleanResult {
  /** The transfer syntax to write the data set in (Explicit VR Little Endian once pixels were rewritten). */
  readonly transferSyntaxUid: string;
  readonly findings: readonly PixelFinding[];
  /** Why OCR was (or, with `ocr: false`, would have been) run; undefined when the image is not at risk. */
  readonly ocrReason: string | undefined;
  /** OCR found text: a human should confirm the masking (PS3.15 E.3.1 "may require intervention of or approval by a human operator"). */
  readonly reviewRequired: boolean;
  /** Pixel Data or Overlay Data changed. */
  readonly changed: boolean;
}

/** A copy of the OCR image with rule boxes blacked out: OCR then reports only what the rules missed. */
function blankBoxes(gray: GrayImage, findings: readonly PixelFinding[]): Uint8Array {
  const pixels = gray.pixels.slice();
  for (const finding of findings) {
    const box = clipBox(finding.box, gray.columns, gray.rows);
    if (box === undefined) continue;
    for (let y = box.y; y < box.y + box.height; y++)
      pixels.fill(0, y * gray.columns + box.x, y * gray.columns + box.x + box.width);
  }
  return pixels;
}

/**
 * Removes burned-in text from the pixel data of one image, for the PS3.15
 * E.3.1 Clean Pixel Data Option (and overlays for E.3.3 Clean Graphics):
 *
 * 1. every {@link BurnedInRule} that matches contributes its boxes;
 * 2. with `ocr` and an {@link ocrReason}, frame 0 is read with Tesseract and
 *    every text line found contributes a box. Only frame 0 of a multi-frame
 *    image is read (about a second per frame; cine loops repeat their header
 *    on every frame): text that appears only on later frames is missed, which
 *    is one reason OCR findings require review;
 * 3. all boxes are blacked out on every frame by {@link maskPixelData}, which
 *    rewrites the data set IN PLACE as native Explicit VR Little Endian;
 * 4. with `overlays`, overlay planes are cleaned by {@link cleanOverlayText}.
 *
 * When nothing is found the pixel data is left exactly as it was (an
 * encapsulated image stays encapsulated) and the input transfer syntax is
 * returned. A data set without pixel data is left alone (overlays aside).
 * Setting Burned In Annotation (0028,0301) to NO, as E.3.1 requires, is the
 * caller's: it knows whether a human has approved the result.
 *
 * Decoding failures are DicomError naming the frame and codec; a missing
 * Tesseract is RadsetError INTERNAL.
 */
export async function cleanPixelData(
  file: PixelDataFile,
  options: PixelCleanOptions,
): Promise<PixelCleanResult> {
  const { dataset } = file;
  const reason = ocrReason(dataset);
  const findings: PixelFinding[] = [];
  let changed = false;
  let reviewRequired = false;
  let transferSyntaxUid = file.transferSyntaxUid;

  if (pixelDataKeywordOf(dataset) !== undefined) {
    for (const rule of matchBurnedInRules(dataset, options.rules))
      for (const box of rule.boxes) findings.push({ frame: 'all', box, source: `rule:${rule.id}` });
    if (options.ocr && reason !== undefined) {
      const dicom = asDicomFile(file);
      const frame = await decodeFrame(
        dicom,
        0,
        options.file === undefined ? {} : { file: options.file },
      );
      let palette: PaletteColorLut | undefined;
      if (frame.photometricInterpretation === 'PALETTE COLOR')
        palette = readPaletteColorLut(dataset);
      const gray = grayscaleFrame(frame, palette);
      const pixels = blankBoxes(gray, findings);
      const detection = await detectTextBoxes(
        { pixels, columns: gray.columns, rows: gray.rows },
        options.ocrOptions ?? {},
      );
      for (const box of detection.boxes) findings.push({ frame: 0, box, source: 'ocr' });
      for (const box of growTextBlocks(
        { pixels, columns: gray.columns, rows: gray.rows },
        detection.boxes,
      ))
        findings.push({ frame: 0, box, source: 'ocr-block' });
      if (detection.boxes.length > 0) reviewRequired = true;
    }
    if (findings.length > 0) {
      const masked = await maskPixelData(
        file,
        findings.map((finding) => finding.box),
        options.file === undefined ? {} : { file: options.file },
      );
      transferSyntaxUid = masked.transferSyntaxUid;
      changed = masked.maskedFrames > 0;
    }
  }

  if (options.overlays === true) {
    const overlay = await cleanOverlayText(
      dataset,
      options.ocrOptions === undefined ? {} : { ocr: options.ocrOptions },
    );
    for (const found of overlay.findings)
      findings.push({
        frame: 0,
        box: found.box,
        source: `overlay-ocr:${found.group.toString(16).toUpperCase()}`,
      });
    if (overlay.changed) {
      changed = true;
      reviewRequired = true;
    }
  }
  return { transferSyntaxUid, findings, ocrReason: reason, reviewRequired, changed };
}
