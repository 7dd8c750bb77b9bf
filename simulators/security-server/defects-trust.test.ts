// The seeded defects of the trust components (defects.ts): each one changes the decision its
// description names, leaves the neighbouring checks alone, and is off by default — the same input
// without the defect (no switches, or switches with nothing on) is refused as X-Road refuses it.
import type { X509Certificate } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startCentralServer, type CentralServerHandle } from '../central-server/index.js';
import { queryOcsp } from '../ocsp-responder/test-client.js';
import type { IssuedCert } from '../pki/index.js';
import { Defects } from './defects.js';
import { startGlobalConfClient, type GlobalConfClient, type GlobalConfClientOptions } from './globalconf-client.js';
import { XRoadOcspCache } from './ocsp-cache.js';
import { startOcspFixture, type OcspFixture } from './ocsp-test-fixture.js';
import { XRoadTlsTrust } from './tls-trust.js';

const CLIENT = 'DEV/COM/1234';

let fx: OcspFixture;
let cs: CentralServerHandle;
let gc: GlobalConfClient;
let ss1: IssuedCert;
const extraClients: GlobalConfClient[] = [];
const caches: XRoadOcspCache[] = [];

beforeAll(async () => {
  fx = await startOcspFixture();
  ss1 = fx.pki.securityServers.SS1.auth;
  cs = await startCentralServer({ pki: fx.pki, socketTimeoutMs: 2_000, modelOptions: { ocspUrl: fx.responder.url } });
  gc = await startGlobalConfClient({ anchorXml: cs.anchorXml(), refreshSeconds: 3600, timeoutMs: 2_000 });
});
afterEach(async () => {
  while (caches.length) await caches.pop()!.stop();
  while (extraClients.length) await extraClients.pop()!.stop();
  await cs.knobs.clear();
  await fx.responder.knobs.resetFaults();
  fx.responder.certificates.forget(ss1.cert);
});
afterAll(async () => {
  await gc?.stop();
  await cs?.stop();
  await fx?.stop();
});

const fetchOcsp = async (cert: X509Certificate) => (await queryOcsp(fx.responder.url, { cert, issuer: fx.pki.issuingCa.cert })).body;
const trustWith = (...names: string[]) => new XRoadTlsTrust({ globalConf: gc, defects: new Defects(names) });
const cacheWith = (now: () => Date, ...names: string[]) => {
  const c = new XRoadOcspCache({ globalConf: gc, timeoutMs: 1_000, now, defects: new Defects(names) });
  caches.push(c);
  return c;
};
async function client(opts: Partial<GlobalConfClientOptions>): Promise<GlobalConfClient> {
  const c = await startGlobalConfClient({ anchorXml: cs.anchorXml(), refreshSeconds: 3600, timeoutMs: 2_000, ...opts });
  extraClients.push(c);
  return c;
}

describe('accept-revoked-ocsp', () => {
  it("TLS trust: a peer's revoked auth certificate is accepted with the defect, refused without it", async () => {
    fx.responder.certificates.revoked(ss1.cert, { time: new Date(Date.now() - 60_000) });
    const revoked = await fetchOcsp(ss1.cert);
    const refused = expect.objectContaining({ code: 'ssl_authentication_failed.invalid_cert_path.cert_validation', message: expect.stringMatching(/status is REVOKED/) });
    expect(() => new XRoadTlsTrust({ globalConf: gc }).verifyConsumer([ss1.cert], [revoked], CLIENT)).toThrow(refused);
    expect(() => trustWith().verifyConsumer([ss1.cert], [revoked], CLIENT)).toThrow(refused);
    expect(() => trustWith('accept-revoked-ocsp').verifyConsumer([ss1.cert], [revoked], CLIENT)).not.toThrow();
  });

  it('TLS trust: only the status is ignored — a stale response is still refused', async () => {
    await fx.responder.knobs.set('staleThisUpdate', { seconds: 7200 });
    const stale = await fetchOcsp(ss1.cert);
    expect(() => trustWith('accept-revoked-ocsp').verifyConsumer([ss1.cert], [stale], CLIENT)).toThrow(expect.objectContaining({ message: expect.stringMatching(/too old/) }));
  });

  it('OCSP cache: the own certificate keeps being served revoked with the defect, refused without it', async () => {
    fx.responder.certificates.revoked(ss1.cert, { time: new Date(Date.now() - 60_000) });
    const now = () => new Date();
    await expect(cacheWith(now).ownResponse(ss1.cert)).rejects.toMatchObject({ code: 'cert_validation', message: expect.stringMatching(/status is REVOKED/) });
    const defective = cacheWith(now, 'accept-revoked-ocsp');
    const der = await defective.ownResponse(ss1.cert);
    expect(defective.status()[0].status).toBe('revoked');
    expect(defective.freshResponse(ss1.cert, fx.pki.issuingCa.cert)).toEqual(der);
  });
});

