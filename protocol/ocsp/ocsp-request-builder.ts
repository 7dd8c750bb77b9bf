// Builds the OCSP request X-Road's OcspClient sends (OCSP-001): unsigned, no requestorName, no
// nonce, one Request per certificate with a SHA-1 CertID carrying explicit NULL parameters.
import type { X509Certificate } from 'node:crypto';
import { certIdFor, type CertId } from './cert-id.js';
import * as w from '../asn1/der-writer.js';

export interface CertAndIssuer {
  cert: X509Certificate;
  issuer: X509Certificate;
}

/** DER OCSPRequest for the given certificates (or ready CertIDs, copied verbatim). */
export function buildOcspRequest(targets: Array<CertAndIssuer | CertId> | CertAndIssuer): Buffer {
  const list = Array.isArray(targets) ? targets : [targets];
  const requests = list.map((t) => w.sequence('der' in t ? t.der : certIdFor(t.cert, t.issuer).der));
  return w.sequence(w.sequence(w.sequence(...requests)));
}

/** The GET form (RFC 6960 Appendix A.1): base64 of the DER, URL-encoded, appended to the URL path. */
export function ocspGetUrl(responderUrl: string, requestDer: Uint8Array): string {
  const base = responderUrl.endsWith('/') ? responderUrl : responderUrl + '/';
  return base + encodeURIComponent(Buffer.from(requestDer).toString('base64'));
}
