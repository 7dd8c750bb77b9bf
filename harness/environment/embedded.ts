// The embedded target: the reference security server as the SUT and a second one as the peer,
// with the simulated central server, OCSP responder, TSA and provider IS around them. Each
// security server downloads the global configuration from the central server, keeps its own OCSP
// cache and message log, and decides TLS trust from the configuration — as a real one does.
// Everything runs in this process on loopback.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../../simulators/pki/index.js';
import { startOcspResponder } from '../../simulators/ocsp-responder/index.js';
import { startTsa } from '../../simulators/tsa/index.js';
import { startCentralServer, type CentralServerHandle } from '../../simulators/central-server/index.js';
import { startProviderIs } from '../../simulators/member-systems/index.js';
import { startSecurityServer, type SecurityServerHandle } from '../../simulators/security-server/security-server.js';
import { startGlobalConfClient, type GlobalConfClient } from '../../simulators/security-server/globalconf-client.js';
import { XRoadOcspCache } from '../../simulators/security-server/ocsp-cache.js';
import { createMessageLog, type ReferenceMessageLog } from '../../simulators/security-server/message-log/index.js';
import { Defects } from '../../simulators/security-server/defects.js';
import { XRoadTlsTrust } from '../../simulators/security-server/tls-trust.js';
import { listClientsHandler } from '../../simulators/security-server/metaservices/index.js';
import type { SecurityServerConfigInput } from '../../simulators/security-server/config.js';
import type { TargetProfile } from '../profile/index.js';
import type { BringUpOptions } from './bring-up.js';
import type { Environment } from './environment.js';
import type { EnvironmentHandles } from './environment-handles.js';
import { freePortPair } from '../../simulators/http/free-port.js';
import { SERVICES, serviceUrl, sideLayout, type SideLayout } from './instance-layout.js';

const pkiCache = new Map<string, Promise<TestPki>>();

/** One test PKI per instance and process: RSA key generation is the slow part of bring-up. */
function instancePki(instance: string, sut: SideLayout, peer: SideLayout, keyAlgorithm: 'rsa' | 'ec'): Promise<TestPki> {
  const key = `${instance}|${keyAlgorithm}|${sut.serverId}|${peer.serverId}`;
  let p = pkiCache.get(key);
  if (!p) {
    p = createTestPki({
      instance,
      keyAlgorithm,
      securityServers: [
        { serverCode: sut.serverCode, owner: { memberClass: sut.memberClass, memberCode: sut.memberCode } },
        { serverCode: peer.serverCode, owner: { memberClass: peer.memberClass, memberCode: peer.memberCode } },
      ],
    });
    pkiCache.set(key, p);
  }
  return p;
}

