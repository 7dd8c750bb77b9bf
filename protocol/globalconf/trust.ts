// The verification trust a security server takes from its own instance's shared-params
// (CATALOG §1: the trust store is the configuration directory, not the anchor), plus the
// NEXTUPDATE optional part's verifyNextUpdate.
import { DEFAULT_OCSP_FRESHNESS_SECONDS, type ApprovedCa, type OcspResponderInfo, type VerificationTrust } from '../trust/index.js';
import type { NextUpdateParameters } from './optional-parts.js';
import type { CaInfo, SharedParameters } from './shared-params.js';

function responders(ca: CaInfo): OcspResponderInfo[] {
  return ca.ocsp.map((o) => (o.cert ? { url: o.url, cert: o.cert.cert } : { url: o.url }));
}

export function trustFromSharedParams(shared: SharedParameters, nextUpdate?: NextUpdateParameters): VerificationTrust {
  const approvedCas: ApprovedCa[] = shared.approvedCAs.map((ca) => ({
    name: ca.name,
    authenticationOnly: ca.authenticationOnly ?? false,
    topCa: ca.topCA.cert.cert,
    intermediateCas: ca.intermediateCAs.map((i) => i.cert.cert),
    // Responders of intermediates serve certificates those intermediates issued; a verifier
    // looks them up by URL and cert alike, so one list per approved CA is enough.
    ocspResponders: [...responders(ca.topCA), ...ca.intermediateCAs.flatMap(responders)],
    certificateProfileInfo: ca.certificateProfileInfo,
  }));
  const freshness = shared.globalSettings.ocspFreshnessSeconds;
  return {
    instanceIdentifier: shared.instanceIdentifier,
    approvedCas,
    approvedTsas: shared.approvedTSAs.map((t) => ({ name: t.name, url: t.url, cert: t.cert.cert })),
    ocspFreshnessSeconds: Number.isFinite(freshness) ? freshness : DEFAULT_OCSP_FRESHNESS_SECONDS,
    verifyNextUpdate: nextUpdate?.verifyNextUpdate ?? true,
  };
}
