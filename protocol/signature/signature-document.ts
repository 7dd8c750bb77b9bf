// Reads an X-Road signature document (SIG-003..005) into a typed view, failing as X-Road's
// Signature constructor does: unparsable XML is `invalid_xml`; no `ds:Signature` element (found
// by its prefixed name, corrections.md §1), a ds:Signature Santuario cannot read, or no
// `ds:Object` is `malformed_signature`. Accepts both layouts of corrections.md §1: X-Road's own
// (asic:XAdESSignatures root) and the second one (ds:Signature root, exclusive c14n, xades-id).
import type { X509Certificate } from 'node:crypto';
import type { Document, Element } from '@xmldom/xmldom';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import type { TransformSpec } from '../hashchain/transforms.js';
import { inclusivePrefixesOf } from '../hashchain/transforms.js';
import { childElements, decodeBase64, firstChildNamed, firstElementByTagName, isNamed, textOf } from '../xml/dom.js';
import { NS_DS, NS_XADES } from '../xml/namespaces.js';
import { parseXml, type XmlInput } from '../xml/parse.js';
import { certificateFromDer } from './parse-cache.js';

export interface SignatureReference {
  element: Element;
  id?: string;
  uri?: string;
  type?: string;
  transforms: TransformSpec[];
  digestMethod: string;
  digestValue: Buffer;
}

export interface SignatureDocument {
  document: Document;
  /** The document element: asic:XAdESSignatures, or ds:Signature in the second layout. */
  root: Element;
  signature: Element;
  signedInfo: Element;
  canonicalizationMethod: string;
  /** InclusiveNamespaces PrefixList of an exclusive CanonicalizationMethod. */
  canonicalizationPrefixes?: string[];
  signatureMethod: string;
  references: SignatureReference[];
  signatureValueElement: Element;
  signatureValue: Buffer;
  keyInfo?: Element;
  /** The first ds:Object of the document (X-Road's "object container"). */
  object: Element;
}

function malformed(message: string): XRoadError {
  return new XRoadError(ErrorCodes.malformedSignature, message);
}

function expectDs(el: Element | undefined, name: string, context: string): Element {
  if (!el || !isNamed(el, NS_DS, name)) throw malformed(`Malformed ${context}: expected ds:${name}${el ? `, found ${el.nodeName}` : ''}`);
  return el;
}

function algorithmOf(el: Element): string {
  const a = el.getAttribute('Algorithm');
  if (!a) throw malformed(`${el.nodeName} has no Algorithm`);
  return a;
}

/** Reads one ds:Reference (SignedInfo or Manifest). */
export function readReference(el: Element): SignatureReference {
  const kids = childElements(el);
  let k = 0;
  const transforms: TransformSpec[] = [];
  if (kids[k] && isNamed(kids[k], NS_DS, 'Transforms')) {
    for (const t of childElements(kids[k])) {
      expectDs(t, 'Transform', 'ds:Transforms');
      transforms.push({ algorithm: algorithmOf(t), element: t });
    }
    if (transforms.length === 0) throw malformed('ds:Transforms is empty');
    k++;
  }
  const digestMethod = algorithmOf(expectDs(kids[k++], 'DigestMethod', 'ds:Reference'));
  const digestValue = decodeBase64(textOf(expectDs(kids[k++], 'DigestValue', 'ds:Reference')), 'ds:DigestValue');
  const attr = (n: string) => (el.hasAttribute(n) ? el.getAttribute(n)! : undefined);
  return { element: el, id: attr('Id'), uri: attr('URI'), type: attr('Type'), transforms, digestMethod, digestValue };
}

