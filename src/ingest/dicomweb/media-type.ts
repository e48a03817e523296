import { RadsetError } from '../../errors.js';

/** A parsed media type (Content-Type / Accept value): `type/subtype` plus parameters. */
export interface MediaType {
  /** `type/subtype`, lower case (media types are case-insensitive, RFC 9110 section 8.3.1). */
  readonly mediaType: string;
  /** Parameters by lower-case name; values unquoted, case kept (a boundary is case-sensitive). */
  readonly parameters: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Parses a media type per RFC 9110 section 8.3.1:
 * `type "/" subtype *( OWS ";" OWS parameter )`, a parameter being
 * `token "=" ( token / quoted-string )`. PS3.18 section 8.7 writes DICOMweb
 * media types this way, e.g. `multipart/related; type="application/dicom";
 * boundary=xyz`. Throws RadsetError('INVALID_ARGUMENT') naming `what` when malformed.
 */
export function parseMediaType(header: string, what = 'Content-Type'): MediaType {
  let at = 0;
  const text = header;
  const skipSpace = (): void => {
    while (at < text.length && (text[at] === ' ' || text[at] === '\t')) at += 1;
  };
  const readToken = (): string => {
    const start = at;
    while (at < text.length && !'=;, \t"/'.includes(text[at] as string)) at += 1;
    return text.slice(start, at);
  };
  const fail = (why: string): never => {
    throw new RadsetError(
      'INVALID_ARGUMENT',
      `${what} '${header}' is not a valid media type: ${why}`,
    );
  };
  skipSpace();
  const type = readToken();
  if (text[at] !== '/') fail('expected type/subtype');
  at += 1;
  const subtype = readToken();
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) fail('expected type/subtype');
  const parameters: Record<string, string> = {};
  for (;;) {
    skipSpace();
    if (at >= text.length) break;
    if (text[at] !== ';') fail(`unexpected '${text[at] ?? ''}' at character ${at + 1}`);
    at += 1;
    skipSpace();
    // RFC 9110 allows an empty parameter (a trailing ';').
    if (at >= text.length) break;
    if (text[at] === ';') continue;
    const name = readToken().toLowerCase();
    if (!TOKEN.test(name) || text[at] !== '=')
      fail(`parameter at character ${at + 1} has no name=value`);
    at += 1;
    let value = '';
    if (text[at] === '"') {
      at += 1;
      let closed = false;
      while (at < text.length) {
        const c = text[at] as string;
        at += 1;
        if (c === '"') {
          closed = true;
          break;
        }
        if (c === '\\' && at < text.length) {
          value += text[at] as string;
          at += 1;
        } else value += c;
      }
      if (!closed) fail(`parameter '${name}' has an unclosed quoted string`);
    } else {
      // Lenient: senders often leave a value such as application/dicom unquoted,
      // although '/' is not a token character.
      const start = at;
      while (at < text.length && text[at] !== ';') at += 1;
      value = text.slice(start, at).trim();
      if (value === '' || value.includes('"')) fail(`parameter '${name}' has no valid value`);
    }
    parameters[name] = value;
  }
  return { mediaType: `${type}/${subtype}`.toLowerCase(), parameters };
}

/** Writes a media type, quoting parameter values that are not tokens (RFC 9110 section 5.6.4). */
export function formatMediaType(
  mediaType: string,
  parameters: Readonly<Record<string, string>> = {},
): string {
  const quoted = (value: string): string =>
    TOKEN.test(value) ? value : `"${value.replace(/(["\\])/g, '\\$1')}"`;
  return [mediaType, ...Object.entries(parameters).map(([k, v]) => `${k}=${quoted(v)}`)].join('; ');
}
