// Configuration and routing: config validation naming bad fields, IS connection policies over the
// HTTPS client proxy (MESS-009), provider server selection (TRANSP-013, EXT-001) and the minimum
// client proxy version (TRANSP-012).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSoapEnvelope } from '../../protocol/soap/index.js';
import { buildSoapRequest, closeClientIsConnections, sendSoap, type Evidence } from '../member-systems/index.js';
import { issueCertificate, type IssuedCert } from '../pki/index.js';
import { parseSecurityServerConfig, SecurityServerConfigError } from './config.js';
import { checkClientProxyVersion } from './server-proxy/access-check.js';
import { addSubsystem, CLIENT, PROVIDER, startTestNetwork, testPki, type TestNetwork } from './test-network.js';

function faultCode(ev: Evidence): string | undefined {
  return parseSoapEnvelope(ev.body).fault?.faultCode;
}

const soap = (over: Partial<Parameters<typeof buildSoapRequest>[0]> = {}) => buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo`, ...over });

describe('config validation', () => {
  it('names every bad field', async () => {
    const pki = await testPki();
    const auth = pki.securityServers.SS1!.auth;
    try {
      parseSecurityServerConfig({
        serverId: 'DEV/COM/1234',
        clients: [{ id: 'not an id' }],
        keys: { auth: { certPem: 'x', keyPem: auth.keyPem }, sign: {} },
        globalConf: {} as never,
        ocspCache: {} as never,
      });
      throw new Error('accepted a bad config');
    } catch (e) {
      expect(e).toBeInstanceOf(SecurityServerConfigError);
      const msg = (e as Error).message;
      expect(msg).toContain('serverId');
      expect(msg).toContain('clients.0.id');
      expect(msg).toContain('keys.auth.certPem');
      expect(msg).toContain('globalConf');
    }
  });
  it('checks cross references: signing key per hosted member, hosted providers, https needs IS certs', async () => {
    const pki = await testPki();
    const k = { certPem: pki.securityServers.SS1!.auth.certPem, keyPem: pki.securityServers.SS1!.auth.keyPem };
    const gc = { securityServers: () => [] } as never;
    const oc = { ownResponse: async () => Buffer.alloc(0) } as never;
    expect(() =>
      parseSecurityServerConfig({
        serverId: 'DEV/COM/1234/SS1',
        clients: [{ id: 'DEV/COM/1234/A', isConnection: 'https' }],
        services: [{ provider: 'DEV/GOV/1/X', code: 'c', type: 'soap', url: 'http://x' }],
        keys: { auth: k, sign: {} },
        globalConf: gc,
        ocspCache: oc,
      }),
    ).toThrow(/no signing key for member DEV\/COM\/1234[\s\S]*isCerts[\s\S]*services\.0\.provider/);
  });
});

describe('routing and connection policy', () => {
  let net: TestNetwork;
  let isCert: IssuedCert;
  let otherCert: IssuedCert;

  beforeAll(async () => {
    const pki = await testPki();
    isCert = await issueCertificate(pki.rootCa, { name: 'client-is', subject: [['CN', 'client IS']], profile: 'harness' });
    otherCert = await issueCertificate(pki.rootCa, { name: 'other-is', subject: [['CN', 'other IS']], profile: 'harness' });
    net = await startTestNetwork({
      ss1: {
        clients: [
          { id: CLIENT, isConnection: 'https', isCerts: [isCert.certPem] },
          { id: 'DEV/COM/1234/NOAUTH', isConnection: 'https-noauth' },
        ],
      },
      ss2: { minClientVersion: '7.5.0' },
    });
    await net.editGlobalConf((m) => addSubsystem(m, 'SS1', 'DEV/COM/1234/NOAUTH'));
    net.provider.behaviours.set('/soap', { kind: 'soap-echo' });
  });
  afterAll(async () => {
    await net?.stop();
    await closeClientIsConnections();
  });

  it('policy https: plain HTTP, no client cert and a wrong cert are refused; the registered cert passes (MESS-009)', async () => {
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBe('server.clientproxy.ssl_authentication_failed');
    expect(faultCode(await sendSoap(net.ss1.clientProxyHttpsUrl!, soap()))).toBe('server.clientproxy.ssl_authentication_failed');
    expect(faultCode(await sendSoap(net.ss1.clientProxyHttpsUrl!, soap(), { tls: { certPem: otherCert.certPem, keyPem: otherCert.keyPem } }))).toBe(
      'server.clientproxy.ssl_authentication_failed',
    );
    const ok = await sendSoap(net.ss1.clientProxyHttpsUrl!, soap(), { tls: { certPem: isCert.certPem, keyPem: isCert.keyPem } });
    expect(faultCode(ok), ok.text).toBeUndefined();
  });

  it('policy https-noauth: HTTPS without a client cert passes, plain HTTP does not', async () => {
    const noauth = soap({ client: 'DEV/COM/1234/NOAUTH' });
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, noauth))).toBe('server.clientproxy.ssl_authentication_failed');
    // Reaches the provider side, which refuses on access rights: the client proxy let it through.
    expect(faultCode(await sendSoap(net.ss1.clientProxyHttpsUrl!, noauth))).toBe('server.serverproxy.access_denied');
  });

  const tls = () => ({ tls: { certPem: isCert.certPem, keyPem: isCert.keyPem } });

  it('targets the named security server (EXT-001); a provider server that cannot be reached is skipped (TRANSP-013)', async () => {
    expect(faultCode(await sendSoap(net.ss1.clientProxyHttpsUrl!, soap({ securityServer: 'DEV/GOV/4321/SS2' }), tls()))).toBeUndefined();
    await net.editGlobalConf((m) => {
      m.securityServers!.push({
        owner: { memberClass: 'GOV', memberCode: '4321' },
        serverCode: 'SSX',
        address: '127.0.0.1:1',
        clients: [{ objectType: 'SUBSYSTEM', xRoadInstance: 'DEV', memberClass: 'GOV', memberCode: '4321', subsystemCode: 'PROV' }],
      });
    });
    try {
      expect(faultCode(await sendSoap(net.ss1.clientProxyHttpsUrl!, soap(), tls()))).toBeUndefined();
      // Only the dead one targeted: network_error.
      expect(faultCode(await sendSoap(net.ss1.clientProxyHttpsUrl!, soap({ securityServer: 'DEV/GOV/4321/SSX' }), tls()))).toBe('server.clientproxy.network_error');
    } finally {
      await net.editGlobalConf((m) => {
        m.securityServers!.pop();
      });
    }
  });

  it('client proxy version below the provider minimum -> client_proxy_version_not_supported (TRANSP-012)', async () => {
    expect(() => checkClientProxyVersion('7.6.0', '7.5.9')).toThrow(/not supported/);
    expect(() => checkClientProxyVersion('7.6.0', '7.6.0')).not.toThrow();
    expect(() => checkClientProxyVersion('7.6.0', '7.10.1')).not.toThrow();
    expect(() => checkClientProxyVersion(undefined, '1.0')).not.toThrow();
    net.ss1.knobs.set('old-proxy-version');
    try {
      expect(faultCode(await sendSoap(net.ss1.clientProxyHttpsUrl!, soap(), tls()))).toBe('server.serverproxy.client_proxy_version_not_supported');
    } finally {
      net.ss1.knobs.clear();
    }
  });
});
