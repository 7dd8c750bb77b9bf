// Two load agents (`roadtest perf --agent`, side by side as two pods of a Kubernetes Job would
// run) against one stand-in SUT, then `roadtest perf merge` on their logs.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { decodeHistogram } from '../../perf/latency-histogram.js';
import type { PerfReport } from '../../perf/perf-report.js';
import { startProviderIs, type ProviderIs } from '../../simulators/member-systems/index.js';
import { startDelayProxy, type DelayProxy } from '../../perf/test-support/delay-proxy.js';

/**
 * One `roadtest perf --agent` run. The two agents run in this process side by side (the CLI code
 * path a pod runs, without two more tsx start-ups in the test budget).
 */
async function agent(id: string, out: string, provider: string, sut: string): Promise<number> {
  const args = ['node', 'roadtest', 'perf', '--agent', '--agent-id', id, '--no-floor', '--baseline-url', provider, '--sut-url', sut];
  args.push('--concurrency', '2', '--rate', '40', '--sizes', '1k', '--duration', '0', '--step', '0.4', '--out', out, '--start-at', String(startAt));
  return main(args);
}

let startAt = 0;

describe('two local load agents and perf merge', () => {
  let provider: ProviderIs;
  let sut: DelayProxy;
  let timer: NodeJS.Timeout;
  const out = mkdtempSync(join(tmpdir(), 'roadtest-perf-agents-'));

  beforeAll(async () => {
    provider = await startProviderIs();
    timer = setInterval(() => (provider.received.length = 0), 200);
    sut = await startDelayProxy({ upstream: provider.url, delayMs: 3 });
  });
  afterAll(async () => {
    clearInterval(timer);
    await sut?.stop();
    await provider?.stop();
    rmSync(out, { recursive: true, force: true });
  });

  it('merges the HDR logs of two agents that ran side by side', async () => {
    startAt = Date.now() + 200;
    const [a, b] = await Promise.all([agent('agent-a', out, provider.url, sut.url), agent('agent-b', out, provider.url, sut.url)]);
    expect(a).toBe(0);
    expect(b).toBe(0);
    const fa = join(out, 'perf-agent-a.json');
    const fb = join(out, 'perf-agent-b.json');
    const ra = JSON.parse(readFileSync(fa, 'utf8')) as PerfReport;
    const rb = JSON.parse(readFileSync(fb, 'utf8')) as PerfReport;

    expect(await main(['node', 'roadtest', 'perf', 'merge', fa, fb, '--out', out])).toBe(0);
    const merged = JSON.parse(readFileSync(join(out, 'perf-merged-2-agents.json'), 'utf8')) as PerfReport;
    expect(merged.agents).toEqual(['agent-a', 'agent-b']);
    expect(merged.points.map((p) => p.id)).toEqual(ra.points.map((p) => p.id));
    for (const p of merged.points) {
      const pa = ra.points.find((x) => x.id === p.id)!;
      const pb = rb.points.find((x) => x.id === p.id)!;
      for (const leg of p.legs) {
        const la = pa.legs.find((l) => l.name === leg.name)!;
        const lb = pb.legs.find((l) => l.name === leg.name)!;
        expect(la.count).toBeGreaterThan(0);
        expect(lb.count).toBeGreaterThan(0);
        expect(leg.count).toBe(la.count + lb.count);
        expect(decodeHistogram(leg.hdr).totalCount).toBe(la.count + lb.count);
        expect(leg.throughput).toBeCloseTo(la.throughput + lb.throughput, 0);
        expect(leg.latencyMs.max).toBe(Math.max(la.latencyMs.max, lb.latencyMs.max));
        expect(leg.latencyMs.p50).toBeGreaterThanOrEqual(Math.min(la.latencyMs.p50, lb.latencyMs.p50));
        expect(leg.latencyMs.p50).toBeLessThanOrEqual(Math.max(la.latencyMs.p50, lb.latencyMs.p50));
      }
      // Added latency is recomputed from the merged histograms, not copied from one agent. (Its
      // size is not asserted here: two agents in one event loop disturb each other's slices.)
      for (const added of p.added) {
        const sutLeg = p.legs.find((l) => l.name === added.sut)!;
        const baseLeg = p.legs.find((l) => l.name === added.baseline)!;
        expect(added.p50!.ms).toBeCloseTo(sutLeg.latencyMs.p50 - baseLeg.latencyMs.p50, 2);
        expect(added.p50!.lo).toBeLessThanOrEqual(added.p50!.ms);
        expect(added.p50!.hi).toBeGreaterThanOrEqual(added.p50!.ms);
      }
    }
  });

  it('refuses to merge a damaged log or the same agent twice (exit 2)', async () => {
    const fa = join(out, 'perf-agent-a.json');
    const r = JSON.parse(readFileSync(fa, 'utf8')) as PerfReport;
    r.points[0].legs[0].hdr = 'garbage';
    const bad = join(out, 'damaged.json');
    writeFileSync(bad, JSON.stringify({ ...r, agents: ['agent-c'] }));
    expect(await main(['node', 'roadtest', 'perf', 'merge', fa, bad, '--out', out])).toBe(2);
    expect(await main(['node', 'roadtest', 'perf', 'merge', fa, fa, '--out', out])).toBe(2);
    writeFileSync(bad, '{"format":"something-else"}');
    expect(await main(['node', 'roadtest', 'perf', 'merge', bad, '--out', out])).toBe(2);
  });
});
