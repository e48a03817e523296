import { SeededRandom } from '../seeded-random.js';
import {
  codeItem,
  frameOfReferenceElements,
  imageTimeElements,
  phiUid,
  plantedDateTime,
  spacedName,
  type PhiSeries,
} from './phi-modules.js';
import { compositeBase, imageComments, type PhiObject } from './phi-object.js';
import { bodyImage, burnText, type PixelPlant } from './phi-pixels.js';
import { geVesSequence } from './phi-private-groups.js';
import { containing, mark, phi, sq, type TrackedRecord } from './phi-tree.js';
import { formatDa } from '../dicom-date.js';

/** CT Image Storage (PS3.4 B.5). */
export const CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2';
/** Enhanced CT Image Storage (PS3.4 B.5). */
export const ENHANCED_CT_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.2.1';

const CT_SIZE = 128;
const CT_PIXEL_MM = 2.5;
const CT_SLICE_MM = 2.5;
const CT_MAX_STORED = 4095;

/** How one CT image of the set is made. */
export interface CtImageOptions {
  readonly series: PhiSeries;
  readonly fileName: string;
  readonly instanceNumber: number;
  readonly transferSyntaxUid: string;
  readonly vendorPrivate: TrackedRecord;
  /** `null` leaves Burned In Annotation out. */
  readonly burnedInAnnotation: 'NO' | null;
  readonly extra?: TrackedRecord;
  readonly description: string;
}

/** Stored values of an axial CT slice (HU + 1024): air, a soft-tissue body, noise. */
function ctPixels(random: SeededRandom): Uint16Array {
  const values = bodyImage(random, CT_SIZE, CT_SIZE, {
    background: 24,
    body: 1064,
    noise: 12,
    maxValue: CT_MAX_STORED,
  });
  return Uint16Array.from(values);
}

function slicePositionMm(instanceNumber: number): number {
  return -100 + (instanceNumber - 1) * CT_SLICE_MM;
}

/** The CT Image and Image Plane modules (PS3.3 C.8.2.1, C.7.6.2) of a slice. */
function ctImageModule(instanceNumber: number): TrackedRecord {
  const z = slicePositionMm(instanceNumber);
  return {
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
    PatientPosition: 'HFS',
    ImagePositionPatient: [-160, -160, z],
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    PixelSpacing: [CT_PIXEL_MM, CT_PIXEL_MM],
    SliceThickness: CT_SLICE_MM,
    SliceLocation: z,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: CT_SIZE,
    Columns: CT_SIZE,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    RescaleIntercept: -1024,
    RescaleSlope: 1,
    RescaleType: 'HU',
    KVP: 120,
    AcquisitionNumber: 1,
    WindowCenter: 40,
    WindowWidth: 400,
  };
}

/** A CT slice with every standard identifying attribute and a vendor's private groups. */
export function ctImage(options: CtImageOptions): PhiObject {
  const { series, instanceNumber } = options;
  const sopInstanceUid = phiUid(series.study.seed, `${series.seriesInstanceUid}/${instanceNumber}`);
  const random = new SeededRandom(`${series.study.seed}:phi-ct:${sopInstanceUid}`);
  const record: TrackedRecord = {
    ...compositeBase(
      series,
      CT_IMAGE_STORAGE,
      sopInstanceUid,
      series.startSeconds + 60 + instanceNumber,
    ),
    ...frameOfReferenceElements(series),
    ...imageTimeElements(series, 5 + instanceNumber),
    ...imageComments(series),
    ...ctImageModule(instanceNumber),
    InstanceNumber: instanceNumber,
    BurnedInAnnotation: options.burnedInAnnotation ?? undefined,
    ...options.vendorPrivate,
    ...options.extra,
    PixelData: { vr: 'OW', value: ctPixels(random) },
  };
  return {
    series,
    fileName: options.fileName,
    sopClassUid: CT_IMAGE_STORAGE,
    sopInstanceUid,
    instanceNumber,
    transferSyntaxUid: options.transferSyntaxUid,
    record,
    pixelPlants: [],
    recordType: 'IMAGE',
    directoryKeys: { InstanceNumber: instanceNumber },
    burnedInAnnotation: options.burnedInAnnotation,
    description: options.description,
  };
}

