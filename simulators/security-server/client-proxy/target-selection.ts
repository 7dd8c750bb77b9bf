// Which provider security servers the client proxy may send to (TRANSP-013, EXT-001): every
// listed server hosting the provider, minus those in maintenance mode; the xrd:securityServer /
// X-Road-Security-Server header narrows it to one. Errors as the reference's client proxy.
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { idToShortString, type ClientId, type SecurityServerId } from '../../../protocol/identifiers/index.js';
import type { GlobalConfView, ListedSecurityServer } from '../components.js';

export interface ProviderTarget {
  server: ListedSecurityServer;
  host: string;
  port: number;
}

/** Default SS-to-SS port when an address carries none (real X-Road). */
export const DEFAULT_SERVER_PROXY_PORT = 5500;

export function parseAddress(address: string): { host: string; port: number } {
  const m = /^\[([^\]]+)\](?::(\d+))?$/.exec(address) ?? /^([^:]+)(?::(\d+))?$/.exec(address);
  if (!m) throw new XRoadError(ErrorCodes.unknownMember, `Malformed security server address '${address}'`);
  return { host: m[1]!, port: m[2] ? Number(m[2]) : DEFAULT_SERVER_PROXY_PORT };
}

export function selectProviderTargets(globalConf: GlobalConfView, provider: ClientId, targetServer?: SecurityServerId): ProviderTarget[] {
  const providerString = idToShortString(provider);
  const all = globalConf.securityServers();
  const hosting = all.filter((s) => s.clients.includes(providerString) || ownerOf(s) === providerString);
  let candidates = hosting;
  if (targetServer) {
    const wanted = idToShortString(targetServer);
    const listed = all.find((s) => s.id === wanted);
    if (!listed) throw new XRoadError(ErrorCodes.invalidSecurityServer, `Could not find security server '${wanted}'`);
    if (!hosting.includes(listed)) {
      throw new XRoadError(ErrorCodes.invalidSecurityServer, `Invalid security server '${wanted}': it does not host service provider '${providerString}'`);
    }
    candidates = [listed];
  }
  const withAddress = candidates.filter((s) => s.address);
  if (withAddress.length === 0) throw new XRoadError(ErrorCodes.unknownMember, `Could not find addresses for service provider "${providerString}"`);
  const active = withAddress.filter((s) => !s.inMaintenanceMode);
  if (active.length === 0) {
    const messages = withAddress.map((s) => s.inMaintenanceMode?.message).filter((m): m is string => !!m);
    throw new XRoadError(
      ErrorCodes.maintenanceMode,
      `Service provider's "${providerString}" security servers are in maintenance mode${messages.length ? `: ${messages.join('; ')}` : ''}`,
    );
  }
  return active.map((s) => ({ server: s, ...parseAddress(s.address!) }));
}

function ownerOf(s: ListedSecurityServer): string {
  return s.id.split('/').slice(0, 3).join('/');
}
