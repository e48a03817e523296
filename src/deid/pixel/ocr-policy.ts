import type { Dataset } from '../../dicom/index.js';

/** Image Storage SOP Classes that routinely carry burned-in text (PS3.4 B.5; PS3.15 E.3.1 names ultrasound). */
const US_SOP_CLASSES: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.6.1': 'Ultrasound Image Storage',
  '1.2.840.10008.5.1.4.1.1.3.1': 'Ultrasound Multi-frame Image Storage',
  '1.2.840.10008.5.1.4.1.1.6': 'Ultrasound Image Storage (Retired)',
  '1.2.840.10008.5.1.4.1.1.3': 'Ultrasound Multi-frame Image Storage (Retired)',
  '1.2.840.10008.5.1.4.1.1.6.2': 'Enhanced US Volume Storage',
};

/** Projection radiography: text, markers and labels are burned in by the modality or the technologist. */
const PROJECTION_SOP_CLASSES: Readonly<Record<string, string>> = {
  '1.2.840.10008.5.1.4.1.1.1': 'Computed Radiography Image Storage',
  '1.2.840.10008.5.1.4.1.1.1.1': 'Digital X-Ray Image Storage - For Presentation',
  '1.2.840.10008.5.1.4.1.1.1.1.1': 'Digital X-Ray Image Storage - For Processing',
  '1.2.840.10008.5.1.4.1.1.1.2': 'Digital Mammography X-Ray Image Storage - For Presentation',
  '1.2.840.10008.5.1.4.1.1.1.2.1': 'Digital Mammography X-Ray Image Storage - For Processing',
  '1.2.840.10008.5.1.4.1.1.1.3': 'Digital Intra-Oral X-Ray Image Storage - For Presentation',
  '1.2.840.10008.5.1.4.1.1.1.3.1': 'Digital Intra-Oral X-Ray Image Storage - For Processing',
  '1.2.840.10008.5.1.4.1.1.12.1': 'X-Ray Angiographic Image Storage',
  '1.2.840.10008.5.1.4.1.1.12.1.1': 'Enhanced XA Image Storage',
  '1.2.840.10008.5.1.4.1.1.12.2': 'X-Ray Radiofluoroscopic Image Storage',
  '1.2.840.10008.5.1.4.1.1.12.2.1': 'Enhanced XRF Image Storage',
};

const PROJECTION_MODALITIES = new Set(['CR', 'DX', 'MG', 'IO', 'PX', 'XA', 'RF']);

/** Secondary Capture and its multi-frame forms: 1.2.840.10008.5.1.4.1.1.7 and .7.x (PS3.4 B.5). */
const SECONDARY_CAPTURE_ROOT = '1.2.840.10008.5.1.4.1.1.7';

/**
 * Why an image must be searched for burned-in text with OCR (PS3.15 E.3.1
 * Clean Pixel Data Option), or undefined when it need not be. OCR runs on:
 * ultrasound (Modality US or a US SOP Class); Secondary Capture (every
 * 1.2.840.10008.5.1.4.1.1.7* class: screenshots, scanned documents);
 * projection radiography (CR, DX, MG, IO, XA, RF classes or modalities);
 * localizers (Image Type (0008,0008) containing LOCALIZER); and anything whose
 * Burned In Annotation (0028,0301) is YES or absent. It does not run when
 * Burned In Annotation is NO and none of the at-risk kinds applies.
 *
 * The reason names only the attribute and its class, never a value that could
 * identify anyone, so it may be logged.
 */
export function ocrReason(dataset: Dataset): string | undefined {
  const sopClass = dataset.string('SOPClassUID');
  const modality = dataset.string('Modality')?.toUpperCase();
  if (sopClass !== undefined && US_SOP_CLASSES[sopClass] !== undefined)
    return `ultrasound SOP class (${US_SOP_CLASSES[sopClass]}) routinely has burned-in text`;
  if (modality === 'US') return 'ultrasound (Modality US) routinely has burned-in text';
  if (sopClass === SECONDARY_CAPTURE_ROOT || sopClass?.startsWith(`${SECONDARY_CAPTURE_ROOT}.`))
    return `secondary capture SOP class (${sopClass}) may be a screenshot or scanned document`;
  if (sopClass !== undefined && PROJECTION_SOP_CLASSES[sopClass] !== undefined)
    return `projection radiography SOP class (${PROJECTION_SOP_CLASSES[sopClass]}) often has burned-in labels`;
  if (modality !== undefined && PROJECTION_MODALITIES.has(modality))
    return `projection radiography (Modality ${modality}) often has burned-in labels`;
  const imageType = dataset.strings('ImageType')?.map((value) => value.toUpperCase()) ?? [];
  if (imageType.includes('LOCALIZER'))
    return 'localizer (ImageType LOCALIZER) may carry burned-in posting';
  const burnedIn = dataset.string('BurnedInAnnotation')?.toUpperCase();
  if (burnedIn === undefined) return 'BurnedInAnnotation (0028,0301) is absent';
  if (burnedIn !== 'NO')
    return `BurnedInAnnotation (0028,0301) is ${burnedIn === 'YES' ? 'YES' : 'not NO'}`;
  return undefined;
}