const ICON_COLUMNS = 96;
const ICON_ROWS = 48;

/**
 * Icon Image Sequence (0088,0200, PS3.3 C.7.6.1.1.6) item: an 8-bit
 * thumbnail whose pixels show the patient's name and ID.
 */
function iconWithText(series: PhiSeries): { record: TrackedRecord; plants: PixelPlant[] } {
  const p = series.study.patient;
  const pixels = new Uint8Array(ICON_COLUMNS * ICON_ROWS).fill(16);
  const target = { pixels, columns: ICON_COLUMNS, rows: ICON_ROWS, samplesPerPixel: 1 } as const;
  const plants = [
    burnText(target, p.asciiName, {
      location: 'icon',
      kind: 'name',
      xPx: 4,
      yPx: 6,
      scale: 1,
      value: 255,
    }),
    burnText(target, p.id, { location: 'icon', kind: 'id', xPx: 4, yPx: 26, scale: 1, value: 255 }),
  ];
  return {
    record: {
      IconImageSequence: sq({
        SamplesPerPixel: 1,
        PhotometricInterpretation: 'MONOCHROME2',
        Rows: ICON_ROWS,
        Columns: ICON_COLUMNS,
        BitsAllocated: 8,
        BitsStored: 8,
        HighBit: 7,
        PixelRepresentation: 0,
        PixelData: { vr: 'OB', value: pixels },
      }),
    },
    plants,
  };
}

/**
 * Curve group (5000,xxxx; retired, PS3.3-2004 C.10.2): a time-activity
 * curve whose description and label name the patient.
 */
function curveGroup(series: PhiSeries): TrackedRecord {
  const p = series.study.patient;
  const points = Uint16Array.from({ length: 32 }, (_, i) => Math.round(100 + 80 * Math.sin(i / 4)));
  return {
    CurveDimensions: 1,
    NumberOfPoints: points.length,
    TypeOfData: 'TAC',
    CurveDescription: containing(
      `Enhancement curve ${spacedName(p.name)} ${p.id}`,
      mark('name', spacedName(p.name)),
      mark('id', p.id),
    ),
    AxisUnits: ['HU'],
    DataValueRepresentation: 0,
    CurveLabel: containing(`TAC ${p.asciiName}`, mark('name', p.asciiName)),
    CurveData: { vr: 'OW', value: points },
  };
}

/**
 * A legacy CT slice: an Icon Image Sequence with the name in its pixels and
 * a retired curve group, as pre-2004 exports carry them; written by the
 * caller in explicit VR big endian.
 */
export function legacyCtImage(options: CtImageOptions): PhiObject {
  const base = ctImage(options);
  const icon = iconWithText(options.series);
  return {
    ...base,
    record: { ...base.record, ...icon.record, ...curveGroup(options.series) },
    pixelPlants: icon.plants,
  };
}

const ENHANCED_FRAMES = 2;

/** Frame Content and position of one frame of the enhanced CT (PS3.3 C.7.6.16.2.2, C.7.6.16.2.3). */
function perFrameItem(series: PhiSeries, frame: number): TrackedRecord {
  const seconds = series.startSeconds + 20 + frame;
  const z = slicePositionMm(frame + 1);
  return {
    FrameContentSequence: sq({
      FrameAcquisitionNumber: 1,
      FrameReferenceDateTime: plantedDateTime(series.study.day, seconds),
      FrameAcquisitionDateTime: plantedDateTime(series.study.day, seconds + 0.25),
      FrameAcquisitionDuration: 500,
      StackID: '1',
      InStackPositionNumber: frame + 1,
      DimensionIndexValues: [1, frame + 1],
      FrameComments: containing(
        `frame for ${spacedName(series.study.patient.name)}`,
        mark('name', spacedName(series.study.patient.name)),
      ),
    }),
    PlanePositionSequence: sq({ ImagePositionPatient: [-160, -160, z] }),
    CTPositionSequence: sq({
      TablePosition: z,
      ReconstructionTargetCenterPatient: [0, 0, z],
      DataCollectionCenterPatient: [0, 0, z],
    }),
  };
}

