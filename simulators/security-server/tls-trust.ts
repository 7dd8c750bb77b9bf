// The SS-to-SS TLS profile and the X-Road trust decision for a peer's authentication certificate
// (TRANSP-001/002/003/010). TLS 1.2 only with the xroad-tls-ciphers list; a client certificate is
// requested but no CA store judges it and no host name is checked: trust is decided here, from
// the global configuration, once it is known which client (provider side) or which servers
// (consumer side) the connection is for. The peer's certificate must be an auth cert of an
// approved CA with a fresh good OCSP response, and its hash (SHA-256 for v3+, SHA-1 for v2,
// GCONF-012) must be an authCertHash of a security server that hosts the client / the provider.
import { createHash, type X509Certificate } from 'node:crypto';
import type { ConnectionOptions, TlsOptions } from 'node:tls';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import type { OcspResponse } from '../../protocol/ocsp/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import type { GlobalConfView, ListedSecurityServer, OcspCache, TlsTrust } from './components.js';
import type { XRoadOcspCache } from './ocsp-cache.js';
import { ocspCheckFor, trustForOcspChecks, type OcspDefects } from './ocsp-defects.js';
import { fetchPeerOcspResponses } from './ocsp-download.js';
import { buildAuthCertPath, parseOcspParts, sslError, subjectOf, verifyAuthCertPath } from './tls-auth-cert.js';
import { reusableUntil, VerificationMemo } from './verification-memo.js';

/** SYSPAR xroad-tls-ciphers (TRANSP-001) in OpenSSL spelling, in X-Road's order. */
export const XROAD_TLS_CIPHERS = ['ECDHE-RSA-AES256-SHA384', 'DHE-RSA-AES256-SHA256', 'ECDHE-ECDSA-AES256-SHA384'].join(':');

export interface XRoadTlsProfile {
  minVersion: 'TLSv1.2';
  maxVersion: 'TLSv1.2';
  ciphers: string;
  dhparam: 'auto';
}

export function xroadTlsProfile(): XRoadTlsProfile {
  return { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: XROAD_TLS_CIPHERS, dhparam: 'auto' };
}

export interface TlsIdentity {
  /** Auth certificate first, then its CA chain (PEM). */
  certPem: string[];
  keyPem: string;
}

/** Options for the server proxy listener (tls.createServer / https.createServer). */
export function serverTlsOptions(identity: TlsIdentity): TlsOptions {
  return { ...xroadTlsProfile(), cert: identity.certPem.join('\n'), key: identity.keyPem, requestCert: true, rejectUnauthorized: false, honorCipherOrder: true };
}

/** Options for the transport client (tls.connect): no CA store, no host-name check. */
export function clientTlsOptions(identity: TlsIdentity): ConnectionOptions {
  const { dhparam: _server, ...profile } = xroadTlsProfile();
  return { ...profile, cert: identity.certPem.join('\n'), key: identity.keyPem, rejectUnauthorized: false, checkServerIdentity: () => undefined };
}

export interface XRoadTlsTrustOptions {
  globalConf: GlobalConfView & { authCertHashAlgorithm?(): 'sha1' | 'sha256' };
  /**
   * Where peers' responses are kept; with freshResponse (XRoadOcspCache) the consumer side reuses
   * fresh ones, otherwise it asks the provider's download role every time.
   */
  ocspCache?: OcspCache & Partial<Pick<XRoadOcspCache, 'freshResponse'>>;
  /** Gets the provider's chain responses from its download role (default: fetchPeerOcspResponses). */
  fetchPeerOcsp?: (address: string, certs: X509Certificate[]) => Promise<Buffer[]>;
  peerOcspTimeoutMs?: number;
  /** Skips the authCertHash registration check (seeded defect accept-unregistered-auth-cert). */
  skipRegistrationCheck?: () => boolean;
  /** Seeded defects of the OCSP checks (accept-revoked-ocsp, ignore-ocsp-freshness; ocsp-defects.ts). */
  defects?: OcspDefects;
  now?: () => Date;
}

function ownerOf(serverId: string): string {
  return serverId.split('/').slice(0, 3).join('/');
}

export class XRoadTlsTrust implements TlsTrust {
  private readonly now: () => Date;
  /** Consumer chains + OCSP parts that verified (the same ones come with every message): their leaf. */
  private readonly consumerPaths = new VerificationMemo<X509Certificate>();

  constructor(private readonly options: XRoadTlsTrustOptions) {
    this.now = options.now ?? (() => new Date());
  }

  tlsOptions(): XRoadTlsProfile {
    return xroadTlsProfile();
  }

  /** authCertHash of `cert` as the current configuration version writes it (GCONF-012). */
  authCertHash(cert: X509Certificate): string {
    const alg = this.options.globalConf.authCertHashAlgorithm?.() ?? 'sha256';
    return createHash(alg).update(cert.raw).digest('base64');
  }

  /** Listed servers whose authCertHash is this certificate's. */
  serversOf(cert: X509Certificate, servers: readonly ListedSecurityServer[] = this.options.globalConf.securityServers()): ListedSecurityServer[] {
    const hash = this.authCertHash(cert);
    return servers.filter((s) => s.authCertHashes.includes(hash));
  }

