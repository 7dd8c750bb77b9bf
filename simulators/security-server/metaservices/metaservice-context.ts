// What the locally answered services need from their security server, as narrow interfaces so
// that they can be tested without a running server. ServerConf (server-conf.ts) satisfies
// MetaserviceServerConf as it is; the answer shape is the server proxy's ProviderAnswer, so the
// core signs, logs and monitors a metaservice answer exactly like a provider IS's (META-005).
import type { ClientId, SecurityServerId, ServiceId } from '../../../protocol/identifiers/index.js';
import type { SoapEnvelope } from '../../../protocol/soap/index.js';
import type { GlobalConfView } from '../components.js';
import type { ServiceConfig } from '../config.js';
import type { Defects } from '../defects.js';
import type { OperationalDataStore } from '../opmon/op-monitor.js';
import type { DescriptionFetcher } from './service-description.js';

export interface MetaserviceServerConf {
  readonly serverId: SecurityServerId;
  hosts(client: ClientId): boolean;
  hostedClient(client: ClientId): { isCerts: string[] } | undefined;
  /** Services configured for a provider, in configuration order. */
  servicesOf(provider: ClientId): ServiceConfig[];
  /** Access right of `client` to `service` (version ignored, ID-003). */
  isAllowed(client: ClientId, service: ServiceId): boolean;
}

/** The operational monitoring settings (op-monitor.ini of a real server). */
export interface OpMonSettings {
  /** records-available-timestamp-offset-seconds: recordsFrom must lie this far in the past (default 60). */
  recordsAvailableOffsetSeconds: number;
  /** max-records-in-payload (default 10000). */
  maxRecordsInPayload: number;
  /** health-statistics-period-seconds (default 600). */
  statisticsPeriodSeconds: number;
}

export const DEFAULT_OPMON_SETTINGS: OpMonSettings = {
  recordsAvailableOffsetSeconds: 60,
  maxRecordsInPayload: 10_000,
  statisticsPeriodSeconds: 600,
};

export interface MetaserviceContext {
  serverConf: MetaserviceServerConf;
  globalConf: GlobalConfView;
  /** Operational data store; without it the monitoring services are not offered (ordinary services then). */
  opMonitor?: OperationalDataStore;
  opMonSettings?: Partial<OpMonSettings>;
  /**
   * The central monitoring client (GCONF-013, monitoring-params.xml) as a client id string.
   * GlobalConfView has no accessor for it yet; when absent, only the owner is privileged.
   */
  monitoringClient?: () => string | undefined;
  /** Version announced as proxyVersion by getSecurityServerMetrics. */
  proxyVersion?: string;
  /** Fetches WSDL / OpenAPI descriptions (default: HTTP(S) GET with the service's TLS rule). */
  fetchDescription?: DescriptionFetcher;
  /** Our internal TLS identity when fetching over HTTPS. */
  clientTls?: { certPem: string; keyPem: string };
  now?: () => Date;
  /** The server's seeded defects (allowed-methods-lists-all, list-methods-shows-metaservices, getwsdl-keeps-endpoint, opmon-shows-all-records). */
  defects?: Pick<Defects, 'has'>;
}

export interface SoapMetaserviceRequest {
  protocol: 'soap';
  /** The decoded request SOAP part (exact bytes: the response's requestHash is computed over them). */
  envelope: SoapEnvelope;
  client: ClientId;
  service: ServiceId;
}

export interface RestMetaserviceRequest {
  protocol: 'rest';
  method: string;
  client: ClientId;
  service: ServiceId;
  /** Raw path after the service code ('' or '/...'). */
  servicePath: string;
  /** Raw query without '?'. */
  query?: string;
}

export type MetaserviceRequest = SoapMetaserviceRequest | RestMetaserviceRequest;

/** Same shape as the server proxy's ProviderAnswer (server-proxy/provider-client.ts). */
export interface MetaserviceAnswer {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: Buffer;
}

export function nowOf(ctx: MetaserviceContext): Date {
  return ctx.now ? ctx.now() : new Date();
}
