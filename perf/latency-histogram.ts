// Latency histograms (HdrHistogram): values are recorded in microseconds with 3 significant
// digits, so a percentile is off by at most 0.1 % of its value whatever the range (1 µs .. 1 h).
// Histograms travel in the JSON report as compressed base64 (the HdrHistogram log encoding), so
// the logs of several load agents can be added into one without losing the tail.
import * as hdr from 'hdr-histogram-js';

export type LatencyHistogram = hdr.Histogram;

export const HIGHEST_TRACKABLE_US = 3_600_000_000;

export function createLatencyHistogram(): LatencyHistogram {
  return hdr.build({ bitBucketSize: 32, lowestDiscernibleValue: 1, highestTrackableValue: HIGHEST_TRACKABLE_US, numberOfSignificantValueDigits: 3, autoResize: true, useWebAssembly: false });
}

/** Records one latency given in milliseconds (fractional); clamps to the trackable range. */
export function recordMs(h: LatencyHistogram, ms: number): void {
  const us = Math.round(ms * 1000);
  h.recordValue(Math.min(HIGHEST_TRACKABLE_US, Math.max(1, us)));
}

/** The percentiles the report prints, in milliseconds. */
export interface LatencySummary {
  count: number;
  min: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  p999: number;
  max: number;
}

export const REPORTED_PERCENTILES = [
  ['p50', 50],
  ['p90', 90],
  ['p99', 99],
  ['p999', 99.9],
] as const;

export function summarize(h: LatencyHistogram): LatencySummary {
  const ms = (us: number) => Math.round(us) / 1000;
  if (h.totalCount === 0) return { count: 0, min: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  return {
    count: h.totalCount,
    // Bucket-rounded like the percentiles, so a histogram reads the same after encoding/merging.
    min: ms(h.getValueAtPercentile(0)),
    mean: ms(h.mean),
    p50: ms(h.getValueAtPercentile(50)),
    p90: ms(h.getValueAtPercentile(90)),
    p99: ms(h.getValueAtPercentile(99)),
    p999: ms(h.getValueAtPercentile(99.9)),
    max: ms(h.getValueAtPercentile(100)),
  };
}

export function percentileMs(h: LatencyHistogram, percentile: number): number {
  return h.totalCount === 0 ? 0 : h.getValueAtPercentile(percentile) / 1000;
}

export function encodeHistogram(h: LatencyHistogram): string {
  return hdr.encodeIntoCompressedBase64(h);
}

export class HistogramDecodeError extends Error {
  override readonly name = 'HistogramDecodeError';
  readonly code = 'perf.bad_histogram';
}

export function decodeHistogram(base64: string): LatencyHistogram {
  let decoded: hdr.Histogram;
  try {
    decoded = hdr.decodeFromCompressedBase64(base64, 32, false);
  } catch (e) {
    throw new HistogramDecodeError(`not an HdrHistogram compressed base64 log entry: ${(e as Error).message}`);
  }
  // Re-home into our own shape so later adds never overflow a narrower bucket size.
  const h = createLatencyHistogram();
  h.add(decoded);
  return h;
}

/** Sum of histograms (e.g. the same leg measured by several agents at the same time). */
export function mergeHistograms(list: Iterable<LatencyHistogram>): LatencyHistogram {
  const out = createLatencyHistogram();
  for (const h of list) out.add(h);
  return out;
}

/** Percentile curve for charts: (percentile, ms) at log-spaced points up to the max. */
export function percentileCurve(h: LatencyHistogram, points = 40): Array<{ percentile: number; ms: number }> {
  if (h.totalCount === 0) return [];
  const out: Array<{ percentile: number; ms: number }> = [];
  // 1/(1-p) spacing: 0, 50, 75, 87.5 ... the way HdrHistogram plots put the tail in view.
  const maxNines = Math.max(1, Math.log10(h.totalCount));
  for (let i = 0; i <= points; i++) {
    const nines = (i / points) * maxNines;
    const p = 100 * (1 - Math.pow(10, -nines));
    out.push({ percentile: p, ms: h.getValueAtPercentile(p) / 1000 });
  }
  out.push({ percentile: 100, ms: h.getValueAtPercentile(100) / 1000 });
  return out;
}

/** (value, count) for every non-empty bucket, the input of the bootstrap. */
export interface BucketDistribution {
  /** Bucket values in microseconds (highest equivalent value, as HdrHistogram reports). */
  values: Float64Array;
  counts: Float64Array;
  total: number;
}

interface BucketInternals {
  countsArrayLength: number;
  getCountAtIndex(i: number): number;
  valueFromIndex(i: number): number;
  highestEquivalentValue(v: number): number;
}

export function bucketsOf(h: LatencyHistogram): BucketDistribution {
  const internals = h as unknown as BucketInternals;
  if (typeof internals.getCountAtIndex !== 'function') throw new Error('histogram does not expose its buckets (WebAssembly build?)');
  const values: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < internals.countsArrayLength; i++) {
    const c = internals.getCountAtIndex(i);
    if (c > 0) {
      values.push(internals.highestEquivalentValue(internals.valueFromIndex(i)));
      counts.push(c);
    }
  }
  return { values: Float64Array.from(values), counts: Float64Array.from(counts), total: counts.reduce((a, b) => a + b, 0) };
}
