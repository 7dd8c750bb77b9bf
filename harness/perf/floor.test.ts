// The floor calibration in one short round: all three legs load their server, the ratio is the
// provider leg over the autocannon leg, and the verdict follows the required ratio.
import { describe, expect, it } from 'vitest';
import { ChildServerError, startChildServer } from '../environment/child-server.js';
import { floorVerdict, measureFloor } from './floor.js';

describe('harness floor', () => {
  it('measures autocannon and the roadtest generator against a bare server and the provider IS', async () => {
    const steps: string[] = [];
    const f = await measureFloor({ agent: 't', rounds: 1, sliceMs: 1000, warmup: false, onStep: (s) => steps.push(s) });
    for (const leg of [f.bareAutocannon, f.bareGenerator, f.providerGenerator]) {
      expect(leg.rps).toHaveLength(1);
      expect(leg.median).toBeGreaterThan(500);
    }
    expect(f.providerGenerator.errors).toEqual({});
    expect(f.providerGenerator.latencyMs!.count).toBeGreaterThan(500);
    expect(f.ratio).toBeCloseTo(f.providerGenerator.rps[0] / f.bareAutocannon.rps[0], 2);
    expect(f.pass).toBe(f.ratio >= 0.75);
    expect(steps.some((s) => s.includes('autocannon'))).toBe(true);
  });

  it('takes the median of per-round ratios and compares it with the requirement', () => {
    // Round 2 is slowed down for every leg alike: per-round ratios stay 0.8.
    expect(floorVerdict([30_000, 10_000, 30_000], [27_000, 9_000, 27_000], [24_000, 8_000, 24_000], 0.75)).toEqual({ ratio: 0.8, generatorRatio: 0.9, pass: true });
    expect(floorVerdict([30_000, 30_000, 30_000], [30_000, 30_000, 30_000], [20_000, 21_000, 30_000], 0.75)).toEqual({ ratio: 0.7, generatorRatio: 1, pass: false });
    expect(floorVerdict([0], [1], [1], 0.75).pass).toBe(false);
  });

  it('reports a child server that cannot start', async () => {
    await expect(startChildServer('environment', ['/nonexistent/profile.yaml'], 30_000)).rejects.toThrow(ChildServerError);
  });
});
