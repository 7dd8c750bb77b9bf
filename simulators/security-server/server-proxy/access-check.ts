// The provider side's authorisation sequence (TRANSP-011, UCMESS §3.4 steps 9-10, REST-014):
// provider hosted here, service exists, service type matches the protocol, the client may call
// it, it is not disabled. Seeded defects can switch off the last two (defects.ts).
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { idToShortString, idToString, providerOf, type ClientId, type ServiceId } from '../../../protocol/identifiers/index.js';
import type { ServiceConfig } from '../config.js';
import type { Defects } from '../defects.js';
import type { ServerConf } from '../server-conf.js';

export function checkServiceAccess(serverConf: ServerConf, defects: Defects, client: ClientId, service: ServiceId, protocol: 'soap' | 'rest'): ServiceConfig {
  const provider = providerOf(service);
  if (!serverConf.hosts(provider)) {
    throw new XRoadError(ErrorCodes.unknownMember, `Service provider '${idToShortString(provider)}' is not registered on security server ${serverConf.serverIdString}`);
  }
  const svc = serverConf.service(service);
  if (!svc) throw new XRoadError(ErrorCodes.unknownService, `Unknown service: ${idToString(service)}`);
  const isRest = svc.type !== 'soap';
  if (isRest !== (protocol === 'rest')) {
    throw new XRoadError(ErrorCodes.serviceType, `Service type is ${isRest ? 'REST' : 'SOAP'}; a ${protocol.toUpperCase()} request cannot call ${idToString(service)}`);
  }
  if (!defects.has('skip-access-rights') && !serverConf.isAllowed(client, service)) {
    throw new XRoadError(ErrorCodes.accessDenied, `Request is not allowed: ${idToString(service)}`);
  }
  if (svc.disabledNotice !== undefined && !defects.has('ignore-service-disabled')) {
    throw new XRoadError(ErrorCodes.serviceDisabled, `Service ${idToString(service)} is disabled: ${svc.disabledNotice}`);
  }
  return svc;
}

/** TRANSP-012: x-proxy-version below the configured minimum is refused. */
export function checkClientProxyVersion(minVersion: string | undefined, announced: string | undefined): void {
  if (!minVersion) return;
  const parse = (v: string) => v.split(/[.-]/).map((p) => Number.parseInt(p, 10) || 0);
  const have = parse(announced ?? '0');
  const need = parse(minVersion);
  for (let i = 0; i < Math.max(have.length, need.length); i++) {
    const h = have[i] ?? 0;
    const n = need[i] ?? 0;
    if (h > n) return;
    if (h < n) {
      throw new XRoadError(ErrorCodes.clientProxyVersionNotSupported, `The version of Client Proxy (${announced ?? 'unknown'}) is not supported; minimum is ${minVersion}`);
    }
  }
}
