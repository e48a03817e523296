/**
 * The server side of STOW-RS, Store Instances (PS3.18 section 10.5), as pure
 * helpers: reading the request body into Part 10 files, and building the
 * response (status code and Store Instances Response Module, PS3.18 Annex I).
 * The HTTP route that uses them lives in `server/`.
 */
import type { DicomJsonAttribute, DicomJsonDataset } from '../../dicom/index.js';
import { RadsetError } from '../../errors.js';
import { parseMediaType } from './media-type.js';
import { multipartParameters, parseMultipartRelated } from './multipart-related.js';

/** One part of a STOW-RS request: a Part 10 file, or why the part cannot be one. */
export type StowPart = { readonly part10: Uint8Array } | { readonly error: string };

export interface ReadStowOptions {
  /** A part larger than this is an error (then the rest of the request is not read). Default: no limit. */
  readonly maxPartBytes?: number;
}

const DICOM = 'application/dicom';

/**
 * Reads a STOW-RS request body (PS3.18 10.5.1): `multipart/related;
 * type="application/dicom"`, one DICOM Part 10 file per part (PS3.18 8.6.1.2).
 * Yields `{ part10 }` per part, or `{ error }` for a part that is not
 * application/dicom (or is empty); a body that is cut short, malformed or
 * broken off ends with one `{ error }` after the parts before it (the
 * iterator does not throw). So every part sent is accounted for.
 *
 * Only the Part 10 form is accepted. The metadata-and-bulk-data forms
 * (`type="application/dicom+json"` or `application/dicom+xml` with bulk data
 * parts, PS3.18 10.5.1.2) are out of scope: this throws RadsetError
 * ('INVALID_ARGUMENT') at once for them, and for any Content-Type that is not
 * multipart/related with a boundary; the route should answer 415
 * (PS3.18 Table 10.5.3-1).
 */
export function readStowRequest(
  contentType: string | undefined,
  body: AsyncIterable<Uint8Array>,
  options: ReadStowOptions = {},
): AsyncIterable<StowPart> {
  if (contentType === undefined || contentType.trim() === '')
    throw new RadsetError(
      'UNSUPPORTED_MEDIA_TYPE',
      'STOW-RS request has no Content-Type: send multipart/related; type="application/dicom"',
    );
  if (parseMediaType(contentType, 'Content-Type').mediaType !== 'multipart/related')
    throw new RadsetError(
      'UNSUPPORTED_MEDIA_TYPE',
      `STOW-RS accepts multipart/related; type="application/dicom" (PS3.18 10.5.1), not ${contentType}`,
    );
  const { mediaType, type } = multipartParameters(contentType);
  if (mediaType !== 'multipart/related')
    throw new RadsetError(
      'UNSUPPORTED_MEDIA_TYPE',
      `STOW-RS accepts multipart/related; type="application/dicom" (PS3.18 10.5.1), not ${mediaType}`,
    );
  if (type !== undefined) {
    const root = parseMediaType(type, 'multipart/related type parameter').mediaType;
    if (root === 'application/dicom+json' || root === 'application/dicom+xml')
      throw new RadsetError(
        'UNSUPPORTED_MEDIA_TYPE',
        `STOW-RS with ${root} metadata and bulk data (PS3.18 10.5.1.2) is not supported: ` +
          'send the instances as Part 10 files, multipart/related; type="application/dicom"',
      );
    if (root !== DICOM)
      throw new RadsetError(
        'UNSUPPORTED_MEDIA_TYPE',
        `STOW-RS accepts multipart/related; type="application/dicom" (PS3.18 10.5.1), not type="${type}"`,
      );
  }
  const parts = parseMultipartRelated(contentType, body, {
    ...(options.maxPartBytes === undefined ? {} : { maxPartBytes: options.maxPartBytes }),
  });
  return { [Symbol.asyncIterator]: () => stowParts(parts) };
}

async function* stowParts(
  parts: AsyncIterable<{ contentType: string; bytes: Uint8Array }>,
): AsyncGenerator<StowPart> {
  let partNumber = 0;
  try {
    for await (const part of parts) {
      partNumber += 1;
      let partType: string;
      try {
        partType = parseMediaType(part.contentType, `part ${partNumber} Content-Type`).mediaType;
      } catch (error) {
        yield { error: (error as Error).message };
        continue;
      }
      if (partType !== DICOM)
        yield {
          error: `part ${partNumber}: Content-Type ${part.contentType} is not application/dicom`,
        };
      else if (part.bytes.length === 0) yield { error: `part ${partNumber} is empty` };
      else yield { part10: part.bytes };
    }
  } catch (error) {
    // A malformed body or a broken connection: the parts before it stand, the rest is one error.
    const why = error instanceof Error ? error.message : String(error);
    yield { error: `request body after part ${partNumber}: ${why}` };
  }
}

