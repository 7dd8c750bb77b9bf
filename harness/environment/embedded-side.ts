// One security server of the embedded target, with what it owns: its global-configuration client
// (from the central server's anchor), OCSP cache, message log and listeners. The environment
// starts two (SUT and peer) in its process; a perf run may start the SUT in a process of its own
// (sut-process.ts), so everything a side needs arrives as plain data.
import { join } from 'node:path';
import type { TestPki } from '../../simulators/pki/index.js';
import { startSecurityServer, type SecurityServerHandle } from '../../simulators/security-server/security-server.js';
import { startGlobalConfClient, type GlobalConfClient } from '../../simulators/security-server/globalconf-client.js';
import { XRoadOcspCache } from '../../simulators/security-server/ocsp-cache.js';
import { createMessageLog, type ReferenceMessageLog } from '../../simulators/security-server/message-log/index.js';
import { Defects } from '../../simulators/security-server/defects.js';
import { XRoadTlsTrust } from '../../simulators/security-server/tls-trust.js';
import { listClientsHandler } from '../../simulators/security-server/metaservices/index.js';
import type { SecurityServerConfigInput } from '../../simulators/security-server/config.js';
import { freePortPair } from '../../simulators/http/free-port.js';
import { MANAGEMENT_PATH_PREFIX, MANAGEMENT_SERVICE_CODES, managementProviderOf, SERVICES, serviceUrl, type SideLayout } from './instance-layout.js';

export type SideName = 'sut' | 'peer';

export interface SideSpec {
  name: SideName;
  me: SideLayout;
  other: SideLayout;
  pki: TestPki;
  anchorXml: string;
  providerIsUrl: string;
  /** Message log and other files go under `<workDir>/<name>`. */
  workDir: string;
  /** Seeded defects (the SUT only). */
  defects: string[];
  globalConfRefreshSeconds: number;
  /** The SUT's health check port reports a failure this long after its cause is gone (profile timing). */
  healthCheckErrorCacheSeconds?: number;
  /** Server proxy port (its pair + 1 serves OCSP downloads); default: a free pair. */
  serverProxyPort?: number;
}

export interface EmbeddedSide {
  globalConf: GlobalConfClient;
  ocspCache: XRoadOcspCache;
  log: ReferenceMessageLog;
  server: SecurityServerHandle;
  bodyLogging: { on: boolean };
  /** Servers first, then what they use. */
  stop(): Promise<void>;
}

export function ssConfig(side: SideName, me: SideLayout, other: SideLayout, pki: TestPki, providerIsUrl: string): Omit<SecurityServerConfigInput, 'globalConf' | 'ocspCache'> {
  const certs = pki.securityServers[me.serverCode]!;
  const sign = certs.sign[me.member]!;
  const allowedFor = (a: 'peer-client' | 'own-client') => (a === 'peer-client' ? other.client : me.client);
  return {
    serverId: me.serverId,
    clients: [{ id: me.member }, { id: me.client }, { id: me.provider }],
    services: SERVICES.map((s) => ({
      provider: me.provider,
      code: s.code,
      ...(s.version ? { version: s.version } : {}),
      type: s.type,
      url: serviceUrl(providerIsUrl, side, s),
      ...(s.timeoutMs ? { timeoutMs: s.timeoutMs } : {}),
      ...(s.disabledNotice ? { disabledNotice: s.disabledNotice } : {}),
      // getWsdl (META-003) fetches the description from the provider IS, as X-Road does.
      ...(s.type === 'soap' ? { wsdl: `${providerIsUrl}/wsdl/${side}/${s.path}` } : {}),
    })),
    accessRights: SERVICES.filter((s) => !s.version).map((s) => ({ service: `${me.provider}/${s.code}`, clients: s.allowed.map(allowedFor) })),
    keys: {
      auth: { certPem: certs.auth.certPem, keyPem: certs.auth.keyPem },
      sign: { [me.member]: { certPem: sign.certPem, keyPem: sign.keyPem } },
    },
  };
}