/** Functional groups every frame shares (PS3.3 A.38.1.4, the CT functional group macros C.8.15.3). */
function sharedItem(series: PhiSeries): TrackedRecord {
  return {
    PixelMeasuresSequence: sq({
      PixelSpacing: [CT_PIXEL_MM, CT_PIXEL_MM],
      SliceThickness: CT_SLICE_MM,
    }),
    PlaneOrientationSequence: sq({ ImageOrientationPatient: [1, 0, 0, 0, 1, 0] }),
    PixelValueTransformationSequence: sq({
      RescaleIntercept: -1024,
      RescaleSlope: 1,
      RescaleType: 'HU',
    }),
    FrameVOILUTSequence: sq({ WindowCenter: 40, WindowWidth: 400 }),
    FrameAnatomySequence: sq({
      AnatomicRegionSequence: sq(codeItem('51185008', 'SCT', 'Thorax')),
      FrameLaterality: 'U',
    }),
    CTImageFrameTypeSequence: sq({
      FrameType: ['ORIGINAL', 'PRIMARY', 'AXIAL', 'NONE'],
      PixelPresentation: 'MONOCHROME',
      VolumetricProperties: 'VOLUME',
      VolumeBasedCalculationTechnique: 'NONE',
    }),
    CTAcquisitionTypeSequence: sq({
      AcquisitionType: 'SPIRAL',
      ConstantVolumeFlag: 'NO',
      FluoroscopyFlag: 'NO',
    }),
    CTAcquisitionDetailsSequence: sq({
      DataCollectionDiameter: 500,
      GantryDetectorTilt: 0,
      TableHeight: 150,
      RotationDirection: 'CW',
      RevolutionTime: 0.5,
      SingleCollimationWidth: 0.625,
      TotalCollimationWidth: 40,
    }),
    CTTableDynamicsSequence: sq({
      TableSpeed: 78.74,
      TableFeedPerRotation: 39.37,
      SpiralPitchFactor: 0.984,
    }),
    CTGeometrySequence: sq({
      DistanceSourceToDetector: 946.7,
      DistanceSourceToDataCollectionCenter: 541,
    }),
    CTReconstructionSequence: sq({
      ReconstructionAlgorithm: 'FILTER_BACK_PROJ',
      ConvolutionKernel: 'STANDARD',
      ConvolutionKernelGroup: 'SOFT_TISSUE',
      ReconstructionDiameter: 320,
      ReconstructionPixelSpacing: [CT_PIXEL_MM, CT_PIXEL_MM],
      ReconstructionAngle: 360,
      ImageFilter: 'STANDARD',
    }),
    CTExposureSequence: sq({
      ExposureTimeInms: 500,
      XRayTubeCurrentInmA: 200,
      ExposureInmAs: 100,
      ExposureModulationType: 'NONE',
      CTDIvol: 8.2,
    }),
    CTXRayDetailsSequence: sq({
      KVP: 120,
      FocalSpots: 0.7,
      FilterType: 'BODY',
      FilterMaterial: 'ALUMINUM',
    }),
    IrradiationEventIdentificationSequence: sq({
      IrradiationEventUID: phi(
        'uid',
        phiUid(series.study.seed, `irradiation/${series.seriesInstanceUid}`),
      ),
    }),
    // A private sequence inside a public one: GE's CT VES items with public identifying elements.
    ...geVesSequence(series.study),
  };
}

