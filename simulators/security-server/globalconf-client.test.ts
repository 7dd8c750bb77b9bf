import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildConfigurationAnchor, loadConfigurationDirectory, verifyConfigurationValidity } from '../../protocol/globalconf/index.js';
import { ZipStreamReader } from '../../protocol/message-archive/zip-stream-reader.js';
import { startCentralServer, type CentralServerHandle, type KnobName, type KnobSettings } from '../central-server/index.js';
import { createTestPki, type TestPki } from '../pki/index.js';
import { startGlobalConfClient, type GlobalConfClient, type GlobalConfClientOptions } from './globalconf-client.js';

const b64 = (alg: 'sha1' | 'sha256', der: Buffer) => createHash(alg).update(der).digest('base64');

describe('globalconf client against the central server simulator', () => {
  let pki: TestPki;
  const started: Array<{ stop(): Promise<void> }> = [];
  const tmp = mkdtempSync(join(tmpdir(), 'roadtest-gconf-'));

  beforeAll(async () => {
    pki = await createTestPki({ withIntermediate: true });
  });
  afterEach(async () => {
    while (started.length) await started.pop()!.stop();
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  async function cs(opts: Partial<Parameters<typeof startCentralServer>[0]> = {}): Promise<CentralServerHandle> {
    const h = await startCentralServer({ pki, socketTimeoutMs: 2_000, modelOptions: { ocspUrl: 'http://127.0.0.1:9/ocsp' }, ...opts });
    started.push(h);
    return h;
  }
  async function client(server: CentralServerHandle, opts: Partial<GlobalConfClientOptions> = {}): Promise<GlobalConfClient> {
    const c = await startGlobalConfClient({ anchorXml: server.anchorXml(), refreshSeconds: 3600, timeoutMs: 2_000, ...opts });
    started.unshift(c); // stopped before the central server
    return c;
  }

  it('first download: probes from version 6, verifies, exposes servers, members, trust and private params', async () => {
    const server = await cs();
    const c = await client(server);
    expect(server.versionsRequested('internal')[0]).toBe(6);
    expect(c.instance()).toBe('DEV');
    const ss1 = c.securityServers().find((s) => s.id === 'DEV/COM/1234/SS1')!;
    expect(ss1.authCertHashes).toEqual([b64('sha256', pki.securityServers.SS1.auth.certDer)]);
    expect(ss1.clients).toContain('DEV/COM/1234');
    expect(ss1.address).toBe('127.0.0.1');
    expect(c.members().map((m) => m.id)).toEqual(expect.arrayContaining(['DEV/COM/1234', 'DEV/GOV/4321', 'DEV/COM/1234/MANAGEMENT']));
    expect(c.trust().approvedCas[0].topCa.fingerprint256).toBe(pki.rootCa.cert.fingerprint256);
    expect(c.trust().ocspFreshnessSeconds).toBe(3600);
    expect(c.timestampingIntervalSeconds()).toBe(60);
    expect(c.ocspResponderUrls(pki.intermediateCa!.cert)).toEqual(['http://127.0.0.1:9/ocsp']);
    expect(c.ocspResponderUrls(pki.tsaSigner.cert)).toEqual([]);
    expect(c.authCertHashAlgorithm()).toBe('sha256');
    const st = c.status();
    expect(st.state).toBe('ok');
    expect(st.current?.version).toBe(6);
    expect(st.lastPartsDownloaded).toBe(2);
    expect(() => c.assertValid()).not.toThrow();
  });

  it('downloads only changed parts and picks up a model change (timer refresh)', async () => {
    const server = await cs();
    const c = await client(server, { refreshSeconds: 0.2 });
    const updates = vi.fn();
    c.onUpdate(updates);
    await vi.waitFor(() => expect(updates).toHaveBeenCalled(), { timeout: 3_000 });
    expect(c.status().lastPartsDownloaded).toBe(0);
    expect(c.status().lastPartsReused).toBe(2);

    const before = server.requests.length;
    await c.refresh();
    const partFetches = server.requests.slice(before).filter((r) => r.kind === undefined);
    expect(partFetches).toEqual([]);

    server.model.timeStampingIntervalSeconds = 17;
    server.publish();
    await vi.waitFor(() => expect(c.timestampingIntervalSeconds()).toBe(17), { timeout: 3_000 });
    expect(c.status().lastPartsDownloaded).toBeLessThanOrEqual(1);

    server.model.securityServers![0].clients!.push({ objectType: 'SUBSYSTEM', xRoadInstance: 'DEV', memberClass: 'COM', memberCode: '1234', subsystemCode: 'MANAGEMENT' });
    server.publish();
    await vi.waitFor(() => expect(c.securityServers()[0].clients).toContain('DEV/COM/1234/MANAGEMENT'), { timeout: 3_000 });
  });

  // Each knob breaks one artifact; the client keeps its last good copy and reports why.
  const knobCases: Array<{ name: KnobName; value: KnobSettings[KnobName]; code: string; needsChange?: boolean; message?: RegExp }> = [
    { name: 'badSignature', value: true, code: 'global_conf_signature_verification_failure', message: /Failed to verify signature/ },
    { name: 'unknownSigner', value: true, code: 'global_conf_missing_verification_cert', message: /could not find verification certificate/ },
    { name: 'expired', value: { secondsAgo: 60 }, code: 'global_conf_outdated', message: /expired on/ },
    { name: 'missingPart', value: { contentIdentifier: 'PRIVATE-PARAMETERS' }, code: 'global_conf_part_download_failure', needsChange: true },
    { name: 'hashMismatch', value: { contentIdentifier: 'PRIVATE-PARAMETERS' }, code: 'global_conf_part_downloaded_file_integrity_failure', needsChange: true },
    { name: 'down', value: true, code: 'network_error', message: /ECONNREFUSED|failed/ },
    { name: 'slow', value: { delayMs: 1_500 }, code: 'network_error', message: /no answer within 300 ms/ },
  ];

  it.each(knobCases)('$name: last good copy stays, reason $code reported, recovery after clearing', async ({ name, value, code, needsChange, message }) => {
    const server = await cs();
    const c = await client(server, { timeoutMs: name === 'slow' ? 300 : 2_000 });
    const goodExpiry = c.expireDate()!;
    if (needsChange) {
      // An unchanged part is never fetched again (GCONF-007), so the broken file must be a new one.
      server.model.timeStampingIntervalSeconds = 42;
      server.publish();
    }
    await server.knobs.set(name, value as never);
    const r = await c.refresh();
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors[0].origin).toBe('anchor');
    expect(r.errors[0].code).toBe(code);
    if (message) expect(r.errors[0].message).toMatch(message);
    expect(r.errors.length).toBe(3); // anchor, then the shared-params source over https and http
    const st = c.status();
    expect(st.state).toBe('failing');
    expect(st.lastError?.code).toBe(code);
    expect(c.expireDate()).toEqual(goodExpiry);
    expect(c.timestampingIntervalSeconds()).toBe(60);
    expect(() => c.assertValid()).not.toThrow();

    await server.knobs.clear();
    const again = await c.refresh();
    expect(again.ok).toBe(true);
    expect(c.status().state).toBe('ok');
    expect(c.timestampingIntervalSeconds()).toBe(needsChange ? 42 : 60);
  });

  it('expiry: once the last good copy expires, assertValid throws global_conf_outdated within the interval', async () => {
    const server = await cs({ confExpireIntervalSeconds: 1.5 });
    const c = await client(server, { refreshSeconds: 0.2 });
    await new Promise((r) => setTimeout(r, 400));
    expect(() => c.assertValid()).not.toThrow(); // refreshes keep extending Expire-date
    await server.knobs.set('down', true);
    const downAt = Date.now();
    await vi.waitFor(
      () => {
        expect(() => c.assertValid()).toThrow(expect.objectContaining({ code: 'global_conf_outdated', message: 'Global configuration is expired' }));
      },
      { timeout: 4_000, interval: 50 },
    );
    expect(Date.now() - downAt).toBeLessThan(2_500);
    expect(c.status().state).toBe('expired');
    // The copy itself is kept (trust for verifying archives), only message exchange is refused.
    expect(c.trust().instanceIdentifier).toBe('DEV');
  });

  it('expiry with a controlled clock: valid just before Expire-date, outdated just after', async () => {
    let clock = new Date();
    const server = await cs({ confExpireIntervalSeconds: 600 });
    const c = await client(server, { now: () => clock });
    const exp = c.expireDate()!;
    clock = new Date(exp.getTime() - 1);
    expect(() => c.assertValid()).not.toThrow();
    clock = new Date(exp.getTime() + 1);
    expect(() => c.assertValid()).toThrow(expect.objectContaining({ code: 'global_conf_outdated' }));
    expect(() => c.assertValid(new Date(exp.getTime() - 1000))).not.toThrow();
  });

  it('key rotation is followed through shared-params sources (announce, then switch)', async () => {
    const server = await cs();
    const c = await client(server);
    await server.knobs.set('keyRotation', { stage: 'announce' });
    expect((await c.refresh()).ok).toBe(true);
    expect(c.sharedParameters().sources[0].internalVerificationCerts.map((x) => x.der.toString('base64'))).toContain(server.signers.rotated.certDer.toString('base64'));
    await server.knobs.set('keyRotation', { stage: 'switch' });
    const r = await c.refresh();
    expect(r).toMatchObject({ ok: true, origin: 'shared-params', directoryUrl: `http://127.0.0.1:${server.port}/internalconf?version=6` });
    expect(c.status().current?.origin).toBe('shared-params');
    // The successful location is tried first next time.
    const before = server.requests.length;
    expect((await c.refresh()).ok).toBe(true);
    expect(server.requests.length - before).toBe(1);
  });

  it('a key switch never announced cannot be followed: missing_verification_cert, last good copy kept', async () => {
    const server = await cs();
    const c = await client(server);
    await server.knobs.set('keyRotation', { stage: 'switch' });
    const r = await c.refresh();
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.code)).toEqual(['global_conf_missing_verification_cert', 'network_error', 'global_conf_missing_verification_cert']);
  });

  it('start-up fails with the reason when no location works; requireInitial=false starts empty', async () => {
    const server = await cs();
    await server.knobs.set('badSignature', true);
    await expect(startGlobalConfClient({ anchorXml: server.anchorXml(), timeoutMs: 1_000 })).rejects.toMatchObject({ code: 'global_conf_signature_verification_failure' });
    const c = await client(server, { requireInitial: false });
    expect(c.status().state).toBe('empty');
    expect(() => c.assertValid()).toThrow(expect.objectContaining({ code: 'global_conf_outdated' }));
    expect(() => c.trust()).toThrow(expect.objectContaining({ code: 'global_conf_outdated' }));
    await expect(c.verificationConfZip()).rejects.toMatchObject({ code: 'global_conf_outdated' });
  });

  it('an anchor for another instance: the directory holds no shared-params for it (malformed_global_conf)', async () => {
    const server = await cs();
    const anchorXml = buildConfigurationAnchor({ instanceIdentifier: 'OTHER', sources: [{ downloadURL: server.internalConfUrl, verificationCerts: [pki.centralServerSigner.certDer] }] });
    await expect(startGlobalConfClient({ anchorXml, timeoutMs: 1_000 })).rejects.toMatchObject({ code: 'malformed_global_conf' });
  });

  it('version 2 is never probed (corrections GCONF-002); an anchor URL with version=2 is kept and hashes are SHA-1 (GCONF-012)', async () => {
    const server = await cs({ versions: [2] });
    await expect(startGlobalConfClient({ anchorXml: server.anchorXml(), timeoutMs: 1_000 })).rejects.toMatchObject({ code: 'http_error' });
    expect(server.versionsRequested('internal')).toEqual([6, 5, 4, 3]);
    const anchorXml = buildConfigurationAnchor({ instanceIdentifier: 'DEV', sources: [{ downloadURL: `${server.internalConfUrl}?version=2`, verificationCerts: [pki.centralServerSigner.certDer] }] });
    const c = await client(server, { anchorXml });
    expect(c.status().current?.version).toBe(2);
    expect(c.authCertHashAlgorithm()).toBe('sha1');
    expect(c.securityServers().find((s) => s.id.endsWith('/SS2'))!.authCertHashes).toEqual([b64('sha1', pki.securityServers.SS2.auth.certDer)]);
  });

  it('storeDir holds the directory layout; unlisted files are removed; FETCHINTERVAL is exposed', async () => {
    const server = await cs();
    const dir = join(tmp, 'conf');
    const c = await client(server, { storeDir: dir });
    const loaded = loadConfigurationDirectory(dir);
    expect(loaded.instanceIdentifier).toBe('DEV');
    expect(loaded.shared.version).toBe(6);
    expect(loaded.expirationDate?.getTime()).toBe(Math.floor(c.expireDate()!.getTime() / 1000) * 1000);
    expect(() => verifyConfigurationValidity(loaded)).not.toThrow();
    expect(c.ocspFetchIntervalSeconds()).toBeUndefined();

    server.model.optionalParts.fetchInterval = { ocspFetchInterval: 7 };
    server.publish();
    await c.refresh();
    expect(c.ocspFetchIntervalSeconds()).toBe(7);
    expect(existsSync(join(dir, 'DEV', 'fetchinterval-params.xml'))).toBe(true);
    delete server.model.optionalParts.fetchInterval;
    server.publish();
    await c.refresh();
    expect(c.ocspFetchIntervalSeconds()).toBeUndefined();
    expect(existsSync(join(dir, 'DEV', 'fetchinterval-params.xml'))).toBe(false);
    expect(existsSync(join(dir, 'DEV', 'shared-params.xml'))).toBe(true);
  });

  it('verificationConfZip: verificationconf/<instance>/shared-params.xml that loadConfigurationDirectory reads back', async () => {
    const server = await cs();
    const c = await client(server);
    const zip = await c.verificationConfZip();
    const zipPath = join(tmp, 'verificationconf.zip');
    writeFileSync(zipPath, zip);
    const reader = await ZipStreamReader.open(zipPath);
    const out = join(tmp, 'unzipped');
    const names: string[] = [];
    try {
      for (const e of reader.entries) {
        names.push(e.name);
        mkdirSync(dirname(join(out, e.name)), { recursive: true });
        writeFileSync(join(out, e.name), await reader.readEntry(e));
      }
    } finally {
      await reader.close();
    }
    expect(names.sort()).toEqual(['verificationconf/DEV/shared-params.xml', 'verificationconf/DEV/shared-params.xml.metadata', 'verificationconf/instance-identifier']);
    const loaded = loadConfigurationDirectory(join(out, 'verificationconf'));
    expect(loaded.trust.approvedCas[0].topCa.fingerprint256).toBe(pki.rootCa.cert.fingerprint256);
    expect(loaded.trust.approvedTsas[0].cert.fingerprint256).toBe(pki.tsaSigner.cert.fingerprint256);
  });
});
