// The layout X-Road's signer writes (SIG-003..009), checked on a signature the SUT produced. The
// expected names and URIs are spelled out here from requirements.md rather than imported from
// protocol/signature, so a mistake shared by our builder and our verifier would still be caught.
// Each check returns a list of problems; empty means the document fits.
import { createHash, X509Certificate } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { certIdFor, parseOcspResponse } from '../../protocol/ocsp/index.js';

const NS = {
  asic: 'http://uri.etsi.org/02918/v1.2.1#',
  ds: 'http://www.w3.org/2000/09/xmldsig#',
  xades: 'http://uri.etsi.org/01903/v1.3.2#',
  hc: 'http://cyber.ee/hashchain',
};
const C14N_10 = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
const SHA512_URI = 'http://www.w3.org/2001/04/xmlenc#sha512';
const SIGNED_PROPERTIES_TYPE = 'http://uri.etsi.org/01903#SignedProperties';
const POLICY_ID = 'urn:oid:1.3.6.1.4.1.3516.16.2';
export const SIGNATURE_METHODS = {
  rsa: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512',
  ec: 'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512',
};

type El = Element;

function parse(xml: string | Buffer): Document {
  return new DOMParser().parseFromString(typeof xml === 'string' ? xml : xml.toString('utf8'), 'text/xml') as unknown as Document;
}

function all(root: Document | El, ns: string, local: string): El[] {
  return Array.from(root.getElementsByTagNameNS(ns, local) as unknown as ArrayLike<El>);
}

function one(root: Document | El, ns: string, local: string): El | undefined {
  return all(root, ns, local)[0];
}

function text(el: El | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, '');
}

export interface SignatureFacts {
  signingCert?: X509Certificate;
  signatureMethod?: string;
  signatureValue?: Buffer;
  messageReferenceUri?: string;
  ocspDers: Buffer[];
}

export function signatureFacts(xml: string | Buffer): SignatureFacts {
  const doc = parse(xml);
  const certB64 = text(one(one(doc, NS.ds, 'KeyInfo') ?? doc, NS.ds, 'X509Certificate'));
  const refs = all(doc, NS.ds, 'Reference');
  return {
    ...(certB64 ? { signingCert: new X509Certificate(Buffer.from(certB64, 'base64')) } : {}),
    signatureMethod: one(doc, NS.ds, 'SignatureMethod')?.getAttribute('Algorithm') ?? undefined,
    signatureValue: Buffer.from(text(one(doc, NS.ds, 'SignatureValue')), 'base64'),
    messageReferenceUri: refs.find((r) => r.getAttribute('Id') === 'signature-reference-0')?.getAttribute('URI') ?? undefined,
    ocspDers: all(doc, NS.xades, 'EncapsulatedOCSPValue').map((e) => Buffer.from(text(e), 'base64')),
  };
}

/**
 * SIG-003..005 for one signature document. `signedPart` is the bytes reference 0 must cover:
 * the SOAP part / REST header part (single) or the HashChainResult (batch).
 */
