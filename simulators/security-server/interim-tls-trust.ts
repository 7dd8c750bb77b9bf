// Stand-in for tls-trust.ts (owned by the trust component): the TLS profile and the X-Road trust
// decision for a peer auth certificate, made in code from the global configuration
// (TRANSP-001/002/010). What it does not do yet: the consumer side does not check the provider's
// auth-cert OCSP status unless a lookup is supplied (X-Road fetches it from the provider's :5577;
// that is ocsp-download.ts / ocsp-cache.ts territory).
import { createHash, type X509Certificate } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import { certIdFor, certIdsEqual, parseOcspResponse, verifyOcspResponse, type OcspResponse } from '../../protocol/ocsp/index.js';
import type { ApprovedCa, VerificationTrust } from '../../protocol/trust/index.js';
import type { GlobalConfView, ListedSecurityServer, TlsTrust } from './components.js';

/** SYSPAR xroad-tls-ciphers (requirements TRANSP-001), in OpenSSL spelling. */
export const XROAD_TLS_CIPHERS = ['ECDHE-RSA-AES256-SHA384', 'DHE-RSA-AES256-SHA256', 'ECDHE-ECDSA-AES256-SHA384'].join(':');

const EKU_CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const EKU_SERVER_AUTH = '1.3.6.1.5.5.7.3.1';

function sslError(message: string): XRoadError {
  return new XRoadError(ErrorCodes.sslAuthenticationFailed, message);
}

function subjectOf(cert: X509Certificate): string {
  return cert.subject.split('\n').join(', ');
}

function issuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

/** Certification path from `chain[0]` to an approved CA's top CA (leaf first, top CA last). */
export function buildAuthCertPath(chain: X509Certificate[], trust: VerificationTrust): { ca: ApprovedCa; path: X509Certificate[] } {
  const leaf = chain[0];
  if (!leaf) throw sslError('Peer presented no TLS certificate');
  for (const ca of trust.approvedCas) {
    const pool = [...chain.slice(1), ...ca.intermediateCas];
    const path = [leaf];
    let current = leaf;
    for (let depth = 0; depth < 8; depth++) {
      if (issuedBy(current, ca.topCa)) {
        if (!current.raw.equals(ca.topCa.raw)) path.push(ca.topCa);
        return { ca, path };
      }
      const next = pool.find((c) => !path.includes(c) && issuedBy(current, c));
      if (!next) break;
      path.push(next);
      current = next;
    }
  }
  throw sslError(`Certificate ${subjectOf(leaf)} is not issued by an approved certification authority`);
}

function checkValidity(path: X509Certificate[], now: Date): void {
  for (const c of path) {
    if (now < new Date(c.validFrom) || now > new Date(c.validTo)) {
      throw sslError(`Certificate ${subjectOf(c)} is not valid at ${now.toISOString()} (valid ${c.validFrom} .. ${c.validTo})`);
    }
  }
}

function checkAuthCert(leaf: X509Certificate, eku: string): void {
  const usages = leaf.keyUsage; // node:crypto: the EKU list, undefined when absent
  if (usages && !usages.includes(eku) && !usages.includes('2.5.29.37.0')) {
    throw sslError(`Certificate ${subjectOf(leaf)} is not an authentication certificate (extended key usage ${usages.join(', ')})`);
  }
}

/** Hashes a listed authCertHash may be in: SHA-256 (v3+) or SHA-1 (v2), base64 (GCONF-012). */
function authCertHashes(cert: X509Certificate): string[] {
  return [createHash('sha256').update(cert.raw).digest('base64'), createHash('sha1').update(cert.raw).digest('base64')];
}

export function serversOfAuthCert(cert: X509Certificate, servers: readonly ListedSecurityServer[]): ListedSecurityServer[] {
  const hashes = authCertHashes(cert);
  return servers.filter((s) => s.authCertHashes.some((h) => hashes.includes(h.replace(/\s+/g, ''))));
}

function memberOfClient(client: string): string {
  return client.split('/').slice(0, 3).join('/');
}

function serverOwner(serverId: string): string {
  return serverId.split('/').slice(0, 3).join('/');
}

