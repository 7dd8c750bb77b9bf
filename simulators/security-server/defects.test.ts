// Every seeded defect changes what crosses the ports in the way its description says, and is
// off by default (the same exchange with the defect off behaves correctly). SS2 carries the
// provider-side defects, SS1 the consumer-side ones.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseSoapEnvelope } from '../../protocol/soap/index.js';
import { buildSoapRequest, closeClientIsConnections, sendRest, sendSoap, type Evidence } from '../member-systems/index.js';
import { issueCertificate } from '../pki/index.js';
import { Defects, SEEDED_DEFECTS, UnknownDefectError, describeDefect } from './defects.js';
import { CLIENT, PROVIDER, startTestNetwork, type TestNetwork } from './test-network.js';

let net: TestNetwork;

beforeAll(async () => {
  net = await startTestNetwork();
});
afterEach(() => {
  net.ss1.defects.disable();
  net.ss2.defects.disable();
  net.ss1.knobs.clear();
  net.ss2.knobs.clear();
  net.provider.behaviours.reset();
});
afterAll(async () => {
  await net?.stop();
  await closeClientIsConnections();
});

const soap = (over: Partial<Parameters<typeof buildSoapRequest>[0]> = {}) => buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo`, userId: 'EE123', ...over });

function faultCode(ev: Evidence): string | undefined {
  return parseSoapEnvelope(ev.body).fault?.faultCode;
}

function header(pairs: Array<[string, string]>, name: string): string | undefined {
  return pairs.find(([n]) => n.toLowerCase() === name)?.[1];
}

describe('registry', () => {
  it('has at least 10 defects, each naming requirement IDs, none on by default', () => {
    expect(SEEDED_DEFECTS.length).toBeGreaterThanOrEqual(10);
    for (const d of SEEDED_DEFECTS) {
      expect(d.breaks.length).toBeGreaterThan(0);
      for (const id of d.breaks) expect(id).toMatch(/^[A-Z]+-\d{3}$/);
    }
    expect(new Defects().active).toEqual([]);
    expect(net.ss1.defects.active).toEqual([]);
    expect(describeDefect('skip-access-rights')?.breaks).toContain('TRANSP-011');
    expect(() => new Defects(['no-such-defect'])).toThrow(UnknownDefectError);
  });
});

describe('provider-side defects (SS2)', () => {
  it('skip-signature-check: a request with a tampered signature reaches the provider', async () => {
    net.ss1.knobs.set('tamper-signature');
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBe('server.serverproxy.invalid_signature_value');
    net.ss2.defects.enable('skip-signature-check');
    const before = net.provider.received.length;
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBeUndefined();
    expect(net.provider.received.length).toBe(before + 1);
  });

  it('forward-before-verify: the provider is called, then the client gets the signature fault', async () => {
    net.ss1.knobs.set('tamper-signature');
    net.ss2.defects.enable('forward-before-verify');
    const before = net.provider.received.length;
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBe('server.serverproxy.invalid_signature_value');
    expect(net.provider.received.length).toBe(before + 1);
  });

  it('wrong-request-hash: the consumer SS refuses the answer as inconsistent', async () => {
    net.ss2.defects.enable('wrong-request-hash');
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBe('server.clientproxy.service_failed.inconsistent_response');
    const rest = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/x', { client: CLIENT });
    expect(rest.headers['x-road-error']).toBe('server.clientproxy.service_failed.inconsistent_response');
  });

  it('keep-provider-request-hash: the provider IS\'s bogus requestHash survives, the consumer refuses', async () => {
    net.provider.behaviours.set('/soap', { kind: 'soap-echo', bogusRequestHash: true });
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBeUndefined();
    net.ss2.defects.enable('keep-provider-request-hash');
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBe('server.clientproxy.service_failed.inconsistent_response');
  });

  it('leak-user-agent: the provider IS sees a User-Agent', async () => {
    await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/ua', { client: CLIENT });
    expect(header(net.provider.received.at(-1)!.headers, 'user-agent')).toBeUndefined();
    net.ss2.defects.enable('leak-user-agent');
    await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/ua', { client: CLIENT });
    expect(header(net.provider.received.at(-1)!.headers, 'user-agent')).toBeDefined();
  });

  it('forward-all-headers: transport headers reach the provider IS (MESS-011)', async () => {
    await sendSoap(net.ss1.clientProxyUrl, soap());
    expect(net.provider.received.at(-1)!.headers.map(([n]) => n.toLowerCase()).filter((n) => n.startsWith('x-'))).toEqual([]);
    net.ss2.defects.enable('forward-all-headers');
    await sendSoap(net.ss1.clientProxyUrl, soap());
    expect(header(net.provider.received.at(-1)!.headers, 'x-proxy-version')).toBeDefined();
  });

  it('sign-with-wrong-member-key: the consumer SS refuses the signer', async () => {
    net.ss2.defects.enable('sign-with-wrong-member-key');
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBe('server.clientproxy.incorrect_certificate');
  });

  it('accept-unregistered-auth-cert: a consumer with an unregistered TLS cert gets through', async () => {
    const stranger = await issueCertificate(net.pki.issuingCa, { name: 'def-stranger', subject: [['C', 'FI'], ['O', 'x'], ['CN', 'def-stranger']], profile: 'auth' });
    net.ss1.knobs.set('unregistered-auth-cert', { certPem: stranger.certPem, keyPem: stranger.keyPem });
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBe('server.serverproxy.ssl_authentication_failed');
    net.ss2.defects.enable('accept-unregistered-auth-cert');
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBeUndefined();
  });

  it('skip-access-rights: a service without access rights is served', async () => {
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap({ service: `${PROVIDER}/denied` })))).toBe('server.serverproxy.access_denied');
    net.ss2.defects.enable('skip-access-rights');
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap({ service: `${PROVIDER}/denied` })))).toBeUndefined();
  });

  it('ignore-service-disabled: a disabled service is served', async () => {
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap({ service: `${PROVIDER}/closed` })))).toBe('server.serverproxy.service_disabled');
    net.ss2.defects.enable('ignore-service-disabled');
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap({ service: `${PROVIDER}/closed` })))).toBeUndefined();
  });
});

describe('consumer-side defects (SS1)', () => {
  it('drop-user-id: the provider receives the request without xrd:userId', async () => {
    await sendSoap(net.ss1.clientProxyUrl, soap());
    expect(net.provider.received.at(-1)!.body.toString()).toContain('<xrd:userId>EE123</xrd:userId>');
    net.ss1.defects.enable('drop-user-id');
    await sendSoap(net.ss1.clientProxyUrl, soap());
    expect(net.provider.received.at(-1)!.body.toString()).not.toContain('userId');
  });

  it('skip-response-verification: a tampered answer reaches the client IS', async () => {
    net.ss2.knobs.set('tamper-signature');
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBe('server.clientproxy.invalid_signature_value');
    net.ss1.defects.enable('skip-response-verification');
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBeUndefined();
  });

  it('skip-response-consistency: an answer with another xrd:id reaches the client IS', async () => {
    net.ss2.knobs.set('alter-id');
    net.ss1.defects.enable('skip-response-consistency');
    const ev = await sendSoap(net.ss1.clientProxyUrl, soap({ id: 'consistency-1' }));
    expect(faultCode(ev)).toBeUndefined();
    expect(parseSoapEnvelope(ev.body).header.id).toBe('consistency-1-altered');
  });

  it('accept-any-http-method: SOAP over PUT is processed', async () => {
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap(), { method: 'PUT' }))).toBe('client.invalid_http_method');
    net.ss1.defects.enable('accept-any-http-method');
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap(), { method: 'PUT' }))).toBeUndefined();
  });

  it('rest-errors-as-200: a REST error comes with status 200', async () => {
    net.ss1.defects.enable('rest-errors-as-200');
    const ev = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/x', { client: 'DEV/COM/1234/NOBODY' });
    expect(ev.status).toBe(200);
    expect(ev.headers['x-road-error']).toBe('server.clientproxy.unknown_member');
  });

  it('sign-with-wrong-member-key without another key on the server -> cannot_create_signature', async () => {
    net.ss1.defects.enable('sign-with-wrong-member-key');
    expect(faultCode(await sendSoap(net.ss1.clientProxyUrl, soap()))).toBe('server.clientproxy.cannot_create_signature');
  });
});
