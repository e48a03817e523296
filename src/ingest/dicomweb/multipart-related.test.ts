import { describe, expect, it } from 'vitest';
import { RadsetError } from '../../errors.js';
import { formatMediaType, parseMediaType } from './media-type.js';
import {
  encodeMultipartRelated,
  multipartParameters,
  multipartRelatedContentType,
  parseMultipartRelated,
  randomBoundary,
  type MultipartPart,
  type MultipartPartInput,
} from './multipart-related.js';

const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'latin1'));

/** The body delivered in chunks cut at the given offsets. */
async function* chunked(bytes: Uint8Array, cuts: readonly number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut > from) yield bytes.slice(from, cut);
    from = Math.max(from, cut);
  }
}

async function collect(
  contentType: string,
  body: AsyncIterable<Uint8Array>,
  options = {},
): Promise<MultipartPart[]> {
  const parts: MultipartPart[] = [];
  for await (const part of parseMultipartRelated(contentType, body, options)) parts.push(part);
  return parts;
}

async function failure(promise: Promise<unknown>): Promise<RadsetError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(RadsetError);
    return error as RadsetError;
  }
  throw new Error('expected an error');
}

function indicesOf(haystack: Uint8Array, needle: string): number[] {
  const found: number[] = [];
  const buffer = Buffer.from(haystack);
  for (let at = buffer.indexOf(needle); at >= 0; at = buffer.indexOf(needle, at + 1))
    found.push(at);
  return found;
}

