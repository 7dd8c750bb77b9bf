// SslToService* through the network: SS2 calls an HTTPS provider IS and, for services with
// verifyIsCert, accepts only the IS certificates registered for the provider. A refused IS never
// sees the request; the client gets server.serverproxy.service_failed.ssl_authentication_failed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSoapEnvelope } from '../../../protocol/soap/index.js';
import { buildSoapRequest, closeClientIsConnections, sendSoap, startProviderIs, type ProviderIs } from '../../member-systems/index.js';
import { issueCertificate, type IssuedCert } from '../../pki/index.js';
import { CLIENT, PROVIDER, startTestNetwork, type TestNetwork } from '../test-network.js';

let net: TestNetwork;
let is: ProviderIs;
let isCert: IssuedCert;
let wrongCert: IssuedCert;

beforeAll(async () => {
  isCert = await issueCertificate('self', { name: 'pinned-is', subject: [['CN', 'pinned IS']], profile: 'harness' });
  wrongCert = await issueCertificate('self', { name: 'pinned-wrong', subject: [['CN', 'wrong IS']], profile: 'harness' });
  is = await startProviderIs({ tls: { certPem: isCert.certPem, keyPem: isCert.keyPem } });
  is.behaviours.set('/soap', { kind: 'soap-echo' });
  const services = (code: string, verifyIsCert: boolean) => ({ provider: PROVIDER, code, type: 'soap' as const, url: `${is.url}/soap/${code}`, verifyIsCert });
  net = await startTestNetwork({
    ss2: {
      // PROVIDER registers the wrong certificate; DEV/GOV/9999 registers none at all.
      clients: [{ id: PROVIDER, isCerts: [wrongCert.certPem] }, { id: 'DEV/GOV/9999' }],
      services: [services('open', false), services('pinned', true), { ...services('none', true), provider: 'DEV/GOV/9999' }],
      accessRights: [
        { service: `${PROVIDER}/open`, clients: [CLIENT] },
        { service: `${PROVIDER}/pinned`, clients: [CLIENT] },
        { service: 'DEV/GOV/9999/none', clients: [CLIENT] },
      ],
    },
  });
});
afterAll(async () => {
  await net?.stop();
  await is?.stop();
  await closeClientIsConnections();
});

async function faultCode(service: string, hasSubsystem = true): Promise<string | undefined> {
  const ev = await sendSoap(net.ss1.clientProxyUrl, buildSoapRequest({ client: CLIENT, service, serviceHasSubsystem: hasSubsystem }));
  return parseSoapEnvelope(ev.body, { contentType: ev.headers['content-type'] }).fault?.faultCode;
}

describe('provider IS certificate pinning through SS2 (SslToService*)', () => {
  it('no pin: any IS certificate is accepted (SslToServiceNoAuth)', async () => {
    expect(await faultCode(`${PROVIDER}/open`)).toBeUndefined();
  });
  it('a certificate other than the registered one is refused, also on the connection the open service left in the pool (SslToServiceWrongISCert)', async () => {
    const before = is.received.length;
    expect(await faultCode(`${PROVIDER}/pinned`)).toBe('server.serverproxy.service_failed.ssl_authentication_failed');
    expect(is.received.length).toBe(before);
  });
  it('pin on with no registered IS certificate is refused (SslToServiceNoISCerts)', async () => {
    const before = is.received.length;
    expect(await faultCode('DEV/GOV/9999/none', false)).toBe('server.serverproxy.service_failed.ssl_authentication_failed');
    expect(is.received.length).toBe(before);
  });
});
