export {
  PHI_DICOMDIR_FILE,
  PHI_SET_DEFAULT_SEED,
  generatePhiSet,
  type PhiSetOptions,
} from './generate-phi-set.js';
export {
  PHI_MANIFEST_FILE,
  PHI_MANIFEST_VERSION,
  type PhiFileEntry,
  type PhiKind,
  type PhiPatientEntry,
  type PhiReference,
  type PhiSetManifest,
  type PixelBox,
  type PlantedPhi,
  type ReferenceTarget,
  type SafePrivateElement,
  type SafePrivateSource,
} from './phi-manifest.js';
export { inkFraction } from './phi-pixels.js';
