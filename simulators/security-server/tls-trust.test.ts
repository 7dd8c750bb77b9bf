import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import tls, { type TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServerHandle } from '../central-server/index.js';
import { queryOcsp } from '../ocsp-responder/test-client.js';
import { createTestPki, issueCertificate, type IssuedCert } from '../pki/index.js';
import type { ListedSecurityServer } from './components.js';
import { startGlobalConfClient, type GlobalConfClient } from './globalconf-client.js';
import { XRoadOcspCache } from './ocsp-cache.js';
import { ocspDownloadLookupFrom, startOcspDownloadServer, type OcspDownloadLookup, type OcspDownloadServer } from './ocsp-download.js';
import { startOcspFixture, type OcspFixture } from './ocsp-test-fixture.js';
import { clientTlsOptions, serverTlsOptions, XRoadTlsTrust, type TlsIdentity } from './tls-trust.js';

const CLIENT = 'DEV/COM/1234';

describe('X-Road TLS trust with the central server, OCSP responder and :5577 simulators', () => {
  let fx: OcspFixture;
  let cs: CentralServerHandle;
  let gc: GlobalConfClient;
  let ss1: IssuedCert;
  let ss2: IssuedCert;
  let cache1: XRoadOcspCache; // SS1 (consumer side in these tests)
  let cache2: XRoadOcspCache; // SS2 (provider side)
  let dl2: OcspDownloadServer;
  let dlHits = 0;
  let trust1: XRoadTlsTrust;
  let trust2: XRoadTlsTrust;
  let ocsp1: Buffer;
  let listedSs2: ListedSecurityServer;

  beforeAll(async () => {
    fx = await startOcspFixture();
    ss1 = fx.pki.securityServers.SS1.auth;
    ss2 = fx.pki.securityServers.SS2.auth;
    cache2 = new XRoadOcspCache({ globalConf: fx.conf, ownCerts: [ss2.cert], timeoutMs: 1_000 });
    const lookup = ocspDownloadLookupFrom(cache2);
    const counted: OcspDownloadLookup = (h) => {
      dlHits++;
      return lookup(h);
    };
    dl2 = await startOcspDownloadServer({ lookup: counted });
    cs = await startCentralServer({
      pki: fx.pki,
      modelOptions: { ocspUrl: fx.responder.url, securityServerAddress: { SS1: '127.0.0.1:1', SS2: `127.0.0.1:${dl2.port - 1}` } },
    });
    gc = await startGlobalConfClient({ anchorXml: cs.anchorXml(), refreshSeconds: 3600, timeoutMs: 2_000 });
    cache1 = new XRoadOcspCache({ globalConf: gc, timeoutMs: 1_000 });
    trust1 = new XRoadTlsTrust({ globalConf: gc, ocspCache: cache1, peerOcspTimeoutMs: 2_000 });
    trust2 = new XRoadTlsTrust({ globalConf: gc, ocspCache: cache2 });
    ocsp1 = await cache1.ownResponse(ss1.cert);
    listedSs2 = gc.securityServers().find((s) => s.id === 'DEV/GOV/4321/SS2')!;
  });
  afterEach(async () => {
    await fx.responder.knobs.resetFaults();
    fx.responder.certificates.forget(ss2.cert);
  });
  afterAll(async () => {
    await gc?.stop();
    await cs?.stop();
    await dl2?.stop();
    await fx?.stop();
  });

  const fetchOcsp = async (cert: X509Certificate, issuer = fx.pki.issuingCa.cert) => (await queryOcsp(fx.responder.url, { cert, issuer })).body;

  describe('provider side (TRANSP-010): verifyConsumer', () => {
    it('a valid registered auth cert with a fresh good response passes, and the response is remembered', () => {
      expect(() => trust2.verifyConsumer([ss1.cert], [ocsp1], CLIENT)).not.toThrow();
      expect(cache2.bySha1Hex(ss1.cert.fingerprint.replace(/:/g, '').toLowerCase())).toEqual(ocsp1);
    });

    it('no OCSP part at all -> "corresponding OCSP response is missing"', () => {
      expect(() => trust2.verifyConsumer([ss1.cert], [], CLIENT)).toThrow(
        expect.objectContaining({ code: 'ssl_authentication_failed', message: 'Cannot verify TLS certificate, corresponding OCSP response is missing' }),
      );
    });

    it('an auth cert of the approved CA that no server lists -> not associated with any security server', async () => {
      const rogue = await issueCertificate(fx.pki.issuingCa, { subject: [['C', 'FI'], ['O', 'COM 1234'], ['CN', 'SS1']], profile: 'auth' });
      const ocsp = await fetchOcsp(rogue.cert);
      expect(() => trust2.verifyConsumer([rogue.cert], [ocsp], CLIENT)).toThrow(
        expect.objectContaining({ code: 'ssl_authentication_failed', message: expect.stringMatching(/^Authentication certificate .*CN=SS1.* is not associated with any security server$/) }),
      );
      const lenient = new XRoadTlsTrust({ globalConf: gc, skipRegistrationCheck: () => true });
      expect(() => lenient.verifyConsumer([rogue.cert], [ocsp], CLIENT)).not.toThrow();
    });

    it("another server's cert for a client it does not host -> Client 'X' is not registered at security server Y", async () => {
      const ocsp2 = await fetchOcsp(ss2.cert);
      expect(() => trust2.verifyConsumer([ss2.cert], [ocsp2], CLIENT)).toThrow(
        expect.objectContaining({ code: 'ssl_authentication_failed', message: "Client 'DEV/COM/1234' is not registered at security server DEV/GOV/4321/SS2" }),
      );
      expect(() => trust2.verifyConsumer([ss2.cert], [ocsp2], 'DEV/GOV/4321')).not.toThrow();
      // A subsystem of the owner is not the owner: it must be listed as a client (authCertMatchesMember).
      expect(() => trust2.verifyConsumer([ss2.cert], [ocsp2], 'DEV/GOV/4321/SUB')).toThrow(expect.objectContaining({ message: expect.stringContaining("Client 'DEV/GOV/4321/SUB'") }));
    });

    it('a certificate of a CA that is not approved -> not issued by approved certification service provider', async () => {
      const ca = await issueCertificate('self', { subject: [['CN', 'other CA']], profile: 'ca' });
      const leaf = await issueCertificate(ca, { subject: [['C', 'FI'], ['O', 'COM 1234'], ['CN', 'SS1']], profile: 'auth' });
      expect(() => trust2.verifyConsumer([leaf.cert, ca.cert], [ocsp1], CLIENT)).toThrow(
        expect.objectContaining({ code: 'ssl_authentication_failed', message: 'Certificate is not issued by approved certification service provider.' }),
      );
    });

    it('revoked -> invalid_cert_path.cert_validation; stale -> invalid_cert_path.incorrect_validation_info (OCSP-007)', async () => {
      fx.responder.certificates.revoked(ss1.cert, { time: new Date('2026-02-03T04:05:06Z') });
      const revoked = await fetchOcsp(ss1.cert);
      fx.responder.certificates.forget(ss1.cert);
      expect(() => trust2.verifyConsumer([ss1.cert], [revoked], CLIENT)).toThrow(
        expect.objectContaining({ code: 'ssl_authentication_failed.invalid_cert_path.cert_validation', message: 'OCSP response indicates certificate status is REVOKED (date: 2026-02-03 04:05:06)' }),
      );
      await fx.responder.knobs.set('staleThisUpdate', { seconds: 7200 });
      const stale = await fetchOcsp(ss1.cert);
      expect(() => trust2.verifyConsumer([ss1.cert], [stale], CLIENT)).toThrow(
        expect.objectContaining({ code: 'ssl_authentication_failed.invalid_cert_path.incorrect_validation_info', message: expect.stringMatching(/^OCSP response is too old/) }),
      );
      // A response that was fresh goes stale with time: the check is made at `now`.
      expect(() => trust2.verifyConsumer([ss1.cert], [ocsp1], CLIENT, new Date(Date.now() + 3700_000))).toThrow(expect.objectContaining({ message: expect.stringMatching(/too old/) }));
    });

    it('not an auth cert, OCSP for another certificate, expired cert, unparsable OCSP part', async () => {
      const sign = fx.pki.securityServers.SS1.sign[CLIENT];
      const signOcsp = await fetchOcsp(sign.cert);
      expect(() => trust2.verifyConsumer([sign.cert], [signOcsp], CLIENT)).toThrow(expect.objectContaining({ code: 'ssl_authentication_failed', message: 'Peer certificate is not an authentication certificate' }));
      expect(() => trust2.verifyConsumer([ss1.cert], [signOcsp], CLIENT)).toThrow(
        expect.objectContaining({ code: 'ssl_authentication_failed.invalid_cert_path.cert_validation', message: expect.stringMatching(/^Unable to find OCSP response for certificate/) }),
      );
      const old = await issueCertificate(fx.pki.issuingCa, { subject: [['CN', 'old']], profile: 'auth', notBefore: new Date('2020-01-01Z'), notAfter: new Date('2021-01-01Z') });
      const oldOcsp = await fetchOcsp(old.cert);
      expect(() => trust2.verifyConsumer([old.cert], [oldOcsp], CLIENT)).toThrow(expect.objectContaining({ code: 'ssl_authentication_failed.invalid_cert_path.cert_validation', message: expect.stringContaining('is not valid at') }));
      expect(() => trust2.verifyConsumer([ss1.cert], [Buffer.from('garbage')], CLIENT)).toThrow(expect.objectContaining({ code: 'ssl_authentication_failed', message: expect.stringMatching(/^Cannot parse OCSP response 1/) }));
    });

    it('the authCertHash algorithm follows the configuration version (GCONF-012): a SHA-1 reading does not match v3+ hashes', () => {
      const v2Reader = new XRoadTlsTrust({ globalConf: Object.assign(Object.create(gc) as GlobalConfClient, { authCertHashAlgorithm: () => 'sha1' as const }) });
      expect(() => v2Reader.verifyConsumer([ss1.cert], [ocsp1], CLIENT)).toThrow(expect.objectContaining({ message: expect.stringContaining('is not associated with any security server') }));
    });
  });

  describe('consumer side (TRANSP-002/003): verifyProvider', () => {
    it("fetches the provider's chain responses from its :5577 role once, then uses the fresh cached one", async () => {
      const before = dlHits;
      expect(await trust1.verifyProvider([ss2.cert], [listedSs2])).toBe('DEV/GOV/4321/SS2');
      expect(dlHits).toBe(before + 1);
      expect(await trust1.verifyProvider([ss2.cert], [listedSs2])).toBe('DEV/GOV/4321/SS2');
      expect(dlHits).toBe(before + 1);
    });

    it('an aged cached response is fetched again instead of failing the handshake (joint-development#157)', async () => {
      await fx.responder.knobs.set('staleThisUpdate', { seconds: 7200 });
      const stale = await fetchOcsp(ss2.cert);
      await fx.responder.knobs.resetFaults();
      const cache = new XRoadOcspCache({ globalConf: gc });
      cache.remember(ss2.cert, stale);
      const t = new XRoadTlsTrust({ globalConf: gc, ocspCache: cache });
      const before = dlHits;
      expect(await t.verifyProvider([ss2.cert], [listedSs2])).toBe('DEV/GOV/4321/SS2');
      expect(dlHits).toBe(before + 1);
      expect(cache.bySha1Hex(ss2.cert.fingerprint.replace(/:/g, '').toLowerCase())).not.toEqual(stale);
    });

    it('too few responses from the provider -> "Could not get all OCSP responses from server (expected 1, but got 0)"', async () => {
      const t = new XRoadTlsTrust({ globalConf: gc, fetchPeerOcsp: async () => [] });
      await expect(t.verifyProvider([ss2.cert], [listedSs2])).rejects.toMatchObject({
        code: 'ssl_authentication_failed.internal_error',
        message: 'Could not get all OCSP responses from server (expected 1, but got 0)',
      });
      const unreachable = new XRoadTlsTrust({ globalConf: gc, peerOcspTimeoutMs: 500 });
      await expect(unreachable.verifyProvider([ss2.cert], [{ ...listedSs2, address: '127.0.0.1:7' }])).rejects.toMatchObject({ code: 'ssl_authentication_failed.internal_error' });
    });

    it("the provider's cert revoked -> refused; the cert of a server that does not host the provider -> refused", async () => {
      fx.responder.certificates.revoked(ss2.cert);
      await cache2.refreshNow();
      const t = new XRoadTlsTrust({ globalConf: gc, ocspCache: new XRoadOcspCache({ globalConf: gc }) });
      await expect(t.verifyProvider([ss2.cert], [listedSs2])).rejects.toMatchObject({ code: 'ssl_authentication_failed.invalid_cert_path.cert_validation', message: expect.stringMatching(/REVOKED/) });
      fx.responder.certificates.forget(ss2.cert);
      await cache2.refreshNow();

      const listedSs1 = gc.securityServers().find((s) => s.id === 'DEV/COM/1234/SS1')!;
      await expect(trust1.verifyProvider([ss2.cert], [{ ...listedSs1, address: listedSs2.address }])).rejects.toMatchObject({
        code: 'ssl_authentication_failed',
        message: expect.stringMatching(/belongs to security server DEV\/GOV\/4321\/SS2, which does not host the service provider \(DEV\/COM\/1234\/SS1\)/),
      });
      const ca = await issueCertificate('self', { subject: [['CN', 'other CA']], profile: 'ca' });
      const leaf = await issueCertificate(ca, { subject: [['CN', 'SS2']], profile: 'auth' });
      await expect(trust1.verifyProvider([leaf.cert], [listedSs2])).rejects.toMatchObject({ message: 'Certificate is not issued by approved certification service provider.' });
    });
  });

  describe('TLS profile (TRANSP-001)', () => {
    const identity = (c: IssuedCert): TlsIdentity => ({ certPem: [c.certPem], keyPem: c.keyPem });
    const servers: tls.Server[] = [];
    afterAll(() => servers.forEach((s) => s.close()));

    async function listen(id: TlsIdentity, onSecure?: (s: TLSSocket) => void): Promise<number> {
      const server = tls.createServer(serverTlsOptions(id), (s) => {
        onSecure?.(s);
        s.end();
      });
      server.on('tlsClientError', () => undefined);
      servers.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      return (server.address() as AddressInfo).port;
    }

    function sClient(port: number, args: string[]): Promise<{ code: number | null; out: string }> {
      return new Promise((resolve) => {
        const p = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        p.stdout.on('data', (d: Buffer) => (out += d.toString()));
        p.stderr.on('data', (d: Buffer) => (out += d.toString()));
        const timer = setTimeout(() => p.kill('SIGKILL'), 15_000);
        p.on('close', (code) => {
          clearTimeout(timer);
          resolve({ code, out });
        });
      });
    }

    it('openssl s_client: TLS 1.2 with the X-Road ciphers succeeds; TLS 1.3 and weaker ciphers are refused', async () => {
      const port = await listen(identity(ss2));
      for (const cipher of ['ECDHE-RSA-AES256-SHA384', 'DHE-RSA-AES256-SHA256']) {
        const ok = await sClient(port, ['-tls1_2', '-cipher', cipher]);
        expect(ok.code, ok.out).toBe(0);
        expect(ok.out).toMatch(new RegExp(`Cipher is ${cipher}`));
        expect(ok.out).toMatch(/Protocol\s*: TLSv1\.2/);
      }
      expect((await sClient(port, ['-tls1_3'])).code).not.toBe(0);
      expect((await sClient(port, ['-tls1_2', '-cipher', 'AES128-SHA'])).code).not.toBe(0);
      expect((await sClient(port, ['-tls1_2', '-cipher', 'ECDHE-RSA-AES128-GCM-SHA256'])).code).not.toBe(0);
    });

    it('openssl s_client: ECDHE-ECDSA-AES256-SHA384 with an EC auth key', async () => {
      const ec = await createTestPki({ keyAlgorithm: 'ec', securityServers: [{ serverCode: 'EC1', owner: { memberClass: 'COM', memberCode: '1' } }] });
      const port = await listen(identity(ec.securityServers.EC1.auth));
      const ok = await sClient(port, ['-tls1_2', '-cipher', 'ECDHE-ECDSA-AES256-SHA384']);
      expect(ok.code, ok.out).toBe(0);
      expect(ok.out).toMatch(/Cipher is ECDHE-ECDSA-AES256-SHA384/);
    });

    it('mutual TLS between two servers: each side judges the other in code after the handshake', async () => {
      const chainOf = (s: TLSSocket) => {
        const raw = s.getPeerCertificate(true)?.raw;
        return raw ? [new X509Certificate(raw)] : [];
      };
      let serverVerdict: unknown = 'not called';
      const port = await listen(identity(ss2), (s) => {
        try {
          trust2.verifyConsumer(chainOf(s), [ocsp1], CLIENT);
          serverVerdict = 'ok';
        } catch (e) {
          serverVerdict = e;
        }
      });
      const socket = tls.connect({ host: '127.0.0.1', port, ...clientTlsOptions(identity(ss1)) });
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', () => resolve());
        socket.once('error', reject);
      });
      expect(socket.getProtocol()).toBe('TLSv1.2');
      expect(socket.getCipher().standardName).toBe('TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384');
      expect(await trust1.verifyProvider(chainOf(socket), [listedSs2])).toBe('DEV/GOV/4321/SS2');
      socket.destroy();
      await new Promise((r) => setTimeout(r, 100));
      expect(serverVerdict).toBe('ok');
    });
  });
});
