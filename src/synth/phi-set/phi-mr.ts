import { formatDa } from '../dicom-date.js';
import { SeededRandom } from '../seeded-random.js';
import {
  familyName,
  frameOfReferenceElements,
  imageTimeElements,
  phiUid,
  spacedName,
  type PhiSeries,
} from './phi-modules.js';
import { compositeBase, imageComments, type PhiObject } from './phi-object.js';
import { bodyImage, burnText, packOverlayBits, type PixelPlant } from './phi-pixels.js';
import { containing, mark, phi, type TrackedRecord } from './phi-tree.js';

/** MR Image Storage (PS3.4 B.5). */
export const MR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.4';

const MR_SIZE = 192;
const MR_PIXEL_MM = 1.25;

/** How one MR image of the set is made. */
export interface MrImageOptions {
  readonly series: PhiSeries;
  readonly fileName: string;
  readonly instanceNumber: number;
  readonly transferSyntaxUid: string;
  readonly vendorPrivate: TrackedRecord;
  /** Add an overlay plane (6000) whose bits spell the patient's name and ID. */
  readonly overlay: boolean;
  readonly description: string;
}

/**
 * Overlay Plane module (PS3.3 C.9.2) in group 6000: a graphic overlay whose
 * bits spell the patient's name and ID, with Overlay Description, Label and
 * the retired Overlay Comments (6000,4000) naming them too.
 */
function overlayPlane(series: PhiSeries): { record: TrackedRecord; plants: PixelPlant[] } {
  const p = series.study.patient;
  const mask = new Uint8Array(MR_SIZE * MR_SIZE);
  const target = { pixels: mask, columns: MR_SIZE, rows: MR_SIZE, samplesPerPixel: 1 } as const;
  const location = 'overlay 6000';
  const plants = [
    burnText(target, p.asciiName, { location, kind: 'name', xPx: 8, yPx: 8, scale: 2, value: 1 }),
    burnText(target, p.id, { location, kind: 'id', xPx: 8, yPx: 32, scale: 2, value: 1 }),
  ];
  return {
    record: {
      OverlayRows: MR_SIZE,
      OverlayColumns: MR_SIZE,
      OverlayDescription: containing(
        `Annotation for ${spacedName(p.name)}`,
        mark('name', spacedName(p.name)),
      ),
      OverlayType: 'G',
      OverlayOrigin: [1, 1],
      OverlayBitsAllocated: 1,
      OverlayBitPosition: 0,
      OverlayLabel: phi('name', familyName(p.name)),
      OverlayData: { vr: 'OW', value: packOverlayBits(mask) },
      OverlayComments: containing(
        `Marked by ${familyName(series.study.care.readingPhysician)} for ${p.id} born ${formatDa(p.birthDay)}`,
        mark('name', familyName(series.study.care.readingPhysician)),
        mark('id', p.id),
        mark('date', formatDa(p.birthDay)),
      ),
    },
    plants,
  };
}

/** An axial T1 spin-echo MR slice (MR Image module, PS3.3 C.8.3.1), optionally with a name overlay. */
export function mrImage(options: MrImageOptions): PhiObject {
  const { series, instanceNumber } = options;
  const sopInstanceUid = phiUid(series.study.seed, `${series.seriesInstanceUid}/${instanceNumber}`);
  const random = new SeededRandom(`${series.study.seed}:phi-mr:${sopInstanceUid}`);
  const pixels = Uint16Array.from(
    bodyImage(random, MR_SIZE, MR_SIZE, { background: 8, body: 900, noise: 20, maxValue: 4095 }),
  );
  const overlay = options.overlay ? overlayPlane(series) : undefined;
  const z = -20 + instanceNumber * 5;
  const record: TrackedRecord = {
    ...compositeBase(series, MR_IMAGE_STORAGE, sopInstanceUid, series.startSeconds + 200),
    ...frameOfReferenceElements(series),
    ...imageTimeElements(series, 30 + instanceNumber),
    ...imageComments(series),
    ImageType: ['ORIGINAL', 'PRIMARY', 'OTHER'],
    PatientPosition: 'HFS',
    InstanceNumber: instanceNumber,
    ScanningSequence: 'SE',
    SequenceVariant: 'NONE',
    ScanOptions: '',
    MRAcquisitionType: '2D',
    SequenceName: 'SE2D',
    RepetitionTime: 500,
    EchoTime: 15,
    EchoTrainLength: 1,
    NumberOfAverages: 1,
    ImagedNucleus: '1H',
    MagneticFieldStrength: 1.5,
    FlipAngle: 90,
    SliceThickness: 5,
    SpacingBetweenSlices: 5,
    ImagePositionPatient: [-120, -120, z],
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    PixelSpacing: [MR_PIXEL_MM, MR_PIXEL_MM],
    SliceLocation: z,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: MR_SIZE,
    Columns: MR_SIZE,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    BurnedInAnnotation: 'NO',
    ...options.vendorPrivate,
    ...overlay?.record,
    PixelData: { vr: 'OW', value: pixels },
  };
  return {
    series,
    fileName: options.fileName,
    sopClassUid: MR_IMAGE_STORAGE,
    sopInstanceUid,
    instanceNumber,
    transferSyntaxUid: options.transferSyntaxUid,
    record,
    pixelPlants: overlay?.plants ?? [],
    recordType: 'IMAGE',
    directoryKeys: { InstanceNumber: instanceNumber },
    burnedInAnnotation: 'NO',
    description: options.description,
  };
}
