import {
  EXPLICIT_VR_LITTLE_ENDIAN,
  lookupTransferSyntax,
  writePart10Parts,
  type DicomFile,
  type Dataset,
} from '../dicom/index.js';
import { RadsetError } from '../errors.js';
import { writeConformanceMarkers } from './conformance-markers.js';
import type { DeidOption } from './deid-option.js';
import type { DeidLogEntry } from './deid-log.js';
import type { DeidProfile } from './deid-profile.js';
import { walkDataset } from './header-walker.js';
import type { KeyedPseudonyms } from './keyed-pseudonym.js';
import { PhiTerms } from './phi-terms.js';
import { EXAMPLE_BURNED_IN_RULES } from './pixel/burned-in-rules-data.js';
import { cleanPixelData, type PixelCleanResult } from './pixel/clean-pixel-data.js';
import { cleanOverlayText, overlayGroups } from './pixel/overlay-text.js';
import { ANNEX_E_EDITION } from './profile/index.js';

/** Tesseract word confidence that counts as text in an overlay plane (images use 60). */
const OVERLAY_MIN_CONFIDENCE = 30;
/** Below 60, an OCR word counts only when it is one of the patient's names or IDs. */
const LOW_CONFIDENCE = 20;
/** Overlay planes are small (often the image size, 1 bit): read them at 3×. */
const OVERLAY_UPSCALE = 3;

/** Media Storage Directory (DICOMDIR), PS3.10 section 8. */
export const MEDIA_STORAGE_DIRECTORY_SOP_CLASS = '1.2.840.10008.1.3.10';

export interface DeidContext {
  readonly profile: DeidProfile;
  readonly pseudonyms: KeyedPseudonyms;
  /**
   * Identifying values of this instance's patient gathered across all of the
   * patient's headers in the run; when absent, from this instance alone.
   */
  readonly phiTerms?: PhiTerms;
  /** `radset 0.1.0`: recorded in De-identification Method. */
  readonly software: string;
}

export interface DeidInstanceResult {
  /** The de-identified Part 10 file (concatenated on first use from `parts`). */
  readonly bytes: Uint8Array;
  /** The same file as consecutive chunks, Pixel Data not copied: for writev. */
  readonly parts: readonly Uint8Array[];
  readonly transferSyntaxUid: string;
  readonly patientPseudonym: string;
  readonly studyInstanceUid: string | undefined;
  readonly seriesInstanceUid: string | undefined;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string | undefined;
  readonly entries: readonly DeidLogEntry[];
  readonly optionsApplied: readonly DeidOption[];
  readonly pixel: PixelCleanResult | undefined;
  /** Burned-in text was found by OCR: a person should confirm the masking. */
  readonly reviewRequired: boolean;
}

/**
 * What identifies the patient for keyed values: the original Patient ID, else
 * the study. The issuer is left out on purpose: sites fill Issuer of Patient
 * ID in some series and not others, and keying on it split one patient into
 * two pseudonyms with two date shifts. A project that merges sites whose MRNs
 * collide must make the IDs unique before de-identification.
 */
export function patientKeyOf(dataset: Dataset): string {
  const id = dataset.string('PatientID')?.trim();
  if (id !== undefined && id !== '') return `patient\\${id}`;
  const study = dataset.string('StudyInstanceUID');
  if (study !== undefined) return `study\\${study}`;
  return `instance\\${dataset.string('SOPInstanceUID') ?? ''}`;
}

/**
 * De-identifies one instance with the profile (PS3.15 Annex E): pixels first
 * (burned-in text rules and OCR look at the original header), then the
 * header, recursively, then the conformance markers; writes a new Part 10 file
 * whose meta header carries none of the original's optional elements.
 * The input file object is consumed (its data set is changed in place).
 */
