import { describe, expect, it } from 'vitest';
import { parseSizeList } from '../../perf/message-mix.js';
import { buildPlan, DEFAULT_CONCURRENCY, plannedLoadMs } from './plan.js';

const ids = (p: ReturnType<typeof buildPlan>) => p.points.map((x) => `${x.shape.kind}:${x.shape.kind === 'closed' ? x.shape.concurrency : x.shape.rate}:${x.size.label}${x.attachments ? ':att' : ''}`);

describe('perf plan', () => {
  it('covers the issue: concurrency sweep, open model, size sweep, attachments, the mix and a soak', () => {
    const p = buildPlan();
    expect(ids(p)).toEqual([
      ...DEFAULT_CONCURRENCY.map((c) => `closed:${c}:1 kB`),
      'open:50:1 kB',
      'open:100:1 kB',
      'soak:100:1 kB',
      'closed:4:10 kB',
      'closed:4:100 kB',
      'closed:1:1 MB',
      'closed:1:10 MB',
      'closed:4:1 kB:att',
      'closed:1:1 MB:att',
      'closed:16:mix',
    ]);
    expect(p.floor).toEqual({ rounds: 3, sliceMs: 2000 });
  });

  it('fits the default run in the 3-minute budget on paper (with the SUT legs)', () => {
    // Load time only; bring-up, drains and bootstrap come on top (measured: see perf/README.md).
    expect(plannedLoadMs(buildPlan(), true)).toBeLessThan(150_000);
    expect(plannedLoadMs(buildPlan({ quick: true }), true)).toBeLessThan(45_000);
    expect(plannedLoadMs(buildPlan(), false)).toBeLessThan(plannedLoadMs(buildPlan(), true));
  });

  it('follows the flags', () => {
    const p = buildPlan({ concurrency: [2, 8], rates: [10], sizes: parseSizeList('10k,2m'), soakS: 0, stepS: 3, floor: false });
    expect(ids(p)).toEqual(['closed:2:10 kB', 'closed:8:10 kB', 'open:10:10 kB', 'closed:1:2 MB', 'closed:4:10 kB:att']);
    expect(p.stepMs).toBe(3000);
    expect(p.floor).toBeUndefined();
    expect(buildPlan({ soakS: 60, rates: [50, 200] }).points.find((x) => x.shape.kind === 'soak')!.shape).toEqual({ kind: 'soak', rate: 200, durationMs: 60_000 });
  });
});
