// The OCSP responses this server presents for its own certificates: in the transport message's
// OCSP parts (auth chain, TRANSP-005), inside its signatures (signing chain, SIG-004) and from its
// :5577 download role (TRANSP-003). Normally the OCSP cache's fresh responses; with the peer knobs
// stale-ocsp / revoked-ocsp, a response signed by the responder named in the knob that is too old
// (thisUpdate N seconds back) or says revoked — so the suite can see a SUT refuse them (OCSP-007,
// TRANSP-002/003/010) and accept the same exchange once the knob is off.
import { createHash, createPrivateKey, X509Certificate } from 'node:crypto';
import { buildOcspResponse, certIdFor, parseOcspResponse, type CertStatus, type OcspResponse } from '../../protocol/ocsp/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import type { GlobalConfView, OcspCache } from './components.js';
import type { OcspDownloadLookup } from './ocsp-download.js';
import { findApprovedIssuer } from './ocsp-fetch.js';
import type { KnobName, PeerKnobs } from './peer-knobs.js';
import { reusableUntil } from './verification-memo.js';

/** Where a forged response is presented: transport OCSP parts + download role, or signatures. */
export type OcspUse = 'auth' | 'sign';

/** Value of the stale-ocsp / revoked-ocsp knobs. */
export interface ForgedOcspKnob {
  /** The responder that signs (e.g. the test PKI's ocspSigner): an authorised one, so only freshness / status is wrong. */
  signer: { certPem: string; keyPem: string };
  /** stale-ocsp: how far thisUpdate lies in the past (default 7200 s, twice X-Road's default freshness). */
  seconds?: number;
  /** revoked-ocsp: CRLReason. */
  reason?: number;
  /** Which of our certificates get the forged response (default 'auth'). */
  certs?: OcspUse | 'all';
}

const FORGING_KNOBS = ['revoked-ocsp', 'stale-ocsp'] as const satisfies readonly KnobName[];

interface Remembered {
  der: Buffer;
  trust: VerificationTrust;
  from: number;
  until: number;
}

export class OwnOcsp {
  private readonly forged = new Map<string, { knob: unknown; der: Buffer }>();
  /** The cache's last answer per certificate, reused while the cache still holds it and it stays fresh. */
  private readonly remembered = new WeakMap<X509Certificate, Remembered>();
  private readonly parsed = new WeakMap<Buffer, OcspResponse>();

  constructor(
    private readonly cache: OcspCache,
    private readonly knobs: PeerKnobs,
    private readonly globalConf: Pick<GlobalConfView, 'trust'>,
    /** True when every use must reach the cache (seeded defect ocsp-fetch-per-message). */
    private readonly everyUse: () => boolean = () => false,
  ) {}

  /** The response to present for one of our certificates. */
  async response(cert: X509Certificate, use: OcspUse): Promise<Buffer> {
    const forged = this.forgedFor(cert, use);
    if (forged) return forged;
    // The cache verifies its response in full on every call; once per response and trust is
    // enough while the response is still the cache's and still fresh (verification-memo.ts).
    const now = Date.now();
    const trust = this.globalConf.trust();
    const r = this.remembered.get(cert);
    if (r && !this.everyUse() && r.trust === trust && now >= r.from && now < r.until && this.cache.bySha1Hex(sha(cert, 'sha1')) === r.der) return r.der;
    const der = await this.cache.ownResponse(cert);
    let parsed = this.parsed.get(der);
    if (!parsed) {
      try {
        parsed = parseOcspResponse(der);
        this.parsed.set(der, parsed);
      } catch {
        return der;
      }
    }
    this.remembered.set(cert, { der, trust, from: now, until: reusableUntil([parsed], [cert], trust, now) });
    return der;
  }

  /**
   * The download role's lookup: our current auth chain (also an alternate identity under the
   * unregistered-auth-cert knob — a real server holds OCSP for whatever cert it presents) gets
   * what the transport parts would carry; anything else, or when that fails, the inner lookup.
   */
  downloadLookup(inner: OcspDownloadLookup, ownCerts: () => X509Certificate[]): OcspDownloadLookup {
    return async (hash) => {
      const cert = ownCerts().find((c) => sha(c, 'sha1') === hash.sha1 || sha(c, 'sha256') === hash.sha256);
      if (cert) {
        try {
          return await this.response(cert, 'auth');
        } catch {
          // no fresh response: the inner lookup hands out the held one, so the peer sees why it is refused
        }
      }
      return inner(hash);
    };
  }

  private activeKnob(use: OcspUse): { name: (typeof FORGING_KNOBS)[number]; value: ForgedOcspKnob } | undefined {
    for (const name of FORGING_KNOBS) {
      const value = this.knobs.value<ForgedOcspKnob>(name);
      const certs = value?.certs ?? 'auth';
      if (value && (certs === 'all' || certs === use)) return { name, value };
    }
    return undefined;
  }

  private forgedFor(cert: X509Certificate, use: OcspUse): Buffer | undefined {
    const knob = this.activeKnob(use);
    if (!knob) return undefined;
    const key = `${knob.name}|${sha(cert, 'sha1')}`;
    const held = this.forged.get(key);
    // One signature per knob setting and certificate; a stale response stays equally stale.
    if (held && held.knob === knob.value) return held.der;
    const issuer = findApprovedIssuer(cert, this.globalConf.trust());
    if (!issuer) return undefined;
    const now = new Date();
    const status: CertStatus = knob.name === 'revoked-ocsp' ? { kind: 'revoked', revocationTime: new Date(now.getTime() - 60_000), reason: knob.value.reason } : { kind: 'good' };
    const thisUpdate = knob.name === 'stale-ocsp' ? new Date(now.getTime() - (knob.value.seconds ?? 7200) * 1000) : now;
    const responder = new X509Certificate(knob.value.signer.certPem);
    const der = buildOcspResponse({
      responses: [{ certIdDer: certIdFor(cert, issuer).der, status, thisUpdate }],
      producedAt: now,
      responderCert: responder,
      signerKey: createPrivateKey(knob.value.signer.keyPem),
      certs: [responder],
    });
    this.forged.set(key, { knob: knob.value, der });
    return der;
  }
}

const hashes = { sha1: new WeakMap<X509Certificate, string>(), sha256: new WeakMap<X509Certificate, string>() };

function sha(cert: X509Certificate, alg: 'sha1' | 'sha256'): string {
  let h = hashes[alg].get(cert);
  if (h === undefined) {
    h = createHash(alg).update(cert.raw).digest('hex');
    hashes[alg].set(cert, h);
  }
  return h;
}
