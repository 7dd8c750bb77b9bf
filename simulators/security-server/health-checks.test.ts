// Each health check failing gives X-Road's text (HealthChecks / StoppableCombinationHealthCheckProvider);
// the first failing check in X-Road's order wins; results are cached 2 s when OK and 30 s when not
// unless configured; a check that hangs or throws fails with its name.
import { createHash, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildOcspErrorResponse, buildOcspResponse, certIdFor, OcspResponseStatus } from '../../protocol/ocsp/index.js';
import type { TestPki } from '../pki/index.js';
import { cached, CHECK_NAMES, HEALTH_OK, HealthChecks, HealthMessages, withTimeout, type HealthCheckDeps } from './health-checks.js';
import { testPki } from './test-network.js';

const SERVER = 'DEV/COM/1234/SS1';
let pki: TestPki;

beforeAll(async () => {
  pki = await testPki();
});

function b64(alg: 'sha1' | 'sha256', cert: X509Certificate): string {
  return createHash(alg).update(cert.raw).digest('base64');
}

/** A healthy server; `over` breaks one thing. The OCSP response is a real successful one (built by the responder's code path). */
function deps(over: Partial<HealthCheckDeps> & { expired?: boolean; listedHashes?: string[]; ocspDer?: Buffer } = {}): HealthCheckDeps {
  const auth = pki.securityServers.SS1!.auth;
  const sign = Object.values(pki.securityServers.SS1!.sign)[0]!;
  return {
    serverId: SERVER,
    globalConf: {
      assertValid() {
        if (over.expired) throw new Error('Global configuration is expired');
      },
      securityServers: () => [{ id: SERVER, authCertHashes: over.listedHashes ?? [b64('sha256', auth.cert)], clients: [] }],
    },
    authKey: () => ({ cert: auth.cert, keyPem: auth.keyPem, chain: [] }),
    ownOcsp: async () => over.ocspDer ?? successfulOcsp(),
    signKeys: () => [{ cert: sign.cert, keyPem: sign.keyPem }],
    ...over,
  };
}

// A real good response from the test PKI's responder key; the check reads its responseStatus.
let successful: Buffer | undefined;
function successfulOcsp(): Buffer {
  const cert = pki.securityServers.SS1!.auth.cert;
  successful ??= buildOcspResponse({
    responses: [{ certIdDer: certIdFor(cert, pki.issuingCa.cert).der, status: { kind: 'good' }, thisUpdate: new Date() }],
    producedAt: new Date(),
    responderCert: pki.ocspSigner.cert,
    signerKey: pki.ocspSigner.privateKey,
    certs: [pki.ocspSigner.cert],
  });
  return successful;
}

const run = (d: HealthCheckDeps, settings = {}) => new HealthChecks(d, { resultValidForMs: 0, errorValidForMs: 0, ...settings }).run();