/** The peer hosts the management services (instance-layout.ts); both servers' owners may call them. */
function withManagementServices<T extends ReturnType<typeof ssConfig>>(cfg: T, me: SideLayout, other: SideLayout, providerIsUrl: string): T {
  const provider = managementProviderOf(me);
  return {
    ...cfg,
    clients: [...(cfg.clients ?? []), { id: provider }],
    services: [...(cfg.services ?? []), ...MANAGEMENT_SERVICE_CODES.map((code) => ({ provider, code, type: 'soap' as const, url: `${providerIsUrl}${MANAGEMENT_PATH_PREFIX}/${code}` }))],
    accessRights: [...(cfg.accessRights ?? []), ...MANAGEMENT_SERVICE_CODES.map((code) => ({ service: `${provider}/${code}`, clients: [other.member, me.member] }))],
  };
}

/**
 * Seeded defects (SUT only) for the components built here, before and outside startSecurityServer
 * (configuration client, OCSP cache, message log, TLS trust, /listClients): the names asked for
 * until the server runs, then the server's own switches, so one switched on later reaches them too.
 */
function followServerDefects(names: string[], server: () => SecurityServerHandle | undefined): Pick<Defects, 'has'> {
  const initial = new Defects(names);
  return { has: (name) => (server()?.defects ?? initial).has(name) };
}

export async function startEmbeddedSide(spec: SideSpec): Promise<EmbeddedSide> {
  const { name, me, other, pki } = spec;
  const stops: Array<() => Promise<unknown>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await Promise.allSettled([s()]);
  };
  try {
    const started: { server?: SecurityServerHandle } = {};
    const componentDefects = name === 'sut' ? followServerDefects(spec.defects, () => started.server) : undefined;
    const switches = componentDefects ? { defects: componentDefects } : {};
    const globalConf: GlobalConfClient = await startGlobalConfClient({ anchorXml: spec.anchorXml, refreshSeconds: spec.globalConfRefreshSeconds, timeoutMs: 2_000, ...switches });
    stops.push(() => globalConf.stop());
    const certs = pki.securityServers[me.serverCode]!;
    const ocspCache = new XRoadOcspCache({ globalConf, ownCerts: [certs.auth.cert, certs.sign[me.member]!.cert], timeoutMs: 2_000, ...switches });
    ocspCache.start();
    stops.push(async () => ocspCache.stop());
    const bodyLogging = { on: true };
    const log: ReferenceMessageLog = await createMessageLog({
      directory: join(spec.workDir, name, 'messagelog'),
      globalConf,
      timestampRetryDelaySeconds: 1,
      messageBodyLogging: () => bodyLogging.on,
      ...switches,
    });
    stops.push(() => log.stop());
    const port = spec.serverProxyPort ?? (await freePortPair());
    const sutOnly = componentDefects
      ? {
          // The TLS trust startSecurityServer would build, with the OCSP defects plugged in.
          tlsTrust: new XRoadTlsTrust({ globalConf, ocspCache, skipRegistrationCheck: () => componentDefects.has('accept-unregistered-auth-cert'), defects: componentDefects }),
        }
      : {};
    const server: SecurityServerHandle = await startSecurityServer(
      {
        ...(name === 'peer' ? withManagementServices(ssConfig(name, me, other, pki, spec.providerIsUrl), me, other, spec.providerIsUrl) : ssConfig(name, me, other, pki, spec.providerIsUrl)),
        globalConf,
        ocspCache,
        messageLog: log,
        defects: spec.defects,
        listen: { host: '127.0.0.1', clientHttpPort: 0, clientHttpsPort: 0, serverProxyPort: port, healthCheckPort: name === 'sut' ? 0 : null },
        // The SUT's health check port: X-Road's 2 s OK cache shortened too, so a failure shows at once.
        ...(name === 'sut' && spec.healthCheckErrorCacheSeconds !== undefined
          ? { healthCheck: { resultValidForMs: 200, errorValidForMs: Math.round(spec.healthCheckErrorCacheSeconds * 1000) } }
          : {}),
        // Records are queryable at once, so opmon scenarios need not wait X-Road's 60 s offset.
        opmon: { recordsAvailableOffsetSeconds: 0 },
      },
      {
        ocspDownload: true,
        ...sutOnly,
        local: {
          verificationconf: (req, res) => log.handleVerificationConf(req, res),
          ...(componentDefects ? { listClients: listClientsHandler(globalConf, { defects: componentDefects }) } : {}),
        },
      },
    );
    started.server = server;
    stops.push(() => server.stop());
    return { globalConf, ocspCache, log, server, bodyLogging, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}
