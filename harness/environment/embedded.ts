// The embedded target: the reference security server as the SUT (SS1) and a second one as the
// peer (SS2), with the simulated OCSP responder, TSA and provider IS around them. Everything runs
// in this process on loopback.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestPki, type TestPki } from '../../simulators/pki/index.js';
import { startOcspResponder } from '../../simulators/ocsp-responder/index.js';
import { startTsa } from '../../simulators/tsa/index.js';
import { startProviderIs } from '../../simulators/member-systems/index.js';
import { startSecurityServer, type SecurityServerHandle } from '../../simulators/security-server/security-server.js';
import { InterimOcspCache } from '../../simulators/security-server/interim-ocsp-cache.js';
import { createMessageLog } from '../../simulators/security-server/message-log/index.js';
import { staticGlobalConfFromPki } from '../../simulators/security-server/static-globalconf.js';
import type { SecurityServerConfigInput } from '../../simulators/security-server/config.js';
import type { TargetProfile } from '../profile/index.js';
import type { BringUpOptions } from './bring-up.js';
import type { Environment } from './environment.js';
import type { EnvironmentHandles } from './environment-handles.js';
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

function ssConfig(
  side: 'sut' | 'peer',
  me: SideLayout,
  other: SideLayout,
  pki: TestPki,
  providerIsUrl: string,
): Omit<SecurityServerConfigInput, 'globalConf' | 'ocspCache'> {
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
    })),
    accessRights: SERVICES.filter((s) => !s.version).map((s) => ({ service: `${me.provider}/${s.code}`, clients: s.allowed.map(allowedFor) })),
    keys: {
      auth: { certPem: certs.auth.certPem, keyPem: certs.auth.keyPem },
      sign: { [me.member]: { certPem: sign.certPem, keyPem: sign.keyPem } },
    },
  };
}

export async function startEmbeddedEnvironment(profile: TargetProfile, opts: BringUpOptions): Promise<Environment> {
  const instance = profile.instance;
  const s = profile.securityServer;
  const sut = sideLayout(instance, s.serverCode, s.memberClass, s.memberCode);
  const peer = sideLayout(instance, 'PEER', 'GOV', '4321');
  const stops: Array<() => Promise<unknown>> = [];
  const stopAll = async () => {
    await Promise.allSettled(stops.reverse().map((f) => f()));
  };
  try {
    const pki = await instancePki(instance, sut, peer, profile.keys.algorithm);
    const ocsp = await startOcspResponder({ pki, defaultStatus: 'good' });
    stops.push(() => ocsp.stop());
    const tsa = await startTsa({ pki });
    stops.push(() => tsa.stop());
    const providerIs = await startProviderIs();
    stops.push(() => providerIs.stop());

    const globalConf = staticGlobalConfFromPki(pki, {
      ocspUrl: ocsp.url,
      tsaUrl: tsa.url,
      timestampingIntervalSeconds: profile.timing.timestampingIntervalSeconds,
      servers: [
        { serverCode: sut.serverCode, clients: [sut.member, sut.client, sut.provider] },
        { serverCode: peer.serverCode, clients: [peer.member, peer.client, peer.provider] },
      ],
    });
    const ocspCache = new InterimOcspCache(() => globalConf.trust());
    const workDir = mkdtempSync(join(tmpdir(), 'roadtest-env-'));
    const logFor = async (name: string) => {
      const log = await createMessageLog({ directory: join(workDir, name, 'messagelog'), globalConf, timestampRetryDelaySeconds: 1 });
      stops.push(() => log.stop());
      return log;
    };
    const sutLog = await logFor('sut');
    const peerLog = await logFor('peer');

    const sutSs: SecurityServerHandle = await startSecurityServer({
      ...ssConfig('sut', sut, peer, pki, providerIs.url),
      globalConf,
      ocspCache,
      messageLog: sutLog,
      defects: opts.defects,
    }, { local: { verificationconf: (req, res) => sutLog.handleVerificationConf(req, res) } });
    stops.push(() => sutSs.stop());
    const peerSs: SecurityServerHandle = await startSecurityServer(
      { ...ssConfig('peer', peer, sut, pki, providerIs.url), globalConf, ocspCache, messageLog: peerLog },
      { local: { verificationconf: (req, res) => peerLog.handleVerificationConf(req, res) } },
    );
    stops.push(() => peerSs.stop());
    globalConf.update((d) => {
      d.securityServers[0]!.address = sutSs.serverProxyAddress;
      d.securityServers[1]!.address = peerSs.serverProxyAddress;
    });

    const handles: EnvironmentHandles = {
      pki,
      ocsp,
      tsa,
      providerIs,
      globalConf,
      sutServer: sutSs,
      peer: peerSs,
      layout: { sut, peer },
      sutLog,
      peerLog,
      workDir,
    };
    return {
      profile,
      reportDir: opts.reportDir,
      sut: {
        id: sut.serverId,
        clientProxyUrl: sutSs.clientProxyUrl,
        clientProxyHttpsUrl: sutSs.clientProxyHttpsUrl,
        serverProxyUrl: sutSs.serverProxyUrl,
        asicBaseUrl: sutSs.clientProxyUrl,
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
