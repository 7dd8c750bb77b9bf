// Test support for the OCSP and TLS trust tests: a test PKI, its OCSP responder simulator and the
// trust a security server would take from configuration (one approved CA, its responder listed).
// Not used by production code.
import type { X509Certificate } from 'node:crypto';
import { DEFAULT_OCSP_FRESHNESS_SECONDS, type VerificationTrust } from '../../protocol/trust/index.js';
import { startOcspResponder, type OcspResponderHandle } from '../ocsp-responder/index.js';
import { createTestPki, verificationTrustOf, type TestPki, type TestPkiOptions } from '../pki/index.js';
import type { OcspConfSource } from './ocsp-cache.js';

export interface OcspFixture {
  pki: TestPki;
  responder: OcspResponderHandle;
  trust: VerificationTrust;
  conf: OcspConfSource & { fetchInterval?: number };
  stop(): Promise<void>;
}

export function trustOf(pki: TestPki, ocspUrl: string, freshness = DEFAULT_OCSP_FRESHNESS_SECONDS): VerificationTrust {
  return verificationTrustOf(pki, {
    ocspResponders: [{ url: ocspUrl, cert: pki.ocspSigner.cert }],
    approvedTsas: [{ name: 'roadtest TSA', url: 'http://127.0.0.1:1/tsa', cert: pki.tsaSigner.cert }],
    ocspFreshnessSeconds: freshness,
  });
}

export async function startOcspFixture(pkiOptions: TestPkiOptions = {}): Promise<OcspFixture> {
  const pki = await createTestPki(pkiOptions);
  const responder = await startOcspResponder({ pki, defaultStatus: 'good', socketTimeoutMs: 2_000 });
  const trust = trustOf(pki, responder.url);
  const conf: OcspFixture['conf'] = {
    trust: () => trust,
    ocspResponderUrls: (issuer: X509Certificate) => (issuer.raw.equals(pki.issuingCa.certDer) ? [responder.url] : []),
    ocspFetchIntervalSeconds() {
      return conf.fetchInterval;
    },
  };
  return { pki, responder, trust, conf, stop: () => responder.stop() };
}
