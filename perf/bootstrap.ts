// Added latency with a confidence interval: percentile(through SUT) - percentile(baseline), and a
// percentile bootstrap of that difference. Resampling works on the HDR buckets (a multinomial
// draw over the bucket counts is exactly "n draws with replacement" from the recorded values), so
// it needs no raw samples and works as well on a histogram merged from several agents. The two
// legs are resampled independently (their exchanges are not paired one to one).
import { bucketsOf, type BucketDistribution, type LatencyHistogram } from './latency-histogram.js';
import { binomialTailAtLeast } from './binomial-tail.js';
import { seededRandom } from './rng.js';

export interface DifferenceEstimate {
  /** Point estimate in ms (SUT minus baseline). */
  ms: number;
  /** Confidence interval bounds in ms. */
  lo: number;
  hi: number;
  confidence: number;
  /** True when the interval excludes zero: the SUT leg is measurably different. */
  shift: boolean;
}

export interface BootstrapOptions {
  /** Resamples (default 1000). */
  reps?: number;
  /** Default 0.95. */
  confidence?: number;
  seed?: number;
}

/** Rank of a percentile as HdrHistogram computes it: round up, but not past a 1-ulp error. */
export function rankFor(total: number, percentile: number): number {
  const fp = (Math.min(percentile, 100) / 100) * total;
  return Math.max(1, Math.ceil(fp - fp * Number.EPSILON));
}

/** Value (µs) at `percentile` of the distribution as recorded. */
export function bucketPercentile(d: BucketDistribution, percentile: number): number {
  const rank = rankFor(d.total, percentile);
  let cum = 0;
  for (let i = 0; i < d.values.length; i++) {
    cum += d.counts[i];
    if (cum >= rank) return d.values[i];
  }
  return d.values[d.values.length - 1] ?? 0;
}

/**
 * Sampler of the percentile of a resample (n draws with replacement from the recorded values).
 * The rank-k value of a resample is <= bucket j exactly when at least k of the n draws fall at or
 * below j, i.e. with probability P(Binomial(n, F_j) >= k) where F_j is the recorded CDF. That
 * table is computed once; each draw is then a binary search, so 1000 resamples of a histogram of
 * a million exchanges cost milliseconds and need no raw samples.
 */
export function resampledPercentileSampler(d: BucketDistribution, percentile: number): (rand: () => number) => number {
  const rank = rankFor(d.total, percentile);
  const g = new Float64Array(d.values.length);
  let cum = 0;
  for (let j = 0; j < d.values.length; j++) {
    cum += d.counts[j];
    g[j] = j === d.values.length - 1 ? 1 : binomialTailAtLeast(d.total, cum / d.total, rank);
  }
  return (rand) => {
    const u = rand();
    let lo = 0;
    let hi = g.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (g[mid] >= u) hi = mid;
      else lo = mid + 1;
    }
    return d.values[lo];
  };
}

function quantileOfSorted(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** Bootstrap CI of percentile(b) - percentile(a), in ms; undefined when a leg recorded nothing. */
export function percentileDifference(
  a: LatencyHistogram | BucketDistribution,
  b: LatencyHistogram | BucketDistribution,
  percentile: number,
  opts: BootstrapOptions = {},
): DifferenceEstimate | undefined {
  const da = 'values' in a ? a : bucketsOf(a);
  const db = 'values' in b ? b : bucketsOf(b);
  if (da.total === 0 || db.total === 0) return undefined;
  const reps = opts.reps ?? 1000;
  const confidence = opts.confidence ?? 0.95;
  const rand = seededRandom(opts.seed ?? 0x5eed);
  const drawA = resampledPercentileSampler(da, percentile);
  const drawB = resampledPercentileSampler(db, percentile);
  const diffs = new Float64Array(reps);
  for (let r = 0; r < reps; r++) diffs[r] = drawB(rand) - drawA(rand);
  diffs.sort();
  const alpha = (1 - confidence) / 2;
  const lo = quantileOfSorted(diffs, alpha) / 1000;
  const hi = quantileOfSorted(diffs, 1 - alpha) / 1000;
  const ms = (bucketPercentile(db, percentile) - bucketPercentile(da, percentile)) / 1000;
  return { ms, lo, hi, confidence, shift: lo > 0 || hi < 0 };
}
