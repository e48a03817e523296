export { niftiLayout, type NiftiLayout, type NiftiLayoutOptions } from './nifti-layout.js';
export {
  niftiSidecar,
  type SidecarObject,
  type SidecarProvenance,
  type SidecarValue,
} from './nifti-sidecar.js';
export {
  volumeFileStem,
  writeVolumeNifti,
  type VolumeNiftiOptions,
  type WrittenVolume,
} from './write-volume-nifti.js';
export { catalogSeriesVolumes, type BlobPaths } from './catalog-volumes.js';
