// The security server's own configuration as the proxies ask about it (X-Road's ServerConf):
// hosted clients and their IS connection policy, services, access rights, keys. Built once from
// the validated config; identifiers compared in their short string form.
import { createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import {
  idToShortString,
  memberOf,
  parseSecurityServerIdPath,
  providerOf,
  type ClientId,
  type SecurityServerId,
  type ServiceId,
} from '../../protocol/identifiers/index.js';
import type { HostedClientConfig, SecurityServerConfig, ServiceConfig } from './config.js';

export interface KeyMaterial {
  cert: X509Certificate;
  certPem: string;
  key: KeyObject;
  keyPem: string;
  /** Intermediate CA certificates, leaf's issuer first. */
  chain: X509Certificate[];
}

function keyMaterial(k: { certPem: string; keyPem: string; chainPem: string[] }): KeyMaterial {
  return {
    cert: new X509Certificate(k.certPem),
    certPem: k.certPem,
    key: createPrivateKey(k.keyPem),
    keyPem: k.keyPem,
    chain: k.chainPem.map((p) => new X509Certificate(p)),
  };
}

/** `PROVIDER/code` without version: access rights ignore serviceVersion (ID-003). */
function aclKey(service: ServiceId): string {
  return `${idToShortString(providerOf(service))}/${service.serviceCode}`;
}

export class ServerConf {
  readonly serverId: SecurityServerId;
  readonly serverIdString: string;
  readonly instance: string;
  readonly authKey: KeyMaterial;
  private readonly signKeys = new Map<string, KeyMaterial>();
  private readonly clients = new Map<string, HostedClientConfig>();
  private readonly acl = new Map<string, Set<string>>();

  constructor(readonly config: SecurityServerConfig) {
    this.serverIdString = config.serverId;
    this.serverId = parseSecurityServerIdPath(config.serverId);
    this.instance = this.serverId.xRoadInstance;
    this.authKey = keyMaterial(config.keys.auth);
    for (const [member, k] of Object.entries(config.keys.sign)) this.signKeys.set(member, keyMaterial(k));
    for (const c of config.clients) this.clients.set(c.id, c);
    for (const a of config.accessRights) {
      // PROVIDER/code[/version]: the provider is a subsystem when its first four parts name a hosted one.
      const parts = a.service.split('/');
      const providerLen = this.clients.has(parts.slice(0, 4).join('/')) ? 4 : 3;
      const key = parts.slice(0, providerLen + 1).join('/');
      const set = this.acl.get(key) ?? new Set<string>();
      for (const c of a.clients) set.add(c);
      this.acl.set(key, set);
    }
  }

  /** The hosted client, or undefined when it is not registered on this server. */
  hostedClient(client: ClientId): HostedClientConfig | undefined {
    return this.clients.get(idToShortString(client));
  }

  /** Whether this server hosts `client` (or its member owns the server). */
  hosts(client: ClientId): boolean {
    return this.clients.has(idToShortString(client));
  }

  /** Services configured for a provider (any code). */
  servicesOf(provider: ClientId): ServiceConfig[] {
    const p = idToShortString(provider);
    return this.config.services.filter((s) => s.provider === p);
  }

  /** The configured service; a request without version matches only a service without version. */
  service(service: ServiceId): ServiceConfig | undefined {
    const p = idToShortString(providerOf(service));
    return this.config.services.find((s) => s.provider === p && s.code === service.serviceCode && s.version === service.serviceVersion);
  }

  isAllowed(client: ClientId, service: ServiceId): boolean {
    return this.acl.get(aclKey(service))?.has(idToShortString(client)) ?? false;
  }

  /** The signing key of a member (of a client or provider id). */
  signKey(of: ClientId | ServiceId): KeyMaterial | undefined {
    return this.signKeys.get(idToShortString(memberOf(of)));
  }

  /** Some other member's signing key (seeded defect / peer knob: sign as the wrong member). */
  otherSignKey(of: ClientId | ServiceId): KeyMaterial | undefined {
    const own = idToShortString(memberOf(of));
    for (const [m, k] of this.signKeys) if (m !== own) return k;
    return undefined;
  }
}
