// Fetching an OCSP response for one of our own certificates the way X-Road's OcspClient does
// (OCSP-001, corrections §2): POST application/ocsp-request, unsigned, no nonce, SHA-1 CertID; the
// issuing CA's configured responders in order, then the certificate's own AIA OCSP URL last. A
// response is taken only with responseStatus successful and X-Road's validity checks passed
// (signer, signature, freshness, nextUpdate); a revoked one is taken too, so the status shows.
import type { X509Certificate } from 'node:crypto';
import { request } from 'undici';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import {
  buildOcspRequest,
  checkOcspResponseStatus,
  verifyOcspResponseValidity,
  type VerifiedOcspResponse,
} from '../../protocol/ocsp/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';

export type OcspFetcher = (url: string, requestDer: Buffer) => Promise<Buffer>;

/** POST to a responder with a deadline; non-200 answers are errors naming the status. */
export function httpOcspFetcher(timeoutMs = 10_000): OcspFetcher {
  return async (url, requestDer) => {
    let res;
    try {
      res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
        body: requestDer,
        headersTimeout: timeoutMs,
        bodyTimeout: timeoutMs,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (e) {
      const err = e as Error & { code?: string };
      throw new Error(/abort|timeout/i.test(`${err.name} ${err.code ?? ''}`) ? `no answer within ${timeoutMs} ms` : `${err.code ?? err.name}: ${err.message}`);
    }
    const body = Buffer.from(await res.body.arrayBuffer());
    if (res.statusCode !== 200) throw new Error(`HTTP ${res.statusCode}`);
    return body;
  };
}

function issuedBy(cert: X509Certificate, candidate: X509Certificate): boolean {
  try {
    return cert.checkIssued(candidate) && cert.verify(candidate.publicKey);
  } catch {
    return false;
  }
}

/** The approved CA certificate (top or intermediate) that issued `cert`, or undefined. */
export function findApprovedIssuer(cert: X509Certificate, trust: VerificationTrust): X509Certificate | undefined {
  for (const ca of trust.approvedCas) {
    for (const candidate of [...ca.intermediateCas, ca.topCa]) {
      if (!candidate.raw.equals(cert.raw) && issuedBy(cert, candidate)) return candidate;
    }
  }
  return undefined;
}

/** Responder URLs of the approved CA that lists `issuer` (all its responders: trust keeps one list per CA). */
export function trustResponderUrls(trust: VerificationTrust, issuer: X509Certificate): string[] {
  const ca = trust.approvedCas.find((c) => [c.topCa, ...c.intermediateCas].some((x) => x.raw.equals(issuer.raw)));
  return ca ? ca.ocspResponders.map((r) => r.url.trim()) : [];
}

/** The certificate's AIA id-ad-ocsp URI (node prints infoAccess as `OCSP - URI:...` lines). */
export function aiaOcspUrl(cert: X509Certificate): string | undefined {
  const m = /OCSP - URI:(\S+)/.exec(cert.infoAccess ?? '');
  return m?.[1];
}

export interface FetchedOcspResponse {
  der: Buffer;
  url: string;
  verified: VerifiedOcspResponse;
}

/**
 * Asks each URL in turn and returns the first usable answer; throws XRoadError `cert_validation`
 * listing every URL's failure when none is usable.
 */
export async function fetchOcspResponse(args: {
  cert: X509Certificate;
  issuer: X509Certificate;
  urls: string[];
  trust: VerificationTrust;
  now: Date;
  fetcher: OcspFetcher;
}): Promise<FetchedOcspResponse> {
  const requestDer = buildOcspRequest({ cert: args.cert, issuer: args.issuer });
  const failures: string[] = [];
  for (const url of args.urls) {
    try {
      const der = await args.fetcher(url, requestDer);
      const parsed = checkOcspResponseStatus(der);
      const verified = verifyOcspResponseValidity(parsed, { cert: args.cert, issuer: args.issuer, trust: args.trust, atDate: args.now });
      return { der, url, verified };
    } catch (e) {
      failures.push(`${url}: ${(e as Error).message}`);
    }
  }
  throw new XRoadError(ErrorCodes.certValidation, `Could not fetch an OCSP response for ${subjectOf(args.cert)}: ${failures.join('; ') || 'no OCSP responder configured'}`);
}

export function subjectOf(cert: X509Certificate): string {
  return cert.subject.split('\n').join(', ');
}
