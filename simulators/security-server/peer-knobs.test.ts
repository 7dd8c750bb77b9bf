// Every peer knob makes the other server refuse for the right reason, and nothing reaches the
// information system behind the refusing server (TRANSP-008). SS1 plays the misbehaving consumer
// (knobs on ss1, SS2 refuses) or SS2 the misbehaving provider (knobs on ss2, SS1 refuses).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { faultCodeStartsWith } from '../../protocol/faults/index.js';
import { parseSoapEnvelope } from '../../protocol/soap/index.js';
import { buildSoapRequest, closeClientIsConnections, sendRest, sendSoap, type Evidence } from '../member-systems/index.js';
import { issueCertificate } from '../pki/index.js';
import { PEER_KNOBS, PeerKnobs, UnknownKnobError } from './peer-knobs.js';
import { CLIENT, PROVIDER, startTestNetwork, type TestNetwork } from './test-network.js';

let net: TestNetwork;

beforeAll(async () => {
  net = await startTestNetwork();
});
afterEach(() => {
  net.ss1.knobs.clear();
  net.ss2.knobs.clear();
  net.provider.behaviours.reset();
});
afterAll(async () => {
  await net?.stop();
  await closeClientIsConnections();
});

const soap = (id: string) => buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo`, id });
const attachment = [{ contentType: 'application/octet-stream', body: Buffer.from('attachment bytes') }];

function fault(ev: Evidence): { code: string; string: string } {
  const env = parseSoapEnvelope(ev.body);
  expect(env.isFault, ev.text).toBe(true);
  return { code: env.fault!.faultCode ?? '', string: env.fault!.faultString ?? '' };
}

describe('knob registry', () => {
  it('declares each knob with a description and the requirements it exercises', () => {
    expect(PEER_KNOBS.length).toBeGreaterThanOrEqual(15);
    for (const k of PEER_KNOBS) {
      expect(k.description.length).toBeGreaterThan(10);
      expect(k.exercises.length).toBeGreaterThan(0);
    }
    expect(new Set(PEER_KNOBS.map((k) => k.name)).size).toBe(PEER_KNOBS.length);
  });
  it('refuses unknown knobs and reports what is set', () => {
    const k = new PeerKnobs();
    expect(() => k.set('no-such-knob')).toThrow(UnknownKnobError);
    k.set('slow', 250);
    expect(k.number('slow', 1)).toBe(250);
    expect(k.active).toEqual({ slow: 250 });
    k.clear('slow');
    expect(k.has('slow')).toBe(false);
  });
});

describe('consumer-side knobs: the provider SS refuses and never calls its IS', () => {
  const cases: Array<[string, unknown, boolean, string]> = [
    ['tamper-body', true, false, 'server.serverproxy.invalid_signature_value'],
    ['tamper-signature', true, false, 'server.serverproxy.invalid_signature_value'],
    ['tamper-attachment', true, true, 'server.serverproxy.malformed_signature'],
    ['tamper-hash-chain', true, true, 'server.serverproxy.malformed_signature'],
    ['omit-ocsp-parts', true, false, 'server.serverproxy.ssl_authentication_failed'],
    ['omit-signature', true, false, 'server.serverproxy.missing_signature'],
    ['omit-message', true, false, 'server.serverproxy.service_failed.invalid_content_type'],
    ['wrong-content-type', true, false, 'server.serverproxy.service_failed.invalid_content_type'],
  ];
  for (const [knob, value, withAttachment, code] of cases) {
    it(`${knob} -> ${code}`, async () => {
      net.ss1.knobs.set(knob, value);
      const before = net.provider.received.length;
      const ev = await sendSoap(net.ss1.clientProxyUrl, soap(`knob-${knob}`), withAttachment ? { attachments: attachment } : {});
      expect(faultCodeStartsWith(fault(ev).code, code), fault(ev).code).toBe(true);
      expect(net.provider.received.length).toBe(before);
      // The same request without the knob goes through: the refusal was the knob's doing.
      net.ss1.knobs.clear(knob);
      const ok = await sendSoap(net.ss1.clientProxyUrl, soap(`knob-${knob}-ok`), withAttachment ? { attachments: attachment } : {});
      expect(parseSoapEnvelope(ok.body, { contentType: ok.headers['content-type']?.startsWith('multipart') ? 'text/xml' : undefined }).isFault, ok.text.slice(0, 500)).toBe(false);
    });
  }

  it('unregistered-auth-cert (approved CA, not registered) -> ssl_authentication_failed', async () => {
    const stranger = await issueCertificate(net.pki.issuingCa, { name: 'ss1-stranger', subject: [['C', 'FI'], ['O', 'x'], ['CN', 'stranger']], profile: 'auth' });
    net.ss1.knobs.set('unregistered-auth-cert', { certPem: stranger.certPem, keyPem: stranger.keyPem });
    const before = net.provider.received.length;
    const f = fault(await sendSoap(net.ss1.clientProxyUrl, soap('knob-unreg')));
    expect(f.code).toBe('server.serverproxy.ssl_authentication_failed');
    expect(f.string).toContain('not associated with any security server');
    expect(net.provider.received.length).toBe(before);
  });

  it('REST: tamper-body -> 500 with X-Road-Error server.serverproxy.invalid_signature_value', async () => {
    net.ss1.knobs.set('tamper-attachment');
    const before = net.provider.received.length;
    const ev = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/x', { method: 'POST', client: CLIENT, body: '{"a":1}', contentType: 'application/json' });
    expect(ev.status).toBe(500);
    expect(ev.headers['x-road-error']).toMatch(/^server\.serverproxy\.malformed_signature/);
    expect(net.provider.received.length).toBe(before);
  });
});

describe('provider-side knobs: the consumer SS refuses the answer; the client IS gets a fault only', () => {
  const cases: Array<[string, unknown, string]> = [
    ['tamper-body', true, 'server.clientproxy.invalid_signature_value'],
    ['tamper-signature', true, 'server.clientproxy.invalid_signature_value'],
    ['signer-other-member', true, 'server.clientproxy.incorrect_certificate'],
    ['bogus-request-hash', true, 'server.clientproxy.service_failed.inconsistent_response'],
    ['omit-request-hash', true, 'server.clientproxy.service_failed.inconsistent_response'],
    ['alter-id', true, 'server.clientproxy.service_failed.inconsistent_response'],
    ['alter-client', true, 'server.clientproxy.service_failed.inconsistent_response'],
    ['omit-signature', true, 'server.clientproxy.missing_signature'],
    ['fault-as-last-part', true, 'server.serverproxy.cannot_create_signature'],
    ['wrong-content-type', true, 'server.clientproxy.service_failed.invalid_content_type'],
    ['plain-soap-response', true, 'server.clientproxy.service_failed.invalid_message'],
    ['reset', true, 'server.clientproxy.network_error'],
  ];
  for (const [knob, value, code] of cases) {
    it(`${knob} -> ${code}`, async () => {
      net.ss2.knobs.set(knob, value);
      const ev = await sendSoap(net.ss1.clientProxyUrl, soap(`pknob-${knob}`));
      const f = fault(ev);
      expect(f.code).toBe(code);
      expect(ev.text).not.toContain('echoResponse');
    });
  }

  it('messages name what was wrong (MESS-015)', async () => {
    net.ss2.knobs.set('omit-request-hash');
    expect(fault(await sendSoap(net.ss1.clientProxyUrl, soap('msg-1'))).string).toContain('missing request message hash');
    net.ss2.knobs.clear().set('bogus-request-hash');
    expect(fault(await sendSoap(net.ss1.clientProxyUrl, soap('msg-2'))).string).toContain('Request message hash does not match');
  });

  it('unregistered-auth-cert on the provider -> server.clientproxy.ssl_authentication_failed, no message sent', async () => {
    const stranger = await issueCertificate(net.pki.issuingCa, { name: 'ss2-stranger', subject: [['C', 'FI'], ['O', 'x'], ['CN', 'stranger2']], profile: 'auth' });
    const before = net.provider.received.length;
    net.ss2.knobs.set('unregistered-auth-cert', { certPem: stranger.certPem, keyPem: stranger.keyPem });
    const f = fault(await sendSoap(net.ss1.clientProxyUrl, soap('pknob-unreg')));
    expect(f.code).toBe('server.clientproxy.ssl_authentication_failed');
    expect(net.provider.received.length).toBe(before);
    net.ss2.knobs.clear('unregistered-auth-cert');
    expect(parseSoapEnvelope((await sendSoap(net.ss1.clientProxyUrl, soap('pknob-unreg-ok'))).body).isFault).toBe(false);
  });

  it('REST: bogus request hash / altered id / tampered body are refused with X-Road-Error', async () => {
    const cases: Array<[string, string]> = [
      ['bogus-request-hash', 'server.clientproxy.service_failed.inconsistent_response'],
      ['alter-id', 'server.clientproxy.service_failed.inconsistent_response'],
      ['alter-client', 'server.clientproxy.service_failed.inconsistent_response'],
      // The answer has a body, so it is batch-signed: a changed header part breaks the hash chain.
      ['tamper-body', 'server.clientproxy.malformed_signature.invalid_hash_chain'],
    ];
    for (const [knob, code] of cases) {
      net.ss2.knobs.clear().set(knob);
      const ev = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/x', { client: CLIENT });
      expect(ev.status, knob).toBe(500);
      expect(ev.headers['x-road-error'], knob).toBe(code);
    }
  });
});
