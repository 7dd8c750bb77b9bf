// The server proxy as a peer sees it: TLS 1.2 with the X-Road ciphers (checked with openssl
// s_client), and a request refused for the right reason — before the provider IS is ever called
// (TRANSP-008/009/010/011). Requests are crafted here with protocol/transport's encoder and SS1's
// auth certificate, impersonating a client proxy.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate } from '../../pki/index.js';
import { parseSoapEnvelope } from '../../../protocol/soap/index.js';
import { TransportMessageEncoder, transportRequestHeaders } from '../../../protocol/transport/index.js';
import { buildSoapRequest, closeClientIsConnections } from '../../member-systems/index.js';
import { CLIENT, PROVIDER, startTestNetwork, type TestNetwork } from '../test-network.js';

let net: TestNetwork;
let dir: string;

beforeAll(async () => {
  net = await startTestNetwork();
  dir = mkdtempSync(join(tmpdir(), 'roadtest-sp-'));
  const auth = net.pki.securityServers.SS1!.auth;
  writeFileSync(join(dir, 'ss1-auth.pem'), auth.certPem);
  writeFileSync(join(dir, 'ss1-auth.key'), auth.keyPem, { mode: 0o600 });
});
afterAll(async () => {
  await net?.stop();
  await closeClientIsConnections();
});

function sClient(args: string[], timeoutMs = 10_000): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const url = new URL(net.ss2.serverProxyUrl);
    const p = spawn('openssl', ['s_client', '-connect', `${url.hostname}:${url.port}`, ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, out });
    });
    p.stdin.end('Q\n');
  });
}

interface RawAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** POSTs to SS2's server proxy as SS1 would, with the given TLS identity. */
function postTransport(headers: Record<string, string>, body: Buffer, method = 'POST', identity = net.pki.securityServers.SS1!.auth): Promise<RawAnswer> {
  const url = new URL(net.ss2.serverProxyUrl);
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: url.hostname, port: url.port, method, path: '/', headers: { ...headers, 'Content-Length': String(body.length) }, cert: identity.certPem, key: identity.keyPem, rejectUnauthorized: false, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'] ?? '', body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(method === 'GET' ? undefined : body);
  });
}

function faultCode(a: RawAnswer): string {
  return parseSoapEnvelope(a.body).fault?.faultCode ?? '(no fault)';
}

interface CraftOptions {
  service?: string;
  ocsp?: boolean;
  soap?: boolean;
  signature?: boolean;
}

async function craft(opts: CraftOptions = {}): Promise<{ headers: Record<string, string>; body: Buffer }> {
  const enc = new TransportMessageEncoder();
  if (opts.ocsp !== false) enc.ocspResponse(await net.ss1.config.ocspCache.ownResponse(net.pki.securityServers.SS1!.auth.cert));
  if (opts.soap !== false) enc.soap(buildSoapRequest({ client: CLIENT, service: opts.service ?? `${PROVIDER}/echo` }));
  // A signature document that can never verify: refusals must not depend on it being checked late.
  if (opts.signature !== false) enc.signature('<asic:XAdESSignatures xmlns:asic="http://uri.etsi.org/02918/v1.2.1#"/>');
  const headers: Record<string, string> = { 'Content-Type': enc.contentType };
  for (const [n, v] of transportRequestHeaders({ requestId: 'r-1', originalContentType: 'text/xml; charset=UTF-8', proxyVersion: '7.8.0' })) headers[n] = v;
  return { headers, body: await enc.toBuffer() };
}

describe('server proxy TLS (TRANSP-001)', () => {
  it('openssl s_client completes a TLS 1.2 handshake with an auth cert and an X-Road cipher', async () => {
    const r = await sClient(['-tls1_2', '-cipher', 'ECDHE-RSA-AES256-SHA384', '-cert', join(dir, 'ss1-auth.pem'), '-key', join(dir, 'ss1-auth.key')]);
    expect(r.out).toMatch(/Protocol\s*:\s*TLSv1\.2/);
    expect(r.out).toMatch(/Cipher\s*:\s*ECDHE-RSA-AES256-SHA384/);
    // The server presents SS2's auth certificate.
    expect(r.out).toContain('CN = SS2');
  });
  it('refuses TLS 1.3 and ciphers outside the X-Road list', async () => {
    const v13 = await sClient(['-tls1_3', '-cert', join(dir, 'ss1-auth.pem'), '-key', join(dir, 'ss1-auth.key')]);
    expect(v13.out).not.toMatch(/Protocol\s*:\s*TLSv1\.3/);
    expect(v13.out).toMatch(/alert|error|no protocols available|handshake failure/i);
    const weak = await sClient(['-tls1_2', '-cipher', 'AES128-SHA', '-cert', join(dir, 'ss1-auth.pem'), '-key', join(dir, 'ss1-auth.key')]);
    expect(weak.out).toMatch(/handshake failure|alert|error/i);
    expect(weak.out).not.toMatch(/Cipher\s*:\s*AES128-SHA\b/);
  });
});