const BOUNDARY = 'b0und';
const CONTENT_TYPE = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`;
/** Parts meant to trip a parser: an empty one, bytes that look like delimiter beginnings, CR/LF at the edges. */
const TRICKY: readonly MultipartPartInput[] = [
  { contentType: 'application/dicom', bytes: latin1('first\r\n-- b0un\r\n--b0un') },
  { contentType: 'application/dicom', bytes: new Uint8Array(0) },
  {
    contentType: 'application/dicom; transfer-syntax=1.2.840.10008.1.2.1',
    headers: { 'Content-Location': 'x/y' },
    bytes: latin1('\r\n\r\n-\r\n--'),
  },
  {
    contentType: 'application/octet-stream',
    bytes: Uint8Array.from({ length: 40 }, (_, i) => i * 7),
  },
];

function expectParts(parts: readonly MultipartPart[], inputs: readonly MultipartPartInput[]): void {
  expect(parts).toHaveLength(inputs.length);
  parts.forEach((part, i) => {
    const input = inputs[i] as MultipartPartInput;
    expect(part.contentType).toBe(input.contentType);
    expect(Buffer.from(part.bytes).equals(Buffer.from(input.bytes))).toBe(true);
  });
}

describe('parseMediaType', () => {
  it('reads type, lower-cased names, quoted and escaped values, and keeps value case', () => {
    expect(
      parseMediaType('Multipart/Related; TYPE="application/dicom"; Boundary="a b\\"c"; x=Tok'),
    ).toEqual({
      mediaType: 'multipart/related',
      parameters: { type: 'application/dicom', boundary: 'a b"c', x: 'Tok' },
    });
    expect(
      parseMediaType('multipart/related;type=application/dicom;boundary=xyz;').parameters,
    ).toEqual({
      type: 'application/dicom',
      boundary: 'xyz',
    });
  });

  it('rejects what is not a media type, naming the header', () => {
    for (const bad of ['', 'text', 'text/', 'a/b; =x', 'a/b; c="open', 'a/b c'])
      expect(() => parseMediaType(bad)).toThrow(/Content-Type .* is not a valid media type/);
  });

  it('formats parameters, quoting what is not a token', () => {
    const text = formatMediaType('multipart/related', {
      type: 'application/dicom',
      boundary: 'abc',
    });
    expect(text).toBe('multipart/related; type="application/dicom"; boundary=abc');
    expect(parseMediaType(text).parameters.type).toBe('application/dicom');
  });
});

describe('multipartParameters', () => {
  it('gives the boundary (quoted or not) and the type', () => {
    expect(multipartParameters(CONTENT_TYPE)).toEqual({
      mediaType: 'multipart/related',
      boundary: BOUNDARY,
      type: 'application/dicom',
    });
    expect(multipartParameters('multipart/related; boundary="with space:and=more"').boundary).toBe(
      'with space:and=more',
    );
  });

  it('rejects a missing or invalid boundary and non-multipart types', () => {
    expect(() => multipartParameters('multipart/related; type="application/dicom"')).toThrow(
      /no boundary parameter/,
    );
    expect(() => multipartParameters('multipart/related; boundary="ends with space "')).toThrow(
      /boundary must be/,
    );
    expect(() => multipartParameters(`multipart/related; boundary=${'x'.repeat(71)}`)).toThrow(
      /boundary must be/,
    );
    expect(() => multipartParameters('application/dicom')).toThrow(/not multipart/);
  });
});

describe('encodeMultipartRelated + parseMultipartRelated', () => {
  const body = encodeMultipartRelated(TRICKY, BOUNDARY);

  it('writes RFC 2046 syntax', () => {
    const text = Buffer.from(body).toString('latin1');
    expect(text.startsWith(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\n\r\nfirst`)).toBe(
      true,
    );
    expect(text).toContain('Content-Location: x/y\r\n\r\n');
    expect(text.endsWith(`\r\n--${BOUNDARY}--\r\n`)).toBe(true);
    expect(multipartRelatedContentType(BOUNDARY)).toBe(CONTENT_TYPE);
  });

  it('round-trips in one chunk, headers included', async () => {
    const parts = await collect(CONTENT_TYPE, chunked(body, []));
    expectParts(parts, TRICKY);
    expect(parts[2]?.headers).toEqual({
      'content-type': 'application/dicom; transfer-syntax=1.2.840.10008.1.2.1',
      'content-location': 'x/y',
    });
  });

  it('round-trips with the body cut once at every position', async () => {
    for (let cut = 0; cut <= body.length; cut++)
      expectParts(await collect(CONTENT_TYPE, chunked(body, [cut])), TRICKY);
  });

  it('round-trips in 1-byte chunks', async () => {
    const cuts = Array.from({ length: body.length }, (_, i) => i);
    expectParts(await collect(CONTENT_TYPE, chunked(body, cuts)), TRICKY);
  });

  it('round-trips with two cuts at every pair of positions around each delimiter', async () => {
    const near = new Set<number>();
    for (const at of indicesOf(body, `--${BOUNDARY}`))
      for (let d = -4; d <= BOUNDARY.length + 6; d++)
        near.add(Math.min(body.length, Math.max(0, at + d)));
    const positions = [...near].sort((a, b) => a - b);
    for (const a of positions)
      for (const b of positions)
        if (a < b) expectParts(await collect(CONTENT_TYPE, chunked(body, [a, b])), TRICKY);
  });

  it('handles parts much larger than the buffer, in uneven chunks', async () => {
    const big = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31 + (i >> 8)) & 0xff);
    const inputs: MultipartPartInput[] = [
      { contentType: 'application/dicom', bytes: big },
      { contentType: 'application/dicom', bytes: big.subarray(0, 70_000) },
      { contentType: 'application/dicom', bytes: big.subarray(5, 9) },
      { contentType: 'application/dicom', bytes: big.subarray(1000, 150_000) },
    ];
    const boundary = randomBoundary();
    const encoded = encodeMultipartRelated(inputs, boundary);
    const cuts: number[] = [];
    for (let at = 0, step = 1; at < encoded.length; at += step, step = (step * 7 + 13) % 50_000)
      cuts.push(at);
    const parts = await collect(multipartRelatedContentType(boundary), chunked(encoded, cuts));
    expectParts(parts, inputs);
  });

  it('yields each part before reading the rest of the body', async () => {
    const reads: number[] = [];
    const seen: number[] = [];
    async function* body2(): AsyncGenerator<Uint8Array> {
      const encoded = encodeMultipartRelated(TRICKY, BOUNDARY);
      const cuts = indicesOf(encoded, `\r\n--${BOUNDARY}`);
      let from = 0;
      for (const cut of [...cuts.map((c) => c + BOUNDARY.length + 4), encoded.length]) {
        reads.push(reads.length);
        yield encoded.slice(from, cut);
        from = cut;
      }
    }
    for await (const part of parseMultipartRelated(CONTENT_TYPE, body2())) {
      expect(part).toBeDefined();
      seen.push(reads.length);
    }
    // Chunk k ends with the delimiter that closes part k: part k comes out before chunk k+1 is read.
    expect(seen).toEqual([1, 2, 3, 4]);
  });

  it('ignores preamble, epilogue and transport padding, and reads a part with no headers', async () => {
    const text =
      'This is the preamble.\r\n--b0und  \t\r\nContent-Type: application/dicom\r\n' +
      ' ; folded=yes\r\n\r\nAAA\r\n--b0und\r\n\r\nBBB\r\n--b0und--\r\nepilogue --b0und\r\n';
    const parts = await collect(CONTENT_TYPE, chunked(latin1(text), [30, 31]));
    expect(parts.map((p) => Buffer.from(p.bytes).toString('latin1'))).toEqual(['AAA', 'BBB']);
    expect(parts[0]?.contentType).toBe('application/dicom ; folded=yes');
    // No Content-Type: the multipart/related type parameter (RFC 2387 3.1).
    expect(parts[1]?.contentType).toBe('application/dicom');
    expect(parts[1]?.headers).toEqual({});
    const plain = await collect(`multipart/mixed; boundary=${BOUNDARY}`, chunked(latin1(text), []));
    expect(plain[1]?.contentType).toBe('text/plain');
  });

  it('reads every byte of the body, epilogue included', async () => {
    let delivered = 0;
    const text = latin1(`--b0und\r\n\r\nX\r\n--b0und--\r\n${'e'.repeat(100)}`);
    async function* counting(): AsyncGenerator<Uint8Array> {
      for await (const chunk of chunked(text, [5, 20, 30])) {
        delivered += chunk.length;
        yield chunk;
      }
    }
    expect(await collect(CONTENT_TYPE, counting())).toHaveLength(1);
    expect(delivered).toBe(text.length);
  });

  it('accepts a body with no parts, only the close delimiter', async () => {
    expect(await collect(CONTENT_TYPE, chunked(latin1('--b0und--'), []))).toEqual([]);
  });
});

