// Content-Type values (RFC 2045 §5.1): `type/subtype *(; name=value)`, names case-insensitive,
// values token or quoted-string. X-Road puts boundary, charset, type, start and start-info here
// (MESS-016 MTOM: `type="application/xop+xml"; start-info="text/xml"`), and its own writers
// sometimes emit the value of `type` quoted and `boundary` bare, so both forms are read.
// X-Road reads a Content-Type in two ways, and so does this parser:
// - strict (multipart messages): a malformed value is invalid_content_type naming the defect;
// - lenient (plain SOAP, MESS-002/MESS-017: the charset parameter as HeaderValueUtils.getCharset
//   reads it): a quote opens a quoted section wherever it stands, a parameter without '=' or a
//   name is skipped, a value is unquoted only when quotes wrap it whole, nothing is refused.
// A third, verbatim reading serves the signed configuration directory's header fields
// (Content-Type, Verification-certificate-hash, Content-identifier): lenient, but nothing is
// lowercased or unescaped, since the field value is a base64 hash or an identifier compared
// exactly and a parameter name is compared case-sensitively (corrections GCONF-003).
import { ErrorCodes, XRoadError } from '../faults/index.js';

export interface ContentType {
  /** `type/subtype`, lowercased (media types compare case-insensitively). Lenient: whatever precedes the first ';'. */
  readonly mediaType: string;
  /** Parameters by lowercased name, values as written (unquoted). The first of repeated names wins. */
  readonly params: ReadonlyMap<string, string>;
  /** The header value as received. */
  readonly raw: string;
}

type Syntax = 'strict' | 'lenient' | 'verbatim';

/** A structured header field value read verbatim: `value; name=value...`. */
export interface HeaderFieldValue {
  /** What precedes the first ';' outside quotes, trimmed, case kept. */
  readonly value: string;
  /** Parameters by name as written (case kept), values unquoted; the first of repeated names wins. */
  readonly params: ReadonlyMap<string, string>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SUBTYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z/-]+$/;
const WHITESPACE = /^[ \t\r\n]*$/;

/**
 * The media type alone, lowercased, or undefined when the value has no `type/subtype` form.
 * Lenient like X-Road's BodyDescriptor.getMimeType(): parameters are not looked at.
 */
export function mediaTypeOf(value: string | undefined | null): string | undefined {
  if (value == null) return undefined;
  const semi = value.indexOf(';');
  const base = (semi === -1 ? value : value.slice(0, semi)).trim().toLowerCase();
  const slash = base.indexOf('/');
  if (slash <= 0 || slash === base.length - 1) return undefined;
  // The subtype may hold a further '/': X-Road's signature part is `signature/bdoc-1.0/ts`.
  if (!TOKEN.test(base.slice(0, slash)) || !SUBTYPE.test(base.slice(slash + 1))) return undefined;
  return base;
}

/**
 * Splits at ';' outside quoted strings; a backslash inside one escapes the next character, except
 * in verbatim syntax. Strict syntax opens a quoted string only where a parameter value starts
 * (after '=' and spaces or tabs), the others at any '"'. The first piece is the media type.
 */
function splitParameters(value: string, syntax: Syntax): string[] {
  const pieces: string[] = [];
  let start = 0;
  let quoted = false;
  let atValueStart = false;
  let seenEquals = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quoted) {
      if (ch === '\\' && syntax !== 'verbatim' && i + 1 < value.length) i++;
      else if (ch === '"') quoted = false;
      continue;
    }
    if (ch === ';') {
      pieces.push(value.slice(start, i));
      start = i + 1;
      atValueStart = false;
      seenEquals = false;
    } else if (ch === '"' && (syntax !== 'strict' || atValueStart)) {
      quoted = true;
      atValueStart = false;
    } else if (ch === '=' && pieces.length > 0 && !seenEquals) {
      seenEquals = true;
      atValueStart = true;
    } else if (ch !== ' ' && ch !== '\t') {
      atValueStart = false;
    }
  }
  pieces.push(value.slice(start));
  return pieces;
}

const refuse = (value: string, problem: string) => new XRoadError(ErrorCodes.invalidContentType, `Content-Type "${value}": ${problem}`);

