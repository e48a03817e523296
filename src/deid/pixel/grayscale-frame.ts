import type { DecodedFrame, PaletteColorLut } from '../../dicom/index.js';

/** An 8-bit single-channel image, row by row: what OCR reads. */
export interface GrayImage {
  readonly pixels: Uint8Array;
  readonly columns: number;
  readonly rows: number;
}

/** Rec. 601 luma weights, the ones PS3.3 C.7.6.3.1.2 YBR_FULL is defined with. */
function luma(r: number, g: number, b: number): number {
  return 0.299 * r + 0.587 * g + 0.114 * b;
}

/** Maps `values[i * stride + channel]` linearly from their min–max range onto 0–255. */
function windowMinMax(values: ArrayLike<number>, count: number, stride: number): Uint8Array {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    const v = values[i * stride] as number;
    if (Number.isNaN(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const out = new Uint8Array(count);
  if (!(max > min)) return out;
  const scale = 255 / (max - min);
  for (let i = 0; i < count; i++) {
    const v = values[i * stride] as number;
    out[i] = Number.isNaN(v) ? 0 : Math.round((v - min) * scale);
  }
  return out;
}

/**
 * Turns a decoded frame into 8-bit grayscale for OCR. Text only needs
 * contrast, not calibrated display, so: 8-bit monochrome stored values are
 * used as they are; wider or signed ones are windowed min–max; RGB becomes
 * luma; YBR_FULL/YBR_FULL_422 keep Y; PALETTE COLOR is looked up through
 * `palette` (PS3.3 C.7.6.3.1.5) then becomes luma. MONOCHROME1 is not
 * inverted: OCR tries both polarities anyway.
 */
export function grayscaleFrame(frame: DecodedFrame, palette?: PaletteColorLut): GrayImage {
  const { Rows: rows, Columns: columns, SamplesPerPixel, BitsStored } = frame.description;
  const count = rows * columns;
  const values = frame.values;
  const photometric = frame.photometricInterpretation;
  if (SamplesPerPixel === 1 && photometric === 'PALETTE COLOR' && palette !== undefined) {
    const last = palette.red.length - 1;
    const shift = palette.bitsPerEntry === 16 ? 8 : 0;
    const pixels = new Uint8Array(count);
    for (let i = 0; i < count; i++) {
      const index = Math.min(last, Math.max(0, (values[i] as number) - palette.firstValueMapped));
      pixels[i] = Math.round(
        luma(
          (palette.red[index] as number) >> shift,
          (palette.green[index] as number) >> shift,
          (palette.blue[index] as number) >> shift,
        ),
      );
    }
    return { pixels, columns, rows };
  }
  if (SamplesPerPixel === 1) {
    if (values instanceof Uint8Array && BitsStored === 8) return { pixels: values, columns, rows };
    return { pixels: windowMinMax(values, count, 1), columns, rows };
  }
  if (photometric === 'YBR_FULL' || photometric === 'YBR_FULL_422') {
    if (values instanceof Uint8Array) {
      const pixels = new Uint8Array(count);
      for (let i = 0; i < count; i++) pixels[i] = values[i * SamplesPerPixel] as number;
      return { pixels, columns, rows };
    }
    return { pixels: windowMinMax(values, count, SamplesPerPixel), columns, rows };
  }
  // RGB (and anything else with several samples): luma of the first three.
  const lumaValues = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const at = i * SamplesPerPixel;
    lumaValues[i] = luma(values[at] as number, values[at + 1] as number, values[at + 2] as number);
  }
  if (values instanceof Uint8Array) {
    return { pixels: Uint8Array.from(lumaValues, (v) => Math.round(v)), columns, rows };
  }
  return { pixels: windowMinMax(lumaValues, count, 1), columns, rows };
}
