// The trust a security server would take from a configuration that approves this test PKI: its CA
// (with the intermediate, when there is one) and the given OCSP responders and TSAs. Tests and
// benchmarks that verify against a test PKI without a central server start from here.
import type { X509Certificate } from 'node:crypto';
import type { ApprovedTsa, VerificationTrust } from '../../protocol/trust/index.js';
import type { TestPki } from './test-pki.js';

export interface PkiTrustOptions {
  /** Listed responders: a URL and, optionally, the responder cert configuration names. Default: none reachable, no cert. */
  ocspResponders?: Array<{ url: string; cert?: X509Certificate }>;
  approvedTsas?: ApprovedTsa[];
  caName?: string;
  ocspFreshnessSeconds?: number;
}

export function verificationTrustOf(pki: TestPki, options: PkiTrustOptions = {}): VerificationTrust {
  return {
    instanceIdentifier: pki.instance,
    approvedCas: [
      {
        name: options.caName ?? 'roadtest CA',
        authenticationOnly: false,
        topCa: pki.rootCa.cert,
        intermediateCas: pki.intermediateCa ? [pki.intermediateCa.cert] : [],
        ocspResponders: options.ocspResponders ?? [{ url: 'http://127.0.0.1:1/' }],
        certificateProfileInfo: pki.certificateProfileInfo,
      },
    ],
    approvedTsas: options.approvedTsas ?? [],
    ocspFreshnessSeconds: options.ocspFreshnessSeconds ?? 3600,
    verifyNextUpdate: true,
  };
}
