export * from './affine.js';
export type { Volume, VoxelArray, VoxelType, Rescale } from './volume.js';
export type { VolumeWarning, VolumeWarningCode } from './volume-warning.js';
export { describeFrames, type VolumeFrame, type MosaicTile } from './volume-frame.js';
export { planStacks, type StackPlan } from './stack-plan.js';
export {
  buildVolume,
  type BuildVolumeOptions,
  type BuiltVolume,
  type InstanceLoader,
  type RowOrder,
} from './build-volume.js';
export {
  volumesFromFiles,
  volumesFromInstances,
  type SeriesVolume,
  type SkippedInput,
  type InstanceHeader,
  type SeriesVolumeOptions,
} from './series-volumes.js';
export {
  resampleGrid,
  resampleVolume,
  type Interpolation,
  type ResampleGrid,
  type ResampleOptions,
} from './resample.js';
export { axisCodes, directionFromAxisCodes } from './axis-codes.js';
