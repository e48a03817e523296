/**
 * Errors raised by the DICOM core. Each has a stable code; `src/errors.ts`
 * lists these codes in the project's one error catalogue, and only the edges
 * (CLI, server) turn them into exit codes or HTTP responses.
 */
export const DICOM_ERROR_CODES = [
  'DICOM_NOT_DICOM',
  'DICOM_TRUNCATED',
  'DICOM_MALFORMED',
  'DICOM_UNSUPPORTED_TRANSFER_SYNTAX',
  'DICOM_PIXEL_DECODE_FAILED',
  'DICOM_NO_PIXEL_DATA',
  'DICOM_INVALID_VALUE',
  'DICOM_FILE_READ_FAILED',
] as const;

export type DicomErrorCode = (typeof DICOM_ERROR_CODES)[number];

export interface DicomErrorContext {
  /** The file being read, when there is one. */
  readonly file?: string;
  /** Byte offset in the file (or in the inflated stream for deflated syntaxes) where the problem sits. */
  readonly offset?: number;
  /** The element concerned, `(GGGG,EEEE) Keyword`. */
  readonly element?: string;
}

export class DicomError extends Error {
  override readonly name = 'DicomError';
  readonly code: DicomErrorCode;
  readonly file: string | undefined;
  readonly offset: number | undefined;
  readonly element: string | undefined;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(
    code: DicomErrorCode,
    detail: string,
    context: DicomErrorContext = {},
    options?: ErrorOptions,
  ) {
    super(formatMessage(detail, context), options);
    this.code = code;
    this.detail = detail;
    this.file = context.file;
    this.offset = context.offset;
    this.element = context.element;
  }

  /** The same error with the file name filled in, for errors raised below the file layer. */
  withFile(file: string): DicomError {
    if (this.file !== undefined) return this;
    const context: { file: string; offset?: number; element?: string } = { file };
    if (this.offset !== undefined) context.offset = this.offset;
    if (this.element !== undefined) context.element = this.element;
    return new DicomError(this.code, this.detail, context, { cause: this.cause });
  }
}

function formatMessage(detail: string, context: DicomErrorContext): string {
  const where: string[] = [];
  if (context.file !== undefined) where.push(context.file);
  if (context.offset !== undefined) where.push(`byte ${context.offset}`);
  if (context.element !== undefined) where.push(context.element);
  return where.length > 0 ? `${where.join(', ')}: ${detail}` : detail;
}

/** A recoverable problem met while reading; the reader carries on as other toolkits do. */
export interface DicomWarning {
  readonly code: string;
  readonly message: string;
  readonly offset?: number;
  readonly element?: string;
}
