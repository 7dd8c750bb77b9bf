// Extra certificates the trust scenarios need beyond the instance's own (TRANSP-002/010, SIG-002,
// SIG-011): an auth cert no CA of the instance issued, one the approved CA issued but nobody
// registered, one for a third server, a second one for the peer, a sign cert naming another member
// and an EC sign cert. Key generation is the slow part, so each is made once per PKI and process.
import { webcrypto, X509Certificate } from 'node:crypto';
import type { TestPki } from '../../simulators/pki/index.js';
import { certifyPublicKey, derToPem, fivrkSignSubject, issueCertificate, type IssuedCert } from '../../simulators/pki/index.js';
import type { SideLayout } from '../environment/instance-layout.js';

export type ExtraCertKind =
  /** Self-signed auth certificate: its issuer is not an approved CA. */
  | 'rogue-auth'
  /** Auth certificate of the approved CA that no security server lists. */
  | 'unregistered-auth'
  /** Auth certificate of the approved CA for a third server (OTHER), registered only when a scenario says so. */
  | 'other-server-auth'
  /** A second auth certificate for the peer, registered only when a scenario says so. */
  | 'second-peer-auth'
  /** Like second-peer-auth but new on every use: a certificate the SUT cannot have cached OCSP for. */
  | 'fresh-peer-auth'
  /** Sign certificate of the approved CA for the SUT's member, held by the peer side (signer name mismatch). */
  | 'sut-member-sign'
  /** EC (P-256) sign certificate of the approved CA for the peer's member. */
  | 'ec-peer-sign';

const cache = new Map<string, Promise<IssuedCert>>();

function authSubject(instance: string, serverCode: string, memberClass: string, memberCode: string): Array<[string, string]> {
  return [['C', 'FI'], ['O', `${memberClass} ${memberCode}`], ['CN', serverCode], ['serialNumber', `${instance}/${serverCode}/${memberClass}`]];
}

function issue(pki: TestPki, layout: { sut: SideLayout; peer: SideLayout }, kind: ExtraCertKind): Promise<IssuedCert> {
  const inst = pki.instance;
  const { peer, sut } = layout;
  const alg = pki.keyAlgorithm;
  switch (kind) {
    case 'rogue-auth':
      return issueCertificate('self', { name: 'rogue-auth', subject: authSubject(inst, 'ROGUE', peer.memberClass, peer.memberCode), profile: 'auth', keyAlgorithm: alg });
    case 'unregistered-auth':
      return issueCertificate(pki.issuingCa, { name: 'unregistered-auth', subject: authSubject(inst, 'NOBODY', peer.memberClass, peer.memberCode), profile: 'auth', keyAlgorithm: alg });
    case 'other-server-auth':
      return issueCertificate(pki.issuingCa, { name: 'other-server-auth', subject: authSubject(inst, 'OTHER', peer.memberClass, peer.memberCode), profile: 'auth', keyAlgorithm: alg });
    case 'fresh-peer-auth':
      return reissue(pki, layout);
    case 'second-peer-auth':
      return issueCertificate(pki.issuingCa, { name: 'second-peer-auth', subject: authSubject(inst, peer.serverCode, peer.memberClass, peer.memberCode), profile: 'auth', keyAlgorithm: alg });
    case 'sut-member-sign':
      return issueCertificate(pki.issuingCa, {
        name: 'sut-member-sign-on-peer',
        subject: fivrkSignSubject(inst, peer.serverCode, { memberClass: sut.memberClass, memberCode: sut.memberCode }),
        profile: 'sign',
        keyAlgorithm: alg,
      });
    case 'ec-peer-sign':
      return issueCertificate(pki.issuingCa, {
        name: 'ec-peer-sign',
        subject: fivrkSignSubject(inst, peer.serverCode, { memberClass: peer.memberClass, memberCode: peer.memberCode }),
        profile: 'sign',
        keyAlgorithm: 'ec',
      });
  }
}

/** The certificate of `kind` for this PKI, issued on first use. */
export function extraCert(pki: TestPki, layout: { sut: SideLayout; peer: SideLayout }, kind: ExtraCertKind): Promise<IssuedCert> {
  if (kind === 'fresh-peer-auth') return issue(pki, layout, kind); // never cached: each is new
  const key = `${pki.instance}|${pki.rootCa.cert.fingerprint256}|${kind}`;
  let p = cache.get(key);
  if (!p) {
    p = issue(pki, layout, kind);
    p.catch(() => cache.delete(key));
    cache.set(key, p);
  }
  return p;
}

/**
 * A new certificate (new serial) over second-peer-auth's key: new to the SUT's OCSP cache, but
 * without the cost of generating a key (RSA 2048 takes a few hundred ms on a small machine).
 */
async function reissue(pki: TestPki, layout: { sut: SideLayout; peer: SideLayout }): Promise<IssuedCert> {
  const base = await extraCert(pki, layout, 'second-peer-auth');
  const spki = base.cert.publicKey.export({ type: 'spki', format: 'der' });
  const params = base.keyAlgorithm === 'ec' ? { name: 'ECDSA', namedCurve: 'P-256' } : { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };
  const publicKey = await webcrypto.subtle.importKey('spki', spki, params, true, ['verify']);
  const { peer } = layout;
  const certDer = await certifyPublicKey(pki.issuingCa, publicKey as unknown as CryptoKey, {
    subject: authSubject(pki.instance, peer.serverCode, peer.memberClass, peer.memberCode),
    profile: 'auth',
    keyAlgorithm: base.keyAlgorithm,
  });
  return { ...base, name: 'fresh-peer-auth', cert: new X509Certificate(certDer), certDer, certPem: derToPem(certDer, 'CERTIFICATE') };
}

/** Starts issuing every cached kind at once (key generation runs in parallel), without waiting. */
export function warmExtraCerts(pki: TestPki, layout: { sut: SideLayout; peer: SideLayout }): void {
  for (const k of ['rogue-auth', 'unregistered-auth', 'other-server-auth', 'second-peer-auth', 'sut-member-sign', 'ec-peer-sign'] as const) {
    void extraCert(pki, layout, k).catch(() => undefined);
  }
}