  /** The configuration's trust, loosened for the OCSP checks when a seeded defect says so. */
  private ocspTrust(): VerificationTrust {
    return trustForOcspChecks(this.options.globalConf.trust(), this.options.defects);
  }

  private remember(used: Array<{ cert: X509Certificate; response: OcspResponse }>): void {
    for (const u of used) this.options.ocspCache?.remember(u.cert, u.response.der);
  }

  verifyConsumer(chain: X509Certificate[], ocspResponses: Buffer[], client: string, now: Date = this.now()): void {
    if (ocspResponses.length === 0) throw sslError('Cannot verify TLS certificate, corresponding OCSP response is missing');
    const trust = this.ocspTrust();
    const check = ocspCheckFor(this.options.defects);
    // Path and OCSP: remembered for the same certificates, responses, trust and check while the
    // responses stay fresh (verification-memo.ts); the registration below is checked every time.
    const digest = createHash('sha256');
    for (const c of chain) digest.update(c.raw);
    for (const o of ocspResponses) digest.update(o);
    const key = `${check.name}|${chain.length}|${ocspResponses.length}|${digest.digest('hex')}`;
    let leaf = this.consumerPaths.get(key, trust, now.getTime());
    if (!leaf) {
      const { path } = buildAuthCertPath(chain, trust);
      const used = verifyAuthCertPath(path, parseOcspParts(ocspResponses), trust, now, check);
      this.remember(used);
      leaf = path[0];
      this.consumerPaths.set(key, trust, now.getTime(), reusableUntil(used.map((u) => u.response), path.slice(0, -1), trust, now.getTime()), leaf);
    }
    if (this.options.skipRegistrationCheck?.()) return;
    const servers = this.serversOf(leaf);
    if (servers.length === 0) throw sslError(`Authentication certificate ${subjectOf(leaf)} is not associated with any security server`);
    // X-Road's authCertMatchesMember: the client is listed on the server, or is its owner.
    if (!servers.some((s) => s.clients.includes(client) || ownerOf(s.id) === client)) {
      throw sslError(`Client '${client}' is not registered at security server ${servers[0].id}`);
    }
  }

  async verifyProvider(chain: X509Certificate[], servers: ListedSecurityServer[], now: Date = this.now()): Promise<string> {
    const trust = this.ocspTrust();
    const { path } = buildAuthCertPath(chain, trust);
    const leaf = path[0];
    const owners = this.serversOf(leaf, servers);
    const responses = await this.chainResponses(path, owners[0] ?? servers[0], now);
    const used = verifyAuthCertPath(path, responses, trust, now, ocspCheckFor(this.options.defects));
    this.remember(used);
    if (owners.length > 0) return owners[0].id;
    if (this.options.skipRegistrationCheck?.()) return servers[0]?.id ?? 'unknown';
    const elsewhere = this.serversOf(leaf);
    if (elsewhere.length > 0) {
      throw sslError(`Authentication certificate ${subjectOf(leaf)} belongs to security server ${elsewhere[0].id}, which does not host the service provider (${servers.map((s) => s.id).join(', ') || 'no servers'})`);
    }
    throw sslError(`Authentication certificate ${subjectOf(leaf)} is not associated with any security server`);
  }

  /**
   * Responses for every certificate below the top CA: fresh ones from the cache, the rest from the
   * provider's download role in one request (X-Road's AuthTrustVerifier.getOcspResponses). Only
   * fresh cached responses count, so an aged one is fetched again instead of failing the
   * handshake (USERS.md: valid auth cert rejected when the cached OCSP expires).
   */
  private async chainResponses(path: readonly X509Certificate[], server: ListedSecurityServer | undefined, now: Date): Promise<OcspResponse[]> {
    const below = path.slice(0, -1);
    const cached: Buffer[] = [];
    const missing: X509Certificate[] = [];
    below.forEach((cert, i) => {
      const der = this.options.ocspCache?.freshResponse?.(cert, path[i + 1], now);
      if (der) cached.push(der);
      else missing.push(cert);
    });
    if (missing.length === 0) return parseOcspParts(cached);
    if (!server?.address) {
      throw new XRoadError(ErrorCodes.unknownMember, `Unable to find provider address for authentication certificate ${leafSerial(path[0])}`).wrappedIn(ErrorCodes.sslAuthenticationFailed);
    }
    const fetch = this.options.fetchPeerOcsp ?? ((address, certs) => fetchPeerOcspResponses(address, certs, { timeoutMs: this.options.peerOcspTimeoutMs }));
    let fetched: Buffer[];
    try {
      fetched = await fetch(server.address, missing);
    } catch (e) {
      const x = e instanceof XRoadError ? e : new XRoadError(ErrorCodes.internalError, (e as Error).message);
      throw x.wrappedIn(ErrorCodes.sslAuthenticationFailed);
    }
    if (fetched.length !== missing.length) {
      throw new XRoadError(ErrorCodes.internalError, `Could not get all OCSP responses from server (expected ${missing.length}, but got ${fetched.length})`).wrappedIn(ErrorCodes.sslAuthenticationFailed);
    }
    return parseOcspParts([...cached, ...fetched]);
  }
}

function leafSerial(cert: X509Certificate): string {
  return BigInt('0x' + cert.serialNumber).toString(10);
}
