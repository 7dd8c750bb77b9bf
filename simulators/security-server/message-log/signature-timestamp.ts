// The single-record time-stamp (TSA-003): its imprint is the digest of the raw decoded
// ds:SignatureValue bytes (CATALOG §1 "Timestamp imprint", X-Road's SingleTimestampRequest), and
// the token goes into the signature as the first child of xades:UnsignedSignatureProperties,
// `<xades:SignatureTimeStamp><xades:EncapsulatedTimeStamp>base64</...></...>` without Ids — the
// layout of asic/verifier-cli/valid-signed-message.asice and of X-Road's addSignatureTimestamp.
// The rest of signatures.xml is kept byte for byte (it is spliced as text, not re-serialised).
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { childElements, elementsByTagName, NS_DS, NS_XADES, parseXml, textOf, walkElements } from '../../../protocol/xml/index.js';
import type { Element } from '@xmldom/xmldom';

function fail(message: string, cause?: unknown): XRoadError {
  return new XRoadError(ErrorCodes.malformedSignature, message, undefined, cause === undefined ? undefined : { cause });
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
}

function signatureElement(signatureXml: Buffer): Element {
  const doc = parseXml(signatureXml, 'signatures.xml');
  // X-Road finds the signature by its prefixed name (corrections.md §1).
  const sig = elementsByTagName(doc, 'ds:Signature')[0];
  if (!sig) throw fail('signatures.xml has no ds:Signature element');
  return sig;
}

/** The decoded bytes of ds:SignatureValue: what a single time-stamp's imprint is computed over. */
export function signatureValueBytes(signatureXml: Buffer): Buffer {
  const sig = signatureElement(signatureXml);
  const value = childElements(sig).find((e) => e.namespaceURI === NS_DS && e.localName === 'SignatureValue');
  if (!value) throw fail('ds:Signature has no ds:SignatureValue');
  const text = textOf(value).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0 || text.length === 0) {
    throw fail('ds:SignatureValue is not base64');
  }
  return Buffer.from(text, 'base64');
}

function findXades(root: Element, localName: string): Element | undefined {
  let found: Element | undefined;
  walkElements(root, (e) => {
    if (!found && e.namespaceURI === NS_XADES && e.localName === localName) found = e;
  });
  return found;
}

const qnameOf = (prefix: string | null, local: string) => (prefix ? `${prefix}:${local}` : local);

/** Start tag of the first element named `qname` in `text` (index and the tag text). */
function startTag(text: string, qname: string): { index: number; tag: string } | undefined {
  const m = new RegExp(`<${escapeRegExp(qname)}(?=[\\s/>])[^>]*>`).exec(text);
  return m ? { index: m.index, tag: m[0] } : undefined;
}

/** signatures.xml with the token embedded as xades:SignatureTimeStamp. */
export function embedSignatureTimestamp(signatureXml: Buffer, tokenDer: Buffer): Buffer {
  const sig = signatureElement(signatureXml);
  const text = signatureXml.toString('latin1');
  const encoded = tokenDer.toString('base64');
  const usp = findXades(sig, 'UnsignedSignatureProperties');
  let out: string;
  if (usp) {
    const p = usp.prefix;
    const element = `<${qnameOf(p, 'SignatureTimeStamp')}><${qnameOf(p, 'EncapsulatedTimeStamp')}>${encoded}</${qnameOf(p, 'EncapsulatedTimeStamp')}></${qnameOf(p, 'SignatureTimeStamp')}>`;
    const tag = startTag(text, qnameOf(p, 'UnsignedSignatureProperties'));
    if (!tag) throw fail('cannot locate the xades:UnsignedSignatureProperties start tag');
    const end = tag.index + tag.tag.length;
    out = tag.tag.endsWith('/>')
      ? text.slice(0, tag.index) + tag.tag.slice(0, -2) + '>' + element + `</${qnameOf(p, 'UnsignedSignatureProperties')}>` + text.slice(end)
      : text.slice(0, end) + element + text.slice(end);
  } else {
    // No unsigned properties yet: add them as the last child of QualifyingProperties.
    const qp = findXades(sig, 'QualifyingProperties');
    if (!qp) throw fail('signature has no xades:QualifyingProperties to carry the time-stamp');
    const p = qp.prefix;
    const close = `</${qnameOf(p, 'QualifyingProperties')}>`;
    const at = text.indexOf(close);
    if (at < 0) throw fail('cannot locate the end of xades:QualifyingProperties');
    const element =
      `<${qnameOf(p, 'UnsignedProperties')}><${qnameOf(p, 'UnsignedSignatureProperties')}>` +
      `<${qnameOf(p, 'SignatureTimeStamp')}><${qnameOf(p, 'EncapsulatedTimeStamp')}>${encoded}</${qnameOf(p, 'EncapsulatedTimeStamp')}></${qnameOf(p, 'SignatureTimeStamp')}>` +
      `</${qnameOf(p, 'UnsignedSignatureProperties')}></${qnameOf(p, 'UnsignedProperties')}>`;
    out = text.slice(0, at) + element + text.slice(at);
  }
  const result = Buffer.from(out, 'latin1');
  const embedded = embeddedSignatureTimestamp(result);
  if (!embedded?.equals(tokenDer)) throw fail('the embedded time-stamp does not read back');
  return result;
}

/** The first embedded xades:SignatureTimeStamp token, if any. */
export function embeddedSignatureTimestamp(signatureXml: Buffer): Buffer | undefined {
  const sig = signatureElement(signatureXml);
  const ts = findXades(sig, 'SignatureTimeStamp');
  if (!ts) return undefined;
  const enc = childElements(ts).find((e) => e.namespaceURI === NS_XADES && e.localName === 'EncapsulatedTimeStamp');
  return enc ? Buffer.from(textOf(enc).replace(/\s+/g, ''), 'base64') : undefined;
}
