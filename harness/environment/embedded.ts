// The embedded target: the reference security server as the SUT and a second one as the peer,
// with the simulated central server, OCSP responder, TSA and provider IS around them. Each
// security server downloads the global configuration from the central server, keeps its own OCSP
// cache and message log, and decides TLS trust from the configuration — as a real one does.
// Everything runs in this process on loopback, except the SUT when a perf run asks for it in a
// process of its own (sut-process.ts).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../../simulators/pki/index.js';
import { startOcspResponder } from '../../simulators/ocsp-responder/index.js';
import { startTsa } from '../../simulators/tsa/index.js';
import { startCentralServer, type CentralServerHandle } from '../../simulators/central-server/index.js';
import { ManagementInbox, managementServiceBehaviour, startProviderIs } from '../../simulators/member-systems/index.js';
import type { TargetProfile } from '../profile/index.js';
import type { BringUpOptions } from './bring-up.js';
import type { Environment } from './environment.js';
import type { EnvironmentHandles } from './environment-handles.js';
import { freePortPair } from '../../simulators/http/free-port.js';
import { startEmbeddedSide, type EmbeddedSide, type SideName } from './embedded-side.js';
import { MANAGEMENT_PATH_PREFIX, MANAGEMENT_SUBSYSTEM, sideLayout, type SideLayout } from './instance-layout.js';
import { startSutProcess } from './sut-process.js';

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

/** The peer's MANAGEMENT subsystem as managementRequestServiceProviderId (MSERV-001), registered on the peer. */
function registerManagementProvider(cs: CentralServerHandle, peer: SideLayout): void {
  const m = cs.model;
  const member = m.members!.find((x) => x.memberClass.code === peer.memberClass && x.memberCode === peer.memberCode);
  const server = m.securityServers!.find((x) => x.serverCode === peer.serverCode);
  if (!member || !server) throw new Error(`the instance model has no member or server for ${peer.serverId}`);
  if (!member.subsystems!.some((x) => x.subsystemCode === MANAGEMENT_SUBSYSTEM)) member.subsystems!.push({ subsystemCode: MANAGEMENT_SUBSYSTEM, subsystemName: 'Management services' });
  const id = { objectType: 'SUBSYSTEM' as const, xRoadInstance: m.instanceIdentifier, memberClass: peer.memberClass, memberCode: peer.memberCode, subsystemCode: MANAGEMENT_SUBSYSTEM };
  server.clients!.push(id);
  m.managementService = { ...m.managementService, managementRequestServiceProviderId: id };
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
    // authCertRegService: the HTTPS authCertReg endpoint (MSERV-004), published in the private parameters.
    const cs = await startCentralServer({ pki, modelOptions: { ocspUrl: ocsp.url, tsaUrl: tsa.url }, confExpireIntervalSeconds: timing.confExpireIntervalSeconds, authCertRegService: true });
    stops.push(() => cs.stop());
    cs.model.ocspFreshnessSeconds = timing.ocspFreshnessSeconds;
    cs.model.timeStampingIntervalSeconds = Math.max(1, Math.round(timing.timestampingIntervalSeconds));
    registerSubsystems(cs, [sut, peer]);
    registerManagementProvider(cs, peer);
    cs.publish();

    const startSide = async (name: SideName, me: SideLayout, other: SideLayout, defects: string[], serverProxyPort?: number): Promise<EmbeddedSide> => {
      const side = await startEmbeddedSide({
        name, me, other, pki, anchorXml: cs.anchorXml(), providerIsUrl: providerIs.url, workDir, defects,
        globalConfRefreshSeconds: timing.globalConfRefreshSeconds,
        healthCheckErrorCacheSeconds: timing.healthCheckErrorCacheSeconds,
        ...(serverProxyPort !== undefined ? { serverProxyPort } : {}),
      });
      stops.push(() => side.stop());
      return side;
    };
    const servers = cs.model.securityServers!;
    const addressOf = (side: SideLayout) => servers.find((x) => x.serverCode === side.serverCode)!;

    if (opts.sutInOwnProcess) {
      // Addresses go into the published directory first, so that each side loads the final one.
      const sutPort = await freePortPair();
      let peerPort = await freePortPair();
      while (Math.abs(peerPort - sutPort) < 2) peerPort = await freePortPair();
      addressOf(sut).address = `127.0.0.1:${sutPort}`;
      addressOf(peer).address = `127.0.0.1:${peerPort}`;
      cs.publish();
      const sutProcess = await startSutProcess({
        me: sut, other: peer, pki, anchorXml: cs.anchorXml(), providerIsUrl: providerIs.url, workDir, defects: opts.defects,
        globalConfRefreshSeconds: timing.globalConfRefreshSeconds, serverProxyPort: sutPort,
      });
      stops.push(() => sutProcess.stop());
      const peerSide = await startSide('peer', peer, sut, [], peerPort);
      const handles: EnvironmentHandles = {
        pki, ocsp, tsa, providerIs, centralServer: cs, globalConf: peerSide.globalConf, peerGlobalConf: peerSide.globalConf,
        peer: peerSide.server, layout: { sut, peer }, peerLog: peerSide.log, workDir,
      };
      const i = sutProcess.info;
      return {
        profile,
        reportDir: opts.reportDir,
        sut: {
          id: sut.serverId,
          version: `roadtest reference security server (x-proxy-version ${i.proxyVersion}, own process ${sutProcess.pid})`,
          clientProxyUrl: i.clientProxyUrl,
          clientProxyHttpsUrl: i.clientProxyHttpsUrl,
          serverProxyUrl: i.serverProxyUrl,
          ocspDownloadUrl: i.ocspDownloadUrl,
          asicBaseUrl: i.clientProxyUrl,
          defects: opts.defects,
          pid: sutProcess.pid,
        },
        handles: handles as unknown as Record<string, unknown>,
        stop: stopAll,
      };
    }

    const sutSide = await startSide('sut', sut, peer, opts.defects);
    const peerSide = await startSide('peer', peer, sut, []);
    // The management service provider's IS: decodes, verifies and records every management request.
    const managementInbox = new ManagementInbox();
    providerIs.behaviours.set(MANAGEMENT_PATH_PREFIX, managementServiceBehaviour({ trust: () => peerSide.globalConf.trust(), inbox: managementInbox }));

    addressOf(sut).address = sutSide.server.serverProxyAddress;
    addressOf(peer).address = peerSide.server.serverProxyAddress;
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
      managementInbox,
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
        ...(sutSide.server.healthCheckUrl ? { healthCheckUrl: sutSide.server.healthCheckUrl } : {}),
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
