/**
 * HTTP plumbing shared by the DICOMweb client: requests through Node's
 * built-in fetch (undici) that fail with messages naming the method, URL,
 * HTTP status and the start of the response body, never a bare stack trace.
 */
import { RadsetError, type AppErrorCode } from '../../errors.js';

/** The catalogue code for a DICOMweb server that cannot be reached or answers with an error. */
export const DICOMWEB_REMOTE_ERROR: AppErrorCode = 'INGEST_SOURCE_FAILED';

/** How much of an error response body is quoted in messages. */
const QUOTED_BODY_CHARS = 200;

/** An HTTP answer that was not what the caller needed, with what to report. */
export class DicomwebHttpFailure {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly httpStatus: number,
    readonly statusText: string,
    readonly bodyStart: string,
  ) {}

  /** `GET <url>: HTTP 404 Not Found: <first 200 characters of the body>`. */
  describe(): string {
    const body = this.bodyStart === '' ? '' : `: ${this.bodyStart}`;
    return `${this.method} ${this.url}: HTTP ${this.httpStatus} ${this.statusText}${body}`.trim();
  }
}

/** Removes trailing slashes and checks that `baseUrl` is an http(s) URL. */
export function normaliseBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new RadsetError('INVALID_ARGUMENT', `DICOMweb base URL '${baseUrl}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `DICOMweb base URL '${baseUrl}' must be http: or https:, not ${url.protocol}`,
    );
  return baseUrl.replace(/\/+$/, '');
}

/** Why fetch failed before any response: undici puts the socket error in `cause`. */
function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause: unknown = error.cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return code !== undefined && !cause.message.includes(code)
      ? `${code}: ${cause.message}`
      : cause.message;
  }
  return error.message;
}

/**
 * GET `url`. Resolves with the response whatever its status; rejects only
 * when no response came (server unreachable, DNS, TLS), with a
 * RadsetError naming the URL and the socket error, or with the abort reason
 * when `signal` was aborted.
 */
export async function httpGet(
  url: string,
  headers: Readonly<Record<string, string>>,
  signal: AbortSignal | undefined,
): Promise<Response> {
  try {
    return await fetch(url, {
      method: 'GET',
      headers,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (signal?.aborted === true) throw signal.reason;
    throw new RadsetError(
      DICOMWEB_REMOTE_ERROR,
      `DICOMweb server unreachable: GET ${url}: ${networkReason(error)}`,
      { cause: error },
    );
  }
}

/** Reads at most `maxChars` characters of a response body (then cancels it), for error messages. */
export async function bodyStart(response: Response, maxChars = QUOTED_BODY_CHARS): Promise<string> {
  if (response.body === null) return '';
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let text = '';
  try {
    for await (const chunk of response.body) {
      text += decoder.decode(chunk, { stream: true });
      if (text.length >= maxChars) break;
    }
  } catch {
    // The body broke off: quote what arrived.
  }
  return text.replace(/\s+/g, ' ').trim().slice(0, maxChars);
}

/** The failure for a response with an unwanted status, its body quoted. */
export async function httpFailure(
  method: string,
  url: string,
  response: Response,
): Promise<DicomwebHttpFailure> {
  return new DicomwebHttpFailure(
    method,
    url,
    response.status,
    response.statusText,
    await bodyStart(response),
  );
}

/** The chunks of a response body (none for an empty body). */
export async function* responseChunks(response: Response): AsyncGenerator<Uint8Array> {
  if (response.body === null) return;
  for await (const chunk of response.body) yield chunk;
}
