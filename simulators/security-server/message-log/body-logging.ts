// message-body-logging=false (LOG-006, SYSPAR messagelog.message-body-logging): the log keeps the
// SOAP envelope with an empty Body, and no attachments / REST body. The signature still covers
// the original bytes, so such a record's container no longer verifies — X-Road documents the same
// ("when messagelog.soap-body-logging is false, the verification always fails", UG-SIGDOC §3.1).
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { childElements, parseXml } from '../../../protocol/xml/index.js';
import type { LoggedMessage } from '../components.js';

const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';

/** Decides per message; `true`/`false` for all. X-Road's per-subsystem overrides fit a function. */
export type BodyLoggingPolicy = boolean | ((message: LoggedMessage) => boolean);

function bodyPrefix(message: Buffer): string | null {
  const doc = parseXml(message, 'SOAP message');
  const env = doc.documentElement;
  if (!env || env.namespaceURI !== SOAP_ENV_NS || env.localName !== 'Envelope') throw new Error('not a SOAP 1.1 envelope');
  const body = childElements(env).find((e) => e.namespaceURI === SOAP_ENV_NS && e.localName === 'Body');
  if (!body) throw new Error('the envelope has no Body');
  return body.prefix;
}

/**
 * The SOAP message with the Body's content removed; every other byte (XML declaration, header,
 * namespace declarations) stays as received. Works on the bytes as latin1 so that any
 * ASCII-compatible encoding is kept intact.
 */
export function blankSoapBody(message: Buffer): Buffer {
  try {
    const prefix = bodyPrefix(message);
    const qname = prefix ? `${prefix}:Body` : 'Body';
    const text = message.toString('latin1');
    const open = new RegExp(`<${qname.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')}(?=[\\s/>])[^>]*>`);
    const start = open.exec(text);
    if (!start) throw new Error(`no <${qname}> start tag`);
    if (start[0].endsWith('/>')) return message; // already empty
    const closeAt = text.lastIndexOf(`</${qname}`);
    const contentStart = start.index + start[0].length;
    if (closeAt < contentStart) throw new Error(`no </${qname}> end tag`);
    const blanked = Buffer.from(text.slice(0, contentStart) + text.slice(closeAt), 'latin1');
    const check = childElements(parseXml(blanked, 'SOAP message').documentElement!).find((e) => e.localName === 'Body');
    if (!check || check.firstChild) throw new Error('the Body is not empty after blanking');
    return blanked;
  } catch (e) {
    throw new XRoadError(ErrorCodes.loggingFailed, `Cannot remove the message body for logging: ${(e as Error).message}`, undefined, { cause: e });
  }
}

/** The message as it goes into the store under the policy, and whether its body was kept. */
export function loggableMessage(message: LoggedMessage, policy: BodyLoggingPolicy): { message: LoggedMessage; bodyLogged: boolean } {
  const keep = typeof policy === 'function' ? policy(message) : policy;
  if (keep) return { message, bodyLogged: true };
  // A REST message's body is its attachment1; the header part (message.xml) has no body to blank.
  const blanked = message.protocol === 'soap' ? blankSoapBody(message.message) : message.message;
  return { message: { ...message, message: blanked, attachments: [] }, bodyLogged: false };
}
