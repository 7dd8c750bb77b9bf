// A real security server reached by URL (profile kind: url). The harness runs the trust services
// (central server, OCSP responder, TSA), the provider IS and the peer SS; the SUT's endpoints come
// from the profile. The peer is wired as the embedded one is: it downloads the global
// configuration from the central server (which the SUT is anchored to as well), keeps its own
// OCSP cache and serves the :5577 download role. An unreachable or misbehaving SUT shows up as
// per-scenario failures with timeouts, never as a hung run.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, loadPki, type TestPki } from '../../simulators/pki/index.js';
import { startOcspResponder } from '../../simulators/ocsp-responder/index.js';
import { startTsa } from '../../simulators/tsa/index.js';
import { startCentralServer, type InstanceModel } from '../../simulators/central-server/index.js';
import { startProviderIs } from '../../simulators/member-systems/index.js';
import { startSecurityServer } from '../../simulators/security-server/security-server.js';
import { startGlobalConfClient } from '../../simulators/security-server/globalconf-client.js';
import { XRoadOcspCache } from '../../simulators/security-server/ocsp-cache.js';
import { createMessageLog } from '../../simulators/security-server/message-log/index.js';
import type { TargetProfile } from '../profile/index.js';
import type { BringUpOptions } from './bring-up.js';
import type { Environment } from './environment.js';
import type { EnvironmentHandles } from './environment-handles.js';
import { freePortPair } from '../../simulators/http/free-port.js';
import { SERVICES, serviceUrl, sideLayout } from './instance-layout.js';

const PKI_DIR = 'fixtures/certs/generated';

type ModelMember = NonNullable<InstanceModel['members']>[number];

function memberOf(m: InstanceModel, memberClass: string, memberCode: string): ModelMember {
  let member = m.members!.find((x) => x.memberClass.code === memberClass && x.memberCode === memberCode);
  if (!member) {
    member = { memberClass: { code: memberClass, description: memberClass }, memberCode, name: `${memberClass} ${memberCode}`, subsystems: [] };
    m.members!.push(member);
    if (!m.memberClasses.some((c) => c.code === memberClass)) m.memberClasses.push({ code: memberClass, description: memberClass });
  }
  return member;
}

/** Lists `clients` (member or subsystem ids) as registered and hosted by `serverCode`. */
function host(m: InstanceModel, serverCode: string, clients: Array<{ memberClass: string; memberCode: string; subsystemCode?: string }>): void {
  const server = m.securityServers!.find((s) => s.serverCode === serverCode)!;
  for (const c of clients) {
    const member = memberOf(m, c.memberClass, c.memberCode);
    if (c.subsystemCode === undefined) {
      if (!server.clients!.some((x) => x.memberClass === c.memberClass && x.memberCode === c.memberCode && x.subsystemCode === undefined)) {
        server.clients!.push({ objectType: 'MEMBER', xRoadInstance: m.instanceIdentifier, memberClass: c.memberClass, memberCode: c.memberCode });
      }
      continue;
    }
    if (!member.subsystems!.some((s) => s.subsystemCode === c.subsystemCode)) member.subsystems!.push({ subsystemCode: c.subsystemCode });
    server.clients!.push({ objectType: 'SUBSYSTEM', xRoadInstance: m.instanceIdentifier, memberClass: c.memberClass, memberCode: c.memberCode, subsystemCode: c.subsystemCode });
  }
}