describe('HealthChecks: each check fails with X-Road\'s text', () => {
  it('a healthy server is ok', async () => {
    expect(await run(deps())).toEqual(HEALTH_OK);
  });

  it('expired global configuration', async () => {
    expect(await run(deps({ expired: true }))).toEqual({ ok: false, message: 'Global configuration is expired' });
  });

  it('no authentication key on the token', async () => {
    expect(await run(deps({ authKey: () => undefined }))).toEqual({ ok: false, message: HealthMessages.noAuthKey });
  });

  it('auth certificate not registered to this server: no certificate chain', async () => {
    expect(await run(deps({ listedHashes: ['AAAA'] }))).toEqual({ ok: false, message: 'No certificate chain available in authentication key.' });
  });

  it('the registration is compared with the configuration\'s hash algorithm (sha1 in older versions)', async () => {
    const cert = pki.securityServers.SS1!.auth.cert;
    const d = deps({ listedHashes: [b64('sha1', cert)] });
    expect((await run(d)).ok).toBe(false);
    d.globalConf.authCertHashAlgorithm = () => 'sha1';
    expect((await run(d)).ok).toBe(true);
  });

  it('no fresh good OCSP response for the auth certificate: no certificate chain', async () => {
    const d = deps({ ownOcsp: () => Promise.reject(new Error('OCSP response indicates certificate status is revoked')) });
    expect(await run(d)).toEqual({ ok: false, message: HealthMessages.noAuthCertChain });
  });

  it('an intermediate CA without OCSP response: no certificate chain', async () => {
    const auth = pki.securityServers.SS1!.auth;
    const ca = pki.issuingCa.cert;
    const d = deps({
      authKey: () => ({ cert: auth.cert, keyPem: auth.keyPem, chain: [ca] }),
      ownOcsp: async (c) => {
        if (c === ca) throw new Error('no response');
        return successfulOcsp();
      },
    });
    expect((await run(d)).message).toBe(HealthMessages.noAuthCertChain);
  });

  it('auth certificate outside its validity period: no certificate chain', async () => {
    const expired = new X509Certificate(pki.securityServers.SS1!.auth.certPem);
    Object.defineProperty(expired, 'validTo', { value: 'Jan  1 00:00:00 2000 GMT' });
    const d = deps({ authKey: () => ({ cert: expired, keyPem: '', chain: [] }) });
    expect((await run(d)).message).toBe(HealthMessages.noAuthCertChain);
  });

  it('a held response that is not a successful OCSPResponse: its status is named', async () => {
    const d = deps({ ocspDer: buildOcspErrorResponse(OcspResponseStatus.tryLater) });
    // The chain check passes (the fake cache hands it out), then the status is read.
    expect(await run(d)).toEqual({ ok: false, message: `Authentication key OCSP response status ${OcspResponseStatus.tryLater}` });
  });

  it('a held response that does not parse: getting it failed', async () => {
    expect(await run(deps({ ocspDer: Buffer.from('not der') }))).toEqual({ ok: false, message: HealthMessages.authOcspFailed });
  });

  it('HSM check (when enabled): a signing key that no longer matches its certificate', async () => {
    const other = pki.securityServers.SS2!.auth;
    const sign = Object.values(pki.securityServers.SS1!.sign)[0]!;
    const d = deps({ signKeys: () => [{ cert: sign.cert, keyPem: other.keyPem }] });
    expect((await run(d)).ok).toBe(true); // off by default, as proxy.hsm-health-check-enabled
    expect(await run(d, { hsm: true })).toEqual({ ok: false, message: 'At least one HSM are non operational' });
    expect(await run(deps(), { hsm: true })).toEqual(HEALTH_OK);
    expect(await run(deps({ signKeys: () => [{ cert: sign.cert, keyPem: 'garbage' }] }), { hsm: true })).toEqual({ ok: false, message: HealthMessages.hsm });
  });

  it('memory check (when a threshold is set): strictly above the threshold fails', async () => {
    expect(await run(deps(), { memoryUsageThresholdPercent: 80, memoryUsedPercent: () => 81 })).toEqual({ ok: false, message: 'Memory usage above threshold' });
    expect(await run(deps(), { memoryUsageThresholdPercent: 80, memoryUsedPercent: () => 80 })).toEqual(HEALTH_OK);
    expect(await run(deps(), { memoryUsageThresholdPercent: 100 })).toEqual(HEALTH_OK);
  });

  it('the first failing check in X-Road\'s order is reported (global configuration before the auth key)', async () => {
    expect((await run(deps({ expired: true, authKey: () => undefined }))).message).toBe(HealthMessages.globalConfExpired);
    expect((await run(deps({ expired: true }), { hsm: true, memoryUsageThresholdPercent: 0, memoryUsedPercent: () => 50 })).message).toBe(HealthMessages.globalConfExpired);
  });
});

describe('timeouts and failures of a check', () => {
  it('a check that hangs fails with X-Road\'s timeout text naming it', async () => {
    const d = deps({ ownOcsp: () => new Promise<Buffer>(() => undefined) });
    const t0 = Date.now();
    expect(await run(d, { timeoutMs: 100 })).toEqual({ ok: false, message: `Fetching health check response timed out for: ${CHECK_NAMES.authKey}` });
    expect(Date.now() - t0).toBeLessThan(2_000);
  });

  it('a check that throws fails with X-Road\'s failure text naming it', async () => {
    const check = withTimeout(() => Promise.reject(new Error('boom')), 'Global conf validity', 1_000);
    expect(await check()).toEqual({ ok: false, message: 'Fetching health check response failed for: Global conf validity' });
  });

  it('a securityServers() that throws inside the auth check is a failure of that check, not a crash', async () => {
    const d = deps();
    d.globalConf.securityServers = () => {
      throw new Error('no directory');
    };
    expect(await run(d)).toEqual({ ok: false, message: HealthMessages.failed(CHECK_NAMES.authKey) });
  });
});

describe('result caching (cacheResultFor)', () => {
  it('an OK result is reused for resultValidFor, a failure for errorValidFor', async () => {
    let t = 0;
    let calls = 0;
    let ok = true;
    const check = cached(async () => (calls++, ok ? HEALTH_OK : { ok: false, message: 'x' }), 2_000, 30_000, () => t);
    await check();
    ok = false;
    t = 1_999;
    expect((await check()).ok).toBe(true);
    expect(calls).toBe(1);
    t = 2_000;
    expect((await check()).ok).toBe(false);
    ok = true;
    t = 31_999;
    expect((await check()).ok).toBe(false);
    expect(calls).toBe(2);
    t = 32_000;
    expect((await check()).ok).toBe(true);
    expect(calls).toBe(3);
  });

  it('defaults are X-Road\'s: a failure stays reported after the cause is gone', async () => {
    const d = deps({ expired: true });
    const checks = new HealthChecks(d);
    expect((await checks.run()).ok).toBe(false);
    d.globalConf.assertValid = () => undefined;
    expect((await checks.run()).ok).toBe(false);
  });

  it('concurrent polls share one run', async () => {
    let calls = 0;
    const check = cached(async () => (calls++, await new Promise((r) => setTimeout(r, 20)), HEALTH_OK), 0, 0, Date.now);
    await Promise.all([check(), check(), check()]);
    expect(calls).toBe(1);
  });
});
