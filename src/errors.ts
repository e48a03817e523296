import { DICOM_ERROR_CODES, DicomError, type DicomErrorCode } from './dicom/index.js';

/**
 * The one error catalogue (DESIGN.md "One error catalogue"): every error radset
 * raises has a stable code, an HTTP status and a CLI exit code here. Domain code
 * throws RadsetError (or DicomError from the pure core); only `cli/` and
 * `server/` translate them.
 */
export interface ErrorCatalogueEntry {
  readonly httpStatus: number;
  readonly exitCode: number;
  readonly title: string;
}

const DICOM_ENTRIES: Record<DicomErrorCode, ErrorCatalogueEntry> = {
  DICOM_NOT_DICOM: { httpStatus: 415, exitCode: 65, title: 'Not a DICOM file' },
  DICOM_TRUNCATED: { httpStatus: 422, exitCode: 65, title: 'DICOM data truncated' },
  DICOM_MALFORMED: { httpStatus: 422, exitCode: 65, title: 'Malformed DICOM data' },
  DICOM_UNSUPPORTED_TRANSFER_SYNTAX: {
    httpStatus: 415,
    exitCode: 69,
    title: 'Unsupported transfer syntax',
  },
  DICOM_PIXEL_DECODE_FAILED: {
    httpStatus: 422,
    exitCode: 65,
    title: 'Pixel data could not be decoded',
  },
  DICOM_NO_PIXEL_DATA: { httpStatus: 422, exitCode: 65, title: 'No pixel data' },
  DICOM_INVALID_VALUE: { httpStatus: 422, exitCode: 65, title: 'Invalid DICOM value' },
  DICOM_FILE_READ_FAILED: { httpStatus: 500, exitCode: 66, title: 'File could not be read' },
};

const APP_ENTRIES = {
  USAGE: { httpStatus: 400, exitCode: 64, title: 'Invalid command usage' },
  INVALID_ARGUMENT: { httpStatus: 400, exitCode: 64, title: 'Invalid argument' },
  NOT_FOUND: { httpStatus: 404, exitCode: 66, title: 'Not found' },
  OUTPUT_WRITE_FAILED: { httpStatus: 500, exitCode: 73, title: 'Output could not be written' },
  DEID_KEY_MISSING: { httpStatus: 500, exitCode: 78, title: 'No de-identification key' },
  DEID_KEY_INVALID: { httpStatus: 500, exitCode: 78, title: 'Invalid de-identification key' },
  DEID_REFUSED: { httpStatus: 422, exitCode: 65, title: 'Input cannot be de-identified' },
  DEID_PROFILE_INVALID: {
    httpStatus: 400,
    exitCode: 78,
    title: 'Invalid de-identification profile',
  },
  DATABASE_UNAVAILABLE: { httpStatus: 503, exitCode: 69, title: 'Database unavailable' },
  DATABASE_SCHEMA_TOO_NEW: {
    httpStatus: 500,
    exitCode: 78,
    title: 'Database schema newer than this radset',
  },
  PROJECT_KEY_MISMATCH: {
    httpStatus: 409,
    exitCode: 78,
    title: 'De-identification key differs from the project key',
  },
  PROJECT_NOT_INITIALISED: { httpStatus: 409, exitCode: 78, title: 'No radset project here' },
  INGEST_CONFLICT: {
    httpStatus: 409,
    exitCode: 65,
    title: 'Same SOP Instance UID, different content',
  },
  INGEST_INPUT_INVALID: {
    httpStatus: 422,
    exitCode: 65,
    title: 'Input is not a storable instance',
  },
  INGEST_SOURCE_FAILED: { httpStatus: 502, exitCode: 69, title: 'Ingest source failed' },
  MULTIPART_INVALID: { httpStatus: 400, exitCode: 65, title: 'Malformed multipart body' },
  UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, exitCode: 65, title: 'Unsupported media type' },
  NIFTI_INVALID: { httpStatus: 422, exitCode: 65, title: 'Invalid NIfTI file' },
  INTERNAL: { httpStatus: 500, exitCode: 70, title: 'Internal error' },
} as const satisfies Record<string, ErrorCatalogueEntry>;

export type AppErrorCode = keyof typeof APP_ENTRIES;
export type ErrorCode = AppErrorCode | DicomErrorCode;

export const ERROR_CATALOGUE: Readonly<Record<ErrorCode, ErrorCatalogueEntry>> = {
  ...DICOM_ENTRIES,
  ...APP_ENTRIES,
};

/** An error from radset's own domains (the DICOM core has DicomError). */
export class RadsetError extends Error {
  override readonly name = 'RadsetError';
  constructor(
    readonly code: AppErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The catalogue entry and code for any thrown value; unknown errors are INTERNAL. */
export function classifyError(error: unknown): {
  code: ErrorCode;
  entry: ErrorCatalogueEntry;
  message: string;
} {
  if (error instanceof DicomError || error instanceof RadsetError) {
    return { code: error.code, entry: ERROR_CATALOGUE[error.code], message: error.message };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', entry: ERROR_CATALOGUE.INTERNAL, message };
}

export { DICOM_ERROR_CODES };