export interface InterimTlsTrustOptions {
  /** Skip the authCertHash registration check (seeded defect accept-unregistered-auth-cert). */
  skipRegistrationCheck?: () => boolean;
  /** OCSP response for a provider SS's auth cert (consumer side); none = not checked (TODO seam). */
  peerOcspLookup?: (cert: X509Certificate, issuer: X509Certificate) => Promise<Buffer | undefined>;
}

export class InterimTlsTrust implements TlsTrust {
  constructor(
    private readonly globalConf: GlobalConfView,
    private readonly options: InterimTlsTrustOptions = {},
  ) {}

  tlsOptions(): { minVersion: 'TLSv1.2'; maxVersion: 'TLSv1.2'; ciphers: string; dhparam: 'auto' } {
    return { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: XROAD_TLS_CIPHERS, dhparam: 'auto' };
  }

  verifyConsumer(chain: X509Certificate[], ocspResponses: Buffer[], client: string, now: Date = new Date()): void {
    const trust = this.globalConf.trust();
    if (ocspResponses.length === 0) throw sslError('Cannot verify TLS certificate, corresponding OCSP response is missing');
    const { path } = buildAuthCertPath(chain, trust);
    checkAuthCert(path[0]!, EKU_CLIENT_AUTH);
    checkValidity(path, now);
    const parsed = ocspResponses.map((der) => {
      try {
        return parseOcspResponse(der);
      } catch (e) {
        throw sslError(`Cannot parse OCSP response of the TLS certificate: ${(e as Error).message}`);
      }
    });
    // Every certificate below the trust anchor needs a good, fresh response (OCSP-007).
    for (let i = 0; i < path.length - 1; i++) {
      verifyStatus(path[i]!, path[i + 1]!, parsed, trust, now);
    }
    if (this.options.skipRegistrationCheck?.()) return;
    const servers = serversOfAuthCert(path[0]!, this.globalConf.securityServers());
    if (servers.length === 0) throw sslError(`Authentication certificate ${subjectOf(path[0]!)} is not associated with any security server`);
    const member = memberOfClient(client);
    if (!servers.some((s) => serverOwner(s.id) === member || s.clients.includes(client))) {
      throw sslError(`Client '${client}' is not registered at security server ${servers[0]!.id}`);
    }
  }

  async verifyProvider(chain: X509Certificate[], servers: ListedSecurityServer[], now: Date = new Date()): Promise<string> {
    const trust = this.globalConf.trust();
    const { path } = buildAuthCertPath(chain, trust);
    checkAuthCert(path[0]!, EKU_SERVER_AUTH);
    checkValidity(path, now);
    if (this.options.peerOcspLookup) {
      const der = await this.options.peerOcspLookup(path[0]!, path[1]!);
      if (!der) throw sslError(`Could not get OCSP response for the provider's authentication certificate ${subjectOf(path[0]!)}`);
      verifyStatus(path[0]!, path[1]!, [parseOcspResponse(der)], trust, now);
    }
    const owners = serversOfAuthCert(path[0]!, servers);
    if (owners.length === 0) {
      if (this.options.skipRegistrationCheck?.()) return servers[0]?.id ?? 'unknown';
      throw sslError(`Authentication certificate ${subjectOf(path[0]!)} is not registered to a security server hosting the service provider`);
    }
    return owners[0]!.id;
  }
}

function verifyStatus(cert: X509Certificate, issuer: X509Certificate, responses: OcspResponse[], trust: VerificationTrust, now: Date): void {
  const wanted = certIdFor(cert, issuer);
  const response = responses.find((r) => r.basic?.responses.some((s) => certIdsEqual(s.certId, wanted)));
  if (!response) throw sslError(`Cannot verify TLS certificate ${subjectOf(cert)}, corresponding OCSP response is missing`);
  try {
    const verified = verifyOcspResponse(response, { cert, issuer, trust, atDate: now });
    if (verified.singleResponse.status.kind !== 'good') {
      throw new XRoadError(ErrorCodes.certValidation, `OCSP response indicates certificate status is ${verified.singleResponse.status.kind.toUpperCase()}`);
    }
  } catch (e) {
    const inner = e instanceof XRoadError ? e : new XRoadError(ErrorCodes.certValidation, (e as Error).message);
    throw inner.wrappedIn(ErrorCodes.sslAuthenticationFailed);
  }
}
