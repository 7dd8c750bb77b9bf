// Object identifiers of RFC 3161 / CMS / ESS, in one place (STYLE.md: protocol constants once);
// the signature algorithm OIDs come from protocol/asn1.
import { SignatureAlgorithmOids } from '../asn1/signature-algorithms.js';

export const Oids = {
  signedData: '1.2.840.113549.1.7.2',
  data: '1.2.840.113549.1.7.1',
  /** id-ct-TSTInfo, the eContentType of every time-stamp token (RFC 3161 §2.4.2). */
  tstInfo: '1.2.840.113549.1.9.16.1.4',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  /** ESS signing-certificate (RFC 2634, ESSCertID with SHA-1). */
  signingCertificate: '1.2.840.113549.1.9.16.2.12',
  /** ESS signing-certificate-v2 (RFC 5035, ESSCertIDv2, default SHA-256). */
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  cmsAlgorithmProtect: '1.2.840.113549.1.9.52',
  ...SignatureAlgorithmOids,
} as const;
