import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate, type IssuedCert } from '../../simulators/pki/index.js';
import { acceptedSuites, canOffer, probeTls, tls12Suites, tlsOffer, XROAD_TLS_CIPHERS } from './posture-tls.js';

let id: IssuedCert;
let xroadLike: tls.Server;
let url: string;

beforeAll(async () => {
  id = await issueCertificate('self', { name: 'posture-test', subject: [['CN', 'posture test']], profile: 'auth', keyAlgorithm: 'rsa' });
  // A server with the SS-to-SS profile: TLS 1.2 only, X-Road suites only.
  xroadLike = tls.createServer({ cert: id.certPem, key: id.keyPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: XROAD_TLS_CIPHERS.join(':') }, (s) => s.end());
  xroadLike.on('tlsClientError', () => undefined);
  await new Promise<void>((r) => xroadLike.listen(0, '127.0.0.1', () => r()));
  url = `https://127.0.0.1:${(xroadLike.address() as { port: number }).port}`;
}, 30_000);

afterAll(async () => {
  await new Promise<void>((r) => xroadLike.close(() => r()));
});

describe('tlsOffer', () => {
  it('reads versions and single suites, and refuses anything else', () => {
    expect(tlsOffer('TLS 1.0')).toMatchObject({ minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT:@SECLEVEL=0' });
    expect(tlsOffer('cipher aes128-sha')).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'AES128-SHA:@SECLEVEL=0' });
    expect(() => tlsOffer('SSL 3')).toThrow(/unknown TLS offer/);
  });
});

describe('probeTls against a server with the X-Road profile', () => {
  it('connects with TLS 1.2 and an X-Road suite', async () => {
    const r = await probeTls(url, tlsOffer('TLS 1.2'));
    expect(r.connected).toBe(true);
    expect(r.protocol).toBe('TLSv1.2');
    expect(XROAD_TLS_CIPHERS).toContain(r.cipher);
  });

  it.each(['TLS 1.0', 'TLS 1.1', 'TLS 1.3', 'cipher AES128-SHA'])('is refused when offering only %s', async (offer) => {
    expect((await probeTls(url, tlsOffer(offer))).connected).toBe(false);
  });

  it('reports an offer the client cannot make instead of throwing', async () => {
    const r = await probeTls(url, { label: 'bogus', minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: 'NO-SUCH-SUITE' });
    expect(r).toMatchObject({ connected: false, notOfferable: true });
  });

  it('ends with a timeout when nobody answers the handshake', async () => {
    const silent = (await import('node:net')).createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    const r = await probeTls(`https://127.0.0.1:${(silent.address() as { port: number }).port}`, tlsOffer('TLS 1.2'), 300);
    silent.close();
    expect(r).toMatchObject({ connected: false });
    expect(r.error).toMatch(/no handshake/);
  });

  it('finds exactly the X-Road suites the server accepts with an RSA key, and would flag a permissive one', async () => {
    const accepted = (await acceptedSuites(url)).map((r) => r.cipher);
    expect(accepted.length).toBeGreaterThan(0);
    for (const c of accepted) expect(XROAD_TLS_CIPHERS).toContain(c);
    const loose = tls.createServer({ cert: id.certPem, key: id.keyPem, ciphers: 'ALL:@SECLEVEL=0', maxVersion: 'TLSv1.2' }, (s) => s.end());
    loose.on('tlsClientError', () => undefined);
    await new Promise<void>((r) => loose.listen(0, '127.0.0.1', () => r()));
    const looseAccepted = (await acceptedSuites(`https://127.0.0.1:${(loose.address() as { port: number }).port}`)).map((r) => r.cipher);
    await new Promise<void>((r) => loose.close(() => r()));
    expect(looseAccepted.some((c) => !(XROAD_TLS_CIPHERS as readonly (string | undefined)[]).includes(c))).toBe(true);
  });
});

describe('canOffer', () => {
  it('is true for old versions at security level 0 and false for a suite the key type cannot use', async () => {
    expect(await canOffer(tlsOffer('TLS 1.0'), id)).toBe(true);
    expect(await canOffer(tlsOffer('cipher ECDHE-ECDSA-AES256-SHA384'), id)).toBe(false);
  });

  it('lists only TLS 1.2 certificate suites', () => {
    const suites = tls12Suites();
    expect(suites).toContain('ECDHE-RSA-AES256-SHA384');
    expect(suites.some((s) => /^TLS_|PSK|SRP/.test(s))).toBe(false);
  });
});
