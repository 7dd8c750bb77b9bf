// The provider IS call: the IS certificate pin refuses any certificate that is not registered —
// including a self-signed one no CA store would accept, on a pooled connection first opened for a
// call without the pin — and never writes the request to a refused IS (SslToService* cases).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isXRoadError } from '../../../protocol/faults/index.js';
import { startProviderIs, type ProviderIs } from '../../member-systems/index.js';
import { issueCertificate, type IssuedCert } from '../../pki/index.js';
import { callProvider, closeProviderConnections, type ProviderCall } from './provider-client.js';

let is: ProviderIs;
let isCert: IssuedCert;
let otherCert: IssuedCert;
let plain: ProviderIs;

beforeAll(async () => {
  // Self-signed: chain verification fails, which is what used to skip the pin altogether.
  isCert = await issueCertificate('self', { name: 'pin-is', subject: [['CN', 'provider IS']], profile: 'harness' });
  otherCert = await issueCertificate('self', { name: 'pin-other', subject: [['CN', 'other IS']], profile: 'harness' });
  is = await startProviderIs({ tls: { certPem: isCert.certPem, keyPem: isCert.keyPem } });
  plain = await startProviderIs();
  is.behaviours.set('/soap', { kind: 'raw', status: 200, body: 'ok' });
  plain.behaviours.set('/soap', { kind: 'raw', status: 200, body: 'ok' });
});
afterAll(async () => {
  await closeProviderConnections();
  await Promise.allSettled([is?.stop(), plain?.stop()]);
});

const soap = Buffer.from('<?xml version="1.0"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body/></SOAP-ENV:Envelope>');

function call(url: string, over: Partial<ProviderCall> = {}): Promise<Awaited<ReturnType<typeof callProvider>>> {
  return callProvider({ url, method: 'POST', headers: [['Content-Type', 'text/xml; charset=UTF-8']], body: soap, timeoutMs: 5_000, ...over });
}

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return isXRoadError(e) ? e.code : `not coded: ${(e as Error).message}`;
  }
  return 'accepted';
}

describe('provider IS certificate pinning (verifyIsCert)', () => {
  it('the registered certificate passes; a different one is refused before the request is written', async () => {
    const ok = await call(`${is.url}/soap/a`, { expectedIsCerts: [isCert.certPem] });
    expect(ok.status).toBe(200);
    const before = is.received.length;
    expect(await refusal(call(`${is.url}/soap/b`, { expectedIsCerts: [otherCert.certPem] }))).toBe('service_failed.ssl_authentication_failed');
    expect(is.received.length).toBe(before);
  });

  it('a pooled connection opened without the pin is checked again when a pinned call reuses it', async () => {
    // Several unpinned calls fill the keep-alive pool...
    for (let i = 0; i < 3; i++) expect((await call(`${is.url}/soap/unpinned`)).status).toBe(200);
    const before = is.received.length;
    // ...and the pinned call that follows on one of those sockets is still refused.
    for (let i = 0; i < 3; i++) {
      expect(await refusal(call(`${is.url}/soap/pinned`, { expectedIsCerts: [otherCert.certPem] }))).toBe('service_failed.ssl_authentication_failed');
    }
    expect(is.received.length).toBe(before);
    expect((await call(`${is.url}/soap/pinned`, { expectedIsCerts: [otherCert.certPem, isCert.certPem] })).status).toBe(200);
  });

  it('verification on with no registered IS certificate refuses (SslToServiceNoISCerts); off accepts any (SslToServiceNoAuth)', async () => {
    expect(await refusal(call(`${is.url}/soap/none`, { expectedIsCerts: [] }))).toBe('service_failed.ssl_authentication_failed');
    expect((await call(`${is.url}/soap/none`)).status).toBe(200);
  });

  it('keeps connections alive between calls (one socket serves sequential calls)', async () => {
    let connections = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.end('ok'));
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
      for (let i = 0; i < 3; i++) expect((await call(url)).body.toString()).toBe('ok');
      expect(connections).toBe(1);
    } finally {
      await closeProviderConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('malformed URL, unknown host and a refused port map to X-Road codes', async () => {
    expect(await refusal(call('not a url'))).toBe('service_malformed_url');
    expect(await refusal(call('http://no-such-host.invalid/x'))).toBe('service_failed.unknown_host');
    expect(await refusal(call('http://127.0.0.1:1/x'))).toBe('service_failed.network_error');
  });
});
