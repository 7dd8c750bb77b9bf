// Peer knobs stale-ocsp / revoked-ocsp: the server presents OCSP responses for its own
// certificates that are too old or say revoked — from its :5577 download role, in the transport
// OCSP parts and (certs 'sign') inside its signatures — and the other server refuses them
// (OCSP-005/007, TRANSP-002/003/010); with the knob off the same exchange passes.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseMultipart } from '../../protocol/multipart/index.js';
import { parseOcspResponse } from '../../protocol/ocsp/index.js';
import { parseSoapEnvelope } from '../../protocol/soap/index.js';
import { buildSoapRequest, closeClientIsConnections, sendSoap } from '../member-systems/index.js';
import { CLIENT, PROVIDER, startTestNetwork, type TestNetwork } from './test-network.js';

let net: TestNetwork;

beforeAll(async () => {
  net = await startTestNetwork();
});
afterEach(() => {
  net.ss1.knobs.clear();
  net.ss2.knobs.clear();
});
afterAll(async () => {
  await net?.stop();
  await closeClientIsConnections();
});

const signer = () => ({ certPem: net.pki.ocspSigner.certPem, keyPem: net.pki.ocspSigner.keyPem });

async function exchange(id: string): Promise<{ code?: string; message?: string }> {
  const ev = await sendSoap(net.ss1.clientProxyUrl, buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo`, id }));
  const f = parseSoapEnvelope(ev.body, { contentType: ev.headers['content-type'] }).fault;
  return { ...(f?.faultCode ? { code: f.faultCode } : {}), ...(f?.faultString ? { message: f.faultString } : {}) };
}

async function downloaded(url: string, certRaw: Buffer): Promise<ReturnType<typeof parseOcspResponse>> {
  const res = await fetch(`${url}/?cert=${createHash('sha1').update(certRaw).digest('hex')}`);
  expect(res.status).toBe(200);
  const [part] = parseMultipart(Buffer.from(await res.arrayBuffer()), res.headers.get('content-type')!).parts;
  return parseOcspResponse(Buffer.from(part!.body));
}

describe('the :5577 role under the knobs (TRANSP-003)', () => {
  it('serves a 2 h old response for the auth certificate while stale-ocsp is set, a fresh one after', async () => {
    const auth = net.pki.securityServers.SS2!.auth.cert.raw;
    net.ss2.knobs.set('stale-ocsp', { signer: signer() });
    const stale = await downloaded(net.ss2.ocspDownloadUrl!, auth);
    expect(Date.now() - stale.basic!.responses[0]!.thisUpdate.getTime()).toBeGreaterThan(7_000_000);
    net.ss2.knobs.set('revoked-ocsp', { signer: signer(), reason: 1 });
    net.ss2.knobs.clear('stale-ocsp');
    expect((await downloaded(net.ss2.ocspDownloadUrl!, auth)).basic!.responses[0]!.status.kind).toBe('revoked');
    net.ss2.knobs.clear();
    const fresh = await downloaded(net.ss2.ocspDownloadUrl!, auth);
    expect(fresh.basic!.responses[0]!.status.kind).toBe('good');
    expect(Date.now() - fresh.basic!.responses[0]!.thisUpdate.getTime()).toBeLessThan(3_600_000);
  });
});

describe('provider side: the consumer fetches the provider auth-cert OCSP from :5577 (TRANSP-002)', () => {
  // SS1 has no response for SS2's auth certificate yet: refusals keep nothing, so each case fetches.
  const cases: Array<['revoked-ocsp' | 'stale-ocsp', RegExp]> = [
    ['revoked-ocsp', /revoked/i],
    ['stale-ocsp', /too old/i],
  ];
  for (const [knob, why] of cases) {
    it(`${knob} -> server.clientproxy.ssl_authentication_failed, the provider IS is never called`, async () => {
      net.ss2.knobs.set(knob, { signer: signer() });
      const before = net.provider.received.length;
      const f = await exchange(`ocsp-provider-${knob}`);
      expect(f.code).toMatch(/^server\.clientproxy\.ssl_authentication_failed/);
      expect(f.message).toMatch(why);
      expect(net.provider.received.length).toBe(before);
    });
  }
  it('without the knob the same exchange passes', async () => {
    expect(await exchange('ocsp-provider-ok')).toEqual({});
  });
});

describe('consumer side: the OCSP parts of the transport request (TRANSP-010, OCSP-007)', () => {
  const cases: Array<['revoked-ocsp' | 'stale-ocsp', RegExp]> = [
    ['stale-ocsp', /too old/i],
    ['revoked-ocsp', /revoked/i],
  ];
  for (const [knob, why] of cases) {
    it(`${knob} -> server.serverproxy.ssl_authentication_failed naming why; then without it, passes`, async () => {
      net.ss1.knobs.set(knob, { signer: signer() });
      const before = net.provider.received.length;
      const f = await exchange(`ocsp-consumer-${knob}`);
      expect(f.code).toMatch(/^server\.serverproxy\.ssl_authentication_failed/);
      expect(f.message).toMatch(why);
      expect(net.provider.received.length).toBe(before);
      net.ss1.knobs.clear(knob);
      expect(await exchange(`ocsp-consumer-${knob}-ok`)).toEqual({});
    });
  }

  it("certs 'sign': the signature's own OCSP response is stale -> refused on signature verification (OCSP-007)", async () => {
    net.ss1.knobs.set('stale-ocsp', { signer: signer(), certs: 'sign' });
    const before = net.provider.received.length;
    const f = await exchange('ocsp-sign-stale');
    expect(f.code).toMatch(/^server\.serverproxy\./);
    expect(f.message).toMatch(/too old/i);
    expect(net.provider.received.length).toBe(before);
    net.ss1.knobs.clear();
    expect(await exchange('ocsp-sign-ok')).toEqual({});
  });
});