export async function startRemoteEnvironment(profile: TargetProfile, opts: BringUpOptions): Promise<Environment> {
  const s = profile.securityServer;
  const sut = sideLayout(profile.instance, s.serverCode, s.memberClass, s.memberCode);
  const peer = sideLayout(profile.instance, 'PEER', 'GOV', '4321');
  const timing = profile.timing;
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await Promise.allSettled([stop()]);
  };
  try {
    const pki: TestPki = existsSync(join(PKI_DIR, 'pki.json'))
      ? loadPki(PKI_DIR)
      : await createTestPki({ instance: profile.instance, securityServers: [{ serverCode: 'PEER', owner: { memberClass: 'GOV', memberCode: '4321' } }] });
    const peerCerts = pki.securityServers.PEER ?? Object.values(pki.securityServers)[0]!;
    const peerCode = peerCerts.serverId.serverCode;
    const ocsp = await startOcspResponder({ pki, defaultStatus: 'good' });
    stops.push(() => ocsp.stop());
    const tsa = await startTsa({ pki });
    stops.push(() => tsa.stop());
    const providerIs = await startProviderIs();
    stops.push(() => providerIs.stop());
    const cs = await startCentralServer({ pki, modelOptions: { ocspUrl: ocsp.url, tsaUrl: tsa.url }, confExpireIntervalSeconds: timing.confExpireIntervalSeconds });
    stops.push(() => cs.stop());
    const m = cs.model;
    m.ocspFreshnessSeconds = timing.ocspFreshnessSeconds;
    m.timeStampingIntervalSeconds = Math.max(1, Math.round(timing.timestampingIntervalSeconds));
    host(m, peerCode, [
      { memberClass: peer.memberClass, memberCode: peer.memberCode, subsystemCode: 'CLIENT' },
      { memberClass: peer.memberClass, memberCode: peer.memberCode, subsystemCode: 'PROVIDER' },
    ]);
    // The SUT as the instance lists it: its auth cert is registered when the PKI issued it.
    const serverProxy = profile.endpoints.serverProxy ? new URL(profile.endpoints.serverProxy) : undefined;
    const sutAddress = serverProxy ? (serverProxy.port ? `${serverProxy.hostname}:${serverProxy.port}` : serverProxy.hostname) : undefined;
    memberOf(m, sut.memberClass, sut.memberCode);
    let sutServer = m.securityServers!.find((x) => x.serverCode === s.serverCode && x.owner.memberClass === s.memberClass && x.owner.memberCode === s.memberCode);
    if (!sutServer) {
      sutServer = { owner: { memberClass: s.memberClass, memberCode: s.memberCode }, serverCode: s.serverCode, authCerts: [], clients: [] };
      m.securityServers!.push(sutServer);
    }
    if (sutAddress) sutServer.address = sutAddress;
    else delete sutServer.address;
    host(m, s.serverCode, profile.hosts);
    cs.publish();

    const globalConf = await startGlobalConfClient({ anchorXml: cs.anchorXml(), refreshSeconds: timing.globalConfRefreshSeconds, timeoutMs: 2_000 });
    stops.push(() => globalConf.stop());
    const peerMember = `${profile.instance}/${peerCerts.serverId.memberClass}/${peerCerts.serverId.memberCode}`;
    const ownSign = peerCerts.sign[peerMember] ?? Object.values(peerCerts.sign)[0]!;
    const ocspCache = new XRoadOcspCache({ globalConf, ownCerts: [peerCerts.auth.cert, ownSign.cert], timeoutMs: 2_000 });
    ocspCache.start();
    stops.push(async () => ocspCache.stop());
    const workDir = mkdtempSync(join(tmpdir(), 'roadtest-env-'));
    const peerLog = await createMessageLog({ directory: join(workDir, 'peer', 'messagelog'), globalConf, timestampRetryDelaySeconds: 1 });
    stops.push(() => peerLog.stop());
    const port = await freePortPair();
    const peerSs = await startSecurityServer(
      {
        serverId: peer.serverId,
        clients: [{ id: peer.member }, { id: peer.client }, { id: peer.provider }],
        services: SERVICES.map((x) => ({ provider: peer.provider, code: x.code, ...(x.version ? { version: x.version } : {}), type: x.type, url: serviceUrl(providerIs.url, 'peer', x) })),
        accessRights: SERVICES.filter((x) => !x.version).map((x) => ({ service: `${peer.provider}/${x.code}`, clients: x.allowed.length ? [sut.client] : [] })),
        keys: {
          auth: { certPem: peerCerts.auth.certPem, keyPem: peerCerts.auth.keyPem },
          sign: Object.fromEntries(Object.entries(peerCerts.sign).map(([member, c]) => [member, { certPem: c.certPem, keyPem: c.keyPem }])),
        },
        globalConf,
        ocspCache,
        messageLog: peerLog,
        listen: { host: '127.0.0.1', clientHttpPort: 0, clientHttpsPort: 0, serverProxyPort: port },
      },
      { ocspDownload: true, local: { verificationconf: (req, res) => peerLog.handleVerificationConf(req, res) } },
    );
    stops.push(() => peerSs.stop());
    m.securityServers!.find((x) => x.serverCode === peerCode)!.address = peerSs.serverProxyAddress;
    cs.publish();
    const loaded = await globalConf.refresh();
    if (!loaded.ok) throw new Error(`the peer security server could not load the global configuration: ${JSON.stringify(loaded).slice(0, 300)}`);

    const handles: EnvironmentHandles = {
      pki,
      ocsp,
      tsa,
      providerIs,
      centralServer: cs,
      globalConf,
      peerGlobalConf: globalConf,
      peer: peerSs,
      layout: { sut, peer },
      peerLog,
      workDir,
      /** Publishes the changed instance model; the peer loads it now, the SUT at its next refresh. */
      async republish() {
        cs.publish();
        await globalConf.refresh();
      },
    };
    const asic = profile.endpoints.asic ? profile.endpoints.asic.replace(/\/asic\/?$/, '') : profile.endpoints.clientProxyHttp;
    return {
      profile,
      reportDir: opts.reportDir,
      sut: {
        id: sut.serverId,
        clientProxyUrl: profile.endpoints.clientProxyHttp,
        clientProxyHttpsUrl: profile.endpoints.clientProxyHttps,
        serverProxyUrl: profile.endpoints.serverProxy,
        ocspDownloadUrl: profile.endpoints.ocspDownload,
        ...(profile.endpoints.healthCheck ? { healthCheckUrl: profile.endpoints.healthCheck } : {}),
        asicBaseUrl: asic,
        defects: [],
      },
      handles: handles as unknown as Record<string, unknown>,
      stop: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}
