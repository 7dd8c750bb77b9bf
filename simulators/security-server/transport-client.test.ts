// The transport client's connection pool: verified connections are reused; the trust decision is
// made for every new connection before anything is written on it; a refused connection carries
// nothing; a new TLS identity, retired pools and connections the server closed lead to new,
// again verified, connections.
import type { X509Certificate } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCodes, XRoadError, isXRoadError } from '../../protocol/faults/index.js';
import { issueCertificate, type IssuedCert } from '../pki/index.js';
import type { ProviderTarget } from './client-proxy/target-selection.js';
import type { ListedSecurityServer, TlsTrust } from './components.js';
import { xroadTlsProfile } from './tls-trust.js';
import { TransportClient, type TransportClientOptions } from './transport-client.js';

let serverCert: IssuedCert;
let clientCert: IssuedCert;
let otherClient: IssuedCert;
let server: https.Server;
let target: ProviderTarget;
let handshakes = 0;
let requests = 0;
const clientCertsSeen: string[] = [];

beforeAll(async () => {
  serverCert = await issueCertificate('self', { name: 'tc-server', subject: [['CN', 'provider SS']], profile: 'auth' });
  clientCert = await issueCertificate('self', { name: 'tc-client', subject: [['CN', 'consumer SS']], profile: 'auth' });
  otherClient = await issueCertificate('self', { name: 'tc-other', subject: [['CN', 'other consumer']], profile: 'auth' });
  server = https.createServer({ cert: serverCert.certPem, key: serverCert.keyPem, requestCert: true, rejectUnauthorized: false, ...xroadTlsProfile() }, (req, res) => {
    requests++;
    req.resume();
    req.on('end', () => res.end('answer'));
  });
  server.keepAliveTimeout = 60_000;
  server.on('secureConnection', (s) => {
    handshakes++;
    clientCertsSeen.push(String(s.getPeerCertificate().subject?.CN ?? ''));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const listed: ListedSecurityServer = { id: 'DEV/GOV/4321/SS2', address: 'x', authCertHashes: [], clients: [] };
  target = { server: listed, host: '127.0.0.1', port: (server.address() as AddressInfo).port };
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

class CountingTrust implements TlsTrust {
  calls = 0;
  refuse = false;
  tlsOptions() {
    return xroadTlsProfile();
  }
  verifyConsumer(): void {}
  async verifyProvider(chain: X509Certificate[]): Promise<string> {
    this.calls++;
    if (this.refuse) throw new XRoadError(ErrorCodes.sslAuthenticationFailed, `refused ${chain[0]?.subject.replace(/\n/g, ', ')}`);
    return 'DEV/GOV/4321/SS2';
  }
}

function options(trust: TlsTrust, cert: IssuedCert = clientCert): TransportClientOptions {
  return { certPem: [cert.certPem], keyPem: cert.keyPem, tlsTrust: trust, connectTimeoutMs: 2_000, timeoutMs: 5_000 };
}

const request = { headers: { 'Content-Type': 'text/plain' }, body: Buffer.from('message') };

describe('TransportClient', () => {
  it('reuses one verified connection for sequential exchanges; the trust decision is made once per connection', async () => {
    const client = new TransportClient();
    const trust = new CountingTrust();
    const h0 = handshakes;
    for (let i = 0; i < 5; i++) {
      const r = await client.send([target], request, options(trust));
      expect(r.body.toString()).toBe('answer');
      expect(r.serverId).toBe('DEV/GOV/4321/SS2');
    }
    expect(handshakes - h0).toBe(1);
    expect(trust.calls).toBe(1);
    // Concurrent exchanges open more connections, each verified.
    await Promise.all([1, 2, 3].map(() => client.send([target], request, options(trust))));
    expect(trust.calls).toBe(handshakes - h0);
    client.close();
  });

  it('a refused connection carries no message: the server sees a handshake, never a request', async () => {
    const client = new TransportClient();
    const trust = new CountingTrust();
    trust.refuse = true;
    const before = requests;
    let code = '';
    try {
      await client.send([target], request, options(trust));
    } catch (e) {
      code = isXRoadError(e) ? e.code : String(e);
    }
    expect(code).toBe(ErrorCodes.sslAuthenticationFailed);
    expect(requests).toBe(before);
    // The same client with a trust that accepts: a new connection, verified again.
    trust.refuse = false;
    await client.send([target], request, options(trust));
    expect(trust.calls).toBe(2);
    client.close();
  });

  it('a new TLS identity gets its own connection; retired pools and server-closed connections are replaced and verified again', async () => {
    const client = new TransportClient();
    const trust = new CountingTrust();
    await client.send([target], request, options(trust));
    await client.send([target], request, options(trust, otherClient));
    expect(trust.calls).toBe(2);
    expect(clientCertsSeen.slice(-2)).toEqual(['consumer SS', 'other consumer']);
    client.retireConnections();
    await client.send([target], request, options(trust));
    expect(trust.calls).toBe(3);
    // The server drops its idle connections (as after a knob change): the next send reconnects.
    server.closeIdleConnections();
    await new Promise((r) => setTimeout(r, 50));
    const r = await client.send([target], request, options(trust));
    expect(r.status).toBe(200);
    expect(trust.calls).toBe(4);
    client.close();
  });

  it('an unreachable target is a network_error naming it', async () => {
    const client = new TransportClient();
    const dead: ProviderTarget = { ...target, port: 1 };
    let code = '';
    let message = '';
    try {
      await client.send([dead], request, options(new CountingTrust()));
    } catch (e) {
      code = isXRoadError(e) ? e.code : String(e);
      message = (e as Error).message;
    }
    expect(code).toBe(ErrorCodes.networkError);
    expect(message).toContain('127.0.0.1:1');
    client.close();
  });
});
