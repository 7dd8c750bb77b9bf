import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pool } from 'undici';
import { runClosedLoop } from './closed-loop.js';
import { LegRecorder } from './leg-recorder.js';
import { LoadBoundsError } from './load-bounds.js';
import { parseSize } from './message-mix.js';
import { requestSource } from './request-source.js';
import { plainTarget, soapTarget } from './targets.js';

// Answers by path: /ok, /503, /fault (SOAP fault with 500), /fault200 (fault with 200), /hang.
let server: http.Server;
let base: string;
let inFlightMax = 0;
let inFlight = 0;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    inFlight++;
    inFlightMax = Math.max(inFlightMax, inFlight);
    req.resume();
    req.on('end', () => {
      let counted = true;
      res.on('close', () => {
        if (counted) inFlight--;
        counted = false;
      });
      if (req.url === '/503') res.writeHead(503).end();
      else if (req.url === '/fault') res.writeHead(500, { 'content-type': 'text/xml' }).end('<SOAP-ENV:Envelope xmlns:SOAP-ENV="x"><SOAP-ENV:Body><SOAP-ENV:Fault><faultcode>Server.x</faultcode></SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>');
      else if (req.url === '/fault200') res.writeHead(200, { 'content-type': 'text/xml' }).end('<Envelope><Body><Fault/></Body></Envelope>');
      else if (req.url === '/hang') return;
      else setTimeout(() => res.writeHead(200).end('ok'), 2);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

async function run(path: string, concurrency: number, bounds: { durationMs: number; maxRequests?: number; timeoutMs?: number; warmupMs?: number; drainMs?: number }, soap = false) {
  const t = soap ? soapTarget({ name: 's', role: 'sut', url: `${base}${path}`, client: 'DEV/COM/1/C', service: 'DEV/COM/1/P/echo' }) : plainTarget('p', `${base}${path}`);
  const pool = new Pool(base, { connections: 64 });
  const r = new LegRecorder();
  await runClosedLoop(pool, requestSource(t, parseSize('1k'), false), t.classify, concurrency, bounds, r);
  await pool.destroy();
  return r;
}

describe('closed model', () => {
  it('keeps exactly `concurrency` requests in flight and measures throughput', async () => {
    inFlightMax = 0;
    const r = await run('/ok', 8, { durationMs: 600, warmupMs: 100 });
    expect(inFlightMax).toBe(8);
    expect(r.ok).toBeGreaterThan(100);
    expect(r.errorCount).toBe(0);
    // 8 users and a server that takes at least 2 ms: never above 8 / 2 ms = 4000/s.
    expect(r.throughput).toBeGreaterThan(100);
    expect(r.throughput).toBeLessThan(4000);
    expect(r.throughput).toBeCloseTo((r.ok * 1000) / r.activeMs, 6);
    expect(r.activeMs).toBeGreaterThan(300);
    expect(r.bytesSent).toBe(r.ok * 1024);
  });

  it('stops at maxRequests', async () => {
    const r = await run('/ok', 4, { durationMs: 10_000, maxRequests: 25 });
    expect(r.ok).toBe(25);
  });

  it('sorts errors by kind: HTTP status, SOAP fault, timeout, refused connection', async () => {
    expect([...(await run('/503', 2, { durationMs: 200 })).errors.keys()]).toEqual(['http_503']);
    expect([...(await run('/fault', 2, { durationMs: 200 }, true)).errors.keys()]).toEqual(['soap_fault']);
    expect([...(await run('/fault200', 2, { durationMs: 200 }, true)).errors.keys()]).toEqual(['soap_fault_http_200']);
    const hang = await run('/hang', 2, { durationMs: 200, timeoutMs: 300, drainMs: 5000 });
    expect([...hang.errors]).toEqual([['timeout', 2]]);
    // Unanswered when the slice's drain time is over: cut, so the next slice starts clean.
    const t0 = performance.now();
    const cut = await run('/hang', 2, { durationMs: 200, timeoutMs: 10_000, drainMs: 100 });
    expect([...cut.errors]).toEqual([['cut_at_slice_end', 2]]);
    expect(performance.now() - t0).toBeLessThan(2000);
    const t = plainTarget('dead', 'http://127.0.0.1:1/');
    const pool = new Pool('http://127.0.0.1:1');
    const r = new LegRecorder();
    await runClosedLoop(pool, requestSource(t, parseSize('1k'), false), t.classify, 2, { durationMs: 200 }, r);
    await pool.destroy();
    expect([...r.errors.keys()]).toEqual(['ECONNREFUSED']);
    expect(r.ok).toBe(0);
  });

  it('refuses unbounded or nonsensical bounds', async () => {
    await expect(run('/ok', 1, { durationMs: 0 })).rejects.toThrow(LoadBoundsError);
    await expect(run('/ok', 1, { durationMs: 100, warmupMs: 100 })).rejects.toThrow(LoadBoundsError);
    await expect(run('/ok', 0, { durationMs: 100 })).rejects.toThrow(RangeError);
  });
});