function ssConfig(side: 'sut' | 'peer', me: SideLayout, other: SideLayout, pki: TestPki, providerIsUrl: string): Omit<SecurityServerConfigInput, 'globalConf' | 'ocspCache'> {
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

/**
 * Seeded defects (SUT only) for the components built here, before and outside startSecurityServer
 * (configuration client, OCSP cache, message log, TLS trust, /listClients): the names asked for
 * until the server runs, then the server's own switches, so one switched on later reaches them too.
 */
function followServerDefects(names: string[], server: () => SecurityServerHandle | undefined): Pick<Defects, 'has'> {
  const initial = new Defects(names);
  return { has: (name) => (server()?.defects ?? initial).has(name) };
}

/** Registers the CLIENT and PROVIDER subsystems of both sides in the published instance. */
function registerSubsystems(cs: CentralServerHandle, sides: SideLayout[]): void {
  const m = cs.model;
  for (const side of sides) {
    const member = m.members!.find((x) => x.memberClass.code === side.memberClass && x.memberCode === side.memberCode);
    if (!member) throw new Error(`the instance model has no member ${side.member}`);
    const server = m.securityServers!.find((x) => x.serverCode === side.serverCode);
    if (!server) throw new Error(`the instance model has no security server ${side.serverId}`);
    for (const code of ['CLIENT', 'PROVIDER']) {
      member.subsystems!.push({ subsystemCode: code, subsystemName: `${side.memberCode} ${code.toLowerCase()}` });
      server.clients!.push({ objectType: 'SUBSYSTEM', xRoadInstance: m.instanceIdentifier, memberClass: side.memberClass, memberCode: side.memberCode, subsystemCode: code });
    }
  }
}

export async function startEmbeddedEnvironment(profile: TargetProfile, opts: BringUpOptions): Promise<Environment> {
  const instance = profile.instance;
  const s = profile.securityServer;
  const sut = sideLayout(instance, s.serverCode, s.memberClass, s.memberCode);
  const peer = sideLayout(instance, 'PEER', 'GOV', '4321');
  const timing = profile.timing;
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    // Servers first, then what they use (caches, configuration clients, logs), then simulators.
    for (const stop of stops.reverse()) await Promise.allSettled([stop()]);
  };
  try {
    const pki = await instancePki(instance, sut, peer, profile.keys.algorithm);
    const workDir = mkdtempSync(join(tmpdir(), 'roadtest-env-'));
    const ocsp = await startOcspResponder({ pki, defaultStatus: 'good' });
    stops.push(() => ocsp.stop());
    const tsa = await startTsa({ pki });
    stops.push(() => tsa.stop());
    const providerIs = await startProviderIs();
    stops.push(() => providerIs.stop());
    const cs = await startCentralServer({ pki, modelOptions: { ocspUrl: ocsp.url, tsaUrl: tsa.url }, confExpireIntervalSeconds: timing.confExpireIntervalSeconds });
    stops.push(() => cs.stop());
    cs.model.ocspFreshnessSeconds = timing.ocspFreshnessSeconds;
    cs.model.timeStampingIntervalSeconds = Math.max(1, Math.round(timing.timestampingIntervalSeconds));
    registerSubsystems(cs, [sut, peer]);
    cs.publish();

    const startSide = async (name: 'sut' | 'peer', me: SideLayout, other: SideLayout, defects: string[]) => {
      const started: { server?: SecurityServerHandle } = {};
      const componentDefects = name === 'sut' ? followServerDefects(defects, () => started.server) : undefined;
      const switches = componentDefects ? { defects: componentDefects } : {};
      const globalConf: GlobalConfClient = await startGlobalConfClient({ anchorXml: cs.anchorXml(), refreshSeconds: timing.globalConfRefreshSeconds, timeoutMs: 2_000, ...switches });
      stops.push(() => globalConf.stop());
      const certs = pki.securityServers[me.serverCode]!;
      const ocspCache = new XRoadOcspCache({ globalConf, ownCerts: [certs.auth.cert, certs.sign[me.member]!.cert], timeoutMs: 2_000, ...switches });
      ocspCache.start();
      stops.push(async () => ocspCache.stop());
      const bodyLogging = { on: true };
      const log: ReferenceMessageLog = await createMessageLog({
        directory: join(workDir, name, 'messagelog'),
        globalConf,
        timestampRetryDelaySeconds: 1,
        messageBodyLogging: () => bodyLogging.on,
        ...switches,
      });
      stops.push(() => log.stop());
      const port = await freePortPair();
      const sutOnly = componentDefects
        ? {
            // The TLS trust startSecurityServer would build, with the OCSP defects plugged in.
            tlsTrust: new XRoadTlsTrust({ globalConf, ocspCache, skipRegistrationCheck: () => componentDefects.has('accept-unregistered-auth-cert'), defects: componentDefects }),
          }
        : {};
      const server: SecurityServerHandle = await startSecurityServer(
        {
          ...ssConfig(name, me, other, pki, providerIs.url),
          globalConf,
          ocspCache,
          messageLog: log,
          defects,
          listen: { host: '127.0.0.1', clientHttpPort: 0, clientHttpsPort: 0, serverProxyPort: port },
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
      return { globalConf, ocspCache, log, server, bodyLogging };
    };
    const sutSide = await startSide('sut', sut, peer, opts.defects);
    const peerSide = await startSide('peer', peer, sut, []);

    const servers = cs.model.securityServers!;
    servers.find((x) => x.serverCode === sut.serverCode)!.address = sutSide.server.serverProxyAddress;
    servers.find((x) => x.serverCode === peer.serverCode)!.address = peerSide.server.serverProxyAddress;
    cs.publish();
    for (const gc of [sutSide.globalConf, peerSide.globalConf]) {
      const r = await gc.refresh();
      if (!r.ok) throw new Error(`a security server could not load the global configuration: ${JSON.stringify(r).slice(0, 300)}`);
    }

    const handles: EnvironmentHandles = {
      pki,
      ocsp,
      tsa,
      providerIs,
      centralServer: cs,
      globalConf: sutSide.globalConf,
      peerGlobalConf: peerSide.globalConf,
      sutOcspCache: sutSide.ocspCache,
      sutServer: sutSide.server,
      peer: peerSide.server,
      layout: { sut, peer },
      sutLog: sutSide.log,
      peerLog: peerSide.log,
      workDir,
      setSutMessageBodyLogging: (on: boolean) => {
        sutSide.bodyLogging.on = on;
      },
      /** Publishes the changed instance model and waits until both servers have it. */
      async republish() {
        cs.publish();
        // A refresh the client's own timer started before publish() would be joined and return the
        // old directory; the second one is guaranteed to start after it.
        await Promise.all([sutSide.globalConf.refresh(), peerSide.globalConf.refresh()]);
        await Promise.all([sutSide.globalConf.refresh(), peerSide.globalConf.refresh()]);
      },
    };
    return {
      profile,
      reportDir: opts.reportDir,
      sut: {
        id: sut.serverId,
        version: `roadtest reference security server (x-proxy-version ${sutSide.server.config.proxyVersion})`,
        clientProxyUrl: sutSide.server.clientProxyUrl,
        clientProxyHttpsUrl: sutSide.server.clientProxyHttpsUrl,
        serverProxyUrl: sutSide.server.serverProxyUrl,
        ocspDownloadUrl: sutSide.server.ocspDownloadUrl,
        asicBaseUrl: sutSide.server.clientProxyUrl,
        defects: opts.defects,
      },
      handles: handles as unknown as Record<string, unknown>,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
