// Builds X-Road signature documents as X-Road 7.8's SignatureXmlBuilder/SignatureCtx do
// (SIG-003..006, SIG-011): one message without attachments is signed directly through
// `/message.xml`; several messages, or a message with attachments, are signed through a hash
// chain whose result `/sig-hashchainresult.xml` is the signed reference. The text layout copies
// what X-Road writes (valid-signed-message.asice): Santuario's line breaks, 76-column base64 with
// `&#13;` line ends, a one-line SignatureValue. Signing is two-phase (prepare, then complete with
// the value) so that a key held elsewhere (a signer process, an HSM) can sign.
import type { KeyObject, X509Certificate } from 'node:crypto';
import { buildHashChains } from '../hashchain/hash-chain-builder.js';
import { MESSAGE, SIG_HASH_CHAIN, SIG_HASH_CHAIN_RESULT } from '../hashchain/message-file-names.js';
import { C14N_10 } from '../xml/c14n.js';
import { childElements, escapeXmlAttr, escapeXmlText } from '../xml/dom.js';
import { digest, digestMethodFor, type HashName, type SignatureAlgorithm } from '../xml/dsig-algorithms.js';
import { NS_ASIC, NS_DS, NS_XADES, NS_XSI } from '../xml/namespaces.js';
import { parseXml } from '../xml/parse.js';
import { canonicalizeWrittenElement } from '../xml/written-c14n.js';
import { certificateInfo, nameToRfc2253 } from './certificate-info.js';
import {
  COMPLETE_CERTIFICATE_REFS_ID, ENCAPSULATED_CERT_ID_PREFIX, MESSAGE_REFERENCE_ID, MIME_HASH_CHAIN_RESULT, MIME_TEXT_XML, OCSP_RESPONSE_ID_PREFIX,
  SIGNATURE_ID, SIGNATURE_POLICY_DESCRIPTION, SIGNATURE_POLICY_IDENTIFIER, SIGNATURE_POLICY_SHA512, SIGNATURE_POLICY_SPURI, SIGNATURE_VALUE_ID,
  SIGNED_PROPERTIES_ID, SIGNED_PROPERTIES_REFERENCE_ID, SIGNED_PROPERTIES_TYPE,
} from './constants.js';
import { canonicalizeElement } from './signature-references.js';
import { signatureAlgorithmForKey, signBytes, signBytesAsync } from './signature-value.js';

export interface MessageToSign {
  /** The `/message.xml` part: SOAP bytes, or a REST message's header part (SIG-009). */
  message: Uint8Array;
  /** `/attachment1`.. bytes: SOAP attachments, or a REST body. */
  attachments?: readonly Uint8Array[];
}

export interface SignatureBuildOptions {
  signingCert: X509Certificate;
  /** One entry per message signed together (more than one makes a batch signature). */
  messages: readonly MessageToSign[];
  /** Digest of references, certificate digests and the hash chain; the signature uses the same hash. Default SHA-512. */
  hash?: HashName;
  /** CA certificates to embed (CompleteCertificateRefs + CertificateValues). */
  extraCertificates?: readonly X509Certificate[];
  /** DER OCSP responses to embed (RevocationValues/OCSPValues). */
  ocspResponses?: readonly Uint8Array[];
  signingTime?: Date;
}

export interface BuiltSignature {
  signatureXml: string;
  signatureValue: Buffer;
  /** Batch signatures: the signed HashChainResult (`/sig-hashchainresult.xml`). */
  hashChainResult?: string;
  /** Batch signatures: one `/sig-hashchain.xml` per message, in message order. */
  hashChains?: string[];
}

export interface PreparedSignature {
  algorithm: SignatureAlgorithm;
  /** Canonical SignedInfo: the bytes to sign. */
  dataToBeSigned: Buffer;
  /** Completes the document with a value over dataToBeSigned (ECDSA in raw r||s form). */
  complete(signatureValue: Uint8Array): BuiltSignature;
}

const CRLF_ESCAPED = '&#13;\n';

function b64Lines(data: Uint8Array): string {
  const s = Buffer.from(data).toString('base64');
  return (s.match(/.{1,76}/g) ?? ['']).join(CRLF_ESCAPED);
}

function b64(data: Uint8Array): string {
  return Buffer.from(data).toString('base64');
}

const VALUE_PLACEHOLDER = '\u0000SIGNATURE-VALUE\u0000';

// The document root and the only namespace declarations in the document: ds:Signature, ds:Object
// and xades:QualifyingProperties, the ancestors of SignedInfo and SignedProperties, declare none
// and carry no xml:* attribute, so these four are the whole c14n context of both.
const ROOT_NAMESPACES: ReadonlyArray<readonly [string, string]> = [['asic', NS_ASIC], ['ds', NS_DS], ['xades', NS_XADES], ['xsi', NS_XSI]];
const ROOT_START_TAG = `<asic:XAdESSignatures ${ROOT_NAMESPACES.map(([p, uri]) => `xmlns:${p}="${uri}"`).join(' ')}>`;
const ROOT_END_TAG = '</asic:XAdESSignatures>';

