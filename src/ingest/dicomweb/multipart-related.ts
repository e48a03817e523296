/**
 * multipart/related bodies (RFC 2387, with the multipart syntax of RFC 2046
 * section 5.1.1), as DICOMweb uses them for WADO-RS responses and STOW-RS
 * requests (PS3.18 sections 8.6 and 8.7.1.2: one DICOM Part 10 file per
 * part, `Content-Type: application/dicom`).
 */
import { randomBytes } from 'node:crypto';
import { RadsetError } from '../../errors.js';
import { formatMediaType, parseMediaType } from './media-type.js';

/** One body part of a multipart message. */
export interface MultipartPart {
  /** The part's Content-Type header (parameters kept), or the default described at {@link parseMultipartRelated}. */
  readonly contentType: string;
  /** The part's headers by lower-case name (repeated headers joined with ", "). */
  readonly headers: Readonly<Record<string, string>>;
  /** The part's body, exactly the bytes between its header block and the next delimiter. */
  readonly bytes: Uint8Array;
}

export interface MultipartParseOptions {
  /** A part whose body grows past this many bytes is an error (bounds memory for untrusted senders). Default: no limit. */
  readonly maxPartBytes?: number;
  /** Largest header block accepted for one part. Default 64 KiB. */
  readonly maxHeaderBytes?: number;
}

/** A part to encode; `contentType` becomes its Content-Type header. */
export interface MultipartPartInput {
  readonly contentType: string;
  /** Further headers (not Content-Type), written in the given order. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly bytes: Uint8Array;
}

const CR = 0x0d;
const LF = 0x0a;
const DASH = 0x2d;
const SPACE = 0x20;
const TAB = 0x09;
const CRLF = Buffer.from('\r\n', 'latin1');
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
const DEFAULT_MAX_HEADER_BYTES = 64 * 1024;
const INITIAL_CAPACITY = 64 * 1024;
/** Transport padding allowed after a delimiter (RFC 2046 5.1.1 `transport-padding`); more is not a delimiter line. */
const MAX_TRANSPORT_PADDING = 1024;
/** RFC 2046 5.1.1 `bchars`: the characters a boundary may use; 1 to 70 of them, not ending in a space. */
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

function malformed(message: string): RadsetError {
  return new RadsetError('MULTIPART_INVALID', `multipart body: ${message}`);
}

/**
 * The boundary of a multipart Content-Type header (RFC 2046 section 5.1.1),
 * and the `type` parameter of multipart/related (RFC 2387 section 3.1).
 * Throws RadsetError('INVALID_ARGUMENT') when the header is not multipart or
 * has no valid boundary.
 */
export function multipartParameters(contentType: string): {
  readonly mediaType: string;
  readonly boundary: string;
  readonly type: string | undefined;
} {
  const parsed = parseMediaType(contentType);
  if (!parsed.mediaType.startsWith('multipart/'))
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `Content-Type '${contentType}' is not multipart (expected multipart/related; PS3.18 8.7.1.2)`,
    );
  const boundary = parsed.parameters.boundary;
  if (boundary === undefined)
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `Content-Type '${contentType}' has no boundary parameter`,
    );
  if (!BOUNDARY.test(boundary))
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `Content-Type '${contentType}': boundary must be 1-70 characters of RFC 2046 bchars`,
    );
  return { mediaType: parsed.mediaType, boundary, type: parsed.parameters.type };
}

type State = 'preamble' | 'delimiter' | 'headers' | 'body' | 'epilogue';

/**
 * Parses a multipart body (RFC 2046 section 5.1.1; multipart/related per
 * RFC 2387 and PS3.18 section 8.7.1.2) as it streams in, yielding each part
 * once its closing delimiter has arrived. Memory is bounded by the largest
 * part (plus one chunk): bytes already yielded and the preamble/epilogue are
 * not kept. The epilogue is read to the end and discarded, so that a request
 * body is fully consumed.
 *
 * A part without a Content-Type header gets the multipart/related `type`
 * parameter as its content type (the root's type, RFC 2387 section 3.1),
 * else `text/plain` (RFC 2046 section 5.1). Content-Transfer-Encoding is not
 * applied: DICOMweb sends binary parts (PS3.18 8.6.1).
 *
 * The Content-Type header is checked at once (throws RadsetError
 * 'INVALID_ARGUMENT' when it is not multipart or has no boundary); errors in
 * the body (no delimiter, a body that ends before the close delimiter, a
 * header block or part over the limits) are thrown by the iterator, after the
 * parts before the error were yielded.
 */
export function parseMultipartRelated(
  contentType: string,
  body: AsyncIterable<Uint8Array>,
  options: MultipartParseOptions = {},
): AsyncIterable<MultipartPart> {
  const { boundary, type } = multipartParameters(contentType);
  const maxPartBytes = options.maxPartBytes ?? Number.POSITIVE_INFINITY;
  const maxHeaderBytes = options.maxHeaderBytes ?? DEFAULT_MAX_HEADER_BYTES;
  return {
    [Symbol.asyncIterator]: () =>
      parts(body, boundary, type ?? 'text/plain', maxPartBytes, maxHeaderBytes),
  };
}