export async function deidentifyInstance(
  file: DicomFile,
  context: DeidContext,
): Promise<DeidInstanceResult> {
  const { dataset } = file;
  const sopClassUid = dataset.string('SOPClassUID') ?? file.meta.string('MediaStorageSOPClassUID');
  if (sopClassUid === MEDIA_STORAGE_DIRECTORY_SOP_CLASS) {
    throw new RadsetError(
      'DEID_REFUSED',
      'a DICOMDIR is a media index of the original files, not an instance: it is not copied (its records carry names, IDs and original paths)',
    );
  }
  if (file.headerOnly)
    throw new RadsetError('INTERNAL', 'de-identification needs the whole file, not a header read');
  if (dataset.string('SOPInstanceUID') === undefined) {
    throw new RadsetError(
      'DEID_REFUSED',
      'no SOP Instance UID (0008,0018): not a storable instance',
    );
  }
  const { profile, pseudonyms } = context;
  const options = profile.options;
  const log: DeidLogEntry[] = [];
  const patientKey = patientKeyOf(dataset);
  const patientPseudonym = pseudonyms.patientId(patientKey);
  let phi = context.phiTerms;
  if (phi === undefined) {
    phi = new PhiTerms(options);
    phi.addDataset(dataset);
  }
  const patientPhi = phi;
  const applied: DeidOption[] = [...options].filter((o) => o !== 'cleanPixelData');

  let transferSyntaxUid = file.transferSyntaxUid;
  let pixel: PixelCleanResult | undefined;
  if (options.has('cleanPixelData') && dataset.has('PixelData')) {
    pixel = await cleanPixelData(
      { dataset, transferSyntaxUid },
      {
        rules: [...EXAMPLE_BURNED_IN_RULES, ...profile.pixelRules],
        ocr: profile.ocr,
        ocrOptions: {
          lowConfidence: {
            minConfidence: LOW_CONFIDENCE,
            accept: (w) => patientPhi.matchesWord(w),
          },
        },
      },
    );
    transferSyntaxUid = pixel.transferSyntaxUid;
    applied.unshift('cleanPixelData');
    for (const finding of pixel.findings) {
      log.push({
        path: '(7FE0,0010)',
        keyword: 'PixelData',
        action: 'masked',
        rule: `Clean Pixel Data: ${finding.source}`,
      });
    }
  }
  const cleanedOverlayGroups = new Set<number>();
  if (options.has('cleanGraphics') && profile.ocr) {
    // Clean Graphics keeps overlays, cleared of the text OCR finds in them; with
    // OCR off they cannot be checked, so they go with the Basic Profile (below).
    // Overlay planes are clean 1-bit graphics: a lower OCR confidence
    // finds names with '^' in them, and the two-tone check keeps specks out.
    const overlays = await cleanOverlayText(dataset, {
      ocr: {
        minConfidence: OVERLAY_MIN_CONFIDENCE,
        upscale: OVERLAY_UPSCALE,
        lowConfidence: { minConfidence: LOW_CONFIDENCE, accept: (w) => patientPhi.matchesWord(w) },
      },
    });
    for (const group of overlayGroups(dataset)) cleanedOverlayGroups.add(group);
    for (const finding of overlays.findings) {
      log.push({
        path: `(${finding.group.toString(16).toUpperCase()},3000)`,
        keyword: 'OverlayData',
        action: 'masked',
        rule: 'Clean Graphics: text found by OCR cleared from the overlay',
      });
    }
  }

  walkDataset(dataset, [], {
    options,
    pseudonyms,
    offset: pseudonyms.dateOffset(patientKey),
    patientPseudonym,
    phi,
    sopClassUid,
    cleanedOverlayGroups,
    log,
  });
  writeConformanceMarkers(dataset, applied, {
    software: context.software,
    edition: ANNEX_E_EDITION,
  });
  for (const keyword of [
    'PatientIdentityRemoved',
    'DeidentificationMethod',
    'DeidentificationMethodCodeSequence',
    'LongitudinalTemporalInformationModified',
  ]) {
    log.push({ path: '', keyword, action: 'added', rule: 'PS3.15 E.1.1 conformance marker' });
  }
  for (const [tag] of file.meta.elements) {
    if ([0x00020016, 0x00020017, 0x00020018, 0x00020100, 0x00020102].includes(tag)) {
      log.push({
        path: `(0002,${tag.toString(16).slice(-4).toUpperCase()})`,
        action: 'removed',
        rule: 'file meta: optional elements are not carried over',
      });
    }
  }
  // Native data sets are written in Explicit VR Little Endian: readable by every
  // toolkit, and VRs are explicit for whoever reads the output next.
  if (lookupTransferSyntax(transferSyntaxUid)?.encapsulated === false)
    transferSyntaxUid = EXPLICIT_VR_LITTLE_ENDIAN;
  const parts = writePart10Parts({ dataset, transferSyntaxUid });
  let bytes: Uint8Array | undefined;
  const sopInstanceUid = dataset.string('SOPInstanceUID') ?? '';
  return {
    get bytes(): Uint8Array {
      bytes ??= Buffer.concat(parts);
      return bytes;
    },
    parts,
    transferSyntaxUid,
    patientPseudonym,
    studyInstanceUid: dataset.string('StudyInstanceUID'),
    seriesInstanceUid: dataset.string('SeriesInstanceUID'),
    sopInstanceUid,
    sopClassUid,
    entries: log,
    optionsApplied: applied,
    pixel,
    reviewRequired: pixel?.reviewRequired ?? false,
  };
}
