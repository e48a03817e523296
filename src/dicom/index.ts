export * from './tag.js';
export * from './vr.js';
export * from './dicom-error.js';
export * from './dictionary.js';
export * from './transfer-syntax.js';
export * from './dataset.js';
export {
  parseDataset,
  NeedMoreBytes,
  type DatasetParseOptions,
  type DatasetParseResult,
} from './parser.js';
export * from './part10.js';
export * from './file-reader.js';
export * from './charset.js';
export * from './value-encoder.js';
export * from './writer.js';
export * from './dataset-equality.js';
export * from './inspect.js';
export * from './json-model.js';
export * from './json-model-out.js';
export * from './json-model-in.js';
export * from './dataset-dump.js';
export * from './pixel/index.js';
export * from './part10-wrap.js';
export * from './siemens-csa.js';
