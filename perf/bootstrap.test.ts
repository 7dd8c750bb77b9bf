import { describe, expect, it } from 'vitest';
import { bucketPercentile, percentileDifference } from './bootstrap.js';
import { bucketsOf, createLatencyHistogram, recordMs, summarize, type LatencyHistogram } from './latency-histogram.js';
import { binomialTailAtLeast, logGamma } from './binomial-tail.js';
import { normal, seededRandom } from './rng.js';

function histogramOf(n: number, seed: number, shiftMs = 0): LatencyHistogram {
  const r = seededRandom(seed);
  const h = createLatencyHistogram();
  for (let i = 0; i < n; i++) recordMs(h, 5 + shiftMs + Math.abs(normal(r)) * 2);
  return h;
}

describe('bootstrap confidence interval of added latency', () => {
  it('detects a known 1 ms shift and puts the truth inside the interval', () => {
    const base = histogramOf(5_000, 11);
    const sut = histogramOf(5_000, 12, 1);
    for (const p of [50, 99]) {
      const d = percentileDifference(base, sut, p)!;
      expect(d.shift).toBe(true);
      expect(d.lo).toBeGreaterThan(0);
      expect(d.lo).toBeLessThanOrEqual(d.ms);
      expect(d.hi).toBeGreaterThanOrEqual(d.ms);
      // The true shift is 1 ms; p99 of a small sample is noisier, so a wider margin there.
      expect(d.lo).toBeLessThan(p === 50 ? 1.05 : 1.5);
      expect(d.hi).toBeGreaterThan(p === 50 ? 0.95 : 0.5);
    }
  });

  it('detects a shift the other way (SUT faster) as a negative difference', () => {
    const d = percentileDifference(histogramOf(5_000, 13, 1), histogramOf(5_000, 14), 50)!;
    expect(d.shift).toBe(true);
    expect(d.hi).toBeLessThan(0);
  });

  it('reports no shift on identical data', () => {
    const h = histogramOf(5_000, 15);
    for (const p of [50, 90, 99]) {
      const d = percentileDifference(h, h, p)!;
      expect(d.ms).toBe(0);
      expect(d.shift).toBe(false);
      expect(d.lo).toBeLessThanOrEqual(0);
      expect(d.hi).toBeGreaterThanOrEqual(0);
    }
  });

  it('reports no shift on two samples of the same distribution', () => {
    const d = percentileDifference(histogramOf(5_000, 16), histogramOf(5_000, 17), 50)!;
    expect(d.shift).toBe(false);
    expect(d.hi - d.lo).toBeLessThan(0.3);
  });

  it('gives a narrower interval with more data', () => {
    const small = percentileDifference(histogramOf(500, 18), histogramOf(500, 19, 1), 50)!;
    const large = percentileDifference(histogramOf(20_000, 20), histogramOf(20_000, 21, 1), 50)!;
    expect(large.hi - large.lo).toBeLessThan((small.hi - small.lo) / 2);
  });

  it('is reproducible for a seed and undefined for an empty leg', () => {
    const a = histogramOf(2_000, 22);
    const b = histogramOf(2_000, 23, 0.5);
    expect(percentileDifference(a, b, 50, { seed: 3 })).toEqual(percentileDifference(a, b, 50, { seed: 3 }));
    expect(percentileDifference(a, createLatencyHistogram(), 50)).toBeUndefined();
  });

  it('computes percentiles from buckets as HdrHistogram does', () => {
    const h = histogramOf(7_777, 24);
    for (const p of [1, 50, 90, 99, 99.9]) expect(bucketPercentile(bucketsOf(h), p) / 1000).toBeCloseTo(h.getValueAtPercentile(p) / 1000, 6);
    expect(bucketPercentile(bucketsOf(h), 100) / 1000).toBeCloseTo(summarize(h).max, 6);
  });
});

describe('bootstrap from buckets against a brute-force bootstrap on raw samples', () => {
  it('gives the same interval as resampling the raw values and sorting', () => {
    const r = seededRandom(31);
    const a = Array.from({ length: 400 }, () => 3 + Math.abs(normal(r)));
    const b = Array.from({ length: 400 }, () => 3.3 + Math.abs(normal(r)));
    const ha = createLatencyHistogram();
    const hb = createLatencyHistogram();
    for (const x of a) recordMs(ha, x);
    for (const x of b) recordMs(hb, x);
    const bucketValue = (ha as unknown as { highestEquivalentValue(v: number): number }).highestEquivalentValue.bind(ha);
    const rounded = (xs: number[]) => xs.map((x) => bucketValue(Math.round(x * 1000)) / 1000);
    const ra = rounded(a);
    const rb = rounded(b);
    const pick = (xs: number[], p: number) => {
      const s = Float64Array.from({ length: xs.length }, () => xs[Math.floor(r() * xs.length)]).sort();
      return s[Math.ceil((p / 100) * s.length) - 1];
    };
    for (const p of [50, 90]) {
      const diffs = Float64Array.from({ length: 3000 }, () => pick(rb, p) - pick(ra, p)).sort();
      const bruteLo = diffs[Math.floor(0.025 * diffs.length)];
      const bruteHi = diffs[Math.floor(0.975 * diffs.length)];
      const fast = percentileDifference(ha, hb, p, { reps: 3000 })!;
      expect(Math.abs(fast.lo - bruteLo)).toBeLessThan(0.05);
      expect(Math.abs(fast.hi - bruteHi)).toBeLessThan(0.05);
    }
  });
});

describe('binomial tail', () => {
  const direct = (n: number, p: number, k: number) => {
    let s = 0;
    for (let i = k; i <= n; i++) s += Math.exp(logGamma(n + 1) - logGamma(i + 1) - logGamma(n - i + 1) + i * Math.log(p) + (n - i) * Math.log(1 - p));
    return s;
  };

  it('matches the direct sum', () => {
    for (const [n, p, k] of [[10, 0.3, 3], [50, 0.5, 25], [200, 0.01, 5], [1000, 0.99, 990], [30, 0.9, 1]] as const) {
      expect(binomialTailAtLeast(n, p, k)).toBeCloseTo(direct(n, p, k), 9);
    }
    expect(binomialTailAtLeast(10, 0.5, 0)).toBe(1);
    expect(binomialTailAtLeast(10, 0.5, 11)).toBe(0);
    expect(binomialTailAtLeast(10, 0, 1)).toBe(0);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
  });

  it('is monotone in p (what the sampler binary-searches)', () => {
    let last = 0;
    for (let p = 0.001; p < 1; p += 0.01) {
      const v = binomialTailAtLeast(100_000, p, 50_000);
      expect(v).toBeGreaterThanOrEqual(last);
      last = v;
    }
  });
});
