// Content-Type values (RFC 2045 §5.1): `type/subtype *(; name=value)`, names case-insensitive,
// values token or quoted-string. X-Road puts boundary, charset, type, start and start-info here
// (MESS-016 MTOM: `type="application/xop+xml"; start-info="text/xml"`), and its own
// writers sometimes emit the value of `type` quoted and `boundary` bare, so both forms are read.
import { ErrorCodes, XRoadError } from '../faults/index.js';

export interface ContentType {
  /** `type/subtype`, lowercased (media types compare case-insensitively). */
  readonly mediaType: string;
  /** Parameters by lowercased name, values as written (unquoted). */
  readonly params: ReadonlyMap<string, string>;
  /** The header value as received. */
  readonly raw: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const SUBTYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z/-]+$/;

function isWhitespace(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r' || c === '\n';
}

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
 * Parses a Content-Type value. Throws XRoadError `invalid_content_type` naming the defect
 * (no `type/subtype`, unterminated quote, parameter without `=`).
 */
export function parseContentType(value: string): ContentType {
  const raw = value;
  let i = 0;
  const n = value.length;
  const semi = value.indexOf(';');
  const base = (semi === -1 ? value : value.slice(0, semi)).trim();
  const mediaType = mediaTypeOf(base);
  if (!mediaType) {
    throw new XRoadError(ErrorCodes.invalidContentType, `Content-Type "${value}" has no valid type/subtype`);
  }
  const params = new Map<string, string>();
  i = semi === -1 ? n : semi;
  while (i < n) {
    // at ';'
    i++;
    while (i < n && isWhitespace(value[i]!)) i++;
    if (i >= n) break; // trailing ';' is tolerated, as by most parsers
    const eq = value.indexOf('=', i);
    const nextSemi = value.indexOf(';', i);
    if (eq === -1 || (nextSemi !== -1 && nextSemi < eq)) {
      throw new XRoadError(
        ErrorCodes.invalidContentType,
        `Content-Type "${value}": parameter "${value.slice(i, nextSemi === -1 ? n : nextSemi).trim()}" has no "="`,
      );
    }
    const name = value.slice(i, eq).trim().toLowerCase();
    if (!TOKEN.test(name)) {
      throw new XRoadError(ErrorCodes.invalidContentType, `Content-Type "${value}": bad parameter name "${name}"`);
    }
    i = eq + 1;
    while (i < n && (value[i] === ' ' || value[i] === '\t')) i++;
    let paramValue = '';
    if (value[i] === '"') {
      i++;
      let closed = false;
      while (i < n) {
        const c = value[i]!;
        if (c === '\\' && i + 1 < n) {
          paramValue += value[i + 1];
          i += 2;
          continue;
        }
        if (c === '"') {
          closed = true;
          i++;
          break;
        }
        paramValue += c;
        i++;
      }
      if (!closed) {
        throw new XRoadError(ErrorCodes.invalidContentType, `Content-Type "${value}": unterminated quoted value of "${name}"`);
      }
      while (i < n && value[i] !== ';') {
        if (!isWhitespace(value[i]!)) {
          throw new XRoadError(ErrorCodes.invalidContentType, `Content-Type "${value}": text after quoted value of "${name}"`);
        }
        i++;
      }
    } else {
      const end = value.indexOf(';', i);
      paramValue = value.slice(i, end === -1 ? n : end).trim();
      i = end === -1 ? n : end;
    }
    // First occurrence wins: a smuggled second boundary must not override the first.
    if (!params.has(name)) params.set(name, paramValue);
  }
  return { mediaType, params, raw };
}

/** The `boundary` parameter of a multipart Content-Type, or undefined. */
export function boundaryOf(contentType: ContentType): string | undefined {
  return contentType.params.get('boundary');
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