/** Inclusive C14N 1.0 of an element we wrote, as it is in the signature document. */
function canonicalInDocument(elementXml: string): Buffer {
  const direct = canonicalizeWrittenElement(elementXml, ROOT_NAMESPACES);
  if (direct !== undefined) return Buffer.from(direct, 'utf8');
  // Outside the direct subset (an issuer name with odd characters): parse the element alone,
  // under the same root, which gives it the same namespace context as in the document.
  const root = parseXml(ROOT_START_TAG + elementXml + ROOT_END_TAG, 'signature fragment').documentElement!;
  return canonicalizeElement(childElements(root)[0]!, C14N_10);
}

export function prepareSignature(options: SignatureBuildOptions, publicKeyOf: KeyObject = options.signingCert.publicKey): PreparedSignature {
  if (options.messages.length === 0) throw new RangeError('Nothing to sign');
  const hash = options.hash ?? 'sha512';
  const method = digestMethodFor(hash);
  const algorithm = signatureAlgorithmForKey(publicKeyOf, hash);
  const batch = options.messages.length > 1 || (options.messages[0].attachments?.length ?? 0) > 0;

  let hashChainResult: string | undefined;
  let hashChains: string[] | undefined;
  let dataUri = MESSAGE;
  let data: Uint8Array = options.messages[0].message;
  if (batch) {
    const chains = buildHashChains(options.messages.map((m) => [m.message, ...(m.attachments ?? [])].map((p) => digest(hash, p))), hash);
    hashChainResult = chains.hashChainResultXml(SIG_HASH_CHAIN);
    hashChains = chains.hashChainXmls(MESSAGE);
    dataUri = SIG_HASH_CHAIN_RESULT;
    data = Buffer.from(hashChainResult, 'utf8');
  }

  const cert = options.signingCert;
  const certDigestAndIssuer = (c: X509Certificate) =>
    `<xades:CertDigest><ds:DigestMethod Algorithm="${method}"/><ds:DigestValue>${b64(digest(hash, c.raw))}</ds:DigestValue></xades:CertDigest>` +
    `<xades:IssuerSerial><ds:X509IssuerName>${escapeXmlText(nameToRfc2253(certificateInfo(c).issuer))}</ds:X509IssuerName>` +
    `<ds:X509SerialNumber>${certificateInfo(c).serialNumber}</ds:X509SerialNumber></xades:IssuerSerial>`;
  const extra = options.extraCertificates ?? [];
  const signedProperties =
    `<xades:SignedProperties Id="${SIGNED_PROPERTIES_ID}"><xades:SignedSignatureProperties>` +
    `<xades:SigningTime>${(options.signingTime ?? new Date()).toISOString()}</xades:SigningTime>` +
    `<xades:SigningCertificate><xades:Cert>${certDigestAndIssuer(cert)}</xades:Cert></xades:SigningCertificate>` +
    '<xades:SignaturePolicyIdentifier><xades:SignaturePolicyId><xades:SigPolicyId>' +
    `<xades:Identifier Qualifier="OIDAsURN">${SIGNATURE_POLICY_IDENTIFIER}</xades:Identifier><xades:Description>${SIGNATURE_POLICY_DESCRIPTION}</xades:Description>` +
    `</xades:SigPolicyId><xades:SigPolicyHash><ds:DigestMethod Algorithm="${digestMethodFor('sha512')}"/><ds:DigestValue>${SIGNATURE_POLICY_SHA512}</ds:DigestValue></xades:SigPolicyHash>` +
    `<xades:SigPolicyQualifiers><xades:SigPolicyQualifier><xades:SPURI>${SIGNATURE_POLICY_SPURI}</xades:SPURI></xades:SigPolicyQualifier></xades:SigPolicyQualifiers>` +
    '</xades:SignaturePolicyId></xades:SignaturePolicyIdentifier></xades:SignedSignatureProperties>' +
    `<xades:SignedDataObjectProperties><xades:DataObjectFormat ObjectReference="#${MESSAGE_REFERENCE_ID}">` +
    `<xades:MimeType>${batch ? MIME_HASH_CHAIN_RESULT : MIME_TEXT_XML}</xades:MimeType></xades:DataObjectFormat></xades:SignedDataObjectProperties>` +
    '</xades:SignedProperties>';
  const unsigned =
    '<xades:UnsignedProperties><xades:UnsignedSignatureProperties>' +
    (extra.length === 0 ? '' :
      `<xades:CompleteCertificateRefs Id="${COMPLETE_CERTIFICATE_REFS_ID}"><xades:CertRefs>` +
      extra.map((c, i) => `<xades:Cert URI="#${ENCAPSULATED_CERT_ID_PREFIX}${i + 1}">${certDigestAndIssuer(c)}</xades:Cert>`).join('') +
      '</xades:CertRefs></xades:CompleteCertificateRefs><xades:CertificateValues>' +
      extra.map((c, i) => `<xades:EncapsulatedX509Certificate Id="${ENCAPSULATED_CERT_ID_PREFIX}${i + 1}">${b64(c.raw)}</xades:EncapsulatedX509Certificate>`).join('') +
      '</xades:CertificateValues>') +
    '<xades:RevocationValues><xades:OCSPValues>' +
    (options.ocspResponses ?? []).map((o, i) => `<xades:EncapsulatedOCSPValue Id="${OCSP_RESPONSE_ID_PREFIX}${i + 1}">${b64(o)}</xades:EncapsulatedOCSPValue>`).join('') +
    '</xades:OCSPValues></xades:RevocationValues></xades:UnsignedSignatureProperties></xades:UnsignedProperties>';

  const reference = (attrs: string, digestValue: string) =>
    `<ds:Reference ${attrs}>\n<ds:DigestMethod Algorithm="${method}"/>\n<ds:DigestValue>${digestValue}</ds:DigestValue>\n</ds:Reference>\n`;
  const signedInfoText = (spDigest: string) =>
    '<ds:SignedInfo>\n' +
    `<ds:CanonicalizationMethod Algorithm="${C14N_10}"/>\n<ds:SignatureMethod Algorithm="${algorithm.uri}"/>\n` +
    reference(`Id="${MESSAGE_REFERENCE_ID}" URI="${escapeXmlAttr(dataUri)}"`, b64Lines(digest(hash, data))) +
    reference(`Id="${SIGNED_PROPERTIES_REFERENCE_ID}" Type="${SIGNED_PROPERTIES_TYPE}" URI="#${SIGNED_PROPERTIES_ID}"`, spDigest) +
    '</ds:SignedInfo>';

  // SignedProperties is digested, and SignedInfo signed, in the context of the finished document:
  // canonicalised on their own, with the namespaces the document root declares (written-c14n.ts).
  const spDigest = b64Lines(digest(hash, canonicalInDocument(signedProperties)));
  const signedInfo = signedInfoText(spDigest);
  const dataToBeSigned = canonicalInDocument(signedInfo);
  const withDigests =
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>' + ROOT_START_TAG +
    `<ds:Signature Id="${SIGNATURE_ID}">\n${signedInfo}\n<ds:SignatureValue Id="${SIGNATURE_VALUE_ID}">\n${VALUE_PLACEHOLDER}\n</ds:SignatureValue>\n` +
    `<ds:KeyInfo>\n<ds:X509Data>\n<ds:X509Certificate>\n${b64Lines(cert.raw)}\n</ds:X509Certificate>\n</ds:X509Data>\n</ds:KeyInfo>\n` +
    `<ds:Object><xades:QualifyingProperties Target="#${SIGNATURE_ID}">${signedProperties}${unsigned}</xades:QualifyingProperties></ds:Object>\n` +
    '</ds:Signature>' + ROOT_END_TAG;

  return {
    algorithm,
    dataToBeSigned,
    complete(signatureValue: Uint8Array): BuiltSignature {
      return { signatureXml: withDigests.replace(VALUE_PLACEHOLDER, b64(signatureValue)), signatureValue: Buffer.from(signatureValue), hashChainResult, hashChains };
    },
  };
}