describe('server proxy refuses before the provider is called', () => {
  const cases: Array<[string, CraftOptions, string]> = [
    ['no OCSP part (TRANSP-009)', { ocsp: false }, 'server.serverproxy.ssl_authentication_failed'],
    ['only OCSP parts, no SOAP (TRANSP-009)', { soap: false, signature: false }, 'server.serverproxy.missing_soap'],
    // The part after OCSP is taken for the SOAP part (ProxyMessageDecoder): a signature there is the wrong type.
    ['signature where SOAP belongs', { soap: false }, 'server.serverproxy.service_failed.invalid_content_type'],
    ['no signature (TRANSP-009)', { signature: false }, 'server.serverproxy.missing_signature'],
    ['unknown service (TRANSP-011)', { service: `${PROVIDER}/nothing` }, 'server.serverproxy.unknown_service'],
    ['access denied (TRANSP-011)', { service: `${PROVIDER}/denied` }, 'server.serverproxy.access_denied'],
    ['service disabled (TRANSP-011)', { service: `${PROVIDER}/closed` }, 'server.serverproxy.service_disabled'],
    ['REST service called over SOAP (REST-014)', { service: `${PROVIDER}/rest` }, 'server.serverproxy.service_type'],
    ['provider not hosted here', { service: 'DEV/GOV/7777/X/echo' }, 'server.serverproxy.unknown_member'],
    ['a signature that does not verify (TRANSP-008)', {}, 'server.serverproxy.malformed_signature'],
  ];
  for (const [name, opts, code] of cases) {
    it(name, async () => {
      const before = net.provider.received.length;
      const { headers, body } = await craft(opts);
      const a = await postTransport(headers, body);
      expect(a.status).toBe(200);
      expect(a.contentType).toMatch(/^text\/xml/);
      expect(faultCode(a)).toBe(code);
      expect(net.provider.received.length).toBe(before);
    });
  }

  it('the disabled notice is in the fault string', async () => {
    const { headers, body } = await craft({ service: `${PROVIDER}/closed` });
    expect(parseSoapEnvelope((await postTransport(headers, body)).body).fault?.faultString).toContain('closed for maintenance');
  });

  it('GET -> server.serverproxy.invalid_http_method', async () => {
    const a = await postTransport({}, Buffer.alloc(0), 'GET');
    expect(faultCode(a)).toBe('server.serverproxy.invalid_http_method');
  });

  it('text/html body -> service_failed.invalid_content_type', async () => {
    const { headers, body } = await craft();
    const a = await postTransport({ ...headers, 'Content-Type': 'text/html' }, body);
    expect(faultCode(a)).toBe('server.serverproxy.service_failed.invalid_content_type');
  });

  it('a TLS certificate from the approved CA but not registered -> ssl_authentication_failed (TRANSP-010)', async () => {
    const stranger = await issueCertificate(net.pki.issuingCa, { name: 'stranger', subject: [['C', 'FI'], ['O', 'x'], ['CN', 'stranger']], profile: 'auth' });
    net.ocsp.certificates.good(stranger.cert);
    const enc = new TransportMessageEncoder();
    enc.ocspResponse(await net.ss1.config.ocspCache.ownResponse(stranger.cert));
    enc.soap(buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo` }));
    enc.signature('<x/>');
    const headers: Record<string, string> = { 'Content-Type': enc.contentType };
    for (const [n, v] of transportRequestHeaders({ requestId: 'r', proxyVersion: '7.8.0' })) headers[n] = v;
    const before = net.provider.received.length;
    const a = await postTransport(headers, await enc.toBuffer(), 'POST', stranger);
    expect(faultCode(a)).toBe('server.serverproxy.ssl_authentication_failed');
    expect(parseSoapEnvelope(a.body).fault?.faultString).toContain('not associated with any security server');
    expect(net.provider.received.length).toBe(before);
  });

  it('SS1 sending for a client it does not host -> ssl_authentication_failed (TRANSP-010)', async () => {
    const enc = new TransportMessageEncoder();
    enc.ocspResponse(await net.ss1.config.ocspCache.ownResponse(net.pki.securityServers.SS1!.auth.cert));
    enc.soap(buildSoapRequest({ client: 'DEV/GOV/9999', service: `${PROVIDER}/echo` }));
    enc.signature('<x/>');
    const headers: Record<string, string> = { 'Content-Type': enc.contentType };
    for (const [n, v] of transportRequestHeaders({ requestId: 'r', proxyVersion: '7.8.0' })) headers[n] = v;
    const a = await postTransport(headers, await enc.toBuffer());
    expect(faultCode(a)).toBe('server.serverproxy.ssl_authentication_failed');
    expect(parseSoapEnvelope(a.body).fault?.faultString).toContain("Client 'DEV/GOV/9999' is not registered at security server DEV/COM/1234/SS1");
  });

  it('keeps serving after non-TLS garbage on the port', async () => {
    const { connect } = await import('node:net');
    const url = new URL(net.ss2.serverProxyUrl);
    await new Promise<void>((resolve) => {
      const s = connect(Number(url.port), url.hostname, () => s.end('GET / HTTP/1.1\r\n\r\n\x00\x00garbage'));
      s.on('close', () => resolve());
      s.on('error', () => resolve());
      s.resume();
    });
    const { headers, body } = await craft({ service: `${PROVIDER}/denied` });
    expect(faultCode(await postTransport(headers, body))).toBe('server.serverproxy.access_denied');
  });
});
