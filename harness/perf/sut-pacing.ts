// Keeping a slow SUT from spoiling the rest of a run. A request the harness cuts at the end of a
// slice is only gone from the client's side: the SUT may still be working through hundreds of
// them, and every later slice would measure that backlog. So: stop the concurrency sweep once
// the SUT is saturated, let it settle after an overloaded point, and soak at a rate it sustains.
import type { Dispatcher } from 'undici';
import type { PointReport } from '../../perf/perf-report.js';
import { parseSize } from '../../perf/message-mix.js';
import { dispatchRequest } from '../../perf/request-dispatch.js';
import { requestSource } from '../../perf/request-source.js';
import type { Target } from '../../perf/target.js';

/** Error kinds that mean the SUT was left with work it had not finished. */
const OVERLOAD_KINDS = ['cut_at_slice_end', 'timeout', 'not_sent_backlog'];

export function overloaded(p: PointReport): boolean {
  return p.legs.some((l) => l.role === 'sut' && OVERLOAD_KINDS.some((k) => (l.errors[k] ?? 0) > 0));
}

/**
 * Whether more concurrency can help. `overloaded`: some SUT leg left work unfinished (more
 * concurrency only piles up more). `flat`: every SUT leg gained less than 10 % throughput over
 * the previous step (one such step can be noise). False otherwise.
 */
export function saturated(previous: PointReport | undefined, current: PointReport): 'overloaded' | 'flat' | false {
  const sutLegs = current.legs.filter((l) => l.role === 'sut');
  if (sutLegs.length === 0) return false;
  if (overloaded(current)) return 'overloaded';
  const flat = sutLegs.every((l) => {
    const before = previous?.legs.find((x) => x.name === l.name);
    return before !== undefined && l.throughput < before.throughput * 1.1;
  });
  return flat ? 'flat' : false;
}

/** Highest SUT throughput of the closed-model points so far (exchanges/s), 0 if none. */
export function measuredCapacity(points: PointReport[]): number {
  let best = 0;
  for (const p of points) {
    if (p.shape.kind !== 'closed') continue;
    for (const l of p.legs) if (l.role === 'sut' && Object.keys(l.errors).length === 0) best = Math.max(best, l.throughput);
  }
  return best;
}

/** Latency a settled SUT answers a single request in: 3x its best median so far, plus 20 ms. */
export function settledLatencyMs(points: PointReport[]): number {
  const medians = points.flatMap((p) => p.legs.filter((l) => l.role === 'sut' && l.count > 0).map((l) => l.latencyMs.p50));
  return medians.length ? 3 * Math.min(...medians) + 20 : 500;
}

/**
 * Sends single 1 kB requests through `target` until one is answered within `fastMs` or
 * `maxMs` passes; returns how long it waited and whether the SUT came back.
 */
export async function settle(dispatcher: Dispatcher, target: Target, fastMs: number, maxMs: number, timeoutMs: number): Promise<{ waitedMs: number; settled: boolean }> {
  const t0 = performance.now();
  const src = requestSource(target, parseSize('1k'), false);
  while (performance.now() - t0 < maxMs) {
    const sent = performance.now();
    const outcome = await new Promise<{ errorKind?: string }>((resolve) => {
      const abort = dispatchRequest(dispatcher, src.next(), timeoutMs, target.classify, resolve);
      setTimeout(() => abort('settle_probe_cut'), Math.max(1, maxMs - (sent - t0))).unref();
    });
    if (!outcome.errorKind && performance.now() - sent <= fastMs) return { waitedMs: Math.round(performance.now() - t0), settled: true };
    if (outcome.errorKind) await new Promise((r) => setTimeout(r, 100));
  }
  return { waitedMs: Math.round(performance.now() - t0), settled: false };
}
