export {
  readPixelDescription,
  pixelDataKeywordOf,
  samplesPerFrame,
  PIXEL_DATA_TAGS,
  type PixelDescription,
  type PixelDataKeyword,
} from './pixel-description.js';
export {
  storedValueType,
  storedValueTypeOf,
  allocateStoredValues,
  littleEndianBytes,
  normalizeStoredBits,
  type StoredValues,
  type StoredValueType,
} from './stored-values.js';
export { decodeNativeFrame, nativeFrameLengthBytes, type NativeEncoding } from './native-frame.js';
export {
  encapsulatedFrameLayout,
  type FrameLayout,
  type FrameLayoutSource,
} from './encapsulated-frames.js';
export {
  decodeFrame,
  decodeAllFrames,
  NATIVE_CODEC,
  type DecodeFrameOptions,
} from './frame-decoder.js';
export type { DecodedFrame } from './decoded-frame.js';
export { frameSha256Hex } from './frame-digest.js';
export {
  modalityTransformFor,
  applyModalityTransform,
  modalityValues,
  type ModalityTransform,
} from './modality-lut.js';
export {
  readPaletteColorLut,
  applyPaletteColorLut,
  expandSegmentedLut,
  type PaletteColorLut,
} from './palette-color.js';
export { ybrToRgb } from './ybr-to-rgb.js';
export { readJpegHeader, type JpegHeader } from './jpeg-header.js';
export { readJpeg2000Header, jpeg2000Codestream, type Jpeg2000Header } from './jpeg-2000-header.js';
export { JPEG_CODECS } from './jpeg-decoder.js';
export { JPEG_LS_CODEC } from './jpeg-ls-decoder.js';
export { JPEG_2000_CODEC } from './jpeg-2000-decoder.js';
export { HTJ2K_CODEC } from './htj2k-decoder.js';
export { JPEG_XL_CODEC } from './jpeg-xl-decoder.js';
export { RLE_CODEC } from './rle-decoder.js';
export { DEFLATED_FRAME_CODEC } from './deflated-frame.js';