/**
 * The parser proper. The buffer holds the unconsumed bytes at [pos, len);
 * `scanFrom` remembers how far a search already looked, so each byte is
 * searched about once. A virtual CRLF is placed before the body so that the
 * first delimiter, which RFC 2046 allows at the very start, looks like all others.
 */
async function* parts(
  body: AsyncIterable<Uint8Array>,
  boundary: string,
  defaultType: string,
  maxPartBytes: number,
  maxHeaderBytes: number,
): AsyncGenerator<MultipartPart> {
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  let buf = Buffer.alloc(INITIAL_CAPACITY);
  CRLF.copy(buf, 0);
  let len = 2;
  let pos = 0;
  let scanFrom = 0;
  let state = 'preamble' as State;
  let partNumber = 0;
  let headers: Record<string, string> = {};
  let total = 0;

  const append = (chunk: Uint8Array): void => {
    if (len + chunk.length > buf.length) {
      // Grow, dropping the consumed bytes before `pos` at the same time.
      const live = len - pos;
      const needed = live + chunk.length;
      const next = Buffer.alloc(Math.max(INITIAL_CAPACITY, needed + (needed >> 1)));
      buf.copy(next, 0, pos, len);
      buf = next;
      scanFrom -= pos;
      len = live;
      pos = 0;
    }
    buf.set(chunk, len);
    len += chunk.length;
  };

  /** Advances the state machine as far as the buffered bytes allow; returns a finished part, if any. */
  const step = (): MultipartPart | 'more' | 'progress' => {
    switch (state) {
      case 'preamble': {
        const at = buf.subarray(0, len).indexOf(delimiter, scanFrom);
        if (at < 0) {
          // The preamble is ignored (RFC 2046 5.1.1): drop what cannot start a delimiter.
          pos = Math.max(pos, len - delimiter.length + 1);
          scanFrom = pos;
          return 'more';
        }
        pos = at + delimiter.length;
        state = 'delimiter';
        return 'progress';
      }
      case 'delimiter': {
        // After a delimiter: "--" closes the body, else transport padding then CRLF (RFC 2046 5.1.1).
        if (len - pos < 2) return 'more';
        if (buf[pos] === DASH && buf[pos + 1] === DASH) {
          state = 'epilogue';
          pos = len;
          return 'progress';
        }
        let at = pos;
        while (at < len && (buf[at] === SPACE || buf[at] === TAB)) at += 1;
        if (at - pos > MAX_TRANSPORT_PADDING)
          throw malformed(
            `the delimiter before part ${partNumber + 1} is followed by too much padding`,
          );
        if (len - at < 2) return 'more';
        if (buf[at] !== CR || buf[at + 1] !== LF)
          throw malformed(
            `the delimiter before part ${partNumber + 1} is followed by unexpected bytes ` +
              `(a line starting with --${boundary} that is not a boundary delimiter)`,
          );
        pos = at + 2;
        scanFrom = pos;
        partNumber += 1;
        state = 'headers';
        return 'progress';
      }
      case 'headers': {
        let end: number;
        let bodyStart: number;
        if (len - pos >= 2 && buf[pos] === CR && buf[pos + 1] === LF) {
          // No headers: the part's body starts right after the empty line.
          end = pos;
          bodyStart = pos + 2;
        } else {
          end = buf.subarray(0, len).indexOf(HEADER_END, scanFrom);
          if (end < 0) {
            if (len - pos > maxHeaderBytes)
              throw malformed(
                `part ${partNumber} has no end of headers within ${maxHeaderBytes} bytes`,
              );
            scanFrom = Math.max(pos, len - HEADER_END.length + 1);
            return 'more';
          }
          if (end - pos > maxHeaderBytes)
            throw malformed(
              `part ${partNumber} has no end of headers within ${maxHeaderBytes} bytes`,
            );
          bodyStart = end + 4;
        }
        headers = parseHeaders(buf.toString('latin1', pos, end), partNumber);
        pos = bodyStart;
        scanFrom = pos;
        state = 'body';
        return 'progress';
      }
      case 'body': {
        const at = buf.subarray(0, len).indexOf(delimiter, scanFrom);
        if (at < 0) {
          if (len - pos > maxPartBytes + delimiter.length)
            throw malformed(`part ${partNumber} is larger than the ${maxPartBytes}-byte limit`);
          scanFrom = Math.max(pos, len - delimiter.length + 1);
          return 'more';
        }
        if (at - pos > maxPartBytes)
          throw malformed(`part ${partNumber} is larger than the ${maxPartBytes}-byte limit`);
        const bytes = takePart(pos, at);
        state = 'delimiter';
        return { contentType: headers['content-type'] ?? defaultType, headers, bytes };
      }
      case 'epilogue':
        pos = len;
        return 'more';
    }
  };

  /**
   * The bytes [start, end) as the part's own array, leaving the buffer holding
   * what follows. A large part keeps the buffer it was read into (no copy) and
   * the parser moves on to a fresh one; a small part is copied out.
   */
  const takePart = (start: number, end: number): Uint8Array => {
    const after = end + delimiter.length;
    const length = end - start;
    if (length * 2 < buf.length) {
      const copy = new Uint8Array(length);
      copy.set(buf.subarray(start, end));
      pos = after;
      scanFrom = pos;
      return copy;
    }
    const view = new Uint8Array(buf.buffer, buf.byteOffset + start, length);
    const rest = Buffer.alloc(Math.max(INITIAL_CAPACITY, (len - after) * 2));
    buf.copy(rest, 0, after, len);
    buf = rest;
    len -= after;
    pos = 0;
    scanFrom = 0;
    return view;
  };

  const drain = function* (): Generator<MultipartPart> {
    for (;;) {
      const result = step();
      if (result === 'more') return;
      if (result !== 'progress') yield result;
    }
  };

  for await (const chunk of body) {
    total += chunk.length;
    if (state === 'epilogue') continue;
    append(chunk);
    yield* drain();
  }
  yield* drain();
  switch (state) {
    case 'epilogue':
      return;
    case 'preamble':
      throw malformed(`no boundary delimiter '--${boundary}' found in ${total} bytes`);
    case 'delimiter':
      throw malformed(
        `ended after ${partNumber} part(s) without the close delimiter '--${boundary}--' (truncated?)`,
      );
    default:
      throw malformed(
        `ended inside part ${partNumber} (${Math.max(0, len - pos)} bytes of it read) ` +
          `without a closing delimiter (truncated?)`,
      );
  }
}

