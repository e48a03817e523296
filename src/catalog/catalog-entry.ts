/**
 * One de-identified instance as the catalog records it: identifiers are
 * pseudonyms, harmonised fields are in their catalog form. Built where the
 * instance is de-identified (an ingest worker), written by the CatalogWriter.
 */
export interface CatalogEntry {
  readonly patientId: string;
  readonly sex: string | null;
  readonly studyUid: string;
  /** YYYY-MM-DD, shifted with the patient's date offset. */
  readonly studyDate: string | null;
  readonly studyDescription: string | null;
  readonly ageBand: string | null;
  readonly seriesUid: string;
  readonly modality: string | null;
  readonly bodyPart: string | null;
  readonly bodyPartSource: string | null;
  readonly manufacturer: string | null;
  readonly manufacturerOriginal: string | null;
  readonly model: string | null;
  readonly fieldStrengthT: number | null;
  readonly sliceThicknessMm: number | null;
  readonly pixelSpacingRowMm: number | null;
  readonly pixelSpacingColumnMm: number | null;
  readonly kvp: number | null;
  readonly convolutionKernel: string | null;
  readonly contrast: string | null;
  readonly seriesDescription: string | null;
  readonly protocolName: string | null;
  readonly sopInstanceUid: string;
  readonly sopClassUid: string | null;
  readonly transferSyntaxUid: string;
  readonly instanceNumber: number | null;
  readonly frameCount: number;
  readonly rows: number | null;
  readonly columns: number | null;
  /** The de-identified Part 10 file in the blob store. */
  readonly blobSha256: string;
  readonly sizeBytes: number;
  /**
   * Keyed HMAC of the original data set (after the file meta): the same
   * instance arriving again is a duplicate, the same SOP Instance UID with
   * other content a conflict. Keyed, so it cannot confirm a guessed original.
   */
  readonly sourceDigest: string;
  /** The de-identified header as DICOM JSON (PS3.18 F), bulk data left out. */
  readonly headerJson: string;
}

/** Where an instance came from. */
export type IngestSource = 'folder' | 'dicomweb' | 'dimse' | 'stow';
