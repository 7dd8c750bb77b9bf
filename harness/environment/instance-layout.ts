// The simulated instance around an embedded run: who hosts what, which services exist and who may
// call them. Both security servers get the same layout so client-side and provider-side
// scenarios mirror each other. Service codes double as the provider IS's behaviour paths.

export interface SideLayout {
  serverCode: string;
  memberClass: string;
  memberCode: string;
  /** INSTANCE/CLASS/CODE/SERVERCODE */
  serverId: string;
  member: string;
  client: string;
  provider: string;
}

export function sideLayout(instance: string, serverCode: string, memberClass: string, memberCode: string): SideLayout {
  const member = `${instance}/${memberClass}/${memberCode}`;
  return { serverCode, memberClass, memberCode, serverId: `${member}/${serverCode}`, member, client: `${member}/CLIENT`, provider: `${member}/PROVIDER` };
}

export interface ServiceSpec {
  code: string;
  version?: string;
  type: 'soap' | 'rest' | 'openapi';
  /** Path on the provider IS under /soap/<side> or /rest/<side> (behaviour prefix). */
  path: string;
  /** Clients allowed: 'peer-client' = the other side's client subsystem. */
  allowed: Array<'peer-client' | 'own-client'>;
  disabledNotice?: string;
  timeoutMs?: number;
  /** Give the service a URL nobody listens on (service_failed / network errors). */
  unreachable?: boolean;
}

/** Services each provider subsystem offers; the same on both sides. */
export const SERVICES: ServiceSpec[] = [
  { code: 'getRandom', type: 'soap', path: 'getRandom', allowed: ['peer-client'] },
  { code: 'getRandom', version: 'v1', type: 'soap', path: 'getRandom-v1', allowed: ['peer-client'] },
  { code: 'echo', type: 'soap', path: 'echo', allowed: ['peer-client'] },
  { code: 'denied', type: 'soap', path: 'denied', allowed: [] },
  { code: 'closed', type: 'soap', path: 'closed', allowed: ['peer-client'], disabledNotice: 'closed for maintenance until Monday' },
  { code: 'slow', type: 'soap', path: 'slow', allowed: ['peer-client'], timeoutMs: 1500 },
  { code: 'unreachable', type: 'soap', path: 'unreachable', allowed: ['peer-client'], unreachable: true },
  { code: 'pets', type: 'rest', path: 'pets', allowed: ['peer-client'] },
  { code: 'restDenied', type: 'rest', path: 'denied', allowed: [] },
  { code: 'restClosed', type: 'rest', path: 'closed', allowed: ['peer-client'], disabledNotice: 'REST closed' },
];

/** URL of a service on the provider IS: SOAP under /soap/<side>/, REST under /rest/<side>/. */
export function serviceUrl(providerIsUrl: string, side: 'sut' | 'peer', s: ServiceSpec): string {
  if (s.unreachable) return 'http://127.0.0.1:1/unreachable';
  return `${providerIsUrl}/${s.type === 'soap' ? 'soap' : 'rest'}/${side}/${s.path}`;
}

/**
 * The management services (MSERV-001): hosted by the PEER's MANAGEMENT subsystem, which the
 * central server names as managementRequestServiceProviderId, so the SUT's management requests
 * cross its client proxy and the transport like any X-Road request. authCertReg is not among
 * them: it is a direct HTTPS POST to the central server (MSERV-004).
 */
export const MANAGEMENT_SUBSYSTEM = 'MANAGEMENT';
export const MANAGEMENT_SERVICE_CODES = [
  'clientReg', 'clientDeletion', 'authCertDeletion', 'ownerChange', 'addressChange', 'clientDisable',
  'clientEnable', 'clientRename', 'maintenanceModeEnable', 'maintenanceModeDisable',
] as const;
/** Provider IS path prefix of the management services. */
export const MANAGEMENT_PATH_PREFIX = '/soap/peer/management';

export function managementProviderOf(side: SideLayout): string {
  return `${side.member}/${MANAGEMENT_SUBSYSTEM}`;
}
