import type { Dataset } from '../dicom/index.js';
import { affineSpacingMm, type SeriesVolume } from '../volume/index.js';
import type { NiftiLayout } from './nifti-layout.js';

/** Sidecar values: JSON-ready. */
export type SidecarValue =
  string | number | boolean | null | readonly SidecarValue[] | SidecarObject;
export interface SidecarObject {
  readonly [key: string]: SidecarValue;
}

/** What radset did to make the file, recorded beside it. */
export interface SidecarProvenance {
  readonly radsetVersion: string;
  /** How the series reached the converter: 'files' (straight from files) or 'catalog' (de-identified at ingest). */
  readonly from: 'files' | 'catalog';
  readonly resampled?: SidecarObject;
}

/**
 * Acquisition fields by their BIDS / dcm2niix sidecar names, from the DICOM
 * keyword and a unit conversion (BIDS times are in seconds, DICOM's in ms).
 * Identifying fields (institution, station, serial number, dates and times)
 * are left out on purpose: a sidecar travels with training data.
 */
const FIELDS: readonly (readonly [string, string, 'text' | 'number' | 'seconds' | 'list'])[] = [
  ['Modality', 'Modality', 'text'],
  ['MagneticFieldStrength', 'MagneticFieldStrength', 'number'],
  ['ImagingFrequency', 'ImagingFrequency', 'number'],
  ['Manufacturer', 'Manufacturer', 'text'],
  ['ManufacturersModelName', 'ManufacturerModelName', 'text'],
  ['SoftwareVersions', 'SoftwareVersions', 'text'],
  ['BodyPartExamined', 'BodyPartExamined', 'text'],
  ['PatientPosition', 'PatientPosition', 'text'],
  ['MRAcquisitionType', 'MRAcquisitionType', 'text'],
  ['SeriesDescription', 'SeriesDescription', 'text'],
  ['ProtocolName', 'ProtocolName', 'text'],
  ['ScanningSequence', 'ScanningSequence', 'text'],
  ['SequenceVariant', 'SequenceVariant', 'text'],
  ['ScanOptions', 'ScanOptions', 'text'],
  ['SequenceName', 'SequenceName', 'text'],
  ['ImageType', 'ImageType', 'list'],
  ['SeriesNumber', 'SeriesNumber', 'number'],
  ['AcquisitionNumber', 'AcquisitionNumber', 'number'],
  ['SliceThickness', 'SliceThickness', 'number'],
  ['SpacingBetweenSlices', 'SpacingBetweenSlices', 'number'],
  ['EchoTime', 'EchoTime', 'seconds'],
  ['EchoNumber', 'EchoNumbers', 'number'],
  ['RepetitionTime', 'RepetitionTime', 'seconds'],
  ['InversionTime', 'InversionTime', 'seconds'],
  ['FlipAngle', 'FlipAngle', 'number'],
  ['PixelBandwidth', 'PixelBandwidth', 'number'],
  ['ConvolutionKernel', 'ConvolutionKernel', 'text'],
  ['KVP', 'KVP', 'number'],
  ['XRayTubeCurrent', 'XRayTubeCurrent', 'number'],
  ['XRayExposure', 'Exposure', 'number'],
  ['ExposureTime', 'ExposureTime', 'seconds'],
  ['ReconstructionDiameter', 'ReconstructionDiameter', 'number'],
  ['ContrastBolusAgent', 'ContrastBolusAgent', 'text'],
  ['GantryDetectorTilt', 'GantryDetectorTilt', 'number'],
  ['Radiopharmaceutical', 'Radiopharmaceutical', 'text'],
  ['Units', 'Units', 'text'],
  ['ImageOrientationPatientDICOM', 'ImageOrientationPatient', 'list'],
];

function acquisitionFields(header: Dataset): Record<string, SidecarValue> {
  const out: Record<string, SidecarValue> = {};
  for (const [name, keyword, kind] of FIELDS) {
    if (kind === 'text') {
      const value = header.string(keyword)?.trim();
      if (value) out[name] = value;
    } else if (kind === 'list') {
      const values =
        keyword === 'ImageOrientationPatient' ? header.numbers(keyword) : header.strings(keyword);
      if (values !== undefined && values.length > 0) out[name] = values;
    } else {
      const value = header.number(keyword);
      if (value === undefined || !Number.isFinite(value)) continue;
      out[name] = kind === 'seconds' ? value / 1000 : value;
    }
  }
  return out;
}

/**
 * The JSON sidecar for a NIfTI file: acquisition fields by their BIDS names,
 * then a `radset` object recording where the voxels came from (the series
 * and instance UIDs — pseudonyms when built from the catalog), how the
 * volume was built (slice order, layout, geometry, rescale, resampling) and
 * every warning, so a reviewer can trace the file back without radset.
 */
export function niftiSidecar(
  volume: SeriesVolume,
  layout: NiftiLayout,
  provenance: SidecarProvenance,
): SidecarObject {
  const { header } = volume;
  const v = volume.volume;
  return {
    ...acquisitionFields(header),
    ConversionSoftware: 'radset',
    ConversionSoftwareVersion: provenance.radsetVersion,
    radset: {
      from: provenance.from,
      deidentified: header.string('PatientIdentityRemoved')?.toUpperCase() === 'YES',
      deidentificationMethod: header.strings('DeidentificationMethod') ?? [],
      source: {
        SeriesInstanceUID: volume.SeriesInstanceUID,
        StudyInstanceUID: header.string('StudyInstanceUID') ?? null,
        SOPInstanceUIDs: volume.sourceInstances,
      },
      build: {
        label: volume.label,
        sliceOrder: v.hasGeometry
          ? 'ascending position along the slice normal'
          : 'Instance Number, then frame',
        layout: layout.layout,
        dimensions: v.dimensions,
        samplesPerVoxel: v.samplesPerVoxel,
        spacingMm: affineSpacingMm(v.ijkToLps),
        ijkToLps: v.ijkToLps,
        hasGeometry: v.hasGeometry,
        gantryTiltDeg: volume.gantryTiltDeg,
        rescale: {
          slope: v.rescale.slope,
          intercept: v.rescale.intercept,
          units: v.rescale.units ?? null,
        },
        resampled: provenance.resampled ?? null,
      },
      warnings: volume.warnings.map((w) => ({ code: w.code, message: w.message })),
    },
  };
}
