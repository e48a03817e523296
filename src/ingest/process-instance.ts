import { createHmac } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import {
  Dataset,
  parsePart10,
  stringifyDicomJson,
  toDicomJson,
  type DicomFile,
} from '../dicom/index.js';
import { harmoniseInstance, type CatalogEntry } from '../catalog/index.js';
import {
  deidentifyInstance,
  MEDIA_STORAGE_DIRECTORY_SOP_CLASS,
  type DeidContext,
  type PhiTerms,
} from '../deid/index.js';
import { RadsetError } from '../errors.js';
import type { BlobStore } from '../store/index.js';

/** What one input became in a worker: a catalog entry for a stored blob, or why it cannot be. */
export type ProcessedInstance =
  | { readonly ok: true; readonly entry: CatalogEntry; readonly reviewRequired: boolean }
  | { readonly ok: false; readonly code: string; readonly reason: string };

export interface ProcessContext {
  readonly deid: DeidContext;
  readonly blobs: BlobStore;
  /** The project key: source digests are keyed so they cannot confirm a guessed original. */
  readonly key: Uint8Array;
}

/** BulkDataURI of binary values in catalog headers: the value is in the instance's blob. */
export const BULK_DATA_IN_BLOB = 'blob';

/** A gzip-wrapped file inflates to at most this (the largest DICOM files seen are a few GiB). */
const MAX_GUNZIPPED_BYTES = 2 ** 31 - 1;

/** UID syntax, PS3.5 section 9.1: digits and dots, no leading zero in a component, ≤ 64 characters. */
const UID = /^(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*$/;

/** The header elements age band and sex are taken from before de-identification removes them. */
const DEMOGRAPHIC_KEYWORDS = [
  'PatientAge',
  'PatientSex',
  'PatientBirthDate',
  'StudyDate',
  'SeriesDate',
  'AcquisitionDate',
  'ContentDate',
] as const;

function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Unwraps a gzip-wrapped input (some archives and research shares store DICOM as .dcm.gz). */
export function unwrapInput(bytes: Uint8Array): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_GUNZIPPED_BYTES });
  } catch (error) {
    throw new RadsetError(
      'INGEST_INPUT_INVALID',
      `gzip-wrapped input does not inflate: ${(error as Error).message}`,
    );
  }
}

/**
 * The checks between parse and de-identification (DESIGN.md flow "validate"):
 * the identifiers the catalog is keyed by must be there and be UIDs. A
 * DICOMDIR is an index, not an instance.
 */
export function validateInstance(file: DicomFile): void {
  const { dataset } = file;
  const sopClass = dataset.string('SOPClassUID') ?? file.meta.string('MediaStorageSOPClassUID');
  if (sopClass === MEDIA_STORAGE_DIRECTORY_SOP_CLASS) {
    throw new RadsetError(
      'INGEST_INPUT_INVALID',
      'a DICOMDIR is a media index, not an instance: it is read as an index, never stored',
    );
  }
  for (const keyword of [
    'SOPClassUID',
    'SOPInstanceUID',
    'StudyInstanceUID',
    'SeriesInstanceUID',
  ]) {
    const value = dataset.string(keyword)?.trim();
    if (value === undefined || value === '') {
      throw new RadsetError(
        'INGEST_INPUT_INVALID',
        `${keyword} is missing: not a storable instance`,
      );
    }
    if (value.length > 64 || !UID.test(value)) {
      throw new RadsetError(
        'INGEST_INPUT_INVALID',
        `${keyword} '${value}' is not a valid UID (PS3.5 9.1: digits and dots, at most 64 characters)`,
      );
    }
  }
}

function demographics(dataset: Dataset): Dataset {
  const copy = new Dataset();
  for (const keyword of DEMOGRAPHIC_KEYWORDS) {
    const element = dataset.element(keyword);
    if (element !== undefined) copy.set({ ...element });
  }
  return copy;
}

function errorOutcome(error: unknown): ProcessedInstance {
  const code =
    typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'INTERNAL';
  return { ok: false, code, reason: error instanceof Error ? error.message : String(error) };
}

/**
 * One input through the door: unwrap, parse, validate, de-identify with the
 * project's profile, store the de-identified file by content, and describe it
 * for the catalog. Never throws: a problem comes back as the reason to
 * quarantine the input. `phiTerms` are the patient's identifying values
 * gathered across the run (folder ingest); without them, the instance's own.
 */
export async function processInstance(
  input: Uint8Array,
  name: string,
  context: ProcessContext,
  phiTerms: PhiTerms | undefined,
): Promise<ProcessedInstance> {
  try {
    const bytes = unwrapInput(input);
    const file = parsePart10(bytes, { file: name });
    validateInstance(file);
    const sourceDigest = createHmac('sha256', context.key)
      .update('source\0')
      .update(bytes.subarray(file.datasetOffset))
      .digest('base64url');
    const original = demographics(file.dataset);
    const result = await deidentifyInstance(
      file,
      phiTerms === undefined ? context.deid : { ...context.deid, phiTerms },
    );
    const blob = context.blobs.put(result.parts);
    const dataset = file.dataset; // de-identified in place
    const h = harmoniseInstance(dataset, original);
    // Bulk data (pixels, overlays, large binaries) stays in the blob; the
    // catalog header names it BULK_DATA_IN_BLOB.
    const header = toDicomJson(dataset, { bulkDataUri: () => BULK_DATA_IN_BLOB });
    const entry: CatalogEntry = {
      patientId: result.patientPseudonym,
      sex: h.sex,
      studyUid: result.studyInstanceUid ?? '',
      studyDate: h.studyDate,
      studyDescription: h.studyDescription,
      ageBand: h.ageBand,
      seriesUid: result.seriesInstanceUid ?? '',
      modality: h.modality,
      bodyPart: h.bodyPart,
      bodyPartSource: h.bodyPartSource,
      manufacturer: h.manufacturer,
      manufacturerOriginal: h.manufacturerOriginal,
      model: h.model,
      fieldStrengthT: h.fieldStrengthT,
      sliceThicknessMm: h.sliceThicknessMm,
      pixelSpacingRowMm: h.pixelSpacingMm?.[0] ?? null,
      pixelSpacingColumnMm: h.pixelSpacingMm?.[1] ?? null,
      kvp: h.kvp,
      convolutionKernel: h.convolutionKernel,
      contrast: h.contrast,
      seriesDescription: h.seriesDescription,
      protocolName: h.protocolName,
      sopInstanceUid: result.sopInstanceUid,
      sopClassUid: result.sopClassUid ?? null,
      transferSyntaxUid: result.transferSyntaxUid,
      instanceNumber: dataset.number('InstanceNumber') ?? null,
      frameCount: h.frameCount,
      rows: h.rows,
      columns: h.columns,
      blobSha256: blob.sha256,
      sizeBytes: blob.sizeBytes,
      sourceDigest,
      headerJson: stringifyDicomJson(header),
    };
    return { ok: true, entry, reviewRequired: result.reviewRequired };
  } catch (error) {
    return errorOutcome(error);
  }
}
