export {
  cleanPixelData,
  type PixelCleanOptions,
  type PixelCleanResult,
  type PixelFinding,
} from './clean-pixel-data.js';
export {
  matchBurnedInRules,
  matchesBurnedInRule,
  parseBurnedInRules,
  type BurnedInRule,
  type BurnedInRuleMatch,
} from './burned-in-rules.js';
export { EXAMPLE_BURNED_IN_RULES } from './burned-in-rules-data.js';
export { ocrReason } from './ocr-policy.js';
export {
  detectTextBoxes,
  type DetectedWord,
  type TextDetection,
  type TextDetectionOptions,
} from './tesseract-ocr.js';
export { grayscaleFrame, type GrayImage } from './grayscale-frame.js';
export {
  maskPixelData,
  type MaskOptions,
  type MaskResult,
  type PixelDataFile,
} from './mask-pixel-data.js';
export {
  cleanOverlayText,
  overlayGroups,
  type OverlayTextFinding,
  type OverlayTextResult,
} from './overlay-text.js';
export { type PixelBox } from './pixel-box.js';
