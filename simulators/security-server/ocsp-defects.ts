// The seeded OCSP defects (defects.ts) in one place, so that the OCSP cache (own certificates) and
// the TLS trust (peers' auth certificates) deviate the same way: accept-revoked-ocsp checks
// everything but the status (OCSP-005), ignore-ocsp-freshness judges thisUpdate against a
// freshness of years and skips nextUpdate (OCSP-003/004/007). Without a switched-on defect both
// return what the correct check uses.
import { verifyOcspResponse, verifyOcspResponseValidity } from '../../protocol/ocsp/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import type { Defects } from './defects.js';

export type OcspDefects = Pick<Defects, 'has'>;

export type OcspResponseCheck = typeof verifyOcspResponse;

/** Ten years: no response the suite can produce is older. */
const FOREVER_SECONDS = 10 * 365 * 24 * 3600;

/** The trust OCSP responses are judged with. */
export function trustForOcspChecks(trust: VerificationTrust, defects: OcspDefects | undefined): VerificationTrust {
  if (!defects?.has('ignore-ocsp-freshness')) return trust;
  return { ...trust, ocspFreshnessSeconds: FOREVER_SECONDS, verifyNextUpdate: false };
}

/** The OCSP check: validity and status, or validity only under accept-revoked-ocsp. */
export function ocspCheckFor(defects: OcspDefects | undefined): OcspResponseCheck {
  return defects?.has('accept-revoked-ocsp') ? verifyOcspResponseValidity : verifyOcspResponse;
}
