import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function startServe(args: string[]) {
  const child = spawn(process.execPath, ['bin/roadtest.mjs', 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const ready = new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`serve did not become ready: ${out}${err}`)), 45_000);
    child.stdout.on('data', () => out.includes('ready;') && (clearTimeout(t), resolve()));
    child.on('exit', (code) => (clearTimeout(t), reject(new Error(`serve exited ${code}: ${err}`))));
  });
  // Awaited only by tests that expect readiness; the others must not see it as unhandled.
  ready.catch(() => undefined);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, ready, exited, output: () => out };
}

describe('roadtest serve', () => {
  it('starts all services on loopback, keeps serving after garbage, and stops cleanly on SIGINT', async () => {
    const pki = mkdtempSync(join(tmpdir(), 'serve-pki-'));
    const s = startServe(['all', '--pki', pki]);
    await s.ready;
    const urls = Object.fromEntries(
      s.output().split('\n').filter((l) => l.includes('http://')).map((l) => [l.replace(/\s+http.*$/, '').trim(), l.match(/http:\/\/\S+/)![0]]),
    );
    expect(Object.keys(urls)).toEqual(expect.arrayContaining(['OCSP responder', 'timestamping authority', 'central server (internalconf)', 'provider information system']));
    for (const u of Object.values(urls)) expect(new URL(u).hostname).toBe('127.0.0.1');

    const garbage = await fetch(urls['OCSP responder'], { method: 'POST', headers: { 'content-type': 'application/ocsp-request' }, body: 'garbage' });
    expect(garbage.status).toBeGreaterThanOrEqual(400);
    expect(garbage.status).toBeLessThan(500);
    const tsaGarbage = await fetch(urls['timestamping authority'], { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'x' });
    expect(tsaGarbage.status).toBeGreaterThanOrEqual(400);
    const conf = await fetch(`${urls['central server (internalconf)']}?version=3`);
    expect(conf.status).toBe(200);
    expect(Buffer.from(await conf.arrayBuffer()).toString('latin1')).toMatch(/^Content-Type: multipart\/related/);

    s.child.kill('SIGINT');
    expect(await s.exited).toBe(0);
    expect(s.output()).toContain('stopped');
  });

  it('refuses an unknown simulator and a bad port with exit 2', async () => {
    const a = startServe(['teapot']);
    expect(await a.exited).toBe(2);
    const b = startServe(['ocsp', '--ocsp-port', '99999']);
    expect(await b.exited).toBe(2);
  });
});
