// The open model must not suffer coordinated omission: one 500 ms stall of the server at a fixed
// rate delays every request due during the stall, and p99 must show it. The closed model at the
// same nominal rate is the control: it records the stall once, and its p99 stays low.
import { afterEach, describe, expect, it } from 'vitest';
import { Pool } from 'undici';
import { runClosedLoop } from './closed-loop.js';
import { percentileMs } from './latency-histogram.js';
import { LegRecorder } from './leg-recorder.js';
import { parseSize } from './message-mix.js';
import { runOpenLoop } from './open-loop.js';
import { requestSource } from './request-source.js';
import { plainTarget } from './targets.js';
import { startStallServer, type StallServer } from './test-support/stall-server.js';

const RATE = 200;
const STALL_MS = 500;

function countAtLeast(r: LegRecorder, ms: number): number {
  // Fraction above a threshold, from the histogram itself.
  let lo = 0;
  let hi = 100;
  for (let i = 0; i < 40; i++) {
    const mid = (lo + hi) / 2;
    if (percentileMs(r.histogram, mid) < ms) lo = mid;
    else hi = mid;
  }
  return Math.round(((100 - hi) / 100) * r.histogram.totalCount);
}

describe('open model (fixed arrival rate)', () => {
  let server: StallServer | undefined;
  let pool: Pool | undefined;
  afterEach(async () => {
    await pool?.destroy();
    await server?.stop();
  });

  it('shows a single 500 ms stall in p99, timed from when each request was due', async () => {
    server = await startStallServer({ stallAfterMs: 500, stallMs: STALL_MS });
    pool = new Pool(server.url, { connections: 256 });
    const t = plainTarget('stall', `${server.url}/`);
    const r = new LegRecorder();
    await runOpenLoop(pool, requestSource(t, parseSize('1k'), false), t.classify, RATE, { durationMs: 1800 }, r);
    expect(server.stalledAt()).toBeDefined();
    expect(r.errorCount).toBe(0);
    expect(r.ok).toBe(360);
    // About RATE * 0.5 s = 100 requests were due during the stall, waiting 500 ms down to 0.
    expect(percentileMs(r.histogram, 99)).toBeGreaterThan(400);
    expect(percentileMs(r.histogram, 90)).toBeGreaterThan(100);
    expect(countAtLeast(r, 250)).toBeGreaterThan(35);
    expect(percentileMs(r.histogram, 80)).toBeLessThan(250);
    expect(percentileMs(r.histogram, 50)).toBeLessThan(50);
  });

  it('control: the closed model at c=1 hides the same stall (coordinated omission)', async () => {
    server = await startStallServer({ stallAfterMs: 500, stallMs: STALL_MS });
    pool = new Pool(server.url, { connections: 1 });
    const t = plainTarget('stall', `${server.url}/`);
    const r = new LegRecorder();
    await runClosedLoop(pool, requestSource(t, parseSize('1k'), false), t.classify, 1, { durationMs: 1800 }, r);
    expect(server.stalledAt()).toBeDefined();
    expect(r.histogram.maxValue / 1000).toBeGreaterThan(400);
    expect(percentileMs(r.histogram, 99)).toBeLessThan(100);
  });

  it('keeps the schedule: the rate sent is the rate asked, bounded by duration and count', async () => {
    server = await startStallServer({ stallAfterMs: 1e9, stallMs: 0 });
    pool = new Pool(server.url, { connections: 16 });
    const t = plainTarget('plain', `${server.url}/`);
    const r = new LegRecorder();
    const t0 = performance.now();
    await runOpenLoop(pool, requestSource(t, parseSize('1k'), false), t.classify, 300, { durationMs: 1000 }, r);
    expect(r.ok).toBe(300);
    expect(performance.now() - t0).toBeLessThan(2000);
    const capped = new LegRecorder();
    await runOpenLoop(pool, requestSource(t, parseSize('1k'), false), t.classify, 300, { durationMs: 1000, maxRequests: 40 }, capped);
    expect(capped.ok).toBe(40);
  });

  it('reports what never left the backlog when the server cannot keep up', async () => {
    server = await startStallServer({ stallAfterMs: 0, stallMs: 60_000 });
    pool = new Pool(server.url, { connections: 4 });
    const t = plainTarget('stuck', `${server.url}/`);
    const r = new LegRecorder();
    await runOpenLoop(pool, requestSource(t, parseSize('1k'), false), t.classify, 100, { durationMs: 300, timeoutMs: 300, maxInFlight: 4, drainMs: 200 }, r);
    expect(r.ok).toBe(0);
    expect(r.errors.get('not_sent_backlog')).toBeGreaterThan(0);
    expect((r.errors.get('timeout') ?? 0) + (r.errors.get('cut_at_slice_end') ?? 0) + (r.errors.get('not_sent_backlog') ?? 0)).toBe(30);
  });

  it('refuses a rate that is not positive', () => {
    const t = plainTarget('x', 'http://127.0.0.1:1/');
    expect(() => runOpenLoop(new Pool('http://127.0.0.1:1'), requestSource(t, parseSize('1k'), false), t.classify, 0, { durationMs: 100 }, new LegRecorder())).toThrow(RangeError);
  });
});
