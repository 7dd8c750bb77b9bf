// Content-Type handling for plain SOAP (MESS-002, MESS-017). X-Road reads the charset parameter
// (HeaderValueUtils.getCharset) and accepts text/xml, or application/xop+xml for an MTOM root part
// (SoapUtils.ALLOWED_MIMETYPES); anything else is invalid_content_type.
import { ErrorCodes, XRoadError } from '../faults/index.js';

export const TEXT_XML = 'text/xml';
export const XOP_XML = 'application/xop+xml';
/** What X-Road sends and what a request without a Content-Type is read as. */
export const TEXT_XML_UTF8 = 'text/xml; charset=UTF-8';

export interface ContentType {
  /** Lower-cased `type/subtype`. */
  readonly mimeType: string;
  /** Parameter names lower-cased, values unquoted. */
  readonly params: Readonly<Record<string, string>>;
}

/** Splits on ';' outside quotes; a quoted value may contain ';' and backslash escapes. */
export function parseContentType(value: string): ContentType {
  const pieces: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted && ch === '\\' && i + 1 < value.length) {
      cur += ch + value[++i];
    } else if (ch === '"') {
      quoted = !quoted;
      cur += ch;
    } else if (ch === ';' && !quoted) {
      pieces.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  pieces.push(cur);
  const params: Record<string, string> = {};
  for (const p of pieces.slice(1)) {
    const eq = p.indexOf('=');
    if (eq < 0) continue;
    const name = p.slice(0, eq).trim().toLowerCase();
    let v = p.slice(eq + 1).trim();
    if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    if (name && !(name in params)) params[name] = v;
  }
  return { mimeType: pieces[0].trim().toLowerCase(), params };
}

/** The charset parameter, or undefined when absent or blank. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const c = parseContentType(contentType).params.charset;
  return c && c.trim() ? c.trim() : undefined;
}

/** Rejects a content type that plain SOAP parsing does not accept. */
export function checkSoapContentType(contentType: string): ContentType {
  const ct = parseContentType(contentType);
  if (ct.mimeType !== TEXT_XML && ct.mimeType !== XOP_XML) {
    throw new XRoadError(ErrorCodes.invalidContentType, `Invalid content type: ${ct.mimeType || contentType}`);
  }
  return ct;
}
