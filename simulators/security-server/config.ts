// SecurityServerConfig: everything one reference security server instance needs, validated once
// at start (a bad config names the field, never fails later mid-exchange). Identifiers are kept in
// their short string form (INSTANCE/CLASS/CODE[/SUBSYSTEM]; services .../SERVICECODE[/VERSION]
// with the subsystem mandatory here, as X-Road 7.8 requires for REST, §15.7).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { z } from 'zod';
import type { GlobalConfView, MessageLog, OcspCache } from './components.js';

const SEGMENT = '[^/\\s]+';
const CLIENT_ID = new RegExp(`^${SEGMENT}/${SEGMENT}/${SEGMENT}(/${SEGMENT})?$`);
const SERVER_ID = new RegExp(`^${SEGMENT}/${SEGMENT}/${SEGMENT}/${SEGMENT}$`);
const MEMBER_ID = new RegExp(`^${SEGMENT}/${SEGMENT}/${SEGMENT}$`);

const clientIdString = z.string().regex(CLIENT_ID, 'expected INSTANCE/CLASS/CODE[/SUBSYSTEM]');
const memberIdString = z.string().regex(MEMBER_ID, 'expected INSTANCE/CLASS/CODE');

const certPem = z.string().refine(
  (s) => {
    try {
      new X509Certificate(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a PEM certificate' },
);

const keyPem = z.string().refine(
  (s) => {
    try {
      createPrivateKey(s);
      return true;
    } catch {
      return false;
    }
  },
  { message: 'not a PEM private key' },
);

const keyPair = z.object({ certPem, keyPem, chainPem: z.array(certPem).default([]) });

/** IS connection policy (MESS-009): HTTP, HTTPS without client auth, HTTPS with a registered IS cert. */
export const IsConnectionPolicy = z.enum(['http', 'https-noauth', 'https']);
export type IsConnectionPolicy = z.infer<typeof IsConnectionPolicy>;

const hostedClient = z.object({
  id: clientIdString,
  isConnection: IsConnectionPolicy.default('http'),
  /** Registered IS TLS certificates (policy `https`); also used when this server calls the IS. */
  isCerts: z.array(certPem).default([]),
});

const service = z.object({
  /** Provider client id (must be a hosted client). */
  provider: clientIdString,
  code: z.string().min(1),
  version: z.string().min(1).optional(),
  type: z.enum(['soap', 'rest', 'openapi']),
  url: z.string().min(1),
  timeoutMs: z.number().int().positive().default(60_000),
  /** Set = service disabled, with this notice (TRANSP-011 `service_disabled`). */
  disabledNotice: z.string().optional(),
  wsdl: z.string().optional(),
  openapi: z.string().optional(),
  /** Verify the provider IS's TLS certificate against the client's isCerts (SslToServiceAuth). */
  verifyIsCert: z.boolean().default(false),
});

const accessRight = z.object({
  /** Service as PROVIDER/serviceCode, e.g. `DEV/GOV/4321/SUB/getRandom` (version ignored, ID-003). */
  service: z.string().min(1),
  clients: z.array(clientIdString),
});

const listen = z.object({
  host: z.string().default('127.0.0.1'),
  /** Client proxy, plain HTTP (0 = ephemeral). */
  clientHttpPort: z.number().int().min(0).max(65535).default(0),
  /** Client proxy, HTTPS (0 = ephemeral, null = off). */
  clientHttpsPort: z.number().int().min(0).max(65535).nullable().default(0),
  /** SS-to-SS mutual TLS port (real X-Road: 5500). */
  serverProxyPort: z.number().int().min(0).max(65535).default(0),
  /** Health check port (proxy.health-check-port, X-Road default off; 0 = ephemeral, null = off). */
  healthCheckPort: z.number().int().min(0).max(65535).nullable().default(null),
});

/** The health check's settings (health-checks.ts); unset fields keep X-Road's values. */
const healthCheck = z.object({
  /** proxy.hsm-health-check-enabled (default false). */
  hsm: z.boolean().optional(),
  /** proxy.memory-usage-threshold, percent (default: no memory check). */
  memoryUsageThresholdPercent: z.number().min(0).max(100).optional(),
  /** An OK result is reused this long (X-Road: 2 s). */
  resultValidForMs: z.number().int().min(0).optional(),
  /** A failure is reused this long (X-Road: 30 s). */
  errorValidForMs: z.number().int().min(0).optional(),
  /** Limit per check (X-Road: 5 s). */
  timeoutMs: z.number().int().positive().optional(),
});

/** Operational monitoring (op-monitor.ini of a real server); unset fields keep X-Road's defaults. */
const opmon = z.object({
  /** records-available-timestamp-offset-seconds: recordsFrom must lie this far in the past (default 60). */
  recordsAvailableOffsetSeconds: z.number().int().min(0).optional(),
  /** max-records-in-payload (default 10000). */
  maxRecordsInPayload: z.number().int().positive().optional(),
  /** health-statistics-period-seconds (default 600). */
  statisticsPeriodSeconds: z.number().int().positive().optional(),
});

const timeouts = z.object({
  /** TRANSP-014 client-timeout: connecting to a provider SS. */
  connectMs: z.number().int().positive().default(30_000),
  /** Whole SS-to-SS exchange (X-Road: client-timeout + socket timeout). */
  transportMs: z.number().int().positive().default(120_000),
  /** Largest request / response body buffered before verification (TRANSP-008). */
  maxMessageBytes: z.number().int().positive().default(64 * 1024 * 1024),
});

export const SecurityServerConfigSchema = z.object({
  /** INSTANCE/CLASS/CODE/SERVERCODE */
  serverId: z.string().regex(SERVER_ID, 'expected INSTANCE/CLASS/CODE/SERVERCODE'),
  clients: z.array(hostedClient).min(1),
  services: z.array(service).default([]),
  accessRights: z.array(accessRight).default([]),
  keys: z.object({
    /** The server's authentication key (TLS on the SS-to-SS port). */
    auth: keyPair,
    /** Signing keys by member id INSTANCE/CLASS/CODE. */
    sign: z.record(memberIdString, keyPair),
  }),
  /** TLS certificate of the client-side HTTPS listener (the "internal" cert); defaults to the auth key. */
  internalTls: keyPair.optional(),
  globalConf: z.custom<GlobalConfView>((v) => typeof v === 'object' && v !== null && typeof (v as GlobalConfView).securityServers === 'function', {
    message: 'expected a GlobalConfView',
  }),
  ocspCache: z.custom<OcspCache>((v) => typeof v === 'object' && v !== null && typeof (v as OcspCache).ownResponse === 'function', {
    message: 'expected an OcspCache',
  }),
  messageLog: z
    .custom<MessageLog>((v) => typeof v === 'object' && v !== null && typeof (v as MessageLog).log === 'function', { message: 'expected a MessageLog' })
    .optional(),
  listen: listen.default({ host: '127.0.0.1', clientHttpPort: 0, clientHttpsPort: 0, serverProxyPort: 0, healthCheckPort: null }),
  healthCheck: healthCheck.optional(),
  timeouts: timeouts.default({ connectMs: 30_000, transportMs: 120_000, maxMessageBytes: 64 * 1024 * 1024 }),
  /** server-min-supported-client-version (TRANSP-012); unset = any. */
  minClientVersion: z.string().regex(/^\d+(\.\d+)*$/).optional(),
  /** Version this server announces in x-proxy-version. */
  proxyVersion: z.string().default('7.8.0'),
  opmon: opmon.optional(),
  /** Seeded defects switched on (defects.ts); never any by default. */
  defects: z.array(z.string()).default([]),
  /** Peer fault knobs switched on at start (peer-knobs.ts); more can be set at run time. */
  knobs: z.record(z.string(), z.unknown()).default({}),
});

export type SecurityServerConfigInput = z.input<typeof SecurityServerConfigSchema>;
export type SecurityServerConfig = z.output<typeof SecurityServerConfigSchema>;
export type HostedClientConfig = SecurityServerConfig['clients'][number];
export type ServiceConfig = SecurityServerConfig['services'][number];

export class SecurityServerConfigError extends Error {
  override readonly name = 'SecurityServerConfigError';
  readonly code = 'invalid_config';
}

/** Validates a config; throws SecurityServerConfigError naming every bad field. */
export function parseSecurityServerConfig(input: SecurityServerConfigInput): SecurityServerConfig {
  const result = SecurityServerConfigSchema.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new SecurityServerConfigError(`Invalid security server config:\n  ${lines.join('\n  ')}`);
  }
  const config = result.data;
  checkCrossReferences(config);
  return config;
}

function checkCrossReferences(config: SecurityServerConfig): void {
  const problems: string[] = [];
  const hosted = new Set(config.clients.map((c) => c.id));
  const instance = config.serverId.split('/')[0];
  config.clients.forEach((c, i) => {
    if (c.id.split('/')[0] !== instance) problems.push(`clients.${i}.id: ${c.id} is not in instance ${instance}`);
    const member = c.id.split('/').slice(0, 3).join('/');
    if (!config.keys.sign[member]) problems.push(`clients.${i}.id: no signing key for member ${member} (keys.sign)`);
    if (c.isConnection === 'https' && c.isCerts.length === 0) problems.push(`clients.${i}.isCerts: policy https needs at least one IS certificate`);
  });
  config.services.forEach((s, i) => {
    if (!hosted.has(s.provider)) problems.push(`services.${i}.provider: ${s.provider} is not a hosted client`);
    if (s.type !== 'soap' && s.provider.split('/').length !== 4) problems.push(`services.${i}.provider: REST provider ${s.provider} must be a subsystem (§15.7)`);
  });
  config.accessRights.forEach((a, i) => {
    const parts = a.service.split('/');
    const providerKnown = hosted.has(parts.slice(0, 4).join('/')) || hosted.has(parts.slice(0, 3).join('/'));
    if (parts.length < 4 || !providerKnown) {
      problems.push(`accessRights.${i}.service: ${a.service} is not PROVIDER/serviceCode of a hosted client`);
    }
  });
  if (problems.length > 0) throw new SecurityServerConfigError(`Invalid security server config:\n  ${problems.join('\n  ')}`);
}
