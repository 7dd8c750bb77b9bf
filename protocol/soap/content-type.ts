// Content-Type handling for plain SOAP (MESS-002, MESS-017). X-Road reads the charset parameter
// (HeaderValueUtils.getCharset) and accepts text/xml, or application/xop+xml for an MTOM root part
// (SoapUtils.ALLOWED_MIMETYPES); anything else is invalid_content_type.
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { parseContentTypeLeniently } from '../mime/content-type.js';

export { charsetOf } from '../mime/content-type.js';

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

/**
 * Reads a Content-Type the lenient way X-Road reads a plain SOAP request's (protocol/mime): never
 * throws; the media type is whatever precedes the first ';' outside quotes.
 */
export function parseContentType(value: string): ContentType {
  const ct = parseContentTypeLeniently(value);
  const params: Record<string, string> = {};
  // `in` (not hasOwnProperty) as before: a parameter named like an Object.prototype member is not kept.
  for (const [name, v] of ct.params) if (!(name in params)) params[name] = v;
  return { mimeType: ct.mediaType, params };
}

/** Rejects a content type that plain SOAP parsing does not accept. */
export function checkSoapContentType(contentType: string): ContentType {
  const ct = parseContentType(contentType);
  if (ct.mimeType !== TEXT_XML && ct.mimeType !== XOP_XML) {
    throw new XRoadError(ErrorCodes.invalidContentType, `Invalid content type: ${ct.mimeType || contentType}`);
  }
  return ct;
}