/** Header lines of one part (RFC 5322 section 2.2: `name: value`, continuation lines start with a space or tab). */
function parseHeaders(text: string, partNumber: number): Record<string, string> {
  const headers: Record<string, string> = {};
  if (text === '') return headers;
  const lines: string[] = [];
  for (const line of text.split('\r\n')) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && lines.length > 0)
      lines[lines.length - 1] += ` ${line.trim()}`;
    else lines.push(line);
  }
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0)
      throw malformed(
        `part ${partNumber} has a header line without a name: '${line.slice(0, 80)}'`,
      );
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return headers;
}

/** A random boundary (RFC 2046 5.1.1: up to 70 bchars; random so that no part contains it). */
export function randomBoundary(): string {
  return `radset-${randomBytes(24).toString('hex')}`;
}

/**
 * The Content-Type header for a multipart/related body of `type` parts (RFC 2387
 * section 3.1; PS3.18 8.7.1.2), e.g. `multipart/related; type="application/dicom"; boundary=…`.
 */
export function multipartRelatedContentType(boundary: string, type = 'application/dicom'): string {
  return formatMediaType('multipart/related', { type, boundary });
}

/**
 * Encodes parts as a multipart body (RFC 2046 section 5.1.1) delimited by
 * `boundary`: each part is `--boundary CRLF headers CRLF CRLF bytes CRLF`,
 * then `--boundary--` closes the body. Use with {@link multipartRelatedContentType}.
 * Throws RadsetError('INVALID_ARGUMENT') for an invalid boundary or one that
 * occurs in a part (the body would not parse back).
 */
export function encodeMultipartRelated(
  parts: readonly MultipartPartInput[],
  boundary: string,
): Uint8Array {
  if (!BOUNDARY.test(boundary))
    throw new RadsetError('INVALID_ARGUMENT', `boundary '${boundary}' is not 1-70 RFC 2046 bchars`);
  const delimiter = Buffer.from(`--${boundary}`, 'latin1');
  const pieces: Uint8Array[] = [];
  parts.forEach((part, index) => {
    if (
      Buffer.from(part.bytes.buffer, part.bytes.byteOffset, part.bytes.length).includes(delimiter)
    )
      throw new RadsetError(
        'INVALID_ARGUMENT',
        `part ${index + 1} contains the boundary '${boundary}': choose another`,
      );
    const lines = [`Content-Type: ${part.contentType}`];
    for (const [name, value] of Object.entries(part.headers ?? {})) {
      if (name.toLowerCase() === 'content-type') continue;
      if (/[\r\n]/.test(name + value))
        throw new RadsetError(
          'INVALID_ARGUMENT',
          `part ${index + 1} header '${name}' has a line break`,
        );
      lines.push(`${name}: ${value}`);
    }
    pieces.push(Buffer.from(`--${boundary}\r\n${lines.join('\r\n')}\r\n\r\n`, 'latin1'));
    pieces.push(part.bytes);
    pieces.push(CRLF);
  });
  pieces.push(Buffer.from(`--${boundary}--\r\n`, 'latin1'));
  const out = new Uint8Array(pieces.reduce((sum, p) => sum + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
