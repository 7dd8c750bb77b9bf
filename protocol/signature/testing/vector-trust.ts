// Test-only: the verification trust of the configuration directories X-Road's signature tests
// use (CATALOG §2), read in place with protocol/globalconf.
import { parseSharedParameters, trustFromSharedParams } from '../../globalconf/index.js';
import { readVector } from '../../test-support/vectors.js';
import type { VerificationTrust } from '../../trust/index.js';
import type { IssuerLookup } from '../cert-path.js';

/** globalconf_good_v4/EE: the EE vectors (signatures/*), freshness 42 s. */
export function eeTrust(): VerificationTrust {
  return trustFromSharedParams(parseSharedParameters(readVector('globalconf', 'dirs', 'globalconf_good_v4', 'EE', 'shared-params.xml'), 4));
}

/** globalconf_good2_v3/DEV: non-batch-sig and the DEV ASiC vectors, FiVRK profile, freshness 3600 s. */
export function devTrust(): VerificationTrust {
  return trustFromSharedParams(parseSharedParameters(readVector('globalconf', 'dirs', 'globalconf_good2_v3', 'DEV', 'shared-params.xml'), 3));
}

/**
 * X-Road's SignatureVerifierTest overrides getCaCert to return TestCertUtil.getCaCert() (the pki1
 * "Cyber" CA) for every certificate; the extra-certs-* vectors (signed under AdminCA1) only reach
 * their extra-certificate checks because of that. This is the same override.
 */
export const eeTestCaLookup: IssuerLookup = (_cert, trust) => {
  const ca = trust.approvedCas.find((c) => c.name === 'pki1');
  return ca ? { ca, cert: ca.topCa } : undefined;
};
