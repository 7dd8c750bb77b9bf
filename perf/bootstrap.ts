// Added latency with a confidence interval: percentile(through SUT) - percentile(baseline), and a
// percentile bootstrap of that difference. Resampling works on the HDR buckets (a multinomial
// draw over the bucket counts is exactly "n draws with replacement" from the recorded values), so
// it needs no raw samples and works as well on a histogram merged from several agents.
import { bucketsOf, type BucketDistribution, type LatencyHistogram } from './latency-histogram.js';
import { binomial, seededRandom } from './rng.js';

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

function rankFor(total: number, percentile: number): number {
  return Math.max(1, Math.ceil((percentile / 100) * total));
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

/** Percentile (µs) of one resample of size `total`: buckets drawn in order, stopping at the rank. */
function resampledPercentile(d: BucketDistribution, percentile: number, rand: () => number): number {
  const rank = rankFor(d.total, percentile);
  let remainingN = d.total;
  let remainingMass = d.total;
  let cum = 0;
  for (let i = 0; i < d.values.length; i++) {
    const c = d.counts[i];
    const draw = i === d.values.length - 1 ? remainingN : binomial(rand, remainingN, c / remainingMass);
    cum += draw;
    if (cum >= rank) return d.values[i];
    remainingN -= draw;
    remainingMass -= c;
    if (remainingN <= 0) break;
  }
  return d.values[d.values.length - 1] ?? 0;
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
  const diffs = new Float64Array(reps);
  for (let r = 0; r < reps; r++) diffs[r] = resampledPercentile(db, percentile, rand) - resampledPercentile(da, percentile, rand);
  diffs.sort();
  const alpha = (1 - confidence) / 2;
  const lo = quantileOfSorted(diffs, alpha) / 1000;
  const hi = quantileOfSorted(diffs, 1 - alpha) / 1000;
  const ms = (bucketPercentile(db, percentile) - bucketPercentile(da, percentile)) / 1000;
  return { ms, lo, hi, confidence, shift: lo > 0 || hi < 0 };
}
