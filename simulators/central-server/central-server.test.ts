import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anchorVerificationCerts, parseConfigurationAnchor, verifySignedDirectory } from '../../protocol/globalconf/index.js';
import { rejectionCodeOf } from '../../protocol/test-support/fault-code.js';
import { createTestPki, type TestPki } from '../pki/index.js';
import { startCentralServer, type CentralServerHandle } from './central-server.js';
import { downloadConfiguration, resolveVersion, type DownloadOptions } from './config-client.js';
import { CENTRAL_SERVER_KNOBS } from './knobs.js';

const T0 = new Date('2026-11-23T10:00:00.000Z');

const codeOf = (p: Promise<unknown>): Promise<string> => rejectionCodeOf(p, 'valid');

describe('central server simulator', () => {
  let pki: TestPki;
  let cs: CentralServerHandle;
  let clock = T0;
  let anchorCerts: ReturnType<typeof anchorVerificationCerts>;

  beforeAll(async () => {
    pki = await createTestPki({ withIntermediate: true });
    cs = await startCentralServer({ pki, now: () => clock, socketTimeoutMs: 1_000 });
    anchorCerts = anchorVerificationCerts(parseConfigurationAnchor(cs.anchorXml()));
  });
  afterAll(async () => {
    await cs?.stop();
  });

  const download = (kind: 'internal' | 'external' = 'internal', version = 6, certs: DownloadOptions['verificationCerts'] = anchorCerts) =>
    downloadConfiguration(kind === 'internal' ? cs.internalConfUrl : cs.externalConfUrl, { verificationCerts: certs, version, now: clock });

  it.each([2, 3, 4, 5, 6])('version %i: internalconf (SHARED+PRIVATE) and externalconf (SHARED) verify against the anchor and parse', async (v) => {
    const internal = await download('internal', v);
    expect(internal.directory.version).toBe(v === 2 ? undefined : v);
    expect(internal.directory.expireDate.getTime()).toBe(T0.getTime() + 600_000);
    expect(internal.directory.parts.map((p) => p.contentIdentifier)).toEqual(['SHARED-PARAMETERS', 'PRIVATE-PARAMETERS']);
    expect(internal.directory.parts[0].contentLocation).toMatch(new RegExp(`^/V${v}/\\d{23}/shared-params\\.xml$`));
    const dev = internal.content.instances.get('DEV')!;
    expect(dev.shared!.version).toBe(v);
    expect(dev.private!.timeStampingIntervalSeconds).toBe(60);
    const ss1 = dev.shared!.securityServers.find((s) => s.serverCode === 'SS1')!;
    const alg = v === 2 ? 'sha1' : 'sha256';
    expect(ss1.authCertHashes).toEqual([createHash(alg).update(pki.securityServers.SS1.auth.certDer).digest('base64')]);
    expect(dev.shared!.sources.length).toBe(v >= 3 ? 1 : 0);
    if (v >= 3) expect(dev.shared!.sources[0].address).toBe(`127.0.0.1:${cs.port}`);
    const external = await download('external', v);
    expect(external.directory.parts.map((p) => p.contentIdentifier)).toEqual(['SHARED-PARAMETERS']);
  });

  it('trust of the published instance is the test PKI', () => {
    const t = cs.trust();
    expect(t.instanceIdentifier).toBe('DEV');
    expect(t.approvedCas[0].topCa.fingerprint256).toBe(pki.rootCa.cert.fingerprint256);
    expect(t.approvedCas[0].intermediateCas[0].fingerprint256).toBe(pki.intermediateCa!.cert.fingerprint256);
    expect(t.approvedCas[0].ocspResponders[0].cert?.fingerprint256).toBe(pki.ocspSigner.cert.fingerprint256);
    expect(t.approvedTsas[0].cert.fingerprint256).toBe(pki.tsaSigner.cert.fingerprint256);
    expect(t.ocspFreshnessSeconds).toBe(3600);
  });

  it('answers 404 for versions it does not serve, 4xx for bad requests, and keeps serving; logs versions', async () => {
    const before = cs.requests.length;
    expect((await fetch(`${cs.internalConfUrl}?version=7`)).status).toBe(404);
    expect((await fetch(`${cs.internalConfUrl}?version=1`)).status).toBe(404);
    expect((await fetch(`${cs.internalConfUrl}?version=abc`)).status).toBe(400);
    expect((await fetch(cs.internalConfUrl, { method: 'POST', body: 'x' })).status).toBe(405);
    expect((await fetch(`${cs.url}/V6/nope/shared-params.xml`)).status).toBe(404);
    expect((await fetch(`${cs.url}/../../etc/passwd`)).status).toBe(404);
    expect((await fetch(cs.internalConfUrl)).status).toBe(200); // no version parameter: version 2
    expect(await resolveVersion(cs.internalConfUrl)).toBe(6);
    expect(cs.requests.slice(before).map((r) => r.status)).toEqual([404, 404, 400, 405, 404, 404, 200, 200]);
    expect(cs.versionsRequested('internal').slice(-4)).toEqual([7, 1, 2, 6]);
  });

  it('a restricted version set: 404 above it, so the client probes down (6, 5, 4)', async () => {
    const restricted = await startCentralServer({ pki, versions: [3, 4], now: () => clock });
    try {
      expect(await resolveVersion(restricted.internalConfUrl)).toBe(4);
      expect(restricted.versionsRequested()).toEqual([6, 5, 4]);
      expect((await fetch(restricted.internalConfUrl)).status).toBe(404);
    } finally {
      await restricted.stop();
    }
  });

  it('publish(): model changes appear under a new generation folder; the previous files stay downloadable', async () => {
    const oldLocation = cs.publication.versions.get(6)!.internal[0].contentLocation;
    cs.model.members!.push({ memberClass: { code: 'ORG', description: 'Non-profit organisations' }, memberCode: '9999', name: 'New member', subsystems: [] });
    cs.model.ocspFreshnessSeconds = 120;
    cs.model.optionalParts = { nextUpdate: { verifyNextUpdate: false }, monitoring: {}, fetchInterval: { ocspFetchInterval: 15 } };
    cs.publish();
    const conf = await download('internal', 6);
    expect(conf.directory.parts[0].contentLocation).not.toBe(oldLocation);
    expect(conf.directory.parts.map((p) => p.contentIdentifier)).toEqual(['SHARED-PARAMETERS', 'PRIVATE-PARAMETERS', 'MONITORING', 'NEXTUPDATE', 'FETCHINTERVAL']);
    const dev = conf.content.instances.get('DEV')!;
    expect(dev.shared!.members.map((m) => m.memberCode)).toContain('9999');
    expect(dev.shared!.globalSettings.ocspFreshnessSeconds).toBe(120);
    expect(dev.fetchInterval?.ocspFetchInterval).toBe(15);
    expect(cs.trust().verifyNextUpdate).toBe(false);
    expect((await fetch(cs.url + oldLocation)).status).toBe(200);
  });

  it('declares its knobs (name, description, requirements) and refuses unknown ones', async () => {
    expect(CENTRAL_SERVER_KNOBS.map((k) => k.name)).toEqual(['expired', 'badSignature', 'unknownSigner', 'keyRotation', 'missingPart', 'hashMismatch', 'slow', 'down']);
    for (const k of cs.knobs.list()) expect(k.description.length).toBeGreaterThan(10);
    await expect(cs.knobs.set('nonsense' as never, true as never)).rejects.toThrow(/unknown central server knob/);
  });

  describe('each knob produces the artifact it names', () => {
    it('expired -> global_conf_outdated; cleared -> valid again', async () => {
      await cs.knobs.set('expired', { secondsAgo: 30 });
      expect(await codeOf(download())).toBe('global_conf_outdated');
      const body = Buffer.from(await (await fetch(`${cs.internalConfUrl}?version=6`)).arrayBuffer());
      expect(body.toString()).toContain('Expire-date: 2026-11-23T09:59:30Z');
      await cs.knobs.clear('expired');
      expect(await codeOf(download())).toBe('valid');
    });

    it('badSignature -> global_conf_signature_verification_failure', async () => {
      await cs.knobs.set('badSignature', true);
      expect(await codeOf(download('external', 5))).toBe('global_conf_signature_verification_failure');
      await cs.knobs.clear('badSignature');
      expect(await codeOf(download('external', 5))).toBe('valid');
    });

    it('unknownSigner -> global_conf_missing_verification_cert (yet the signature is the unknown key\'s)', async () => {
      await cs.knobs.set('unknownSigner', true);
      expect(await codeOf(download())).toBe('global_conf_missing_verification_cert');
      expect(await codeOf(download('internal', 6, [cs.signers.unknown.certDer]))).toBe('valid');
      await cs.knobs.clear('unknownSigner');
    });

    it('keyRotation: announce lists the new cert in shared-params; switch signs with it; clients following shared-params keep verifying', async () => {
      await cs.knobs.set('keyRotation', { stage: 'announce' });
      const announced = await download();
      const source = announced.content.instances.get('DEV')!.shared!.sources[0];
      expect(source.internalVerificationCerts.map((c) => c.cert.fingerprint256)).toEqual([pki.centralServerSigner.cert.fingerprint256, cs.signers.rotated.cert.fingerprint256]);
      expect(announced.directory.verificationCert.cert.fingerprint256).toBe(pki.centralServerSigner.cert.fingerprint256);

      await cs.knobs.set('keyRotation', { stage: 'switch' });
      expect(await codeOf(download())).toBe('global_conf_missing_verification_cert');
      const followed = await download('internal', 6, [...anchorCerts, ...source.internalVerificationCerts]);
      expect(followed.directory.verificationCert.cert.fingerprint256).toBe(cs.signers.rotated.cert.fingerprint256);
      const ext = await download('external', 6, [...source.externalVerificationCerts]);
      expect(ext.directory.verificationCert.cert.fingerprint256).toBe(cs.signers.rotated.cert.fingerprint256);

      await cs.knobs.clear('keyRotation');
      const after = await download();
      expect(after.content.instances.get('DEV')!.shared!.sources[0].internalVerificationCerts).toHaveLength(1);
    });

    it('missingPart -> the directory verifies but the file is 404: global_conf_part_download_failure', async () => {
      await cs.knobs.set('missingPart', { contentIdentifier: 'PRIVATE-PARAMETERS' });
      expect(await codeOf(download())).toBe('global_conf_part_download_failure');
      expect(await codeOf(download('external'))).toBe('valid');
      await cs.knobs.clear('missingPart');
    });

    it('hashMismatch -> global_conf_part_downloaded_file_integrity_failure', async () => {
      await cs.knobs.set('hashMismatch', { contentIdentifier: 'SHARED-PARAMETERS' });
      expect(await codeOf(download('external', 3))).toBe('global_conf_part_downloaded_file_integrity_failure');
      await cs.knobs.clear('hashMismatch');
      expect(await codeOf(download('external', 3))).toBe('valid');
    });

    it('slow -> answers only after the delay (a client with a shorter timeout gives up)', async () => {
      await cs.knobs.set('slow', { delayMs: 400 });
      const t = Date.now();
      const r = await fetch(`${cs.internalConfUrl}?version=6`);
      expect(r.status).toBe(200);
      expect(Date.now() - t).toBeGreaterThanOrEqual(380);
      await expect(fetch(`${cs.internalConfUrl}?version=6`, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
      await cs.knobs.clear('slow');
    });

    it('down -> connection refused; cleared -> serving again on the same port', async () => {
      await cs.knobs.set('down', true);
      await expect(fetch(`${cs.internalConfUrl}?version=6`, { signal: AbortSignal.timeout(2000) })).rejects.toThrow();
      await cs.knobs.clear('down');
      expect((await fetch(`${cs.internalConfUrl}?version=6`)).status).toBe(200);
      expect(cs.knobs.active()).toEqual({});
    });
  });

  it('a client that stops mid-request is cut off by the socket timeout; the server keeps serving', async () => {
    const closed = await new Promise<boolean>((resolve) => {
      const s = connect(cs.port, '127.0.0.1', () => s.write('GET /internalconf?version=6 HTTP/1.1\r\nHost: x\r\n'));
      const guard = setTimeout(() => {
        s.destroy();
        resolve(false);
      }, 5_000);
      s.on('close', () => {
        clearTimeout(guard);
        resolve(true);
      });
      s.on('error', () => undefined);
    });
    expect(closed).toBe(true);
    expect((await fetch(`${cs.internalConfUrl}?version=6`)).status).toBe(200);
  });

  it('the directory on the wire has the corrections §3 layout and the Expire-date follows confExpireIntervalSeconds', async () => {
    cs.settings.confExpireIntervalSeconds = 120;
    const body = Buffer.from(await (await fetch(`${cs.internalConfUrl}?version=6`)).arrayBuffer());
    cs.settings.confExpireIntervalSeconds = 600;
    const text = body.toString();
    expect(text).toMatch(/^Content-Type: multipart\/related; charset=UTF-8; boundary=[A-Za-z0-9]{20}\r\n\r\n--/);
    expect(text).toContain('Expire-date: 2026-11-23T10:02:00Z\r\nVersion: 6\r\n\r\n');
    expect(text).toContain("Content-identifier: SHARED-PARAMETERS; instance='DEV'");
    const d = verifySignedDirectory(body, { verificationCerts: anchorCerts, now: T0 });
    expect(d.expireDate.toISOString()).toBe('2026-11-23T10:02:00.000Z');
    clock = new Date(T0.getTime() + 121_000);
    expect(() => verifySignedDirectory(body, { verificationCerts: anchorCerts, now: clock })).toThrow(expect.objectContaining({ code: 'global_conf_outdated' }));
    clock = T0;
  });
});