/** What became of one instance of a STOW-RS request. */
export interface StowResult {
  readonly sopClassUid?: string;
  readonly sopInstanceUid?: string;
  /** `duplicate`: already held, identical; reported as stored (STOW-RS has no duplicate status). */
  readonly outcome: 'stored' | 'duplicate' | 'rejected';
  /** Human-readable reason, for a rejection; returned in `reasons`. */
  readonly reason?: string;
  /** Failure Reason (0008,1197) for a rejection, from {@link STOW_FAILURE_REASON}. Default processing failure (0110H). */
  readonly failureReason?: number;
  /** WADO-RS URL of the stored instance (Retrieve URL (0008,1190) of its Referenced SOP Sequence item). */
  readonly retrieveUrl?: string;
}

/**
 * Failure Reason (0008,1197) values of a Store Instances Response
 * (PS3.18 Table I.2-2); A7xx, A9xx and Cxxx are ranges of which the first
 * value is given here.
 */
export const STOW_FAILURE_REASON = {
  /** A700: refused, out of resources. */
  outOfResources: 0xa700,
  /** A900: error, data set does not match SOP class. */
  datasetDoesNotMatchSopClass: 0xa900,
  /** C000: error, cannot understand (e.g. not a parseable DICOM file). */
  cannotUnderstand: 0xc000,
  /** C122: referenced transfer syntax not supported. */
  transferSyntaxNotSupported: 0xc122,
  /** 0110: processing failure. */
  processingFailure: 0x0110,
  /** 0122: referenced SOP class not supported. */
  sopClassNotSupported: 0x0122,
} as const;

export interface StowResponseOptions {
  /** Retrieve URL (0008,1190) of the study, for a request to `/studies/{uid}`; empty otherwise (Type 2, PS3.18 Table I.1-1). */
  readonly studyRetrieveUrl?: string;
}

export interface StowResponse {
  /** PS3.18 Table 10.5.3-1: 200 all stored, 202 some stored, 409 none stored. */
  readonly httpStatus: number;
  /** The Store Instances Response Module (PS3.18 Annex I) in the DICOM JSON Model (PS3.18 Annex F). */
  readonly body: DicomJsonDataset;
  /** The rejection reasons as text ("part 2: …"), e.g. for logs or a Warning header: DICOM JSON has no field for them. */
  readonly reasons: readonly string[];
}

function ui(value: string | undefined): DicomJsonAttribute {
  return value === undefined || value === '' ? { vr: 'UI' } : { vr: 'UI', Value: [value] };
}

function ur(value: string | undefined): DicomJsonAttribute {
  return value === undefined || value === '' ? { vr: 'UR' } : { vr: 'UR', Value: [value] };
}

/**
 * The STOW-RS response for the outcomes of one request (PS3.18 10.5.3):
 * HTTP 200 when every instance was stored, 202 when some were and others
 * failed, 409 when none was (a request with no instances at all is 409 too;
 * a body that could not be read as multipart is the route's 400).
 * Stored and duplicate instances go to Referenced SOP Sequence (0008,1199)
 * with Referenced SOP Class/Instance UID (0008,1150)/(0008,1155) and Retrieve
 * URL (0008,1190); rejected ones to Failed SOP Sequence (0008,1198) with
 * Failure Reason (0008,1197) (PS3.18 Table I.1-1). A rejected part whose UIDs
 * are unknown (it did not parse) is listed with empty UIDs.
 */
export function stowResponse(
  results: readonly StowResult[],
  options: StowResponseOptions = {},
): StowResponse {
  const referenced: DicomJsonDataset[] = [];
  const failed: DicomJsonDataset[] = [];
  const reasons: string[] = [];
  results.forEach((result, index) => {
    const reference = {
      '00081150': ui(result.sopClassUid),
      '00081155': ui(result.sopInstanceUid),
    };
    if (result.outcome === 'rejected') {
      failed.push({
        ...reference,
        '00081197': {
          vr: 'US',
          Value: [result.failureReason ?? STOW_FAILURE_REASON.processingFailure],
        },
      });
      const who = result.sopInstanceUid ?? `instance ${index + 1}`;
      reasons.push(`${who}: ${result.reason ?? 'rejected'}`);
    } else {
      referenced.push({ ...reference, '00081190': ur(result.retrieveUrl) });
    }
  });
  const body: Record<string, DicomJsonAttribute> = {
    '00081190': ur(options.studyRetrieveUrl),
  };
  if (failed.length > 0) body['00081198'] = { vr: 'SQ', Value: failed };
  if (referenced.length > 0) body['00081199'] = { vr: 'SQ', Value: referenced };
  const httpStatus = referenced.length === 0 ? 409 : failed.length === 0 ? 200 : 202;
  return { httpStatus, body, reasons };
}
