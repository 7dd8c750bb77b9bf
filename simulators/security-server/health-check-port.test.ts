// The health check port of a running reference security server: 200 with an empty body while
// healthy, 500 with X-Road's text when its configuration copy expires or its auth certificate's
// OCSP status goes bad, 200 again after recovery; any method or path gets the same answer, garbage
// gets a 400 and the port keeps serving; maintenance mode answers 503; health-always-ok hides failures.
import { connect } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAINTENANCE_MESSAGE } from './health-check-port.js';
import { startTestNetwork, type TestNetwork } from './test-network.js';

let net: TestNetwork;
const undo: Array<() => unknown> = [];

beforeAll(async () => {
  net = await startTestNetwork({ ss1: { listen: { healthCheckPort: 0 }, healthCheck: { resultValidForMs: 50, errorValidForMs: 200, timeoutMs: 3_000 } } });
});
afterEach(async () => {
  for (const u of undo.splice(0).reverse()) await u();
  net.ss1.defects.disable();
  net.ss1.healthCheck?.setMaintenanceMode(false);
});
afterAll(async () => {
  await net?.stop();
});

async function poll(method = 'GET', path = '/', body?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`${net.ss1.healthCheckUrl!}${path}`, { method, ...(body !== undefined ? { body } : {}), signal: AbortSignal.timeout(5_000) });
  return { status: res.status, text: await res.text() };
}

/** Polls (bounded) until the answer has `status`; returns the last answer. */
async function until(status: number, maxMs = 5_000): Promise<{ status: number; text: string }> {
  const end = Date.now() + maxMs;
  let last = await poll();
  while (last.status !== status && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 50));
    last = await poll();
  }
  return last;
}

function rawRequest(bytes: string): Promise<string> {
  const url = new URL(net.ss1.healthCheckUrl!);
  return new Promise((resolve, reject) => {
    const s = connect(Number(url.port), url.hostname, () => s.end(bytes));
    let got = '';
    s.setTimeout(5_000, () => s.destroy(new Error('no answer')));
    s.on('data', (d) => (got += d.toString('latin1')));
    s.on('close', () => resolve(got));
    s.on('error', reject);
  });
}

describe('health check port', () => {
  it('is off unless listen.healthCheckPort is set (X-Road default 0 = disabled)', () => {
    expect(net.ss1.healthCheckUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(net.ss2.healthCheckUrl).toBeUndefined();
    expect(net.ss2.config.listen.healthCheckPort).toBeNull();
  });

  it('a healthy server answers 200 with an empty body', async () => {
    expect(await until(200)).toEqual({ status: 200, text: '' });
  });

  it('any method or path gets the same answer, as X-Road filters none', async () => {
    await until(200);
    expect((await poll('POST', '/anything?x=1', 'ignored body')).status).toBe(200);
    expect((await poll('DELETE', '/%ff%00')).status).toBe(200);
    expect(await poll('HEAD', '/')).toEqual({ status: 200, text: '' });
  });

  it('garbage bytes get a 400 and the port keeps serving', async () => {
    expect(await rawRequest('\x16\x03\x01 not http at all\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect((await until(200)).status).toBe(200);
  });

  it('an expired global configuration copy: 500 "Global configuration is expired", 200 after recovery', async () => {
    await until(200);
    const back = net.expireGlobalConf();
    undo.push(back);
    expect(await until(500)).toEqual({ status: 500, text: 'Global configuration is expired\n' });
    back();
    expect((await until(200)).status).toBe(200);
  });

  it('a revoked auth certificate: 500 "No certificate chain available in authentication key.", 200 after recovery', async () => {
    await until(200);
    const auth = net.pki.securityServers.SS1!.auth.cert;
    await net.ocsp.knobs.set('revoked', { reason: 1 }, auth);
    undo.push(() => net.ocsp.knobs.clear('revoked', auth));
    net.ocspCache1.invalidate();
    expect(await until(500)).toEqual({ status: 500, text: 'No certificate chain available in authentication key.\n' });
    await net.ocsp.knobs.clear('revoked', auth);
    net.ocspCache1.invalidate();
    expect((await until(200)).status).toBe(200);
  });

  it('seeded defect health-always-ok: 200 with an expired copy', async () => {
    await until(200);
    undo.push(net.expireGlobalConf());
    expect((await until(500)).status).toBe(500);
    net.ss1.defects.enable('health-always-ok');
    expect(await poll()).toEqual({ status: 200, text: '' });
  });

  it('maintenance mode answers 503 with X-Road\'s text, whatever the checks say', async () => {
    expect(net.ss1.healthCheck!.setMaintenanceMode(true)).toBe('Maintenance mode set: false => true');
    expect(await poll()).toEqual({ status: 503, text: MAINTENANCE_MESSAGE });
    expect(net.ss1.healthCheck!.setMaintenanceMode(false)).toBe('Maintenance mode set: true => false');
    expect((await until(200)).status).toBe(200);
  });
});
