// Switch-over rehearsal: two reference security servers wired with the real trust components
// instead of the interim stand-ins — the configuration client against the central server
// simulator, an OCSP cache per server, each server's :5577 download role at server-proxy port + 1,
// and the X-Road TLS trust — exchange a SOAP message; then configuration changes reach the
// servers through the central server alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSoapEnvelope } from '../../protocol/soap/index.js';
import { startCentralServer, type CentralServerHandle } from '../central-server/index.js';
import { buildSoapRequest, closeClientIsConnections, sendSoap, startProviderIs, type ProviderIs } from '../member-systems/index.js';
import { startOcspResponder, type OcspResponderHandle } from '../ocsp-responder/index.js';
import { createTestPki, type IssuedCert, type TestPki } from '../pki/index.js';
import { startGlobalConfClient, type GlobalConfClient } from './globalconf-client.js';
import { XRoadOcspCache } from './ocsp-cache.js';
import { ocspDownloadLookupFrom, startOcspDownloadServer, type OcspDownloadLookup, type OcspDownloadServer } from './ocsp-download.js';
import { startSecurityServer, type SecurityServerHandle } from './security-server.js';
import { XRoadTlsTrust } from './tls-trust.js';
import { freePortPair } from '../http/free-port.js';

const CLIENT = 'DEV/COM/1234/CLIENT';
const PROVIDER = 'DEV/GOV/4321/PROV';


describe('reference security servers wired with the real trust components', () => {
  let pki: TestPki;
  let ocsp: OcspResponderHandle;
  let cs: CentralServerHandle;
  let gc: GlobalConfClient;
  let provider: ProviderIs;
  let ss1: SecurityServerHandle;
  let ss2: SecurityServerHandle;
  const caches: XRoadOcspCache[] = [];
  const downloads: OcspDownloadServer[] = [];
  let clock: Date | undefined;
  let downloadHits = 0;

  async function server(code: 'SS1' | 'SS2', clients: string[], extra: Record<string, unknown>): Promise<SecurityServerHandle> {
    const certs = pki.securityServers[code];
    const { memberClass, memberCode } = certs.serverId;
    const member = `DEV/${memberClass}/${memberCode}`;
    const pair = (c: IssuedCert) => ({ certPem: c.certPem, keyPem: c.keyPem });
    const cache = new XRoadOcspCache({ globalConf: gc, ownCerts: [certs.auth.cert, certs.sign[member].cert], timeoutMs: 2_000 });
    cache.start();
    caches.push(cache);
    const port = await freePortPair();
    const lookup = ocspDownloadLookupFrom(cache);
    const counted: OcspDownloadLookup = (h) => {
      downloadHits++;
      return lookup(h);
    };
    downloads.push(await startOcspDownloadServer({ lookup: counted, port: port + 1 }));
    return startSecurityServer(
      {
        serverId: `${member}/${code}`,
        clients: clients.map((id) => ({ id })),
        keys: { auth: pair(certs.auth), sign: { [member]: pair(certs.sign[member]) } },
        globalConf: gc,
        ocspCache: cache,
        listen: { host: '127.0.0.1', clientHttpPort: 0, clientHttpsPort: null, serverProxyPort: port },
        ...extra,
      },
      { tlsTrust: new XRoadTlsTrust({ globalConf: gc, ocspCache: cache, peerOcspTimeoutMs: 2_000 }) },
    );
  }

  beforeAll(async () => {
    pki = await createTestPki();
    ocsp = await startOcspResponder({ pki, defaultStatus: 'good' });
    provider = await startProviderIs();
    cs = await startCentralServer({ pki, modelOptions: { ocspUrl: ocsp.url } });
    const m = cs.model;
    m.members!.find((x) => x.memberCode === '1234')!.subsystems!.push({ subsystemCode: 'CLIENT' });
    m.members!.find((x) => x.memberCode === '4321')!.subsystems!.push({ subsystemCode: 'PROV' });
    m.securityServers![0].clients!.push({ objectType: 'SUBSYSTEM', xRoadInstance: 'DEV', memberClass: 'COM', memberCode: '1234', subsystemCode: 'CLIENT' });
    m.securityServers![1].clients!.push({ objectType: 'SUBSYSTEM', xRoadInstance: 'DEV', memberClass: 'GOV', memberCode: '4321', subsystemCode: 'PROV' });
    cs.publish();
    gc = await startGlobalConfClient({ anchorXml: cs.anchorXml(), refreshSeconds: 3600, timeoutMs: 2_000, now: () => clock ?? new Date() });
    ss1 = await server('SS1', [CLIENT], {});
    ss2 = await server('SS2', [PROVIDER], {
      services: [{ provider: PROVIDER, code: 'echo', type: 'soap', url: `${provider.url}/soap/echo` }],
      accessRights: [{ service: `${PROVIDER}/echo`, clients: [CLIENT] }],
    });
    m.securityServers![0].address = ss1.serverProxyAddress;
    m.securityServers![1].address = ss2.serverProxyAddress;
    cs.publish();
    expect((await gc.refresh()).ok).toBe(true);
  });
  afterAll(async () => {
    await Promise.allSettled([ss1?.stop(), ss2?.stop()]);
    await Promise.allSettled([...caches.map((c) => c.stop()), ...downloads.map((d) => d.stop()), gc?.stop()]);
    await Promise.allSettled([cs?.stop(), ocsp?.stop(), provider?.stop()]);
    await closeClientIsConnections();
  });

  const send = async (id: string) => {
    const ev = await sendSoap(ss1.clientProxyUrl, buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo`, id }), { soapAction: '""' });
    return parseSoapEnvelope(ev.body, { contentType: ev.headers['content-type'] });
  };

  it('a SOAP exchange passes; the consumer got the provider auth OCSP from the :5577 role once', async () => {
    const first = await send('wired-1');
    expect(first.isFault, JSON.stringify(first.fault)).toBe(false);
    expect(first.header.id).toBe('wired-1');
    expect(downloadHits).toBe(1);
    const second = await send('wired-2');
    expect(second.isFault).toBe(false);
    expect(downloadHits).toBe(1);
  });

  it('a client removed from its server in the central server is refused by the provider (TRANSP-010)', async () => {
    const clients = cs.model.securityServers![0].clients!;
    const saved = [...clients];
    clients.splice(0, clients.length, ...saved.filter((c) => c.subsystemCode !== 'CLIENT'));
    cs.publish();
    await gc.refresh();
    try {
      const env = await send('wired-unregistered');
      expect(env.isFault).toBe(true);
      expect(env.fault?.faultString).toContain("Client 'DEV/COM/1234/CLIENT' is not registered at security server DEV/COM/1234/SS1");
      expect((env.fault?.faultCode ?? '').toLowerCase()).toContain('ssl_authentication_failed');
    } finally {
      clients.splice(0, clients.length, ...saved);
      cs.publish();
      await gc.refresh();
    }
    expect((await send('wired-again')).isFault).toBe(false);
  });

  it('once the configuration has expired, messages are refused with global_conf_outdated (GCONF-008)', async () => {
    clock = new Date(gc.expireDate()!.getTime() + 1_000);
    try {
      const env = await send('wired-expired');
      expect(env.isFault).toBe(true);
      expect((env.fault?.faultCode ?? '').toLowerCase()).toContain('global_conf_outdated');
      expect(env.fault?.faultString).toBe('Global configuration is expired');
    } finally {
      clock = undefined;
    }
  });
});