export function readSignatureDocument(xml: XmlInput | Document): SignatureDocument {
  const document = typeof xml === 'string' || xml instanceof Uint8Array ? parseXml(xml, 'signature') : xml;
  const root = document.documentElement!;
  const signature = firstElementByTagName(document, 'ds:Signature');
  if (!signature) throw malformed('Could not find element "ds:Signature"');
  // Santuario's XMLSignature(Element): SignedInfo, SignatureValue, optional KeyInfo, then Objects.
  const parts = childElements(signature);
  const signedInfo = expectDs(parts[0], 'SignedInfo', 'ds:Signature');
  const signatureValueElement = expectDs(parts[1], 'SignatureValue', 'ds:Signature');
  const keyInfo = parts[2] && isNamed(parts[2], NS_DS, 'KeyInfo') ? parts[2] : undefined;
  const siParts = childElements(signedInfo);
  const c14n = expectDs(siParts[0], 'CanonicalizationMethod', 'ds:SignedInfo');
  const signatureMethod = algorithmOf(expectDs(siParts[1], 'SignatureMethod', 'ds:SignedInfo'));
  const references = siParts.slice(2).map((r) => readReference(expectDs(r, 'Reference', 'ds:SignedInfo')));
  if (references.length === 0) throw malformed('ds:SignedInfo has no ds:Reference');
  const object = firstElementByTagName(document, 'ds:Object');
  if (!object) throw malformed('Could not find element "ds:Object"');
  return {
    document,
    root,
    signature,
    signedInfo,
    canonicalizationMethod: algorithmOf(c14n),
    canonicalizationPrefixes: inclusivePrefixesOf(c14n),
    signatureMethod,
    references,
    signatureValueElement,
    signatureValue: decodeBase64(textOf(signatureValueElement), 'ds:SignatureValue'),
    keyInfo,
    object,
  };
}

/** Whether SignedInfo has a reference to `uri` (X-Road Signature.references). */
export function referencesUri(doc: SignatureDocument, uri: string): boolean {
  return doc.references.some((r) => r.uri === uri);
}

/** Text (base64) of the first ds:X509Data/ds:X509Certificate in KeyInfo, or undefined. */
export function signingCertificateText(doc: SignatureDocument): string | undefined {
  if (!doc.keyInfo) return undefined;
  for (const data of childElements(doc.keyInfo)) {
    if (!isNamed(data, NS_DS, 'X509Data')) continue;
    const cert = firstChildNamed(data, NS_DS, 'X509Certificate');
    if (cert) return textOf(cert);
  }
  return undefined;
}

/** DER of the first ds:X509Data/ds:X509Certificate in KeyInfo, or undefined. */
export function signingCertificateDer(doc: SignatureDocument): Buffer | undefined {
  const text = signingCertificateText(doc);
  return text === undefined ? undefined : decodeBase64(text, 'ds:X509Certificate');
}

/** xades elements under ds:Object at a fixed path (X-Road's Helper XPath lookups). */
function underObject(doc: SignatureDocument, path: string[]): Element[] {
  let level: Element[] = [doc.object];
  for (const name of path) level = level.flatMap((e) => childElements(e).filter((c) => isNamed(c, NS_XADES, name)));
  return level;
}

const UNSIGNED = ['QualifyingProperties', 'UnsignedProperties', 'UnsignedSignatureProperties'];

/** The EncapsulatedOCSPValue elements' texts (base64), in document order; at least one. */
export function ocspResponseTexts(doc: SignatureDocument): string[] {
  const els = underObject(doc, [...UNSIGNED, 'RevocationValues', 'OCSPValues', 'EncapsulatedOCSPValue']);
  if (els.length === 0) throw malformed('Could not get any OCSP elements from signature');
  return els.map((e) => textOf(e));
}

/** The EncapsulatedOCSPValue elements' DER contents, in document order. */
export function ocspResponseValues(doc: SignatureDocument): Buffer[] {
  return ocspResponseTexts(doc).map((t) => decodeOcspText(t));
}

export function decodeOcspText(text: string): Buffer {
  return decodeBase64(text, 'xades:EncapsulatedOCSPValue');
}

/** xades:CompleteCertificateRefs/CertRefs/Cert elements. */
export function certificateRefElements(doc: SignatureDocument): Element[] {
  return underObject(doc, [...UNSIGNED, 'CompleteCertificateRefs', 'CertRefs', 'Cert']);
}

/** The signature time-stamp token (DER), if the signature carries one. */
export function signatureTimestampToken(doc: SignatureDocument): Buffer | undefined {
  const tsEls = underObject(doc, [...UNSIGNED, 'SignatureTimeStamp']);
  if (tsEls.length === 0) return undefined;
  const enc = firstChildNamed(tsEls[0], NS_XADES, 'EncapsulatedTimeStamp');
  // Older X-Road wrote the token directly into SignatureTimeStamp (Signature.getSignatureTimestamp).
  return decodeBase64(textOf(enc ?? tsEls[0]), 'xades:EncapsulatedTimeStamp');
}

export function parseCertificate(der: Uint8Array, what: string): X509Certificate {
  try {
    return certificateFromDer(der);
  } catch (e) {
    throw malformed(`Cannot parse ${what}: ${(e as Error).message}`);
  }
}
