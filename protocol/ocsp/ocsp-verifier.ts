// Verifies an OCSP response for one certificate exactly as X-Road's OcspVerifier does
// (requirements §6 OCSP-002..005 as corrected by corrections.md §1/§2, CATALOG §1 "OCSP acceptance"):
//  1. responses[0].certID equals SHA-1 CertID(cert, issuer) ASN.1-exactly;
//  2. the responder cert is found by ResponderID among: every configured OCSP cert, then every CA
//     cert (top and intermediate), then the response's own certs; byName ignores RDN order;
//  3. the signature over tbsResponseData verifies with that cert's key;
//  4. the responder is authorised: listed in configuration for the issuing CA, the issuer itself,
//     or issued by the issuer (signature checked) with EKU id-kp-OCSPSigning; its validity period
//     is never checked;
//  5. thisUpdate >= atDate - ocspFreshnessSeconds (a future thisUpdate passes);
//  6. nextUpdate, when present and trust.verifyNextUpdate, >= atDate (checked after freshness);
//  7. status good.
// responseStatus is not looked at here: only the fetching client checks it (ocsp-response-status.ts).
// Codes: steps 2-6 incorrect_validation_info; CertID mismatch, revoked and unknown cert_validation.
// Inside signature verification the caller prefixes both with invalid_cert_path (corrections.md §1).
// Repeated responses are cheap: the parsed response, embedded certificates, names and the two
// signature checks (3, and the issued-by check of 4) are memoized by content; every other step
// runs on every call, since its result depends on atDate, the configuration or the asked-about cert.
import { createHash, type X509Certificate } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import type { VerificationTrust } from '../trust/index.js';
import { certIdFor, certIdsEqual, certIdSerialText } from './cert-id.js';
import { certificateFromDer } from './certificate-cache.js';
import { certificateFields, sameCertificate } from './certificate-fields.js';
import { certificateSignedBy, signatureVerifiesWith } from './crypto-memo.js';
import { OcspParseError } from './der-reader.js';
import { parseOcspResponse, type OcspResponse, type SingleResponse } from './ocsp-response.js';
import { namesEqualAnyOrder, namesEqualInOrder, parseName } from './x500-name.js';

export const OID_KP_OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

export interface OcspVerificationContext {
  /** The certificate whose status the response must give. */
  cert: X509Certificate;
  /** Its issuing CA certificate. */
  issuer: X509Certificate;
  trust: VerificationTrust;
  /** The verification time: now for fresh checks, a time-stamp's genTime for archived messages. */
  atDate: Date;
}

export interface VerifiedOcspResponse {
  response: OcspResponse;
  singleResponse: SingleResponse;
  responderCert: X509Certificate;
}

/** X-Road prints times as Java OffsetDateTime; ISO 8601 without milliseconds is close enough to read. */
export function formatOcspTime(date: Date): string {
  return date.toISOString().replace('.000Z', 'Z');
}

function validationInfoError(message: string): XRoadError {
  return new XRoadError(ErrorCodes.incorrectValidationInfo, message);
}

function statusText(single: SingleResponse): string {
  switch (single.status.kind) {
    case 'unknown':
      return 'UNKNOWN';
    case 'revoked':
      // Java: String.format("REVOKED (date: %tF %tT)", t, t)
      return `REVOKED (date: ${single.status.revocationTime.toISOString().slice(0, 19).replace('T', ' ')})`;
    default:
      return 'INVALID';
  }
}

function toX509(der: Buffer): X509Certificate {
  try {
    const cert = certificateFromDer(der);
    void cert.publicKey; // a certificate whose key cannot be decoded is as unusable as unparsable DER
    return cert;
  } catch (e) {
    throw new OcspParseError('OCSP response certificate', (e as Error).message);
  }
}

/** Signer lookup order of X-Road's OcspVerifier.getOcspCerts (corrections.md §2, OCSP-002). */
export function ocspSignerCandidates(response: OcspResponse, trust: VerificationTrust): X509Certificate[] {
  const configured = trust.approvedCas.flatMap((ca) => ca.ocspResponders.flatMap((r) => (r.cert ? [r.cert] : [])));
  const caCerts = trust.approvedCas.flatMap((ca) => [ca.topCa, ...ca.intermediateCas]);
  const embedded = (response.basic?.certs ?? []).map(toX509);
  return [...configured, ...caCerts, ...embedded];
}

/** The certificate that ResponderID names, or undefined. */
export function findOcspResponderCert(response: OcspResponse, trust: VerificationTrust): X509Certificate | undefined {
  const basic = response.basic;
  if (!basic) return undefined;
  const candidates = ocspSignerCandidates(response, trust);
  const id = basic.responderId;
  if (id.kind === 'byName') {
    const wanted = parseName(id.nameDer);
    return candidates.find((c) => namesEqualAnyOrder(certificateFields(c).subject, wanted));
  }
  return candidates.find((c) => publicKeySha1(c).equals(id.keyHash));
}

