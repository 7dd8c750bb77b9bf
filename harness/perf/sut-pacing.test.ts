import { afterAll, describe, expect, it } from 'vitest';
import { Pool } from 'undici';
import type { PointReport } from '../../perf/perf-report.js';
import { plainTarget } from '../../perf/targets.js';
import { syntheticPoint } from '../../perf/test-support/sample-report.js';
import { startStallServer, type StallServer } from '../../perf/test-support/stall-server.js';
import { measuredCapacity, overloaded, saturated, settle, settledLatencyMs } from './sut-pacing.js';

function withSut(p: PointReport, throughput: number, errors: Record<string, number> = {}): PointReport {
  return { ...p, legs: p.legs.map((l) => (l.role === 'sut' ? { ...l, throughput, errors } : { ...l, errors: {} })) };
}

const c = (n: number) => syntheticPoint({ kind: 'closed', concurrency: n }, 5, 200, n);

describe('SUT pacing', () => {
  it('calls a sweep saturated when throughput stops growing or work is left unfinished', () => {
    expect(saturated(withSut(c(4), 100), withSut(c(16), 180))).toBe(false);
    expect(saturated(withSut(c(4), 100), withSut(c(16), 105))).toBe('flat');
    expect(saturated(undefined, withSut(c(1), 10, { cut_at_slice_end: 3 }))).toBe('overloaded');
    expect(saturated(withSut(c(4), 100), withSut(c(16), 180, { timeout: 1 }))).toBe('overloaded');
    expect(saturated(undefined, withSut(c(1), 10))).toBe(false);
    // A leg that still grows keeps the sweep going.
    const mixed = withSut(c(16), 180);
    mixed.legs.find((l) => l.name === 'sut-rest')!.throughput = 100;
    expect(saturated(withSut(c(4), 100), mixed)).toBe(false);
  });

  it('knows when a point overloaded the SUT, its capacity and its settled latency', () => {
    expect(overloaded(withSut(c(1), 10, { timeout: 1 }))).toBe(true);
    expect(overloaded(withSut(c(1), 10, { http_500: 1 }))).toBe(false);
    expect(measuredCapacity([withSut(c(1), 10), withSut(c(4), 30), withSut(c(16), 90, { cut_at_slice_end: 2 })])).toBe(30);
    const p = withSut(c(1), 10);
    const best = Math.min(...p.legs.filter((l) => l.role === 'sut').map((l) => l.latencyMs.p50));
    expect(settledLatencyMs([p])).toBeCloseTo(3 * best + 20, 6);
    expect(settledLatencyMs([])).toBe(500);
  });

  let server: StallServer | undefined;
  afterAll(async () => server?.stop());

  it('waits for a stalled SUT to answer quickly again, and gives up after the limit', async () => {
    server = await startStallServer({ stallAfterMs: 0, stallMs: 600 });
    const t = plainTarget('s', `${server.url}/`, 'sut');
    const pool = new Pool(server.url);
    const r = await settle(pool, t, 50, 5000, 5000);
    expect(r.settled).toBe(true);
    expect(r.waitedMs).toBeGreaterThan(400);
    expect(r.waitedMs).toBeLessThan(2000);
    const stuck = await startStallServer({ stallAfterMs: 0, stallMs: 60_000 });
    const pool2 = new Pool(stuck.url);
    const r2 = await settle(pool2, plainTarget('s', `${stuck.url}/`, 'sut'), 50, 400, 5000);
    expect(r2.settled).toBe(false);
    expect(r2.waitedMs).toBeLessThan(1500);
    await Promise.all([pool.destroy(), pool2.destroy()]);
    await stuck.stop();
  });
});
