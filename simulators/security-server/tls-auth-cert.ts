// The certificate half of the X-Road trust decision for a peer's TLS certificate (TRANSP-002/010):
// is it an authentication certificate (X-Road's CertUtils.isAuthCert), does it chain to an
// approved CA of the instance, is every certificate on the path within its validity period, and
// does every certificate below the top CA have a fresh, good OCSP response (CertChainVerifier).
// Failures are XRoadError `ssl_authentication_failed[.invalid_cert_path.<code>]`, the prefixes
// X-Road's CertHelper puts on them.
import type { X509Certificate } from 'node:crypto';
import * as pkijs from 'pkijs';
import type * as asn1js from 'asn1js';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import { certIdFor, certIdsEqual, parseOcspResponse, verifyOcspResponse, type OcspResponse } from '../../protocol/ocsp/index.js';
import type { ApprovedCa, VerificationTrust } from '../../protocol/trust/index.js';

export const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';

export function sslError(message: string): XRoadError {
  return new XRoadError(ErrorCodes.sslAuthenticationFailed, message);
}

function invalidCertPath(inner: XRoadError): XRoadError {
  return inner.wrappedIn(ErrorCodes.invalidCertPath).wrappedIn(ErrorCodes.sslAuthenticationFailed);
}

export function subjectOf(cert: X509Certificate): string {
  return cert.subject.split('\n').join(', ');
}

/** KeyUsage bits 0..8, or undefined when the extension is absent or the certificate unreadable. */
export function keyUsageBits(cert: X509Certificate): boolean[] | undefined {
  try {
    const c = pkijs.Certificate.fromBER(new Uint8Array(cert.raw));
    const ku = c.extensions?.find((e) => e.extnID === '2.5.29.15');
    if (!ku) return undefined;
    const bytes = Buffer.from((ku.parsedValue as asn1js.BitString).valueBlock.valueHexView);
    return Array.from({ length: 9 }, (_, i) => ((bytes[i >> 3] ?? 0) & (0x80 >> (i & 7))) !== 0);
  } catch {
    return undefined;
  }
}

/** X-Road CertUtils.isAuthCert: EKU clientAuth, or KU digitalSignature / keyEncipherment / dataEncipherment. */
export function isAuthCert(cert: X509Certificate): boolean {
  if ((cert.keyUsage ?? []).includes(EKU_CLIENT_AUTH)) return true;
  const ku = keyUsageBits(cert);
  return ku !== undefined && (ku[0] || ku[2] || ku[3]);
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export interface AuthCertPath {
  ca: ApprovedCa;
  /** Leaf first, the approved top CA last. */
  path: X509Certificate[];
}

/** Path from `chain[0]` to an approved top CA, with intermediates from the chain and the configuration. */
export function buildAuthCertPath(chain: readonly X509Certificate[], trust: VerificationTrust): AuthCertPath {
  const leaf = chain[0];
  if (!leaf) throw sslError('Peer did not provide a TLS certificate');
  for (const ca of trust.approvedCas) {
    const pool = [...chain.slice(1), ...ca.intermediateCas];
    const path = [leaf];
    let current = leaf;
    for (let depth = 0; depth < 8; depth++) {
      if (issuedBy(current, ca.topCa)) {
        if (!current.raw.equals(ca.topCa.raw)) path.push(ca.topCa);
        return { ca, path };
      }
      const next = pool.find((c) => !path.some((p) => p.raw.equals(c.raw)) && issuedBy(current, c));
      if (!next) break;
      path.push(next);
      current = next;
    }
  }
  throw sslError('Certificate is not issued by approved certification service provider.');
}

/** The response among `responses` whose first SingleResponse is for (cert, issuer), as X-Road's getOcspResponseForCert. */
export function findOcspResponse(cert: X509Certificate, issuer: X509Certificate, responses: readonly OcspResponse[]): OcspResponse | undefined {
  const wanted = certIdFor(cert, issuer);
  return responses.find((r) => {
    const first = r.basic?.responses[0];
    return first !== undefined && certIdsEqual(first.certId, wanted);
  });
}

export function parseOcspParts(ders: readonly Buffer[]): OcspResponse[] {
  return ders.map((der, i) => {
    try {
      return parseOcspResponse(der);
    } catch (e) {
      throw sslError(`Cannot parse OCSP response ${i + 1} of the TLS certificate chain: ${(e as Error).message}`);
    }
  });
}

/**
 * The certificate checks after the path is known: auth cert, validity of every certificate below
 * the top CA, and for each of those a response in `responses` that verifies good at `now`.
 * Returns the responses used, certificate by certificate. `checkOcsp` is the response check
 * (seeded defects swap it, ocsp-defects.ts).
 */
export function verifyAuthCertPath(
  path: readonly X509Certificate[],
  responses: readonly OcspResponse[],
  trust: VerificationTrust,
  now: Date,
  checkOcsp: typeof verifyOcspResponse = verifyOcspResponse,
): Array<{ cert: X509Certificate; response: OcspResponse }> {
  const leaf = path[0];
  if (!isAuthCert(leaf)) throw sslError('Peer certificate is not an authentication certificate');
  const below = path.slice(0, -1);
  for (const c of below) {
    if (now < new Date(c.validFrom) || now > new Date(c.validTo)) {
      throw invalidCertPath(new XRoadError(ErrorCodes.certValidation, `Certificate ${subjectOf(c)} is not valid at ${now.toISOString()} (valid from ${c.validFrom} to ${c.validTo})`));
    }
  }
  return below.map((cert, i) => {
    const issuer = path[i + 1];
    const response = findOcspResponse(cert, issuer, responses);
    if (!response) throw invalidCertPath(new XRoadError(ErrorCodes.certValidation, `Unable to find OCSP response for certificate ${subjectOf(cert)}`));
    try {
      checkOcsp(response, { cert, issuer, trust, atDate: now });
    } catch (e) {
      throw invalidCertPath(e instanceof XRoadError ? e : new XRoadError(ErrorCodes.certValidation, (e as Error).message));
    }
    return { cert, response };
  });
}