/**
 * An Enhanced CT Image (PS3.3 A.38): two frames, with identifying values in
 * the Shared and Per-frame Functional Groups (frame date-times, frame
 * comments, irradiation event UID, and a GE private sequence of public
 * elements inside the shared item), plus contributing equipment with its
 * Contribution DateTime.
 */
export function enhancedCtImage(
  options: Omit<CtImageOptions, 'burnedInAnnotation'> & { readonly contributing: TrackedRecord },
): PhiObject {
  const { series, instanceNumber } = options;
  const { study } = series;
  const sopInstanceUid = phiUid(study.seed, `${series.seriesInstanceUid}/${instanceNumber}`);
  const random = new SeededRandom(`${study.seed}:phi-enhanced-ct:${sopInstanceUid}`);
  const frames = Array.from({ length: ENHANCED_FRAMES }, () => ctPixels(random));
  const pixels = new Uint16Array(CT_SIZE * CT_SIZE * ENHANCED_FRAMES);
  frames.forEach((frame, i) => pixels.set(frame, i * CT_SIZE * CT_SIZE));
  const dimensionUid = phiUid(study.seed, `dimensions/${series.seriesInstanceUid}`);
  const record: TrackedRecord = {
    ...compositeBase(series, ENHANCED_CT_IMAGE_STORAGE, sopInstanceUid, series.startSeconds + 90),
    ...frameOfReferenceElements(series),
    ...imageComments(series),
    ...options.contributing,
    ...options.vendorPrivate,
    ...options.extra,
    // Frame Laterality in the functional groups stands in for it (PS3.3 C.7.3.1).
    Laterality: undefined,
    ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL', 'NONE'],
    InstanceNumber: instanceNumber,
    ContentDate: phi('date', formatDa(study.day)),
    ContentTime: phi('time', '101500.000000'),
    AcquisitionNumber: 1,
    AcquisitionDateTime: plantedDateTime(study.day, series.startSeconds + 20),
    AcquisitionDuration: 1,
    ContentQualification: 'PRODUCT',
    PixelPresentation: 'MONOCHROME',
    VolumetricProperties: 'VOLUME',
    VolumeBasedCalculationTechnique: 'NONE',
    PatientPosition: 'HFS',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    NumberOfFrames: ENHANCED_FRAMES,
    Rows: CT_SIZE,
    Columns: CT_SIZE,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    LossyImageCompression: '00',
    BurnedInAnnotation: 'NO',
    RecognizableVisualFeatures: 'NO',
    PresentationLUTShape: 'IDENTITY',
    AcquisitionContextSequence: sq(),
    DimensionOrganizationSequence: sq({ DimensionOrganizationUID: dimensionUid }),
    DimensionIndexSequence: sq(
      {
        DimensionOrganizationUID: dimensionUid,
        DimensionIndexPointer: { vr: 'AT', value: 0x00209056 },
        FunctionalGroupPointer: { vr: 'AT', value: 0x00209111 },
      },
      {
        DimensionOrganizationUID: dimensionUid,
        DimensionIndexPointer: { vr: 'AT', value: 0x00209057 },
        FunctionalGroupPointer: { vr: 'AT', value: 0x00209111 },
      },
    ),
    SharedFunctionalGroupsSequence: sq(sharedItem(series)),
    PerFrameFunctionalGroupsSequence: sq(
      ...Array.from({ length: ENHANCED_FRAMES }, (_, frame) => perFrameItem(series, frame)),
    ),
    PixelData: { vr: 'OW', value: pixels },
  };
  return {
    series,
    fileName: options.fileName,
    sopClassUid: ENHANCED_CT_IMAGE_STORAGE,
    sopInstanceUid,
    instanceNumber,
    transferSyntaxUid: options.transferSyntaxUid,
    record,
    pixelPlants: [],
    recordType: 'IMAGE',
    directoryKeys: { InstanceNumber: instanceNumber, NumberOfFrames: ENHANCED_FRAMES },
    burnedInAnnotation: 'NO',
    description: options.description,
  };
}
