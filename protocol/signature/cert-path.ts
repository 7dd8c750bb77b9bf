// The certificate part of signature verification (X-Road CertChainFactory + CertChainVerifier):
// the CA is the approved CA certificate (top or intermediate) whose subject is the signing
// certificate's issuer (GlobalConfImpl.getCaCert), and it is the PKIX trust anchor, so the path is
// [signing cert]; the path is checked at atDate (revocation off), then the OCSP response for every
// path certificate. Codes (corrections.md §1): path failures `cannot_create_cert_path.<x>`, OCSP
// failures `invalid_cert_path.cert_validation|incorrect_validation_info`.
import type { X509Certificate } from 'node:crypto';
import type { Element } from '@xmldom/xmldom';
import { ErrorCodes, isXRoadError, XRoadError } from '../faults/index.js';
import { certIdFor, certIdsEqual, certificateFields, certificateSignedBy, namesEqualAnyOrder, namesEqualInOrder, verifyOcspResponse, type OcspResponse } from '../ocsp/index.js';
import type { ApprovedCa, VerificationTrust } from '../trust/index.js';
import { childElements, getElementById, textOf, decodeBase64, type ElementLookup } from '../xml/dom.js';
import { hashForDigestMethod } from '../xml/dsig-algorithms.js';
import { certificateInfo, nameToRfc2253 } from './certificate-info.js';
import { certificateDigestBytes, certificateForText } from './parse-cache.js';
import { certificateRefElements, parseCertificate, type SignatureDocument } from './signature-document.js';

export interface IssuingCa {
  ca: ApprovedCa;
  cert: X509Certificate;
}

/** X-Road GlobalConfProvider.getCaCert: overridable, as X-Road's own EE-vector tests override it. */
export type IssuerLookup = (cert: X509Certificate, trust: VerificationTrust) => IssuingCa | undefined;

/** The approved CA certificate whose subject equals the cert's issuer (BouncyCastle X500Name equality). */
export const findIssuingCa: IssuerLookup = (cert, trust) => {
  const issuer = certificateFields(cert).issuer;
  for (const ca of trust.approvedCas) {
    for (const caCert of [ca.topCa, ...ca.intermediateCas]) {
      if (namesEqualAnyOrder(certificateFields(caCert).subject, issuer)) return { ca, cert: caCert };
    }
  }
  return undefined;
};

export function notApprovedError(): XRoadError {
  return new XRoadError(ErrorCodes.internalError, 'Certificate is not issued by approved certification service provider.');
}

function malformed(message: string): XRoadError {
  return new XRoadError(ErrorCodes.malformedSignature, message);
}

/** Java's translateWithPrefix: `prefix.code`, keeping a code that already has the prefix. */
export function withPrefix(prefix: string, e: unknown): XRoadError {
  const err = isXRoadError(e) ? e : new XRoadError(ErrorCodes.internalError, (e as Error)?.message ?? String(e), undefined, { cause: e });
  if (err.code === prefix || err.code.startsWith(prefix + '.')) return err;
  return new XRoadError(`${prefix}.${err.code}`, err.message, err.detail, { cause: err });
}

/**
 * Extra certificates of the signature (Signature.getExtraCertificates): each
 * CompleteCertificateRefs/CertRefs/Cert must point (URI) at an EncapsulatedX509Certificate whose
 * digest matches; anything else is `malformed_signature` (extra-certs-*.xml vectors).
 */
