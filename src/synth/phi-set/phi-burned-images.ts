import { formatDa, formatTm } from '../dicom-date.js';
import { SeededRandom } from '../seeded-random.js';
import { asciiCapitals, isoDate } from './phi-identities.js';
import { imageTimeElements, phiUid, type PhiSeries } from './phi-modules.js';
import { compositeBase, imageComments, type PhiObject } from './phi-object.js';
import { bodyImage, burnLine, burnText, type PixelPlant } from './phi-pixels.js';
import { encodeJpegBaselineGrey } from './jpeg-baseline.js';
import { phi, type TrackedRecord } from './phi-tree.js';

/** Ultrasound Image Storage (PS3.4 B.5). */
export const US_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.6.1';
/** Secondary Capture Image Storage (PS3.4 B.5). */
export const SC_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.7';
/** Computed Radiography Image Storage (PS3.4 B.5). */
export const CR_IMAGE_STORAGE = '1.2.840.10008.5.1.4.1.1.1';
/** JPEG Baseline (Process 1) transfer syntax (PS3.5 A.4.1). */
export const JPEG_BASELINE = '1.2.840.10008.1.2.4.50';

/** Ink of burned-in text: the brightest value, on dark margins. */
export const INK_8_BIT = 255;
export const INK_12_BIT = 4095;

const US_COLUMNS = 480;
const US_ROWS = 360;
const US_BAND_ROWS = 30;

/** Common options of the images with text in their pixels. */
export interface BurnedImageOptions {
  readonly series: PhiSeries;
  readonly fileName: string;
  readonly instanceNumber: number;
  readonly transferSyntaxUid: string;
  readonly vendorPrivate: TrackedRecord;
  readonly description: string;
}

function sopUid(series: PhiSeries, instanceNumber: number): string {
  return phiUid(series.study.seed, `${series.seriesInstanceUid}/${instanceNumber}`);
}

/**
 * An 8-bit ultrasound frame with the header band scanners burn in: patient
 * name, MRN and date across the top (`SMITH^JOHN  MRN 12345678  2023-04-05`).
 */
function ultrasoundFrame(
  series: PhiSeries,
  random: SeededRandom,
): {
  pixels: Uint8Array;
  plants: PixelPlant[];
} {
  const p = series.study.patient;
  const pixels = Uint8Array.from(
    bodyImage(random, US_COLUMNS, US_ROWS, { background: 6, body: 150, noise: 40, maxValue: 230 }),
  );
  pixels.fill(30, 0, US_COLUMNS * US_BAND_ROWS);
  const target = { pixels, columns: US_COLUMNS, rows: US_ROWS, samplesPerPixel: 1 } as const;
  const plants = burnLine(
    target,
    [
      { text: p.asciiName, kind: 'name' },
      { text: `MRN ${p.id}`, kind: 'id' },
      { text: isoDate(series.study.day), kind: 'date' },
    ],
    '  ',
    { location: 'pixels', xPx: 8, yPx: 6, scale: 2, value: INK_8_BIT },
  );
  return { pixels, plants };
}

/** The US Image module (PS3.3 C.8.5.6) and Image Pixel values of a greyscale frame. */
function usImageModule(): TrackedRecord {
  return {
    ImageType: ['ORIGINAL', 'PRIMARY', 'ABDOMINAL'],
    PatientOrientation: '',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: US_ROWS,
    Columns: US_COLUMNS,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
  };
}

/** An ultrasound image with a burned-in header band, Burned In Annotation YES, native 8-bit. */
export function ultrasoundImage(options: BurnedImageOptions): PhiObject {
  const { series, instanceNumber } = options;
  const sopInstanceUid = sopUid(series, instanceNumber);
  const frame = ultrasoundFrame(
    series,
    new SeededRandom(`${series.study.seed}:phi-us:${sopInstanceUid}`),
  );
  const record: TrackedRecord = {
    ...compositeBase(series, US_IMAGE_STORAGE, sopInstanceUid, series.startSeconds + 400),
    ...imageTimeElements(series, 10 + instanceNumber),
    ...imageComments(series),
    ...usImageModule(),
    InstanceNumber: instanceNumber,
    BurnedInAnnotation: 'YES',
    LossyImageCompression: '00',
    ...options.vendorPrivate,
    PixelData: { vr: 'OB', value: frame.pixels },
  };
  return {
    series,
    fileName: options.fileName,
    sopClassUid: US_IMAGE_STORAGE,
    sopInstanceUid,
    instanceNumber,
    transferSyntaxUid: options.transferSyntaxUid,
    record,
    pixelPlants: frame.plants,
    recordType: 'IMAGE',
    directoryKeys: { InstanceNumber: instanceNumber },
    burnedInAnnotation: 'YES',
    description: options.description,
  };
}

