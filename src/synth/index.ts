export { SeededRandom } from './seeded-random.js';
export { syntheticUid } from './synthetic-uid.js';
export { type Vec3 } from './vector.js';
export {
  createVolumeGeometry,
  ijkToLps,
  ijkToRas,
  lpsToVoxel,
  sliceLocationMm,
  slicePositionLps,
  voxelToLps,
  type Affine4,
  type VolumeGeometry,
  type VolumeGeometryInput,
} from './volume-geometry.js';
export {
  TISSUES,
  buildPhantom,
  compilePhantom,
  type BodyPart,
  type Phantom,
  type PhantomShape,
  type Tissue,
  type CompiledPhantom,
} from './phantom.js';
export {
  compileLesions,
  placeLesions,
  type SyntheticLesion,
  type CompiledLesions,
} from './lesions.js';
export {
  encodeNiftiLabels,
  encodeNiftiLabelsGz,
  type NiftiLabelVolume,
} from './nifti-label-writer.js';
export { encodeCsa2, type CsaElement } from './siemens-csa.js';
export {
  SYNTH_MODALITIES,
  VENDOR_STYLES,
  VENDOR_PROFILES,
  type SynthModality,
  type VendorStyle,
  type VendorProfile,
} from './vendor-profiles.js';
export {
  planStudy,
  vendorForStudy,
  type StudyPlan,
  type SeriesPlan,
  type SeriesKind,
  type StudyPlanOptions,
} from './study-plan.js';
export { CT_RESCALE_INTERCEPT } from './ct-series.js';
export {
  GROUND_TRUTH_FORMAT,
  type GroundTruth,
  type GroundTruthLesion,
  type GroundTruthSeries,
} from './ground-truth.js';

export {
  SYNTH_DEFAULTS,
  generateStudySet,
  planStudyOf,
  writeStudy,
  type StudySetOptions,
  type StudySetSummary,
  type StudySummary,
} from './generate-study-set.js';
export * from './phi-set/index.js';
export {
  BITMAP_FONT_CHARACTERS,
  measureText,
  renderText,
  type TextBox,
  type TextTarget,
} from './bitmap-text.js';