export function checkSignatureLayout(xml: string | Buffer, o: { batch: boolean; signedPart: Buffer; issuer: X509Certificate }): string[] {
  const p: string[] = [];
  const doc = parse(xml);
  const root = doc.documentElement;
  if (root?.localName !== 'XAdESSignatures' || root.namespaceURI !== NS.asic) p.push(`root is ${root?.namespaceURI}:${root?.localName}, not asic:XAdESSignatures`);
  const sigs = all(doc, NS.ds, 'Signature');
  if (sigs.length !== 1 || sigs[0]!.getAttribute('Id') !== 'signature') p.push(`expected one ds:Signature Id="signature", found ${sigs.length} (${sigs.map((s) => s.getAttribute('Id')).join(',')})`);
  const c14n = one(doc, NS.ds, 'CanonicalizationMethod')?.getAttribute('Algorithm');
  if (c14n !== C14N_10) p.push(`SignedInfo c14n is ${c14n}, not Canonical XML 1.0`);
  const facts = signatureFacts(xml);
  const keyType = facts.signingCert?.publicKey.asymmetricKeyType;
  const wantMethod = keyType === 'ec' ? SIGNATURE_METHODS.ec : SIGNATURE_METHODS.rsa;
  if (facts.signatureMethod !== wantMethod) p.push(`SignatureMethod ${facts.signatureMethod} for a ${keyType} key (expected ${wantMethod})`);
  if (one(doc, NS.ds, 'SignatureValue')?.getAttribute('Id') !== 'signature-value') p.push('SignatureValue has no Id="signature-value"');
  if (!facts.signingCert) p.push('KeyInfo/X509Data holds no signing certificate');

  const refs = all(doc, NS.ds, 'Reference');
  const r0 = refs.find((r) => r.getAttribute('Id') === 'signature-reference-0');
  const r1 = refs.find((r) => r.getAttribute('Id') === 'signature-reference-1');
  const wantUri = o.batch ? '/sig-hashchainresult.xml' : '/message.xml';
  if (!r0) p.push('no Reference Id="signature-reference-0"');
  else {
    if (r0.getAttribute('URI') !== wantUri) p.push(`reference 0 URI is ${r0.getAttribute('URI')}, expected ${wantUri}`);
    if (one(r0, NS.ds, 'Transforms')) p.push('reference 0 has Transforms');
    if (one(r0, NS.ds, 'DigestMethod')?.getAttribute('Algorithm') !== SHA512_URI) p.push('reference 0 DigestMethod is not SHA-512');
    const want = createHash('sha512').update(o.signedPart).digest('base64');
    if (text(one(r0, NS.ds, 'DigestValue')) !== want) p.push(`reference 0 digest is not the SHA-512 of the exact ${o.batch ? 'hash chain result' : 'message part'} bytes`);
  }
  if (!r1 || r1.getAttribute('URI') !== '#signed-properties' || r1.getAttribute('Type') !== SIGNED_PROPERTIES_TYPE) p.push('no Reference Id="signature-reference-1" URI="#signed-properties" of the SignedProperties type');

  const qp = one(doc, NS.xades, 'QualifyingProperties');
  if (qp?.getAttribute('Target') !== '#signature') p.push('xades:QualifyingProperties Target is not "#signature"');
  if (one(doc, NS.xades, 'SignedProperties')?.getAttribute('Id') !== 'signed-properties') p.push('no xades:SignedProperties Id="signed-properties"');
  const signingTime = text(one(doc, NS.xades, 'SigningTime'));
  if (!/Z$/.test(signingTime) || Number.isNaN(Date.parse(signingTime))) p.push(`SigningTime "${signingTime}" is not a UTC time`);
  const cert = one(doc, NS.xades, 'SigningCertificate') ?? one(doc, NS.xades, 'SigningCertificateV2');
  if (!cert || !one(cert, NS.xades, 'CertDigest')) p.push('no SigningCertificate/Cert/CertDigest');
  else if (facts.signingCert) {
    const dm = one(cert, NS.ds, 'DigestMethod')?.getAttribute('Algorithm');
    const alg = dm === SHA512_URI ? 'sha512' : dm?.endsWith('sha256') ? 'sha256' : 'sha1';
    if (text(one(cert, NS.ds, 'DigestValue')) !== createHash(alg).update(facts.signingCert.raw).digest('base64')) p.push('SigningCertificate CertDigest does not match the KeyInfo certificate');
  }
  if (text(one(one(doc, NS.xades, 'SignaturePolicyIdentifier') ?? doc, NS.xades, 'Identifier')) !== POLICY_ID) p.push(`SignaturePolicyIdentifier is not ${POLICY_ID}`);
  const dof = one(doc, NS.xades, 'DataObjectFormat');
  const mime = text(one(dof ?? doc, NS.xades, 'MimeType'));
  const wantMime = o.batch ? 'application/hash-chain-result' : 'text/xml';
  if (dof?.getAttribute('ObjectReference') !== '#signature-reference-0' || mime !== wantMime) p.push(`DataObjectFormat is ${dof?.getAttribute('ObjectReference')} ${mime}, expected #signature-reference-0 ${wantMime}`);

  const ocsp = all(doc, NS.xades, 'EncapsulatedOCSPValue');
  if (ocsp.length === 0) p.push('no RevocationValues/OCSPValues/EncapsulatedOCSPValue');
  else if (!ocsp.every((e) => /^ocsp-response-\d+$/.test(e.getAttribute('Id') ?? ''))) p.push('an EncapsulatedOCSPValue has no Id="ocsp-response-N"');
  if (facts.signingCert && facts.ocspDers.length) {
    const want = certIdFor(facts.signingCert, o.issuer).der;
    const covered = facts.ocspDers.some((der) => parseOcspResponse(der).basic?.responses.some((r) => r.certId.der.equals(want) && r.status.kind === 'good'));
    if (!covered) p.push('no embedded OCSP response says good for the signing certificate');
  }
  return p;
}

export interface HashChainFacts {
  resultUri?: string;
  /** DataRef URI -> base64 digest, across every step. */
  dataRefs: Map<string, string>;
}

export function hashChainFacts(resultXml: string, chainXml: string): HashChainFacts {
  const res = parse(resultXml).documentElement;
  const dataRefs = new Map<string, string>();
  for (const d of all(parse(chainXml), NS.hc, 'DataRef')) dataRefs.set(d.getAttribute('URI') ?? '', text(one(d, NS.ds, 'DigestValue')));
  return { ...(res?.localName === 'HashChainResult' && res.namespaceURI === NS.hc ? { resultUri: res.getAttribute('URI') ?? undefined } : {}), dataRefs };
}

/** SIG-007/009: the result points at STEP0 and the DataRefs carry the digests of the exact part bytes. */
export function checkHashChain(resultXml: string, chainXml: string, parts: Array<{ name: string; bytes: Buffer }>): string[] {
  const p: string[] = [];
  const f = hashChainFacts(resultXml, chainXml);
  if (f.resultUri !== '/sig-hashchain.xml#STEP0') p.push(`HashChainResult URI is ${f.resultUri ?? '(none / wrong element)'}, expected /sig-hashchain.xml#STEP0`);
  for (const part of parts) {
    const got = f.dataRefs.get(part.name);
    if (got === undefined) p.push(`no DataRef for ${part.name}`);
    else if (got !== createHash('sha512').update(part.bytes).digest('base64')) p.push(`DataRef ${part.name} digest is not the SHA-512 of that part's bytes`);
  }
  const extra = [...f.dataRefs.keys()].filter((k) => !parts.some((x) => x.name === k));
  if (extra.length) p.push(`DataRefs for parts that were not sent: ${extra.join(', ')}`);
  return p;
}
