// What a verifier trusts, as an X-Road security server takes it from its global configuration
// (shared-params of the verifying instance; CATALOG §1: the trust store is the configuration
// directory, not the anchor). Every verifier in protocol/ (OCSP, timestamps, signatures, ASiC)
// takes this one shape, so a trust built from real vectors or from our own PKI plugs in alike.
import type { X509Certificate } from 'node:crypto';

export interface OcspResponderInfo {
  url: string;
  /** `approvedCA/.../ocsp/cert`: a responder authorised by configuration (no EKU needed). */
  cert?: X509Certificate;
}

export interface ApprovedCa {
  name: string;
  /** `authenticationOnly`: on verification it does not stop signing certs (corrections.md SIG-001). */
  authenticationOnly: boolean;
  topCa: X509Certificate;
  intermediateCas: X509Certificate[];
  ocspResponders: OcspResponderInfo[];
  /** certificateProfileInfo class name, e.g. `ee.ria.xroad.common.certificateprofile.impl.FiVRKCertificateProfileInfoProvider`. */
  certificateProfileInfo: string;
}

export interface ApprovedTsa {
  name: string;
  url: string;
  cert: X509Certificate;
}

export interface VerificationTrust {
  instanceIdentifier: string;
  approvedCas: ApprovedCa[];
  approvedTsas: ApprovedTsa[];
  /** globalSettings/ocspFreshnessSeconds of the verifying instance (default 3600). */
  ocspFreshnessSeconds: number;
  /** NEXTUPDATE optional part `verifyNextUpdate` (default true). */
  verifyNextUpdate: boolean;
}

export const DEFAULT_OCSP_FRESHNESS_SECONDS = 3600;
