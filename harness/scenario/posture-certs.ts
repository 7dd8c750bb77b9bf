// Client certificates a security team tries on the SS-to-SS port: auth certificates of the
// approved CA for the peer's server that are expired, not valid yet, revoked (OCSP) or registered
// to nobody. The harness's consumer SS (transport-consumer.ts) presents each with an otherwise
// correct, signed request, so only the certificate can be the reason for a refusal (TRANSP-010).
import { buildSoapRequest } from '../../simulators/member-systems/index.js';
import { issueCertificate, type IssuedCert } from '../../simulators/pki/index.js';
import type { Environment } from '../environment/environment.js';
import { handlesOf } from '../environment/environment-handles.js';
import { sendAsConsumer, type ConsumerAnswer } from './transport-consumer.js';
import { ocspResponseFor, signingKey } from './transport-identities.js';

/** What is wrong with the certificate: its validity period, its OCSP status, or its registration. */
export type CertFlaw = 'expired' | 'not yet valid' | 'revoked' | 'unregistered';

export const CERT_FLAWS: readonly CertFlaw[] = ['expired', 'not yet valid', 'revoked', 'unregistered'];

/** Whether the scenario registers the certificate for the peer's server (all but 'unregistered'). */
export function registeredFor(flaw: CertFlaw): boolean {
  return flaw !== 'unregistered';
}

const DAY = 86_400_000;
const cache = new Map<string, Promise<IssuedCert>>();

/** An auth certificate for the peer's server of the approved CA, valid unless the flaw is its validity period. */
export function flawedAuthCert(env: Environment, flaw: CertFlaw): Promise<IssuedCert> {
  const h = handlesOf(env);
  const key = `${h.pki.rootCa.cert.fingerprint256}|${flaw}`;
  let p = cache.get(key);
  if (!p) {
    const { peer } = h.layout;
    const now = Date.now();
    const [notBefore, notAfter] =
      flaw === 'expired' ? [new Date(now - 30 * DAY), new Date(now - DAY)] : flaw === 'not yet valid' ? [new Date(now + DAY), new Date(now + 30 * DAY)] : [new Date(now - DAY), new Date(now + 30 * DAY)];
    p = issueCertificate(h.pki.issuingCa, {
      name: `posture-${flaw.replace(/\s+/g, '-')}-auth`,
      subject: [['C', 'FI'], ['O', `${peer.memberClass} ${peer.memberCode}`], ['CN', peer.serverCode], ['serialNumber', `${h.pki.instance}/${peer.serverCode}/${peer.memberClass}`]],
      profile: 'auth',
      keyAlgorithm: h.pki.keyAlgorithm,
      notBefore,
      notAfter,
    });
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

/** A correct, signed SOAP request from the peer's client to the SUT's provider, over TLS with `cert`. */
export async function sendWithAuthCert(env: Environment, cert: IssuedCert, serviceCode: string, ocsp: 'good' | 'revoked' = 'good'): Promise<ConsumerAnswer> {
  const h = handlesOf(env);
  if (!env.sut.serverProxyUrl) throw new Error("the profile gives no URL for the SUT's server proxy");
  const soap = buildSoapRequest({ client: h.layout.peer.client, service: `${h.layout.sut.provider}/${serviceCode}`, userId: 'EE12345678901' });
  return sendAsConsumer({
    url: env.sut.serverProxyUrl,
    tls: { certPem: cert.certPem, keyPem: cert.keyPem, ocsp: [await ocspResponseFor(h, cert.cert, ocsp)] },
    message: { kind: 'soap', soap: Buffer.from(soap, 'utf8') },
    sign: await signingKey(h, 'peer'),
    timeoutMs: env.profile.timing.requestTimeoutMs,
  });
}