/**
 * The same kind of ultrasound image, JPEG baseline compressed (lossy, quality
 * 90), with Burned In Annotation left out, as many older exports do.
 */
export async function ultrasoundJpegImage(
  options: Omit<BurnedImageOptions, 'transferSyntaxUid'>,
): Promise<PhiObject> {
  const { series, instanceNumber } = options;
  const sopInstanceUid = sopUid(series, instanceNumber);
  const frame = ultrasoundFrame(
    series,
    new SeededRandom(`${series.study.seed}:phi-us-jpeg:${sopInstanceUid}`),
  );
  const jpeg = await encodeJpegBaselineGrey(frame.pixels, US_COLUMNS, US_ROWS, 90);
  const ratio = (frame.pixels.length / jpeg.length).toFixed(2);
  const record: TrackedRecord = {
    ...compositeBase(series, US_IMAGE_STORAGE, sopInstanceUid, series.startSeconds + 420),
    ...imageTimeElements(series, 20 + instanceNumber),
    ...usImageModule(),
    InstanceNumber: instanceNumber,
    LossyImageCompression: '01',
    LossyImageCompressionRatio: ratio,
    LossyImageCompressionMethod: 'ISO_10918_1',
    ...options.vendorPrivate,
    PixelData: { fragments: [jpeg] },
  };
  return {
    series,
    fileName: options.fileName,
    sopClassUid: US_IMAGE_STORAGE,
    sopInstanceUid,
    instanceNumber,
    transferSyntaxUid: JPEG_BASELINE,
    record,
    pixelPlants: frame.plants,
    recordType: 'IMAGE',
    directoryKeys: { InstanceNumber: instanceNumber },
    burnedInAnnotation: null,
    description: options.description,
  };
}

const SC_COLUMNS = 320;
const SC_ROWS = 240;

/**
 * A Secondary Capture of a viewer screen (RGB, PS3.3 A.8.1): an image with
 * the viewer's text overlay burned in (name, ID, birth date, institution),
 * Burned In Annotation YES.
 */
export function screenshotImage(options: BurnedImageOptions): PhiObject {
  const { series, instanceNumber } = options;
  const { study } = series;
  const p = study.patient;
  const sopInstanceUid = sopUid(series, instanceNumber);
  const random = new SeededRandom(`${study.seed}:phi-sc:${sopInstanceUid}`);
  const grey = bodyImage(random, SC_COLUMNS, SC_ROWS, {
    background: 12,
    body: 170,
    noise: 20,
    maxValue: 220,
  });
  const pixels = new Uint8Array(SC_COLUMNS * SC_ROWS * 3);
  grey.forEach((v, i) => pixels.fill(v, i * 3, i * 3 + 3));
  // The viewer's text area: the top left corner, kept dark.
  for (let y = 0; y < 92; y++) pixels.fill(12, y * SC_COLUMNS * 3, (y * SC_COLUMNS + 300) * 3);
  const target = { pixels, columns: SC_COLUMNS, rows: SC_ROWS, samplesPerPixel: 3 } as const;
  const line = (text: string, kind: PixelPlant['kind'], row: number): PixelPlant =>
    burnText(target, text, {
      location: 'pixels',
      kind,
      xPx: 6,
      yPx: 4 + row * 22,
      scale: 2,
      value: INK_8_BIT,
    });
  const plants = [
    line(p.asciiName, 'name', 0),
    line(`ID ${p.id}`, 'id', 1),
    line(`DOB ${isoDate(p.birthDay)}`, 'date', 2),
    line(asciiCapitals(study.care.institutionName).slice(0, 24), 'institution', 3),
  ];
  const record: TrackedRecord = {
    ...compositeBase(series, SC_IMAGE_STORAGE, sopInstanceUid, series.startSeconds + 600),
    ...imageComments(series),
    ConversionType: 'WSD',
    SecondaryCaptureDeviceManufacturer: 'RADSYN VIEWER',
    DateOfSecondaryCapture: phi('date', formatDa(study.day)),
    TimeOfSecondaryCapture: phi('time', formatTm(series.startSeconds + 600, 6)),
    ContentDate: phi('date', formatDa(study.day)),
    ContentTime: phi('time', formatTm(series.startSeconds + 601, 6)),
    InstanceNumber: instanceNumber,
    PatientOrientation: '',
    ImageType: ['DERIVED', 'SECONDARY'],
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
    PlanarConfiguration: 0,
    Rows: SC_ROWS,
    Columns: SC_COLUMNS,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    BurnedInAnnotation: 'YES',
    ...options.vendorPrivate,
    PixelData: { vr: 'OB', value: pixels },
  };
  return {
    series,
    fileName: options.fileName,
    sopClassUid: SC_IMAGE_STORAGE,
    sopInstanceUid,
    instanceNumber,
    transferSyntaxUid: options.transferSyntaxUid,
    record,
    pixelPlants: plants,
    recordType: 'IMAGE',
    directoryKeys: { InstanceNumber: instanceNumber },
    burnedInAnnotation: 'YES',
    description: options.description,
  };
}