/** Builds and signs with a private key held here. */
export function buildSignature(options: SignatureBuildOptions & { privateKey: KeyObject }): BuiltSignature {
  const prepared = prepareSignature(options);
  return prepared.complete(signBytes(prepared.dataToBeSigned, options.privateKey, prepared.algorithm));
}

/** buildSignature with the private-key operation on the thread pool (signBytesAsync). */
export async function buildSignatureAsync(options: SignatureBuildOptions & { privateKey: KeyObject }): Promise<BuiltSignature> {
  const prepared = prepareSignature(options);
  return prepared.complete(await signBytesAsync(prepared.dataToBeSigned, options.privateKey, prepared.algorithm));
}

/**
 * Adds a SignatureTimeStamp as the first unsigned signature property (X-Road
 * Signature.addSignatureTimestamp). A single time-stamp covers the raw SignatureValue bytes.
 */
export function addSignatureTimestamp(signatureXml: string, timestampTokenDer: Uint8Array): string {
  const marker = '<xades:UnsignedSignatureProperties>';
  const at = signatureXml.indexOf(marker);
  if (at < 0) throw new RangeError('Signature has no xades:UnsignedSignatureProperties');
  const element = `<xades:SignatureTimeStamp><xades:EncapsulatedTimeStamp>${b64(timestampTokenDer)}</xades:EncapsulatedTimeStamp></xades:SignatureTimeStamp>`;
  return signatureXml.slice(0, at + marker.length) + element + signatureXml.slice(at + marker.length);
}