const keyHashes = new WeakMap<X509Certificate, Buffer>();

/** SHA-1 of the subjectPublicKey bits (ResponderID byKey), once per certificate object. */
function publicKeySha1(cert: X509Certificate): Buffer {
  let h = keyHashes.get(cert);
  if (!h) {
    h = createHash('sha1').update(certificateFields(cert).publicKeyBits).digest();
    keyHashes.set(cert, h);
  }
  return h;
}

/** X-Road's isAuthorizedOcspSigner (RFC 6960 §4.2.2.2). */
export function isAuthorizedOcspSigner(responderCert: X509Certificate, issuer: X509Certificate, trust: VerificationTrust): boolean {
  const listed = trust.approvedCas.some(
    (ca) =>
      [ca.topCa, ...ca.intermediateCas].some((c) => sameCertificate(c, issuer)) &&
      ca.ocspResponders.some((r) => r.cert && sameCertificate(r.cert, responderCert)),
  );
  if (listed) return true;
  if (sameCertificate(responderCert, issuer)) return true;
  if (!namesEqualInOrder(certificateFields(responderCert).issuer, certificateFields(issuer).subject)) return false;
  if (!certificateSignedBy(responderCert, issuer)) return false;
  // node:crypto's keyUsage is the extended key usage list (undefined when the extension is absent).
  return (responderCert.keyUsage ?? []).includes(OID_KP_OCSP_SIGNING);
}

/**
 * Steps 1-6 (X-Road's verifyValidity): everything but the certificate status. X-Road's signer
 * keeps a revoked-but-valid response this way, to report the status rather than fail the fetch.
 */
export function verifyOcspResponseValidity(response: Uint8Array | OcspResponse, ctx: OcspVerificationContext): VerifiedOcspResponse {
  const parsed = response instanceof Uint8Array ? parseOcspResponse(response) : response;
  const basic = parsed.basic;
  if (!basic) throw validationInfoError('OCSP response does not contain a BasicOCSPResponse');
  const single = basic.responses[0];
  if (!single) throw validationInfoError('OCSP response contains no SingleResponse');

  const expected = certIdFor(ctx.cert, ctx.issuer);
  if (!certIdsEqual(single.certId, expected)) {
    throw new XRoadError(ErrorCodes.certValidation, `OCSP response does not apply to certificate (sn = ${certIdSerialText(expected)})`);
  }

  const responderCert = findOcspResponderCert(parsed, ctx.trust);
  if (!responderCert) throw validationInfoError('Could not find OCSP certificate for responder ID');

  if (!signatureVerifiesWith(basic.signatureAlgorithm, basic.tbsResponseDataDer, basic.signature, responderCert)) {
    throw validationInfoError('Signature on OCSP response is not valid');
  }

  if (!isAuthorizedOcspSigner(responderCert, ctx.issuer, ctx.trust)) {
    throw validationInfoError('OCSP responder is not authorized for given CA');
  }

  const oldestAllowed = ctx.atDate.getTime() - ctx.trust.ocspFreshnessSeconds * 1000;
  if (single.thisUpdate.getTime() < oldestAllowed) {
    throw validationInfoError(`OCSP response is too old (thisUpdate: ${formatOcspTime(single.thisUpdate)})`);
  }

  if (ctx.trust.verifyNextUpdate && single.nextUpdate && single.nextUpdate.getTime() < ctx.atDate.getTime()) {
    throw validationInfoError(
      `OCSP nextUpdate is too old, atDate: ${formatOcspTime(ctx.atDate)} nextUpdate: ${formatOcspTime(single.nextUpdate)}`,
    );
  }
  return { response: parsed, singleResponse: single, responderCert };
}

/** Step 7 (X-Road's verifyStatus): the first SingleResponse must say good. */
export function verifyOcspStatus(single: SingleResponse): void {
  if (single.status.kind !== 'good') {
    throw new XRoadError(ErrorCodes.certValidation, `OCSP response indicates certificate status is ${statusText(single)}`);
  }
}

/** Verifies `response` for ctx.cert at ctx.atDate (steps 1-7); throws XRoadError with X-Road's code on failure. */
export function verifyOcspResponse(response: Uint8Array | OcspResponse, ctx: OcspVerificationContext): VerifiedOcspResponse {
  const verified = verifyOcspResponseValidity(response, ctx);
  verifyOcspStatus(verified.singleResponse);
  return verified;
}