/** One `name=value` piece, strictly: the name a token, the value a token or one whole quoted-string. */
function strictParameter(value: string, piece: string): [string, string] {
  const eq = piece.indexOf('=');
  if (eq < 0) throw refuse(value, `parameter "${piece.trim()}" has no "="`);
  const name = piece.slice(0, eq).trim().toLowerCase();
  if (!TOKEN.test(name)) throw refuse(value, `bad parameter name "${name}"`);
  let i = eq + 1;
  while (piece[i] === ' ' || piece[i] === '\t') i++;
  if (piece[i] !== '"') return [name, piece.slice(i).trim()];
  let text = '';
  for (i++; i < piece.length; i++) {
    const c = piece[i]!;
    if (c === '\\' && i + 1 < piece.length) text += piece[++i];
    else if (c === '"') break;
    else text += c;
  }
  if (i >= piece.length) throw refuse(value, `unterminated quoted value of "${name}"`);
  if (!WHITESPACE.test(piece.slice(i + 1))) throw refuse(value, `text after quoted value of "${name}"`);
  return [name, text];
}

/**
 * One piece, leniently: undefined when it has no '=' or no name; quotes removed only when they
 * wrap the value. Verbatim: the name keeps its case and backslashes stay.
 */
function lenientParameter(piece: string, syntax: Syntax): [string, string] | undefined {
  const eq = piece.indexOf('=');
  if (eq < 0) return undefined;
  const written = piece.slice(0, eq).trim();
  const name = syntax === 'verbatim' ? written : written.toLowerCase();
  let v = piece.slice(eq + 1).trim();
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = syntax === 'verbatim' ? v.slice(1, -1) : v.slice(1, -1).replace(/\\(.)/g, '$1');
  return name ? [name, v] : undefined;
}

/** The parameters after the media type (`rest` of splitParameters), by name; the first of repeated names wins. */
function readParameters(value: string, rest: string[], syntax: Syntax): Map<string, string> {
  const params = new Map<string, string>();
  rest.forEach((piece, i) => {
    // A trailing ';' (with only whitespace after it) is tolerated, as by most parsers.
    if (syntax === 'strict' && i === rest.length - 1 && WHITESPACE.test(piece)) return;
    const param = syntax === 'strict' ? strictParameter(value, piece) : lenientParameter(piece, syntax);
    // First occurrence wins: a smuggled second boundary must not override the first.
    if (param && !params.has(param[0])) params.set(param[0], param[1]);
  });
  return params;
}

function parse(value: string, syntax: 'strict' | 'lenient'): ContentType {
  const [base, ...rest] = splitParameters(value, syntax);
  let mediaType = base!.trim().toLowerCase();
  if (syntax === 'strict') {
    const checked = mediaTypeOf(base);
    if (!checked) throw new XRoadError(ErrorCodes.invalidContentType, `Content-Type "${value}" has no valid type/subtype`);
    mediaType = checked;
  }
  return { mediaType, params: readParameters(value, rest, syntax), raw: value };
}

/**
 * Parses a Content-Type value strictly. Throws XRoadError `invalid_content_type` naming the
 * defect (no `type/subtype`, unterminated quote, parameter without `=`, bad parameter name).
 */
export function parseContentType(value: string): ContentType {
  return parse(value, 'strict');
}

/** Parses a Content-Type value leniently, as X-Road reads a plain SOAP request's header; never throws. */
export function parseContentTypeLeniently(value: string): ContentType {
  return parse(value, 'lenient');
}

/** The charset parameter (read leniently), or undefined when absent or blank. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const c = parseContentTypeLeniently(contentType).params.get('charset');
  return c && c.trim() ? c.trim() : undefined;
}

/** The `boundary` parameter of a multipart Content-Type, or undefined. */
export function boundaryOf(contentType: ContentType): string | undefined {
  return contentType.params.get('boundary');
}

/** Reads a header field value verbatim (see the top of this file); never throws. */
export function parseHeaderFieldVerbatim(value: string): HeaderFieldValue {
  const [base, ...rest] = splitParameters(value, 'verbatim');
  return { value: base!.trim(), params: readParameters(value, rest, 'verbatim') };
}

/**
 * The boundary of a `multipart/...` value read verbatim: the first non-empty parameter named
 * `boundary` in any case. Undefined when the value is absent, not multipart or has no boundary.
 */
export function multipartBoundaryVerbatim(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const field = parseHeaderFieldVerbatim(value);
  if (!field.value.toLowerCase().startsWith('multipart/')) return undefined;
  for (const [name, v] of field.params) if (name.toLowerCase() === 'boundary' && v.length > 0) return v;
  return undefined;
}

function quoteIfNeeded(v: string): string {
  return TOKEN.test(v) ? v : `"${v.replace(/(["\\])/g, '\\$1')}"`;
}

/** Formats `type/subtype; name=value...`, quoting values that are not tokens. */
export function formatContentType(mediaType: string, params: Record<string, string | undefined> = {}): string {
  let out = mediaType;
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    out += `; ${k}=${quoteIfNeeded(v)}`;
  }
  return out;
}
