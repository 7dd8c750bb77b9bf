// Test support: a small X-Road instance on loopback — test PKI, OCSP responder, provider IS, a
// static global configuration, SS1 (consumer side, hosts DEV/COM/1234/CLIENT) and SS2 (provider
// side, hosts DEV/GOV/4321/PROV and its services). Used by this folder's tests; the harness builds
// its own environment from the same pieces.
import { startOcspResponder, type OcspResponderHandle } from '../ocsp-responder/index.js';
import { startProviderIs, type ProviderIs } from '../member-systems/index.js';
import { createTestPki, type TestPki } from '../pki/index.js';
import type { SecurityServerConfigInput } from './config.js';
import { InterimOcspCache } from './interim-ocsp-cache.js';
import { MemoryMessageLog } from './memory-message-log.js';
import { startSecurityServer, type SecurityServerHandle } from './security-server.js';
import { staticGlobalConfFromPki, type StaticGlobalConf } from './static-globalconf.js';

export const CLIENT = 'DEV/COM/1234/CLIENT';
export const PROVIDER = 'DEV/GOV/4321/PROV';
export const OTHER_PROVIDER_MEMBER = { memberClass: 'GOV', memberCode: '9999' };

export interface TestNetwork {
  pki: TestPki;
  ocsp: OcspResponderHandle;
  provider: ProviderIs;
  globalConf: StaticGlobalConf;
  ss1: SecurityServerHandle;
  ss2: SecurityServerHandle;
  log1: MemoryMessageLog;
  log2: MemoryMessageLog;
  stop(): Promise<void>;
}

export interface TestNetworkOptions {
  ss1?: Partial<SecurityServerConfigInput>;
  ss2?: Partial<SecurityServerConfigInput>;
  pki?: TestPki;
}

let sharedPki: Promise<TestPki> | undefined;

/** One PKI per test process: key generation is the slow part. */
export function testPki(): Promise<TestPki> {
  sharedPki ??= createTestPki({
    securityServers: [
      { serverCode: 'SS1', owner: { memberClass: 'COM', memberCode: '1234' } },
      { serverCode: 'SS2', owner: { memberClass: 'GOV', memberCode: '4321' }, members: [OTHER_PROVIDER_MEMBER] },
    ],
  });
  return sharedPki;
}

function keyPair(cert: { certPem: string; keyPem: string }) {
  return { certPem: cert.certPem, keyPem: cert.keyPem };
}

export async function startTestNetwork(options: TestNetworkOptions = {}): Promise<TestNetwork> {
  const pki = options.pki ?? (await testPki());
  const ocsp = await startOcspResponder({ pki, defaultStatus: 'good' });
  const provider = await startProviderIs();
  const globalConf = staticGlobalConfFromPki(pki, {
    ocspUrl: ocsp.url,
    servers: [
      { serverCode: 'SS1', clients: [CLIENT] },
      { serverCode: 'SS2', clients: [PROVIDER, 'DEV/GOV/9999'] },
    ],
  });
  const ocspCache = new InterimOcspCache(() => globalConf.trust());
  const log1 = new MemoryMessageLog();
  const log2 = new MemoryMessageLog();
  const ss1Certs = pki.securityServers.SS1!;
  const ss2Certs = pki.securityServers.SS2!;
  const ss1 = await startSecurityServer({
    serverId: 'DEV/COM/1234/SS1',
    clients: [{ id: CLIENT }],
    keys: { auth: keyPair(ss1Certs.auth), sign: { 'DEV/COM/1234': keyPair(ss1Certs.sign['DEV/COM/1234']!) } },
    globalConf,
    ocspCache,
    messageLog: log1,
    ...options.ss1,
  });
  const ss2 = await startSecurityServer({
    serverId: 'DEV/GOV/4321/SS2',
    clients: [{ id: PROVIDER }, { id: 'DEV/GOV/9999' }],
    services: [
      { provider: PROVIDER, code: 'echo', type: 'soap', url: `${provider.url}/soap/echo` },
      { provider: PROVIDER, code: 'echo', version: 'v1', type: 'soap', url: `${provider.url}/soap/echo-v1` },
      { provider: PROVIDER, code: 'denied', type: 'soap', url: `${provider.url}/soap/denied` },
      { provider: PROVIDER, code: 'closed', type: 'soap', url: `${provider.url}/soap/closed`, disabledNotice: 'closed for maintenance' },
      { provider: PROVIDER, code: 'rest', type: 'rest', url: `${provider.url}/rest` },
      { provider: PROVIDER, code: 'slow', type: 'soap', url: `${provider.url}/soap/slow`, timeoutMs: 500 },
    ],
    accessRights: [
      { service: `${PROVIDER}/echo`, clients: [CLIENT] },
      { service: `${PROVIDER}/closed`, clients: [CLIENT] },
      { service: `${PROVIDER}/rest`, clients: [CLIENT] },
      { service: `${PROVIDER}/slow`, clients: [CLIENT] },
    ],
    keys: {
      auth: keyPair(ss2Certs.auth),
      sign: { 'DEV/GOV/4321': keyPair(ss2Certs.sign['DEV/GOV/4321']!), 'DEV/GOV/9999': keyPair(ss2Certs.sign['DEV/GOV/9999']!) },
    },
    globalConf,
    ocspCache,
    messageLog: log2,
    ...options.ss2,
  });
  globalConf.update((d) => {
    d.securityServers[0]!.address = ss1.serverProxyAddress;
    d.securityServers[1]!.address = ss2.serverProxyAddress;
  });
  return {
    pki,
    ocsp,
    provider,
    globalConf,
    ss1,
    ss2,
    log1,
    log2,
    async stop() {
      await Promise.allSettled([ss1.stop(), ss2.stop(), provider.stop(), ocsp.stop()]);
    },
  };
}
