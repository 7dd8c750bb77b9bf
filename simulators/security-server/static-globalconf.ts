// Stand-in for globalconf-client.ts (owned by the trust component): a GlobalConfView over fixed
// data, for tests and for embedded runs until the downloading client exists. Built directly from a
// test PKI and a list of servers; the data can be changed at run time (maintenance mode, expiry,
// re-registration) and listeners are told, as after a refresh.
import { createHash, X509Certificate } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import { DEFAULT_OCSP_FRESHNESS_SECONDS, type VerificationTrust } from '../../protocol/trust/index.js';
import type { TestPki } from '../pki/index.js';
import type { GlobalConfView, ListedSecurityServer } from './components.js';

export interface StaticGlobalConfData {
  instance: string;
  trust: VerificationTrust;
  securityServers: ListedSecurityServer[];
  members: Array<{ id: string; name: string; subsystemName?: string }>;
  timestampingIntervalSeconds?: number;
  /** After this instant assertValid() throws global_conf_outdated (GCONF-008). */
  expiresAt?: Date;
  /** Central monitoring client (GCONF-013). */
  monitoringClient?: string;
}

/** authCertHash as v3+ shared-params write it: base64 SHA-256 of the DER (GCONF-012). */
export function authCertHashOf(cert: X509Certificate | string, algorithm: 'sha256' | 'sha1' = 'sha256'): string {
  const c = typeof cert === 'string' ? new X509Certificate(cert) : cert;
  return createHash(algorithm).update(c.raw).digest('base64');
}

export class StaticGlobalConf implements GlobalConfView {
  private readonly listeners: Array<() => void> = [];

  constructor(readonly data: StaticGlobalConfData) {}

  assertValid(now: Date = new Date()): void {
    if (this.data.expiresAt && now.getTime() > this.data.expiresAt.getTime()) {
      throw new XRoadError(ErrorCodes.globalConfOutdated, 'Global configuration is expired');
    }
  }

  instance(): string {
    return this.data.instance;
  }

  trust(): VerificationTrust {
    return this.data.trust;
  }

  securityServers(): ListedSecurityServer[] {
    return this.data.securityServers;
  }

  members(): Array<{ id: string; name: string; subsystemName?: string }> {
    return this.data.members;
  }

  timestampingIntervalSeconds(): number {
    return this.data.timestampingIntervalSeconds ?? 60;
  }

  verificationConfZip(): Promise<Buffer> {
    return Promise.reject(new XRoadError(ErrorCodes.internalError, 'static global configuration has no verification zip'));
  }

  onUpdate(listener: () => void): void {
    this.listeners.push(listener);
  }

  monitoringClient(): string | undefined {
    return this.data.monitoringClient;
  }

  /** Changes the data (e.g. maintenance mode) and notifies listeners, as a refresh would. */
  update(change: (data: StaticGlobalConfData) => void): void {
    change(this.data);
    for (const l of this.listeners) l();
  }
}

export interface ListedServerSpec {
  /** Key in pki.securityServers. */
  serverCode: string;
  /** `host:port` of the server proxy. */
  address?: string;
  /** Hosted clients (client id strings). */
  clients: string[];
  inMaintenanceMode?: { message?: string };
  /** Extra registered auth certs (PEM) besides the server's own from the PKI. */
  extraAuthCerts?: string[];
  /** Do not register the PKI auth cert (an unregistered-cert scenario). */
  unregistered?: boolean;
}

/** Trust over a test PKI: one approved CA with its OCSP responder, the TSA, FiVRK profile. */
export function trustFromTestPki(pki: TestPki, ocspUrl: string, tsaUrl = 'http://127.0.0.1:1/tsa'): VerificationTrust {
  return {
    instanceIdentifier: pki.instance,
    approvedCas: [
      {
        name: 'roadtest CA',
        authenticationOnly: false,
        topCa: pki.rootCa.cert,
        intermediateCas: pki.intermediateCa ? [pki.intermediateCa.cert] : [],
        ocspResponders: [{ url: ocspUrl, cert: pki.ocspSigner.cert }],
        certificateProfileInfo: pki.certificateProfileInfo,
      },
    ],
    approvedTsas: [{ name: 'roadtest TSA', url: tsaUrl, cert: pki.tsaSigner.cert }],
    ocspFreshnessSeconds: DEFAULT_OCSP_FRESHNESS_SECONDS,
    verifyNextUpdate: true,
  };
}

/** A static view of an instance built from a test PKI. */
export function staticGlobalConfFromPki(
  pki: TestPki,
  opts: { ocspUrl: string; tsaUrl?: string; servers: ListedServerSpec[]; members?: Array<{ id: string; name: string; subsystemName?: string }>; expiresAt?: Date; timestampingIntervalSeconds?: number },
): StaticGlobalConf {
  const servers: ListedSecurityServer[] = opts.servers.map((s) => {
    const certs = pki.securityServers[s.serverCode];
    if (!certs) throw new Error(`test PKI has no security server ${s.serverCode}`);
    const { instance, memberClass, memberCode, serverCode } = certs.serverId;
    const hashes = [...(s.unregistered ? [] : [authCertHashOf(certs.auth.cert)]), ...(s.extraAuthCerts ?? []).map((c) => authCertHashOf(c))];
    return {
      id: `${instance}/${memberClass}/${memberCode}/${serverCode}`,
      ...(s.address !== undefined ? { address: s.address } : {}),
      authCertHashes: hashes,
      clients: s.clients,
      ...(s.inMaintenanceMode ? { inMaintenanceMode: s.inMaintenanceMode } : {}),
    };
  });
  const members =
    opts.members ??
    [...new Set(opts.servers.flatMap((s) => s.clients))].map((id) => {
      const parts = id.split('/');
      return parts.length === 4 ? { id, name: `${parts[1]} ${parts[2]}`, subsystemName: parts[3] } : { id, name: `${parts[1]} ${parts[2]}` };
    });
  return new StaticGlobalConf({
    instance: pki.instance,
    trust: trustFromTestPki(pki, opts.ocspUrl, opts.tsaUrl),
    ...(opts.timestampingIntervalSeconds ? { timestampingIntervalSeconds: opts.timestampingIntervalSeconds } : {}),
    securityServers: servers,
    members,
    ...(opts.expiresAt ? { expiresAt: opts.expiresAt } : {}),
  });
}
