// A security server sees the same signing certificate and the same (cached) OCSP response on
// message after message. The content-keyed caches themselves live in protocol/ocsp, shared with
// the OCSP verifier and the transport decoder (one X509Certificate and one parsed response per
// content for everyone); these names stay for the signature verifier's callers.
import type { X509Certificate } from 'node:crypto';
import { certificateFromDer as sharedCertificateFromDer, parseOcspResponse, type OcspResponse } from '../ocsp/index.js';

/** The same X509Certificate object for the same DER, so per-object caches downstream hit. */
export function certificateFromDer(der: Uint8Array): X509Certificate {
  return sharedCertificateFromDer(der);
}

/** The parsed (frozen, shared) OCSP response for the DER; parseOcspResponse memoizes by content. */
export function ocspResponseFromDer(der: Uint8Array): OcspResponse {
  return parseOcspResponse(der);
}
