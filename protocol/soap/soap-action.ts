// SOAPAction rule (MESS-010, MessageProcessorBase.validateSoapActionHeader): absent, empty, `""`
// or a quoted URI reference are accepted and passed on unchanged; anything else is
// invalid_soap_action. The URI check mirrors java.net.URI's RFC 2396 parser closely enough for
// the values clients send: allowed characters, a well-formed scheme, %XX escapes, one fragment.
import { ErrorCodes, XRoadError } from '../faults/index.js';

// RFC 2396 uric (reserved | unreserved | escaped) plus '[' ']' (RFC 2732) and any non-ASCII
// non-control character, which java.net.URI admits as "other".
const URIC = String.raw`(?:[A-Za-z0-9\-_.!~*'();/?:@&=+$,\[\]]|%[0-9A-Fa-f]{2}|[^\x00-\x7F\s\u0080-\u009F])`;
const URI_REFERENCE = new RegExp(`^${URIC}*(?:#${URIC}*)?$`);
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*$/;

function isUriReference(s: string): boolean {
  if (!URI_REFERENCE.test(s)) return false;
  // A ':' before any '/', '?' or '#' ends a scheme, which must be well formed and followed by something.
  const colon = s.search(/[:/?#]/);
  if (colon >= 0 && s[colon] === ':') {
    if (!SCHEME.test(s.slice(0, colon))) return false;
    if (colon === s.length - 1) return false;
  }
  // '[' ']' only around an IPv6 host: outside an authority java.net.URI rejects them.
  if (/[[\]]/.test(s) && !/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*\[[0-9A-Fa-f:.]+\]/.test(s)) return false;
  return true;
}

/**
 * Returns the header value unchanged when X-Road accepts it, else throws invalid_soap_action.
 * `undefined` stands for an absent header.
 */
export function checkSoapAction(value: string | undefined): string | undefined {
  if (value === undefined || value === '' || value === '""') return value;
  const last = value.length - 1;
  if (last > 1 && value[0] === '"' && value[last] === '"' && isUriReference(value.slice(1, last))) return value;
  throw new XRoadError(ErrorCodes.invalidSoapAction, `Malformed SOAPAction header: ${value}`);
}

/** Non-throwing form of checkSoapAction. */
export function isValidSoapAction(value: string | undefined): boolean {
  try {
    checkSoapAction(value);
    return true;
  } catch {
    return false;
  }
}
