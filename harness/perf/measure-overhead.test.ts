// The harness must see overhead: a stand-in SUT that is the provider IS behind a proxy adding a
// known delay must come out as that delay (plus the proxy's small forwarding cost), and a proxy
// adding nothing must not be reported as slow.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startProviderIs, type ProviderIs } from '../../simulators/member-systems/index.js';
import { parseSize } from '../../perf/message-mix.js';
import { restTarget, soapTarget } from '../../perf/targets.js';
import { startDelayProxy, type DelayProxy } from '../../perf/test-support/delay-proxy.js';
import type { LegReport } from '../../perf/perf-report.js';
import { HARNESS_SATURATED_PERCENT, harnessSaturationNotes, legOrder, measureOverhead } from './measure-overhead.js';

const IDS = { client: 'DEV/COM/1234/CLIENT', service: 'DEV/GOV/4321/PROVIDER/echo' };
const DELAY_MS = 2;

describe('measureOverhead against a proxy with an injected delay', () => {
  let provider: ProviderIs;
  let slow: DelayProxy;
  let fast: DelayProxy;
  let timer: NodeJS.Timeout;

  beforeAll(async () => {
    provider = await startProviderIs();
    timer = setInterval(() => (provider.received.length = 0), 200);
    slow = await startDelayProxy({ upstream: provider.url, delayMs: DELAY_MS });
    fast = await startDelayProxy({ upstream: provider.url, delayMs: 0 });
  });
  afterAll(async () => {
    clearInterval(timer);
    await Promise.all([slow?.stop(), fast?.stop()]);
    await provider?.stop();
  });

  it('reports the injected delay as added p50 at low concurrency, and nothing extra for a 0 ms proxy', async () => {
    const points = await measureOverhead({
      baseline: soapTarget({ name: 'baseline-soap', role: 'baseline', url: `${provider.url}/soap/peer/echo`, ...IDS }),
      throughSut: [
        soapTarget({ name: 'proxy-2ms', role: 'sut', url: `${slow.url}/soap/peer/echo`, ...IDS }),
        soapTarget({ name: 'proxy-0ms', role: 'sut', url: `${fast.url}/soap/peer/echo`, ...IDS }),
      ],
      points: [{ shape: { kind: 'closed', concurrency: 1 }, size: parseSize('1k'), attachments: false }],
      durationMs: 1500,
      rounds: 3,
    });
    const [p] = points;
    if (process.env.PERF_TEST_VERBOSE) console.log(JSON.stringify({ legs: p.legs.map((l) => [l.name, l.count, l.latencyMs.p50]), added: p.added, applied: slow.appliedDelays().sort((a, b) => a - b)[Math.floor(slow.appliedDelays().length / 2)] }, null, 1));
    const slowAdded = p.added.find((a) => a.sut === 'proxy-2ms')!;
    const fastAdded = p.added.find((a) => a.sut === 'proxy-0ms')!;
    const leg = (n: string) => p.legs.find((l) => l.name === n)!;
    // Every leg really ran and nothing failed.
    for (const l of p.legs) {
      expect(l.count).toBeGreaterThan(100);
      expect(l.errors).toEqual({});
    }
    // What the proxy really waited (a timer overshoots on a loaded machine), median of all.
    const applied = slow.appliedDelays().sort((a, b) => a - b);
    const injected = applied[Math.floor(applied.length / 2)];
    expect(injected).toBeGreaterThanOrEqual(DELAY_MS);
    expect(slowAdded.p50!.ms).toBeGreaterThan(injected - 1);
    expect(slowAdded.p50!.ms).toBeLessThan(injected + 1);
    expect(slowAdded.p50!.shift).toBe(true);
    expect(slowAdded.p50!.lo).toBeGreaterThan(1);
    // With the proxy's own forwarding cost (the 0 ms proxy) taken out, the injected wait itself
    // (plus, on a loaded machine, up to ~0.7 ms of waking up after it).
    const delayOnly = leg('proxy-2ms').latencyMs.p50 - leg('proxy-0ms').latencyMs.p50;
    expect(delayOnly).toBeGreaterThan(injected - 0.5);
    expect(delayOnly).toBeLessThan(injected + 1);
    expect(fastAdded.p50!.ms).toBeLessThan(1);
    // Fewer exchanges fit into the same time through the slow proxy at c=1.
    expect(slowAdded.throughputRatio!).toBeLessThan(0.8);
  });

  it('stops a sweep at saturation, skips rates above capacity and soaks at half the capacity', async () => {
    const slowSut = await startDelayProxy({ upstream: provider.url, delayMs: 40 });
    const notes: string[] = [];
    try {
      const points = await measureOverhead({
        baseline: restTarget({ name: 'baseline-rest', role: 'baseline', url: `${provider.url}/rest/peer/pets` }),
        // Serialised behind a 1-connection pool: more concurrency cannot help, like a saturated SUT.
        throughSut: [restTarget({ name: 'sut-rest', role: 'sut', url: `${slowSut.url}/rest/peer/pets` })],
        points: [
          { shape: { kind: 'closed', concurrency: 1 }, size: parseSize('1k'), attachments: false },
          { shape: { kind: 'closed', concurrency: 2 }, size: parseSize('1k'), attachments: false },
          { shape: { kind: 'closed', concurrency: 4 }, size: parseSize('1k'), attachments: false },
          { shape: { kind: 'closed', concurrency: 8 }, size: parseSize('1k'), attachments: false },
          { shape: { kind: 'closed', concurrency: 16 }, size: parseSize('1k'), attachments: false },
          { shape: { kind: 'open', rate: 1000 }, size: parseSize('1k'), attachments: false },
          { shape: { kind: 'soak', rate: 1000, durationMs: 600 }, size: parseSize('1k'), attachments: false },
        ],
        durationMs: 400,
        rounds: 1,
        maxConnections: 1,
        notes,
      });
      if (process.env.PERF_TEST_VERBOSE) console.log(points.map((p) => [p.id, p.legs.map((l) => [l.name, l.throughput, JSON.stringify(l.errors)])]), notes);
      // Throughput is flat from c=1 on (one connection): two steps without gain make a ceiling
      // (c=4 normally; c=8 if noise made one step look like a gain), so c=16 never runs.
      const ids = points.map((p) => p.id);
      expect(ids.slice(0, 3)).toEqual(['closed/c=1/1 kB', 'closed/c=2/1 kB', 'closed/c=4/1 kB']);
      expect(ids).not.toContain('closed/c=16/1 kB');
      expect(ids.at(-1)).toMatch(/^soak\/soak \d+\/s/);
      expect(notes.join('\n')).toMatch(/closed\/c=16\/1 kB skipped: the SUT saturated at c=(4|8)/);
      expect(notes.join('\n')).toMatch(/open\/1000\/s\/1 kB skipped: 1000\/s is above the [\d.]+ exchanges\/s the SUT sustained/);
      const soak = points.at(-1)!.shape;
      expect(soak.kind === 'soak' && soak.rate).toBeLessThan(20);
    } finally {
      await slowSut.stop();
    }
  });

  it('pairs each SUT leg with the baseline of its protocol and drops REST from attachment points', () => {
    const bs = soapTarget({ name: 'b-soap', role: 'baseline', url: 'http://127.0.0.1:1/', ...IDS });
    const br = restTarget({ name: 'b-rest', role: 'baseline', url: 'http://127.0.0.1:1/' });
    const ss = soapTarget({ name: 's-soap', role: 'sut', url: 'http://127.0.0.1:2/', ...IDS });
    const sr = restTarget({ name: 's-rest', role: 'sut', url: 'http://127.0.0.1:2/' });
    expect(legOrder([bs, br], [sr, ss], false).map((t) => t.name)).toEqual(['b-soap', 's-soap', 'b-rest', 's-rest']);
    expect(legOrder([bs, br], [sr, ss], true).map((t) => t.name)).toEqual(['b-soap', 's-soap']);
  });

  it('refuses a non-loopback target unless remote load is allowed', async () => {
    const remote = soapTarget({ name: 'remote', role: 'sut', url: 'http://192.0.2.1/', ...IDS });
    await expect(measureOverhead({ baseline: remote, throughSut: [], points: [], durationMs: 100 })).rejects.toThrow(/not a loopback address/);
  });

  it('samples the harness process behind the SUT during SUT legs only', async () => {
    // Stand-ins for the environment process: one spinning on a core, one idle.
    const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 300));
      const run = async (pid: number) => {
        const [p] = await measureOverhead({
          baseline: soapTarget({ name: 'baseline-soap', role: 'baseline', url: `${provider.url}/soap/peer/echo`, ...IDS }),
          throughSut: [soapTarget({ name: 'sut-soap', role: 'sut', url: `${fast.url}/soap/peer/echo`, ...IDS })],
          points: [{ shape: { kind: 'closed', concurrency: 1 }, size: parseSize('1k'), attachments: false }],
          durationMs: 800,
          rounds: 1,
          harnessProcess: { kind: 'pid', pid },
        });
        return { leg: p.legs.find((l) => l.name === 'sut-soap')!, baseline: p.legs.find((l) => l.name === 'baseline-soap')! };
      };
      const hot = await run(busy.pid!);
      // A spinning process gets 70-100 % of a core on a shared 2-core machine.
      expect(hot.leg.harnessResources!.cpuPercent).toBeGreaterThan(50);
      expect(hot.leg.harnessResources!.subject).toBe(`pid ${busy.pid}`);
      expect(hot.baseline.harnessResources).toBeUndefined();
      const cold = await run(idle.pid!);
      expect(cold.leg.harnessResources!.cpuPercent).toBeLessThan(20);
    } finally {
      busy.kill('SIGKILL');
      idle.kill('SIGKILL');
    }
  });

  it('flags SUT legs whose harness process was near saturation, and only those', () => {
    const usage = (cpuPercent: number) => ({ subject: 'pid 7', wallMs: 1000, cpuMs: cpuPercent * 10, cpuPercent, rssStartMb: 1, rssEndMb: 1, rssPeakMb: 1 });
    const leg = (name: string, cpu?: number) => ({ name, harnessResources: cpu === undefined ? undefined : usage(cpu) }) as unknown as LegReport;
    const notes = harnessSaturationNotes('closed/c=16/1 kB', [leg('baseline-soap'), leg('sut-soap', 92.5), leg('sut-rest', 40), leg('sut-x', HARNESS_SATURATED_PERCENT)]);
    expect(notes).toHaveLength(2);
    expect(notes[0]).toMatch(/^closed\/c=16\/1 kB sut-soap: the harness's own process behind the SUT \(peer SS, provider IS, trust services; pid 7\) ran at 92.5 % of a core/);
    expect(notes[1]).toContain('sut-x');
    expect(harnessSaturationNotes('p', [leg('sut-soap', 74.9)])).toEqual([]);
  });
});
