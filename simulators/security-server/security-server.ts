// startSecurityServer(): wires one reference security server from its config and opens its
// listeners — client proxy (HTTP and HTTPS for information systems) and server proxy (mutual TLS
// for other security servers) and, when asked, the :5577 OCSP download role. The trust components
// (configuration client, OCSP cache, message log) come in through the config; the TLS trust, the
// metaservices and operational monitoring are wired here.
import { X509Certificate } from 'node:crypto';
import { parseSecurityServerConfig, type SecurityServerConfig, type SecurityServerConfigInput } from './config.js';
import { clientProxyHandler, startClientProxy, type Listener, type LocalHandlers } from './client-proxy/client-proxy.js';
import type { MessageLog, TlsTrust } from './components.js';
import { Defects } from './defects.js';
import { XRoadTlsTrust } from './tls-trust.js';
import { ocspDownloadLookupFrom, startOcspDownloadServer, type OcspDownloadLookup } from './ocsp-download.js';
import { MessageVerifier } from './message-verifier.js';
import { PeerKnobs } from './peer-knobs.js';
import { ServerConf } from './server-conf.js';
import type { ExchangeEvent, ServerContext } from './server-context.js';
import { startServerProxy } from './server-proxy/server-proxy.js';
import { Signer } from './signer.js';
import { TransportClient } from './transport-client.js';
import { TimingHooks } from './exchange-timing.js';
import { listClientsHandler, metaserviceContextFor, type MetaserviceContext } from './metaservices/index.js';
import { MemoryOpMonitor } from './opmon/op-monitor.js';
import { OwnOcsp } from './own-ocsp.js';
import { currentAuthIdentity } from './auth-identity.js';
import { sendManagementRequest, type ManagementExchange, type ManagementSendOptions } from './management/management-sender.js';
import type { ManagementFields, ManagementKind } from '../../protocol/mserv/index.js';
import { HealthChecks } from './health-checks.js';
import { startHealthCheckPort, type HealthCheckPort } from './health-check-port.js';
import { sendAuthCertReg, type AuthCertRegExchange, type AuthCertRegOptions, type NewAuthKey } from './management/auth-cert-reg-sender.js';

export interface SecurityServerOptions {
  /** Replace the interim TLS trust decision (the trust component's tls-trust.ts). */
  tlsTrust?: TlsTrust;
  /** Handlers for the locally answered client-proxy paths. */
  local?: LocalHandlers;
  /**
   * Serve the :5577 OCSP download role (TRANSP-003) at server-proxy port + 1 (README, Addresses);
   * the lookup may be wrapped (peer knobs: stale or revoked OCSP). Needs a fixed server-proxy port.
   */
  ocspDownload?: boolean | { lookup: OcspDownloadLookup };
}

export interface SecurityServerHandle {
  serverId: string;
  /** `http://host:port` of the client proxy. */
  clientProxyUrl: string;
  /** `https://host:port` of the client proxy, when enabled. */
  clientProxyHttpsUrl?: string;
  /** `https://host:port` of the server proxy (SS-to-SS). */
  serverProxyUrl: string;
  /** `host:port` as it goes into shared-params securityServer/address. */
  serverProxyAddress: string;
  /** `http://host:port` of the OCSP download role, when started. */
  ocspDownloadUrl?: string;
  /** `http://host:port` of the health check port (listen.healthCheckPort), when on. */
  healthCheckUrl?: string;
  /** The health check port itself (maintenance mode, as X-Road's admin port switches it). */
  healthCheck?: HealthCheckPort;
  config: SecurityServerConfig;
  knobs: PeerKnobs;
  defects: Defects;
  /** What each exchange did (steps, faults), newest last. */
  events: ExchangeEvent[];
  /** Operational monitoring records of every exchange (OPMON-006). */
  opMonitor: MemoryOpMonitor;
  /**
   * High-resolution per-exchange timing (total, waiting on the other party, own) and TLS
   * handshakes of both proxies: `timing.subscribe({ exchange, tlsHandshake })` returns the
   * unsubscribe function. Costs nothing while no one subscribes.
   */
  timing: TimingHooks;
  messageLog?: MessageLog;
  /**
   * Sends a management request (MSERV-001/003) through this server's own client proxy, as its
   * administrator's action would; `server` defaults to this server.
   */
  sendManagementRequest(kind: Exclude<ManagementKind, 'authCertReg'>, fields: Partial<ManagementFields>, options?: ManagementSendOptions): Promise<ManagementExchange>;
  /**
   * Registers a new authentication certificate (MSERV-004): posts authCertReg directly to the
   * central server's authCertRegServiceAddress over HTTPS pinned to authCertRegServiceCert.
   */
  sendAuthCertReg(auth: NewAuthKey, options?: AuthCertRegOptions): Promise<AuthCertRegExchange>;
  stop(): Promise<void>;
}

function formatHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/**
 * The server proxy and, with a lookup, the download role at its port + 1 (README, Addresses).
 * With port 0 a free pair is searched: a taken port + 1 makes it try another ephemeral port.
 */
async function listenServerProxy(ctx: ServerContext, host: string, port: number, lookup: OcspDownloadLookup | undefined): Promise<{ serverProxy: Listener; download?: Listener }> {
  for (let attempt = 0; ; attempt++) {
    const serverProxy = await startServerProxy(ctx, host, port);
    if (!lookup) return { serverProxy };
    try {
      const d = await startOcspDownloadServer({ lookup, host, port: serverProxy.port + 1 });
      return { serverProxy, download: { host, port: d.port, close: () => d.stop() } };
    } catch (e) {
      await serverProxy.close();
      if (port !== 0 || (e as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 20) throw e;
    }
  }
}

export async function startSecurityServer(input: SecurityServerConfigInput, options: SecurityServerOptions = {}): Promise<SecurityServerHandle> {
  const config = parseSecurityServerConfig(input);
  const defects = new Defects(config.defects);
  const knobs = new PeerKnobs(config.knobs);
  const serverConf = new ServerConf(config);
  const tlsTrust =
    options.tlsTrust ??
    new XRoadTlsTrust({ globalConf: config.globalConf, ocspCache: config.ocspCache, skipRegistrationCheck: () => defects.has('accept-unregistered-auth-cert') });
  const opMonitor = new MemoryOpMonitor();
  const timing = new TimingHooks();
  const ownOcsp = new OwnOcsp(config.ocspCache, knobs, config.globalConf, () => defects.has('ocsp-fetch-per-message'));
  const ctx: ServerContext = {
    config,
    serverConf,
    globalConf: config.globalConf,
    ocspCache: config.ocspCache,
    tlsTrust,
    ownOcsp,
    signer: new Signer((cert) => ownOcsp.response(cert, 'sign')),
    verifier: new MessageVerifier(config.globalConf),
    transport: new TransportClient(timing),
    ...(config.messageLog ? { messageLog: config.messageLog } : {}),
    defects,
    knobs,
    events: [],
    opMonitor,
    timing,
    meta: undefined as unknown as MetaserviceContext,
  };
  // A new list of security servers (registrations, addresses) is judged on new connections.
  let servers = JSON.stringify(config.globalConf.securityServers());
  config.globalConf.onUpdate(() => {
    const now = JSON.stringify(config.globalConf.securityServers());
    if (now !== servers) ctx.transport.retireConnections();
    servers = now;
  });
  ctx.meta = metaserviceContextFor(ctx, { opMonitor, ...(config.opmon ? { opMonSettings: config.opmon } : {}) });
  const local: LocalHandlers = {
    ...(config.messageLog ? { asic: (req, res, url) => config.messageLog!.handleAsic(req, res, url) } : {}),
    listClients: listClientsHandler(config.globalConf),
    ...options.local,
  };

  const listeners: Listener[] = [];
  try {
    const { host } = config.listen;
    const inner = options.ocspDownload === true ? ocspDownloadLookupFrom(config.ocspCache) : options.ocspDownload ? options.ocspDownload.lookup : undefined;
    const lookup = inner && ownOcsp.downloadLookup(inner, () => {
      const identity = currentAuthIdentity(ctx);
      return [identity.cert, ...identity.chain];
    });
    const { serverProxy, download } = await listenServerProxy(ctx, host, config.listen.serverProxyPort, lookup);
    listeners.push(serverProxy);
    if (download) listeners.push(download);
    const ocspDownloadUrl = download ? `http://${formatHostPort(host, download.port)}` : undefined;
    const plain = await startClientProxy(ctx, local, host, config.listen.clientHttpPort);
    listeners.push(plain);
    let httpsListener: Listener | undefined;
    if (config.listen.clientHttpsPort !== null) {
      const internal = config.internalTls ?? config.keys.auth;
      httpsListener = await startClientProxy(ctx, local, host, config.listen.clientHttpsPort, { certPem: internal.certPem, keyPem: internal.keyPem });
      listeners.push(httpsListener);
    }
    let healthCheck: HealthCheckPort | undefined;
    if (config.listen.healthCheckPort !== null) {
      // The checks read the server's real state: its configuration copy, its token's keys and the
      // OCSP cache (not the peer knobs' forged responses, which only others are shown).
      const checks = new HealthChecks(
        {
          serverId: config.serverId,
          globalConf: config.globalConf,
          authKey: () => serverConf.authKey,
          ownOcsp: (cert) => config.ocspCache.ownResponse(cert),
          signKeys: () => Object.values(config.keys.sign).map((k) => ({ cert: new X509Certificate(k.certPem), keyPem: k.keyPem })),
        },
        config.healthCheck ?? {},
      );
      healthCheck = await startHealthCheckPort({ run: () => checks.run(), alwaysOk: () => defects.has('health-always-ok'), host, port: config.listen.healthCheckPort });
      listeners.push({ host, port: healthCheck.port, close: () => healthCheck!.close() });
    }
    return {
      serverId: config.serverId,
      clientProxyUrl: `http://${formatHostPort(host, plain.port)}`,
      ...(httpsListener ? { clientProxyHttpsUrl: `https://${formatHostPort(host, httpsListener.port)}` } : {}),
      serverProxyUrl: `https://${formatHostPort(host, serverProxy.port)}`,
      serverProxyAddress: formatHostPort(host, serverProxy.port),
      ...(ocspDownloadUrl ? { ocspDownloadUrl } : {}),
      ...(healthCheck ? { healthCheckUrl: healthCheck.url, healthCheck } : {}),
      config,
      knobs,
      defects,
      events: ctx.events,
      opMonitor,
      timing,
      ...(config.messageLog ? { messageLog: config.messageLog } : {}),
      sendManagementRequest: (kind, fields, opts) =>
        sendManagementRequest(
          { serverConf, globalConf: config.globalConf, ownOcsp: (cert) => ownOcsp.response(cert, 'sign'), defects, clientProxyUrl: () => `http://${formatHostPort(host, plain.port)}` },
          kind,
          fields,
          opts,
        ),
      sendAuthCertReg: (auth, opts) =>
        sendAuthCertReg(
          { serverConf, globalConf: config.globalConf, ownOcsp: (cert) => ownOcsp.response(cert, 'sign'), defects, clientProxyUrl: () => `http://${formatHostPort(host, plain.port)}` },
          auth,
          opts,
        ),
      async stop() {
        ctx.transport.close();
        await Promise.all(listeners.map((l) => l.close()));
      },
    };
  } catch (e) {
    await Promise.all(listeners.map((l) => l.close()));
    throw e;
  }
}

export { clientProxyHandler };
export { closeProviderConnections } from './server-proxy/provider-client.js';