const CR_COLUMNS = 256;
const CR_ROWS = 320;

/**
 * A computed radiograph (CR Image module, PS3.3 C.8.1.2) with the corner
 * label CR readers print: name and ID bottom left; Burned In Annotation left
 * out (type 3 in the General Image module).
 */
export function radiographImage(options: BurnedImageOptions): PhiObject {
  const { series, instanceNumber } = options;
  const p = series.study.patient;
  const sopInstanceUid = sopUid(series, instanceNumber);
  const random = new SeededRandom(`${series.study.seed}:phi-cr:${sopInstanceUid}`);
  const pixels = Uint16Array.from(
    bodyImage(random, CR_COLUMNS, CR_ROWS, {
      background: 60,
      body: 2600,
      noise: 60,
      maxValue: 3800,
    }),
  );
  const target = { pixels, columns: CR_COLUMNS, rows: CR_ROWS, samplesPerPixel: 1 } as const;
  const plants = [
    burnText(target, p.asciiName, {
      location: 'pixels',
      kind: 'name',
      xPx: 6,
      yPx: CR_ROWS - 48,
      scale: 2,
      value: INK_12_BIT,
    }),
    burnText(target, p.id, {
      location: 'pixels',
      kind: 'id',
      xPx: 6,
      yPx: CR_ROWS - 24,
      scale: 2,
      value: INK_12_BIT,
    }),
  ];
  const record: TrackedRecord = {
    ...compositeBase(series, CR_IMAGE_STORAGE, sopInstanceUid, series.startSeconds + 45),
    ...imageTimeElements(series, 15),
    ...imageComments(series),
    BodyPartExamined: 'CHEST',
    // The chest is not a paired body part: no Laterality (PS3.3 C.7.3.1).
    Laterality: undefined,
    ViewPosition: 'PA',
    PatientOrientation: ['L', 'F'],
    ImageType: ['ORIGINAL', 'PRIMARY'],
    InstanceNumber: instanceNumber,
    KVP: 110,
    PlateID: phi('id', `PLT${p.id.slice(-5)}`),
    ImagerPixelSpacing: [1.4, 1.4],
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: CR_ROWS,
    Columns: CR_COLUMNS,
    BitsAllocated: 16,
    BitsStored: 12,
    HighBit: 11,
    PixelRepresentation: 0,
    WindowCenter: 2048,
    WindowWidth: 4096,
    ...options.vendorPrivate,
    PixelData: { vr: 'OW', value: pixels },
  };
  return {
    series,
    fileName: options.fileName,
    sopClassUid: CR_IMAGE_STORAGE,
    sopInstanceUid,
    instanceNumber,
    transferSyntaxUid: options.transferSyntaxUid,
    record,
    pixelPlants: plants,
    recordType: 'IMAGE',
    directoryKeys: { InstanceNumber: instanceNumber },
    burnedInAnnotation: null,
    description: options.description,
  };
}
