// A real security server reached by URL (profile kind: url). The harness runs the trust services,
// the provider IS and the peer SS; the SUT's endpoints come from the profile. An unreachable or
// misbehaving SUT shows up as per-scenario failures with timeouts, never as a hung run.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, loadPki, type TestPki } from '../../simulators/pki/index.js';
import { startOcspResponder } from '../../simulators/ocsp-responder/index.js';
import { startTsa } from '../../simulators/tsa/index.js';
import { startProviderIs } from '../../simulators/member-systems/index.js';
import { startSecurityServer } from '../../simulators/security-server/security-server.js';
import { InterimOcspCache } from '../../simulators/security-server/interim-ocsp-cache.js';
import { createMessageLog } from '../../simulators/security-server/message-log/index.js';
import { staticGlobalConfFromPki } from '../../simulators/security-server/static-globalconf.js';
import type { TargetProfile } from '../profile/index.js';
import type { BringUpOptions } from './bring-up.js';
import type { Environment } from './environment.js';
import type { EnvironmentHandles } from './environment-handles.js';
import { SERVICES, serviceUrl, sideLayout } from './instance-layout.js';

const PKI_DIR = 'fixtures/certs/generated';

export async function startRemoteEnvironment(profile: TargetProfile, opts: BringUpOptions): Promise<Environment> {
  const s = profile.securityServer;
  const sut = sideLayout(profile.instance, s.serverCode, s.memberClass, s.memberCode);
  const peer = sideLayout(profile.instance, 'PEER', 'GOV', '4321');
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => void (await Promise.allSettled(stops.reverse().map((f) => f())));
  try {
    const pki: TestPki = existsSync(join(PKI_DIR, 'pki.json'))
      ? loadPki(PKI_DIR)
      : await createTestPki({ instance: profile.instance, securityServers: [{ serverCode: 'PEER', owner: { memberClass: 'GOV', memberCode: '4321' } }] });
    const peerCerts = pki.securityServers.PEER ?? Object.values(pki.securityServers)[0]!;
    const ocsp = await startOcspResponder({ pki, defaultStatus: 'good' });
    stops.push(() => ocsp.stop());
    const tsa = await startTsa({ pki });
    stops.push(() => tsa.stop());
    const providerIs = await startProviderIs();
    stops.push(() => providerIs.stop());
    const serverProxy = profile.endpoints.serverProxy ? new URL(profile.endpoints.serverProxy) : undefined;
    const globalConf = staticGlobalConfFromPki(pki, {
      ocspUrl: ocsp.url,
      tsaUrl: tsa.url,
      servers: [{ serverCode: peerCerts.serverId.serverCode, clients: [peer.member, peer.client, peer.provider] }],
    });
    globalConf.update((d) => {
      d.securityServers.push({
        id: sut.serverId,
        ...(serverProxy ? { address: serverProxy.port ? `${serverProxy.hostname}:${serverProxy.port}` : serverProxy.hostname } : {}),
        authCertHashes: [],
        clients: profile.hosts.map((h) => [profile.instance, h.memberClass, h.memberCode, h.subsystemCode].filter(Boolean).join('/')),
      });
    });
    const ocspCache = new InterimOcspCache(() => globalConf.trust());
    const workDir = mkdtempSync(join(tmpdir(), 'roadtest-env-'));
    const peerLog = await createMessageLog({ directory: join(workDir, 'peer', 'messagelog'), globalConf, timestampRetryDelaySeconds: 1 });
    stops.push(() => peerLog.stop());
    const peerSs = await startSecurityServer({
      serverId: peer.serverId,
      clients: [{ id: peer.member }, { id: peer.client }, { id: peer.provider }],
      services: SERVICES.map((x) => ({ provider: peer.provider, code: x.code, ...(x.version ? { version: x.version } : {}), type: x.type, url: serviceUrl(providerIs.url, 'peer', x) })),
      accessRights: SERVICES.filter((x) => !x.version).map((x) => ({ service: `${peer.provider}/${x.code}`, clients: x.allowed.length ? [sut.client] : [] })),
      keys: {
        auth: { certPem: peerCerts.auth.certPem, keyPem: peerCerts.auth.keyPem },
        sign: Object.fromEntries(Object.entries(peerCerts.sign).map(([m, c]) => [m, { certPem: c.certPem, keyPem: c.keyPem }])),
      },
      globalConf,
      ocspCache,
      messageLog: peerLog,
    });
    stops.push(() => peerSs.stop());
    globalConf.update((d) => {
      d.securityServers[0]!.address = peerSs.serverProxyAddress;
    });
    const handles: EnvironmentHandles = {
      pki,
      ocsp,
      tsa,
      providerIs,
      globalConf,
      peer: peerSs,
      layout: { sut, peer },
      peerLog,
      workDir,
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