export function extraCertificates(doc: SignatureDocument, byId: ElementLookup = (id) => getElementById(doc.document, id)): X509Certificate[] {
  return certificateRefElements(doc).map((ref: Element) => {
    const id = ref.getAttribute('URI');
    if (!id) throw malformed('Missing certificate id attribute');
    const el = byId(id);
    if (!el) throw malformed(`Could not find certificate with id ${id}`);
    const text = textOf(el);
    const cert = certificateForText(text, () => parseCertificate(decodeBase64(text, 'xades:EncapsulatedX509Certificate'), `certificate ${id}`));
    const certDigest = childElements(ref)[0];
    const kids = certDigest ? childElements(certDigest) : [];
    const hash = kids.length >= 2 ? hashForDigestMethod(kids[0].getAttribute('Algorithm') ?? '') : undefined;
    if (!hash) throw malformed(`Certificate reference ${id} has no usable CertDigest`);
    const expected = decodeBase64(textOf(kids[kids.length - 1]), 'xades:CertDigest/ds:DigestValue');
    if (!certificateDigestBytes(cert, hash).equals(expected)) throw malformed(`Certificate (${certificateInfo(cert).serialNumber}) digest does not match`);
    return cert;
  });
}

/**
 * PKIX path [cert] -> anchor at atDate, revocation off: name chaining (X500Principal, in order),
 * the anchor's key verifying the certificate, and the validity period. X-Road's path builder
 * reports any of these as CertPathBuilderException -> `cannot_create_cert_path.internal_error`.
 */
export function verifyCertPath(cert: X509Certificate, anchor: X509Certificate, atDate: Date): void {
  const fail = (why: string) => withPrefix(ErrorCodes.cannotCreateCertPath, new XRoadError(ErrorCodes.internalError, `Unable to build certification path: ${why}`));
  if (!namesEqualInOrder(certificateFields(cert).issuer, certificateFields(anchor).subject)) throw fail('issuer does not match the CA');
  // Memoized by content: the same signing cert under the same CA on every message.
  if (!certificateSignedBy(cert, anchor)) throw fail('certificate signature does not verify with the CA key');
  const { notBefore, notAfter } = certificateInfo(cert);
  const t = atDate.getTime();
  if (t < notBefore.getTime() || t > notAfter.getTime()) {
    throw fail(`certificate is not valid at ${atDate.toISOString()} (valid ${notBefore.toISOString()} .. ${notAfter.toISOString()})`);
  }
}

/** An embedded OCSP response: its DER and its parsed form (parsed once; asn1js is not cheap). */
export interface EmbeddedOcspResponse {
  der: Buffer;
  parsed: OcspResponse;
}

/** The response whose first SingleResponse names cert (CertHelper.getOcspResponseForCert). */
export function findOcspResponse(responses: readonly EmbeddedOcspResponse[], cert: X509Certificate, issuer: X509Certificate): EmbeddedOcspResponse | undefined {
  const wanted = certIdFor(cert, issuer);
  return responses.find(({ parsed }) => {
    const single = parsed.basic?.responses[0];
    if (!single) throw new XRoadError(ErrorCodes.internalError, 'OCSP response has no BasicOCSPResponse');
    return certIdsEqual(single.certId, wanted);
  });
}

export interface CertificateChainCheck {
  signingCert: X509Certificate;
  issuingCa: IssuingCa;
  ocspResponse: Buffer;
}

/** CertChainVerifier.verify for the signing certificate, with X-Road's error prefixes. */
export function verifyCertificateChain(cert: X509Certificate, issuingCa: IssuingCa, ocspResponses: readonly EmbeddedOcspResponse[], trust: VerificationTrust, atDate: Date): CertificateChainCheck {
  verifyCertPath(cert, issuingCa.cert, atDate);
  try {
    const response = findOcspResponse(ocspResponses, cert, issuingCa.cert);
    if (!response) {
      throw new XRoadError(ErrorCodes.certValidation, `Unable to find OCSP response for certificate ${nameToRfc2253(certificateInfo(cert).subject)}`);
    }
    verifyOcspResponse(response.parsed, { cert, issuer: issuingCa.cert, trust, atDate });
    return { signingCert: cert, issuingCa, ocspResponse: response.der };
  } catch (e) {
    throw withPrefix(ErrorCodes.invalidCertPath, e);
  }
}
