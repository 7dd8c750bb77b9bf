import { createHash, type X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { OID_SHA1, parseOcspRequest, parseOcspResponse, verifyOcspResponse } from '../../protocol/ocsp/index.js';
import { issueCertificate } from '../pki/index.js';
import { XRoadOcspCache, type OcspCacheOptions } from './ocsp-cache.js';
import { httpOcspFetcher, type OcspFetcher } from './ocsp-fetch.js';
import { startOcspFixture, trustOf, type OcspFixture } from './ocsp-test-fixture.js';

const sha1Hex = (c: X509Certificate) => createHash('sha1').update(c.raw).digest('hex');
const sha256Hex = (c: X509Certificate) => createHash('sha256').update(c.raw).digest('hex');

describe('XRoadOcspCache with the OCSP responder simulator', () => {
  let fx: OcspFixture;
  let auth: X509Certificate;
  let sign: X509Certificate;
  const caches: XRoadOcspCache[] = [];

  beforeAll(async () => {
    fx = await startOcspFixture({ withIntermediate: true });
    auth = fx.pki.securityServers.SS1.auth.cert;
    sign = fx.pki.securityServers.SS1.sign['DEV/COM/1234'].cert;
  });
  afterEach(async () => {
    while (caches.length) await caches.pop()!.stop();
    await fx.responder.knobs.resetFaults();
    fx.responder.certificates.forget(auth);
    fx.responder.resetHits();
    fx.conf.fetchInterval = undefined;
  });
  afterAll(() => fx?.stop());

  const cache = (opts: Partial<OcspCacheOptions> = {}) => {
    const c = new XRoadOcspCache({ globalConf: fx.conf, timeoutMs: 1_000, ...opts });
    caches.push(c);
    return c;
  };
  const verifies = (der: Buffer, cert: X509Certificate, atDate = new Date()) =>
    verifyOcspResponse(parseOcspResponse(der), { cert, issuer: fx.pki.issuingCa.cert, trust: fx.trust, atDate });

  it('good: fetched once as X-Road does (POST, no nonce, SHA-1 CertID), verified, then served from the cache', async () => {
    const seen: Buffer[] = [];
    const http = httpOcspFetcher(1_000);
    const fetcher: OcspFetcher = (url, der) => {
      seen.push(der);
      return http(url, der);
    };
    const c = cache({ fetcher });
    const der = await c.ownResponse(auth);
    expect(verifies(der, auth).singleResponse.status.kind).toBe('good');
    const req = parseOcspRequest(seen[0]);
    expect(req.nonce).toBeUndefined();
    expect(req.signed).toBe(false);
    expect(req.certIds[0].hashAlgorithm.oid).toBe(OID_SHA1);
    expect(await c.ownResponse(auth)).toBe(der);
    expect(fx.responder.hitsFor(auth)).toBe(1);
    expect(c.status()[0]).toMatchObject({ sha1: sha1Hex(auth), status: 'good', url: fx.responder.url });
    // The :5577 lookups find it by either hash.
    expect(c.bySha1Hex(sha1Hex(auth).toUpperCase())).toBe(der);
    expect(c.bySha256Hex(sha256Hex(auth))).toBe(der);
    expect(await c.forDownload({ sha1: sha1Hex(auth) })).toBe(der);
  });

  it('refresh cadence: the background loop fetches every interval (OCSP-006); default is FETCHINTERVAL, else freshness/10', async () => {
    expect(cache().fetchIntervalSeconds()).toBe(360);
    fx.conf.fetchInterval = 1200;
    expect(cache().fetchIntervalSeconds()).toBe(1200);
    const c = cache({ ownCerts: [auth, sign], fetchIntervalSeconds: 0.15 });
    c.start();
    await vi.waitFor(() => expect(fx.responder.hitsFor(auth)).toBeGreaterThanOrEqual(4), { timeout: 3_000, interval: 50 });
    expect(fx.responder.hitsFor(sign)).toBeGreaterThanOrEqual(3);
    await c.stop();
    const after = fx.responder.hitsFor(auth);
    await new Promise((r) => setTimeout(r, 400));
    expect(fx.responder.hitsFor(auth)).toBe(after);
  });

  it('revoked: once fetched, ownResponse fails with the status (OCSP-005); good again after the next fetch', async () => {
    const c = cache();
    await c.ownResponse(auth);
    fx.responder.certificates.revoked(auth, { reason: 1, time: new Date('2026-01-02T03:04:05Z') });
    await c.refreshNow();
    await expect(c.ownResponse(auth)).rejects.toMatchObject({ code: 'cert_validation', message: 'OCSP response indicates certificate status is REVOKED (date: 2026-01-02 03:04:05)' });
    expect(c.status()[0].status).toBe('revoked');
    fx.responder.certificates.good(auth);
    await c.refreshNow();
    expect(verifies(await c.ownResponse(auth), auth).singleResponse.status.kind).toBe('good');
  });

  it('stale answers are refused; a fresh response already held stays in service', async () => {
    const c = cache();
    const good = await c.ownResponse(auth);
    await fx.responder.knobs.set('staleThisUpdate', { seconds: 7200 });
    await c.refreshNow();
    expect(c.status()[0].lastError).toMatch(/OCSP response is too old/);
    expect(await c.ownResponse(auth)).toBe(good);

    const fresh = cache();
    await expect(fresh.ownResponse(auth)).rejects.toMatchObject({ code: 'cert_validation', message: expect.stringMatching(/Could not get OCSP response for certificate .*too old/) });
  });

  it('responder down: served while fresh (OCSP-008), refused once freshness has passed', async () => {
    let clock = new Date();
    const c = cache({ now: () => clock });
    const der = await c.ownResponse(auth);
    await fx.responder.knobs.set('down', true);
    clock = new Date(clock.getTime() + 3500_000);
    expect(await c.ownResponse(auth)).toBe(der);
    await c.refreshNow();
    expect(c.status()[0].lastError).toMatch(/ECONNREFUSED|other side closed/);
    clock = new Date(clock.getTime() + 200_000);
    await expect(c.ownResponse(auth)).rejects.toMatchObject({ code: 'cert_validation', message: expect.stringMatching(/too old.*(ECONNREFUSED|other side closed)/) });
    // The :5577 role still hands out what it has, so the peer can see why it is refused.
    expect(await c.forDownload({ sha1: sha1Hex(auth) })).toBe(der);
  });

  it('responder slow: the fetch gives up at the timeout and the server stays usable while the old response is fresh', async () => {
    const c = cache({ timeoutMs: 200 });
    const der = await c.ownResponse(auth);
    await fx.responder.knobs.set('slow', { delayMs: 1_000 });
    const t0 = Date.now();
    await c.refreshNow();
    expect(Date.now() - t0).toBeLessThan(900);
    expect(c.status()[0].lastError).toMatch(/no answer within 200 ms/);
    expect(await c.ownResponse(auth)).toBe(der);
  });

  it('unauthorised signer and HTTP errors are not accepted; the next configured URL and then the AIA URL are tried', async () => {
    await fx.responder.knobs.set('unauthorisedSigner', true);
    await expect(cache().ownResponse(auth)).rejects.toMatchObject({ message: expect.stringMatching(/OCSP responder is not authorized for given CA/) });
    await fx.responder.knobs.resetFaults();

    // A certificate whose AIA names the working responder, while configuration names a dead one.
    const withAia = await issueCertificate(fx.pki.issuingCa, { subject: [['C', 'FI'], ['O', 'COM 1234'], ['CN', 'SS9']], profile: 'auth', ocspUrl: fx.responder.url });
    const dead = 'http://127.0.0.1:9/';
    const c = cache({ globalConf: { trust: () => trustOf(fx.pki, dead), ocspResponderUrls: () => [dead] } });
    const der = await c.ownResponse(withAia.cert);
    expect(c.status()[0].url).toBe(fx.responder.url);
    expect(parseOcspResponse(der).basic?.responses[0].status.kind).toBe('good');
    await expect(c.ownResponse(auth)).rejects.toMatchObject({ message: expect.stringContaining(dead) });
  });

  it('a certificate from a CA that is not approved gets no OCSP response', async () => {
    const foreign = await issueCertificate('self', { subject: [['CN', 'not approved']], profile: 'auth' });
    await expect(cache().ownResponse(foreign.cert)).rejects.toMatchObject({ code: 'cert_validation', message: expect.stringContaining('not issued by approved certification service provider') });
  });

  it("peers' responses: remembered by hash, reused only while fresh, never replacing our own", async () => {
    const c = cache();
    const peer = fx.pki.securityServers.SS2.auth.cert;
    const peerDer = await cache().ownResponse(peer);
    c.remember(peer, peerDer);
    expect(c.bySha1Hex(sha1Hex(peer))).toEqual(peerDer);
    expect(c.bySha256Hex(sha256Hex(peer))).toEqual(peerDer);
    expect(await c.forDownload({ sha256: sha256Hex(peer) })).toEqual(peerDer);
    expect(c.freshResponse(peer, fx.pki.issuingCa.cert)).toEqual(peerDer);
    expect(c.freshResponse(peer, fx.pki.issuingCa.cert, new Date(Date.now() + 3700_000))).toBeUndefined();
    expect(c.freshResponse(auth, fx.pki.issuingCa.cert)).toBeUndefined();
    expect(c.bySha1Hex('00'.repeat(20))).toBeUndefined();

    const own = await c.ownResponse(auth);
    c.remember(auth, peerDer);
    expect(c.bySha1Hex(sha1Hex(auth))).toBe(own);
  });
});
