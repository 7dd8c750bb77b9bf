// Key material for the harness's own transport parties (transport-consumer.ts, the capture's
// :5577 role): which TLS certificate to show, which key signs, and OCSP responses for them fetched
// straight from the instance's OCSP responder — good, or made stale / revoked with the responder's
// per-certificate knobs for the one fetch (OCSP-005/007, TRANSP-002/010).
import { createPrivateKey, type X509Certificate } from 'node:crypto';
import { queryOcsp } from '../../simulators/ocsp-responder/test-client.js';
import type { IssuedCert } from '../../simulators/pki/index.js';
import type { EnvironmentHandles } from '../environment/environment-handles.js';
import { extraCert, type ExtraCertKind } from './transport-certs.js';
import type { ConsumerTls, SigningKey } from './transport-consumer.js';

export type OcspFlavour = 'good' | 'stale' | 'revoked' | 'unauthorised' | 'next-update-past' | 'none';

/** thisUpdate this far back is stale under the instance's ocspFreshnessSeconds (OCSP-003). */
export function staleSeconds(h: EnvironmentHandles): number {
  const freshness = h.centralServer?.model.ocspFreshnessSeconds ?? 3600;
  return freshness * 2 + 60;
}

/** Responder knobs that make one fetched response the flavour asks for (per certificate). */
const FLAVOUR_KNOBS: Partial<Record<OcspFlavour, { name: 'staleThisUpdate' | 'revoked' | 'unauthorisedSigner' | 'nextUpdateInPast'; set(h: EnvironmentHandles, cert: X509Certificate): Promise<void> }>> = {
  stale: { name: 'staleThisUpdate', set: (h, c) => h.ocsp.knobs.set('staleThisUpdate', { seconds: staleSeconds(h) }, c) },
  revoked: { name: 'revoked', set: (h, c) => h.ocsp.knobs.set('revoked', { reason: 1 }, c) },
  unauthorised: { name: 'unauthorisedSigner', set: (h, c) => h.ocsp.knobs.set('unauthorisedSigner', true, c) },
  'next-update-past': { name: 'nextUpdateInPast', set: (h, c) => h.ocsp.knobs.set('nextUpdateInPast', { seconds: 60 }, c) },
};

/** One OCSP response for `cert` from the instance's responder, in the given flavour. */
export async function ocspResponseFor(h: EnvironmentHandles, cert: X509Certificate, flavour: Exclude<OcspFlavour, 'none'>, issuer: X509Certificate = h.pki.issuingCa.cert): Promise<Buffer> {
  const knobs = h.ocsp.knobs;
  const knob = FLAVOUR_KNOBS[flavour];
  if (knob) await knob.set(h, cert);
  try {
    const answer = await queryOcsp(h.ocsp.url, { cert, issuer }, 5_000);
    if (answer.status !== 200) throw new Error(`the OCSP responder answered HTTP ${answer.status} for ${cert.subject}`);
    return answer.body;
  } finally {
    if (knob) await knobs.clear(knob.name, cert);
  }
}

export type TlsChoice = 'peer' | ExtraCertKind;
export type SignerChoice = 'peer' | 'peer-auth' | 'sut-member-sign' | 'ec-peer-sign';

async function certOf(h: EnvironmentHandles, choice: TlsChoice): Promise<IssuedCert> {
  if (choice === 'peer') return h.pki.securityServers[h.layout.peer.serverCode]!.auth;
  return extraCert(h.pki, h.layout, choice);
}

export async function consumerTls(h: EnvironmentHandles, choice: TlsChoice, flavour: OcspFlavour): Promise<ConsumerTls & { cert: X509Certificate }> {
  const c = await certOf(h, choice);
  const issuer = choice === 'rogue-auth' ? c.cert : h.pki.issuingCa.cert;
  const ocsp = flavour === 'none' ? [] : [await ocspResponseFor(h, c.cert, flavour, issuer)];
  return { certPem: c.certPem, keyPem: c.keyPem, ocsp, cert: c.cert };
}

export async function signingKey(h: EnvironmentHandles, choice: SignerChoice, flavour: Exclude<OcspFlavour, 'none'> = 'good'): Promise<SigningKey> {
  let c: IssuedCert;
  if (choice === 'peer') c = h.pki.securityServers[h.layout.peer.serverCode]!.sign[h.layout.peer.member]!;
  else if (choice === 'peer-auth') c = h.pki.securityServers[h.layout.peer.serverCode]!.auth;
  else c = await extraCert(h.pki, h.layout, choice);
  return { cert: c.cert, key: createPrivateKey(c.keyPem), ocsp: [await ocspResponseFor(h, c.cert, flavour)] };
}
