import { createHash, type X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { certIdFor, certIdsEqual, parseOcspResponse } from '../../protocol/ocsp/index.js';
import { MultipartWriter, parseMultipart } from '../../protocol/multipart/index.js';
import { runOpenssl } from '../ocsp-responder/test-client.js';
import { XRoadOcspCache } from './ocsp-cache.js';
import { fetchPeerOcspResponses, ocspDownloadAddress, ocspDownloadLookupFrom, startOcspDownloadServer, type OcspDownloadServer } from './ocsp-download.js';
import { startOcspFixture, type OcspFixture } from './ocsp-test-fixture.js';

const hexOf = (alg: 'sha1' | 'sha256', c: X509Certificate) => createHash(alg).update(c.raw).digest('hex');

describe(':5577 OCSP download role', () => {
  let fx: OcspFixture;
  let cache: XRoadOcspCache;
  let server: OcspDownloadServer;
  let auth: X509Certificate;
  let sign: X509Certificate;
  const tmp = mkdtempSync(join(tmpdir(), 'roadtest-5577-'));
  const fakes: Server[] = [];

  beforeAll(async () => {
    fx = await startOcspFixture();
    auth = fx.pki.securityServers.SS2.auth.cert;
    sign = fx.pki.securityServers.SS2.sign['DEV/GOV/4321'].cert;
    cache = new XRoadOcspCache({ globalConf: fx.conf, ownCerts: [auth, sign], timeoutMs: 1_000 });
    await cache.refreshNow();
    server = await startOcspDownloadServer({ lookup: ocspDownloadLookupFrom(cache) });
  });
  afterAll(async () => {
    await server?.stop();
    await cache?.stop();
    await fx?.stop();
    for (const f of fakes) f.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  const get = async (query: string, method = 'GET') => {
    const res = await fetch(`${server.url}${query}`, { method, signal: AbortSignal.timeout(5_000) });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
  };
  const partsOf = (r: { contentType: string; body: Buffer }) => parseMultipart(r.body, r.contentType).parts;

  it('GET ?cert=<sha1>&cert=<sha1>: multipart/related, one application/ocsp-response per certificate, in order', async () => {
    const r = await get(`?cert=${hexOf('sha1', sign)}&cert=${hexOf('sha1', auth).toUpperCase()}`);
    expect(r.status).toBe(200);
    expect(r.contentType).toMatch(/^multipart\/related; charset=UTF-8; boundary=/);
    const parts = partsOf(r);
    expect(parts.map((p) => p.mediaType)).toEqual(['application/ocsp-response', 'application/ocsp-response']);
    const ids = parts.map((p) => parseOcspResponse(p.body).basic!.responses[0].certId);
    expect(certIdsEqual(ids[0], certIdFor(sign, fx.pki.issuingCa.cert))).toBe(true);
    expect(certIdsEqual(ids[1], certIdFor(auth, fx.pki.issuingCa.cert))).toBe(true);
  });

  it('the SHA-1 `cert` keys the answer when both names are sent; `cert_hash` alone works too', async () => {
    const both = await get(`?cert=${hexOf('sha1', auth)}&cert_hash=${hexOf('sha256', sign)}`);
    expect(partsOf(both).length).toBe(1);
    expect(certIdsEqual(parseOcspResponse(partsOf(both)[0].body).basic!.responses[0].certId, certIdFor(auth, fx.pki.issuingCa.cert))).toBe(true);
    const only256 = await get(`?cert_hash=${hexOf('sha256', sign)}`);
    expect(only256.status).toBe(200);
    expect(certIdsEqual(parseOcspResponse(partsOf(only256)[0].body).basic!.responses[0].certId, certIdFor(sign, fx.pki.issuingCa.cert))).toBe(true);
  });

  it('unknown or malformed certificate hash, no hash, other methods -> 500; HEAD -> 200', async () => {
    const unknown = await get(`?cert=${hexOf('sha1', auth)}&cert=${'ab'.repeat(20)}`);
    expect(unknown.status).toBe(500);
    expect(unknown.body.toString()).toBe(`Could not find OCSP response for certificate ${'ab'.repeat(20)}`);
    expect((await get('?cert=zz')).status).toBe(500);
    expect((await get('')).status).toBe(500);
    expect((await get(`?cert=${hexOf('sha1', auth)}`, 'POST')).status).toBe(500);
    const head = await get('', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });

  it('openssl ocsp -respin parses a part (independent check)', async () => {
    const r = await get(`?cert=${hexOf('sha1', auth)}`);
    const file = join(tmp, 'part.der');
    writeFileSync(file, partsOf(r)[0].body);
    const out = await runOpenssl(['ocsp', '-respin', file, '-resp_text', '-noverify']);
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('OCSP Response Status: successful (0x0)');
    expect(out.stdout).toContain('Cert Status: good');
    expect(out.stdout.toUpperCase()).toContain(`SERIAL NUMBER: ${auth.serialNumber.toUpperCase()}`);
    writeFileSync(file, partsOf(r)[0].body.subarray(0, 40));
    expect((await runOpenssl(['ocsp', '-respin', file, '-resp_text', '-noverify'])).code).not.toBe(0);
  });

  it('consumer side: fetchPeerOcspResponses gets the chain in order from host:(port+1)', async () => {
    const got = await fetchPeerOcspResponses(`127.0.0.1:${server.port - 1}`, [auth, sign], { timeoutMs: 2_000 });
    expect(got.length).toBe(2);
    expect(got[0].equals(cache.bySha1Hex(hexOf('sha1', auth))!)).toBe(true);
    expect(got[1].equals(cache.bySha1Hex(hexOf('sha1', sign))!)).toBe(true);
  });

  it('a lookup over any OcspCache (no forDownload) answers by SHA-1 from bySha1Hex', async () => {
    const der = Buffer.from('30030a0100', 'hex');
    const plain = { ownResponse: async () => der, remember: () => undefined, bySha1Hex: (h: string) => (h === hexOf('sha1', auth) ? der : undefined) };
    const lookup = ocspDownloadLookupFrom(plain);
    expect(await lookup({ sha1: hexOf('sha1', auth) })).toBe(der);
    expect(await lookup({ sha1: hexOf('sha1', sign) })).toBeUndefined();
    expect(await lookup({ sha256: hexOf('sha256', auth) })).toBeUndefined();
  });

  it('download address: host -> 5577, host:port -> port+1', () => {
    expect(ocspDownloadAddress('ss1.example.org')).toEqual({ host: 'ss1.example.org', port: 5577 });
    expect(ocspDownloadAddress('127.0.0.1:8443')).toEqual({ host: '127.0.0.1', port: 8444 });
    expect(ocspDownloadAddress('[::1]:5500')).toEqual({ host: '[::1]', port: 5501 });
  });

  async function fake(answer: (w: MultipartWriter) => { contentType: string; body: Buffer; status?: number }): Promise<string> {
    const s = createServer((req, res) => {
      req.resume();
      const a = answer(new MultipartWriter({ mediaType: 'multipart/related' }));
      res.writeHead(a.status ?? 200, { 'content-type': a.contentType });
      res.end(a.body);
    });
    fakes.push(s);
    await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
    return `127.0.0.1:${(s.address() as AddressInfo).port - 1}`;
  }

  it('consumer side: too few parts -> "Could not get all OCSP responses from server (expected 2, but got 1)"', async () => {
    const one = cache.bySha1Hex(hexOf('sha1', auth))!;
    const addr = await fake((w) => {
      w.add(one, { 'Content-Type': 'application/ocsp-response' }).add('x', { 'Content-Type': 'text/plain' });
      return { contentType: w.contentType, body: w.toBuffer() };
    });
    await expect(fetchPeerOcspResponses(addr, [auth, sign], { timeoutMs: 2_000 })).rejects.toMatchObject({
      code: 'internal_error',
      message: 'Could not get all OCSP responses from server (expected 2, but got 1)',
    });
    const notMultipart = await fake(() => ({ contentType: 'text/plain', body: Buffer.from('hello') }));
    await expect(fetchPeerOcspResponses(notMultipart, [auth])).rejects.toMatchObject({ message: 'Could not get all OCSP responses from server (expected 1, but got 0)' });
    const error500 = await fake(() => ({ contentType: 'text/plain', body: Buffer.from('Could not find OCSP response'), status: 500 }));
    await expect(fetchPeerOcspResponses(error500, [auth])).rejects.toMatchObject({ code: 'internal_error', message: expect.stringContaining('HTTP 500') });
    await expect(fetchPeerOcspResponses('127.0.0.1:8', [auth], { timeoutMs: 1_000 })).rejects.toMatchObject({ code: 'internal_error' });
  });
});
