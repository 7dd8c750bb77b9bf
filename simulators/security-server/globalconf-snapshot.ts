// One verified copy of the global configuration and what the security server reads from it:
// trust (approved CAs, OCSP responders, TSAs, freshness), the listed security servers with their
// auth-cert hashes and clients, members, the time-stamping interval. The client keeps the last
// good snapshot and swaps it only for a newer good one (GCONF-007/008).
import type { X509Certificate } from 'node:crypto';
import {
  clientIdString,
  trustFromSharedParams,
  type ConfVersion,
  type DirectoryContent,
  type InstanceContent,
  type SharedParameters,
} from '../../protocol/globalconf/index.js';
import { globalConfError, GlobalConfCodes } from '../../protocol/globalconf/index.js';
import type { VerificationTrust } from '../../protocol/trust/index.js';
import type { ListedSecurityServer } from './components.js';
import type { StoredFile } from './globalconf-download.js';

export interface ConfSnapshot {
  instanceIdentifier: string;
  version: ConfVersion;
  expireDate: Date;
  /** Directory URL (with version) it came from. */
  directoryUrl: string;
  origin: 'anchor' | 'shared-params';
  downloadedAt: Date;
  files: StoredFile[];
  content: DirectoryContent;
  own: InstanceContent & { shared: SharedParameters };
  trust: VerificationTrust;
  servers: ListedSecurityServer[];
  members: Array<{ id: string; name: string; subsystemName?: string }>;
}

export function listedServers(shared: SharedParameters): ListedSecurityServer[] {
  const inst = shared.instanceIdentifier;
  return shared.securityServers.map((s) => ({
    id: `${inst}/${s.owner.memberClass}/${s.owner.memberCode}/${s.serverCode}`,
    ...(s.address !== undefined ? { address: s.address } : {}),
    authCertHashes: s.authCertHashes.map((h) => h.replace(/\s+/g, '')),
    clients: s.clients.map((c) => clientIdString(c)),
    ...(s.inMaintenanceMode ? { inMaintenanceMode: { ...s.inMaintenanceMode } } : {}),
  }));
}

export function listedMembers(shared: SharedParameters): Array<{ id: string; name: string; subsystemName?: string }> {
  const inst = shared.instanceIdentifier;
  return shared.members.flatMap((m) => {
    const id = `${inst}/${m.memberClass.code}/${m.memberCode}`;
    return [
      { id, name: m.name },
      ...m.subsystems.map((s) => ({ id: `${id}/${s.subsystemCode}`, name: m.name, ...(s.subsystemName !== undefined ? { subsystemName: s.subsystemName } : {}) })),
    ];
  });
}

/**
 * OCSP responder URLs configured for certificates that `issuer` issued: the `ocsp/url`s of the
 * topCA or intermediateCA entry whose cert is `issuer` (X-Road's getOcspResponderAddresses).
 */
export function configuredOcspUrls(shared: SharedParameters, issuer: X509Certificate): string[] {
  for (const ca of shared.approvedCAs) {
    for (const info of [ca.topCA, ...ca.intermediateCAs]) {
      let same = false;
      try {
        same = info.cert.der.equals(issuer.raw);
      } catch {
        // an unreadable configured certificate names no issuer
      }
      if (same) return info.ocsp.map((o) => o.url.trim());
    }
  }
  return [];
}

/** Builds the snapshot of a verified download; throws `malformed_global_conf` when the own instance is missing. */
export function buildSnapshot(input: Omit<ConfSnapshot, 'own' | 'trust' | 'servers' | 'members'>): ConfSnapshot {
  const inst = input.content.instances.get(input.instanceIdentifier);
  if (!inst?.shared) {
    throw globalConfError(GlobalConfCodes.malformedGlobalConf, `the directory at ${input.directoryUrl} holds no shared-params for instance ${input.instanceIdentifier}`);
  }
  const own = inst as InstanceContent & { shared: SharedParameters };
  return {
    ...input,
    own,
    trust: trustFromSharedParams(own.shared, own.nextUpdate),
    servers: listedServers(own.shared),
    members: listedMembers(own.shared),
  };
}
