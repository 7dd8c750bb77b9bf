// OPMON-004: who sees what. The owner of the security server and the central monitoring client
// (GCONF-013) see every record; anyone else only the exchanges it took part in. X-Road counts the
// caller as owner only when the request names the server (securityServer header) and the caller
// is that server's owner member (OperationalDataRequestHandler.getClientForFilter; OPMON §2:
// the header MUST be used when the owner asks).
import { idEquals, memberOf, type ClientId, type SecurityServerId } from '../../../protocol/identifiers/index.js';

/** Parses a monitoring client id string (INSTANCE/CLASS/CODE[/SUBSYSTEM]); undefined when malformed. */
export function parseClientIdString(s: string | undefined): ClientId | undefined {
  if (!s) return undefined;
  const p = s.split('/');
  if (p.length !== 3 && p.length !== 4) return undefined;
  if (p.length === 3) return { objectType: 'MEMBER', xRoadInstance: p[0]!, memberClass: p[1]!, memberCode: p[2]! };
  return { objectType: 'SUBSYSTEM', xRoadInstance: p[0]!, memberClass: p[1]!, memberCode: p[2]!, subsystemCode: p[3]! };
}

export function isMonitoringClient(client: ClientId, monitoringClient: string | undefined): boolean {
  const mc = parseClientIdString(monitoringClient);
  return mc !== undefined && idEquals(client, mc);
}

export function isServerOwner(client: ClientId, securityServer: SecurityServerId | undefined): boolean {
  return securityServer !== undefined && idEquals(client, memberOf(securityServer));
}

/** True when the caller may see all records (and the private fields). */
export function isPrivilegedCaller(client: ClientId, securityServer: SecurityServerId | undefined, monitoringClient: string | undefined): boolean {
  return isMonitoringClient(client, monitoringClient) || isServerOwner(client, securityServer);
}