describe('ignore-ocsp-freshness', () => {
  it("TLS trust: a peer's stale response is accepted with the defect, refused without it", async () => {
    await fx.responder.knobs.set('staleThisUpdate', { seconds: 7200 });
    const stale = await fetchOcsp(ss1.cert);
    const tooOld = expect.objectContaining({ message: expect.stringMatching(/OCSP response is too old/) });
    expect(() => new XRoadTlsTrust({ globalConf: gc }).verifyConsumer([ss1.cert], [stale], CLIENT)).toThrow(tooOld);
    expect(() => trustWith().verifyConsumer([ss1.cert], [stale], CLIENT)).toThrow(tooOld);
    expect(() => trustWith('ignore-ocsp-freshness').verifyConsumer([ss1.cert], [stale], CLIENT)).not.toThrow();
  });

  it('TLS trust: only freshness is ignored — a revoked status is still refused', async () => {
    fx.responder.certificates.revoked(ss1.cert);
    const revoked = await fetchOcsp(ss1.cert);
    expect(() => trustWith('ignore-ocsp-freshness').verifyConsumer([ss1.cert], [revoked], CLIENT)).toThrow(expect.objectContaining({ message: expect.stringMatching(/REVOKED/) }));
  });

  it('OCSP cache: a held response goes on being served after freshness has passed with the defect', async () => {
    let clock = new Date();
    const correct = cacheWith(() => clock);
    const defective = cacheWith(() => clock, 'ignore-ocsp-freshness');
    await correct.ownResponse(ss1.cert);
    const held = await defective.ownResponse(ss1.cert);
    await fx.responder.knobs.set('down', true);
    clock = new Date(clock.getTime() + 2 * 3600_000); // freshness 3600 s
    await expect(correct.ownResponse(ss1.cert)).rejects.toMatchObject({ code: 'cert_validation', message: expect.stringMatching(/too old/) });
    expect(await defective.ownResponse(ss1.cert)).toEqual(held);
    expect(defective.freshResponse(ss1.cert, fx.pki.issuingCa.cert)).toEqual(held);
    expect(correct.freshResponse(ss1.cert, fx.pki.issuingCa.cert)).toBeUndefined();
  });
});

describe('ocsp-fetch-per-message', () => {
  it('every use of an own response asks the responder with the defect; within the fetch interval only once without', async () => {
    const now = () => new Date();
    for (const [names, hits] of [[[], 1], [['ignore-ocsp-freshness'], 1], [['ocsp-fetch-per-message'], 3]] as const) {
      fx.responder.resetHits();
      const c = cacheWith(now, ...names);
      for (let i = 0; i < 3; i++) await c.ownResponse(ss1.cert);
      expect(fx.responder.hitsFor(ss1.cert), names.join()).toBe(hits);
    }
  });
});

describe('ocsp-fetch-interval-as-ms', () => {
  it('the background refresh polls the responder every few milliseconds with the defect, once per interval without', async () => {
    const now = () => new Date();
    const counts: Record<string, number> = {};
    for (const names of [[], ['ignore-ocsp-freshness'], ['ocsp-fetch-interval-as-ms']]) {
      fx.responder.resetHits();
      const c = new XRoadOcspCache({ globalConf: gc, ownCerts: [ss1.cert], fetchIntervalSeconds: 1, timeoutMs: 1_000, now, defects: new Defects(names) });
      caches.push(c);
      expect(c.fetchIntervalSeconds()).toBe(names.includes('ocsp-fetch-interval-as-ms') ? 0.001 : 1);
      c.start();
      await new Promise((r) => setTimeout(r, 900));
      await c.stop();
      counts[names.join() || 'none'] = fx.responder.hitsFor(ss1.cert);
    }
    expect(counts['none']).toBe(1);
    expect(counts['ignore-ocsp-freshness']).toBe(1);
    expect(counts['ocsp-fetch-interval-as-ms']).toBeGreaterThanOrEqual(5);
  });
});

describe('accept-expired-globalconf', () => {
  it('assertValid lets an expired copy through with the defect; the status still says expired', async () => {
    let clock = new Date();
    const correct = await client({ now: () => clock });
    const defective = await client({ now: () => clock, defects: new Defects(['accept-expired-globalconf']) });
    const switchedOff = await client({ now: () => clock, defects: new Defects() });
    clock = new Date(Math.max(...[correct, defective, switchedOff].map((c) => c.expireDate()!.getTime())) + 1000);
    expect(() => correct.assertValid()).toThrow(expect.objectContaining({ code: 'global_conf_outdated' }));
    expect(() => switchedOff.assertValid()).toThrow(expect.objectContaining({ code: 'global_conf_outdated' }));
    expect(() => defective.assertValid()).not.toThrow();
    expect(defective.status().state).toBe('expired');
  });

  it('without any copy the defective client still refuses', async () => {
    await cs.knobs.set('down', true);
    const empty = await client({ requireInitial: false, defects: new Defects(['accept-expired-globalconf']) });
    expect(() => empty.assertValid()).toThrow(expect.objectContaining({ code: 'global_conf_outdated' }));
  });
});

describe('drop-globalconf-on-failed-update', () => {
  it('a refused update leaves no copy with the defect; without it the last good copy stays in force', async () => {
    const correct = await client({ defects: new Defects() });
    const defective = await client({ defects: new Defects(['drop-globalconf-on-failed-update']) });
    await cs.knobs.set('badSignature', true);
    expect((await correct.refresh()).ok).toBe(false);
    expect((await defective.refresh()).ok).toBe(false);
    expect(() => correct.assertValid()).not.toThrow();
    expect(correct.status().state).toBe('failing');
    expect(() => defective.assertValid()).toThrow(expect.objectContaining({ code: 'global_conf_outdated' }));
    expect(defective.status().state).toBe('empty');
    expect(defective.securityServers()).toEqual([]);
    // A good download brings it back.
    await cs.knobs.clear('badSignature');
    expect((await defective.refresh()).ok).toBe(true);
    expect(() => defective.assertValid()).not.toThrow();
  });
});