describe('parseMultipartRelated errors', () => {
  const body = encodeMultipartRelated(TRICKY, BOUNDARY);
  const closeAt = Buffer.from(body).lastIndexOf(`--${BOUNDARY}--`);

  it('throws at once for a header without a boundary', () => {
    expect(() => parseMultipartRelated('multipart/related', chunked(latin1(''), []))).toThrow(
      RadsetError,
    );
  });

  it('reports a body cut anywhere before the close delimiter as truncated, after the parts it holds', async () => {
    for (let end = 0; end < closeAt + BOUNDARY.length + 4; end++) {
      const parts: MultipartPart[] = [];
      const error = await failure(
        (async () => {
          for await (const part of parseMultipartRelated(
            CONTENT_TYPE,
            chunked(body.subarray(0, end), [end >> 1]),
          ))
            parts.push(part);
        })(),
      );
      expect(error.code).toBe('MULTIPART_INVALID');
      expect(error.message).toMatch(
        end < BOUNDARY.length + 2 ? /no boundary delimiter/ : /truncated/,
      );
      expectParts(parts, TRICKY.slice(0, parts.length));
    }
  });

  it('names a delimiter line with trailing garbage', async () => {
    const error = await failure(
      collect(CONTENT_TYPE, chunked(latin1('--b0und\r\n\r\nX\r\n--b0undX\r\n--b0und--'), [])),
    );
    expect(error.message).toMatch(/not a boundary delimiter/);
  });

  it('enforces the header and part size limits', async () => {
    const big = latin1(
      `--b0und\r\nX-Long: ${'h'.repeat(200)}\r\n\r\n${'p'.repeat(500)}\r\n--b0und--`,
    );
    expect(
      (await failure(collect(CONTENT_TYPE, chunked(big, [50]), { maxHeaderBytes: 100 }))).message,
    ).toMatch(/no end of headers within 100 bytes/);
    expect(
      (await failure(collect(CONTENT_TYPE, chunked(big, [300]), { maxPartBytes: 499 }))).message,
    ).toMatch(/part 1 is larger than the 499-byte limit/);
    expect(await collect(CONTENT_TYPE, chunked(big, [300]), { maxPartBytes: 500 })).toHaveLength(1);
  });

  it('names a header line without a name', async () => {
    const error = await failure(
      collect(CONTENT_TYPE, chunked(latin1('--b0und\r\nno colon\r\n\r\nX\r\n--b0und--'), [])),
    );
    expect(error.message).toMatch(/part 1 has a header line without a name/);
  });

  it('refuses to encode a part that contains the boundary, or a bad boundary', () => {
    expect(() =>
      encodeMultipartRelated(
        [{ contentType: 'application/dicom', bytes: latin1('x--b0und') }],
        BOUNDARY,
      ),
    ).toThrow(/contains the boundary/);
    expect(() => encodeMultipartRelated([], 'bad\nboundary')).toThrow(/not 1-70/);
  });
});
