// requestHash (MESS-013/014): Base64(SHA-512) of the request exactly as the consumer SS received it
// (the whole POST body, or the SOAP part of a multipart request), carried in the response header
// right after xrd:id with algorithmId http://www.w3.org/2001/04/xmlenc#sha512.
import { createHash } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import type { SoapEnvelope } from './envelope.js';
import type { RequestHash } from './header.js';
import { DIGEST_ALGORITHM_IDS, SHA512_ALGORITHM_ID } from './namespaces.js';

export function computeRequestHash(requestBytes: Uint8Array, algorithmId: string = SHA512_ALGORITHM_ID): RequestHash {
  const alg = DIGEST_ALGORITHM_IDS[algorithmId];
  if (!alg) throw new XRoadError(ErrorCodes.internalError, `Unsupported requestHash algorithm: ${algorithmId}`);
  return { algorithmId, value: createHash(alg).update(requestBytes).digest('base64') };
}

/**
 * True when `hash` is the digest of `requestBytes`. Base64 is compared after decoding, so line
 * breaks and other whitespace inside the value do not matter. An unknown algorithmId never matches.
 */
export function requestHashMatches(hash: RequestHash, requestBytes: Uint8Array): boolean {
  const alg = DIGEST_ALGORITHM_IDS[hash.algorithmId ?? SHA512_ALGORITHM_ID];
  if (!alg) return false;
  const compact = hash.value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) return false;
  return Buffer.from(compact, 'base64').equals(createHash(alg).update(requestBytes).digest());
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** [start, end) of the first `<qname ...>...</qname>` or `<qname .../>` in `text` at or after `from`. */
function findElement(text: string, qname: string, from = 0): [number, number] | undefined {
  const open = new RegExp(`<${escapeRegExp(qname)}(?=[\\s/>])[^>]*?(/?)>`, 'g');
  open.lastIndex = from;
  const m = open.exec(text);
  if (!m) return undefined;
  if (m[1] === '/') return [m.index, m.index + m[0].length];
  const close = new RegExp(`</${escapeRegExp(qname)}\\s*>`, 'g');
  close.lastIndex = m.index + m[0].length;
  const c = close.exec(text);
  return c ? [m.index, c.index + c[0].length] : undefined;
}

/**
 * The response text with its requestHash replaced by `hash`, placed right after xrd:id — what a
 * provider SS does to a provider IS's answer (MESS-013: any requestHash from the IS is discarded).
 * Edits the original text, so everything else stays byte-identical. The elements are located by
 * the qualified names the parse recorded; a look-alike inside a comment before them is not guarded
 * against.
 */
export function replaceRequestHash(response: SoapEnvelope, hash: RequestHash): string {
  const idName = response.header.qnames.id;
  if (!idName) throw new XRoadError(ErrorCodes.missingHeaderField, "Required field 'id' is missing");
  let text = response.xml;
  const oldName = response.header.qnames.requestHash;
  if (oldName) {
    const old = findElement(text, oldName);
    if (old) {
      // Take the indentation in front of it along, so no blank line is left behind.
      let start = old[0];
      while (start > 0 && ' \t'.includes(text[start - 1])) start--;
      if (start > 0 && text[start - 1] === '\n') start--;
      if (start > 0 && text[start - 1] === '\r') start--;
      text = text.slice(0, start) + text.slice(old[1]);
    }
  }
  const id = findElement(text, idName);
  if (!id) throw new XRoadError(ErrorCodes.missingHeaderField, "Required field 'id' is missing");
  const colon = idName.indexOf(':');
  const qname = colon < 0 ? 'requestHash' : `${idName.slice(0, colon)}:requestHash`;
  const indent = /(\r?\n[ \t]*)$/.exec(text.slice(0, id[0]))?.[1] ?? '';
  const algorithm = hash.algorithmId !== undefined ? ` algorithmId="${hash.algorithmId.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}"` : '';
  const element = `${indent}<${qname}${algorithm}>${hash.value.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</${qname}>`;
  return text.slice(0, id[1]) + element + text.slice(id[1]);
}
