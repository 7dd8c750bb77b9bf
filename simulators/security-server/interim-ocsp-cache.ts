// Stand-in for ocsp-cache.ts (owned by the trust component): fetches OCSP responses for our own
// certificates from the responders of the issuing approved CA (OCSP-001: POST
// application/ocsp-request, no nonce), verifies them, and keeps each until half its freshness
// window has passed. No background refresh and no :5577 role; peers' responses are only kept.
import { createHash, type X509Certificate } from 'node:crypto';
import { request } from 'undici';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import { buildOcspRequest, parseOcspResponse, verifyOcspResponse } from '../../protocol/ocsp/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import type { OcspCache } from './components.js';

export type OcspFetcher = (url: string, requestDer: Buffer) => Promise<Buffer>;

export const httpOcspFetcher: OcspFetcher = async (url, requestDer) => {
  const res = await request(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/ocsp-request', Accept: 'application/ocsp-response' },
    body: requestDer,
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  const body = Buffer.from(await res.body.arrayBuffer());
  if (res.statusCode !== 200) throw new Error(`OCSP responder ${url} answered HTTP ${res.statusCode}`);
  return body;
};

/** The issuing CA of `cert` among the approved CAs, or undefined. */
export function findIssuer(cert: X509Certificate, trust: VerificationTrust): { issuer: X509Certificate; responderUrls: string[] } | undefined {
  for (const ca of trust.approvedCas) {
    for (const candidate of [ca.topCa, ...ca.intermediateCas]) {
      try {
        if (cert.checkIssued(candidate) && cert.verify(candidate.publicKey)) {
          return { issuer: candidate, responderUrls: ca.ocspResponders.map((r) => r.url) };
        }
      } catch {
        // unusable candidate key: try the next one
      }
    }
  }
  return undefined;
}

function sha1Hex(cert: X509Certificate): string {
  return createHash('sha1').update(cert.raw).digest('hex');
}

export class InterimOcspCache implements OcspCache {
  private readonly own = new Map<string, { der: Buffer; refreshAfter: number }>();
  private readonly peers = new Map<string, Buffer>();

  constructor(
    private readonly trust: () => VerificationTrust,
    private readonly fetcher: OcspFetcher = httpOcspFetcher,
  ) {}

  async ownResponse(cert: X509Certificate): Promise<Buffer> {
    const key = sha1Hex(cert);
    const cached = this.own.get(key);
    if (cached && Date.now() < cached.refreshAfter) return cached.der;
    const trust = this.trust();
    const found = findIssuer(cert, trust);
    if (!found) throw new XRoadError(ErrorCodes.certValidation, `Certificate ${cert.subject.replace(/\n/g, ', ')} is not issued by an approved CA`);
    const requestDer = buildOcspRequest({ cert, issuer: found.issuer });
    const errors: string[] = [];
    for (const url of found.responderUrls) {
      try {
        const der = await this.fetcher(url, requestDer);
        const verified = verifyOcspResponse(parseOcspResponse(der), { cert, issuer: found.issuer, trust, atDate: new Date() });
        if (verified.singleResponse.status.kind !== 'good') throw new Error(`status ${verified.singleResponse.status.kind}`);
        const freshUntil = verified.singleResponse.thisUpdate.getTime() + (trust.ocspFreshnessSeconds * 1000) / 2;
        this.own.set(key, { der, refreshAfter: freshUntil });
        this.peers.set(key, der);
        return der;
      } catch (e) {
        errors.push(`${url}: ${(e as Error).message}`);
      }
    }
    if (cached) return cached.der; // still within freshness: better than nothing (OCSP-008)
    throw new XRoadError(ErrorCodes.certValidation, `Could not get OCSP response for certificate (sha1 ${key}): ${errors.join('; ') || 'no responders'}`);
  }

  remember(cert: X509Certificate, responseDer: Buffer): void {
    this.peers.set(sha1Hex(cert), responseDer);
  }

  bySha1Hex(hex: string): Buffer | undefined {
    return this.peers.get(hex.toLowerCase());
  }

  /** Forgets our own cached responses (tests: force a refetch). */
  invalidate(): void {
    this.own.clear();
  }
}
