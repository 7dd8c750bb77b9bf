import { describe, expect, it } from 'vitest';
import { bucketsOf, createLatencyHistogram, decodeHistogram, encodeHistogram, HistogramDecodeError, mergeHistograms, percentileCurve, recordMs, summarize } from './latency-histogram.js';
import { rankFor } from './bootstrap.js';
import { normal, seededRandom } from './rng.js';

function exactPercentile(sorted: number[], p: number): number {
  return sorted[rankFor(sorted.length, p) - 1];
}

function sample(n: number, seed: number): number[] {
  const r = seededRandom(seed);
  // Log-normal around 2 ms with a long tail, the shape of real latencies.
  return Array.from({ length: n }, () => Math.exp(Math.log(2) + 0.8 * normal(r)));
}

describe('latency histogram', () => {
  it('reports percentiles within 0.1 % (3 significant digits) of the exact ones', () => {
    const xs = sample(20_000, 1);
    const h = createLatencyHistogram();
    for (const x of xs) recordMs(h, x);
    const sorted = [...xs].sort((a, b) => a - b);
    const s = summarize(h);
    expect(s.count).toBe(20_000);
    for (const [key, p] of [['p50', 50], ['p90', 90], ['p99', 99], ['p999', 99.9]] as const) {
      const exact = exactPercentile(sorted, p);
      expect(Math.abs(s[key] - exact)).toBeLessThanOrEqual(exact * 0.001 + 0.002);
    }
    expect(Math.abs(s.max - sorted[sorted.length - 1])).toBeLessThanOrEqual(sorted[sorted.length - 1] * 0.001 + 0.002);
    expect(Math.abs(s.min - sorted[0])).toBeLessThanOrEqual(0.002);
  });

  it('reports a wrong percentile when the data are altered (the check above can fail)', () => {
    const xs = sample(5_000, 2);
    const h = createLatencyHistogram();
    for (const x of xs) recordMs(h, x * 1.01);
    const exact = exactPercentile([...xs].sort((a, b) => a - b), 50);
    expect(Math.abs(summarize(h).p50 - exact)).toBeGreaterThan(exact * 0.001);
  });

  it('survives the compressed base64 encoding unchanged', () => {
    const h = createLatencyHistogram();
    for (const x of sample(3_000, 3)) recordMs(h, x);
    const back = decodeHistogram(encodeHistogram(h));
    expect(summarize(back)).toEqual(summarize(h));
    expect(bucketsOf(back)).toEqual(bucketsOf(h));
  });

  it('refuses something that is not an encoded histogram', () => {
    expect(() => decodeHistogram('not a histogram')).toThrow(HistogramDecodeError);
    const good = encodeHistogram(createLatencyHistogram());
    expect(() => decodeHistogram(good.slice(0, 10) + 'AAAA')).toThrow(HistogramDecodeError);
  });

  it('merges the logs of two agents into exactly the histogram of all their values', () => {
    const a = sample(4_000, 4);
    const b = sample(6_000, 5).map((x) => x * 3);
    const ha = createLatencyHistogram();
    const hb = createLatencyHistogram();
    const all = createLatencyHistogram();
    for (const x of a) {
      recordMs(ha, x);
      recordMs(all, x);
    }
    for (const x of b) {
      recordMs(hb, x);
      recordMs(all, x);
    }
    const merged = mergeHistograms([decodeHistogram(encodeHistogram(ha)), decodeHistogram(encodeHistogram(hb))]);
    expect(summarize(merged)).toEqual(summarize(all));
    // The merge is not just one of the inputs: the tail of agent b shows in the merged p99.
    expect(summarize(merged).p99).toBeGreaterThan(summarize(ha).p99);
    expect(summarize(merged).count).toBe(10_000);
  });

  it('draws a percentile curve that rises monotonically to the max', () => {
    const h = createLatencyHistogram();
    for (const x of sample(10_000, 6)) recordMs(h, x);
    const curve = percentileCurve(h);
    for (let i = 1; i < curve.length; i++) {
      expect(curve[i].percentile).toBeGreaterThanOrEqual(curve[i - 1].percentile);
      expect(curve[i].ms).toBeGreaterThanOrEqual(curve[i - 1].ms);
    }
    expect(curve[curve.length - 1].ms).toBe(summarize(h).max);
    expect(percentileCurve(createLatencyHistogram())).toEqual([]);
  });
});
