// Every load slice is bounded in time and in count, and every request has a timeout, so a stuck
// or refusing server ends a run with errors in the report instead of a hang.

export interface SliceBounds {
  /** Slice length, warm-up included. */
  durationMs: number;
  /** Leading part of the slice whose results are not recorded (connections, JIT). */
  warmupMs?: number;
  /** Hard cap on requests started in the slice. */
  maxRequests?: number;
  /** Per-request timeout (headers, and idle time between body chunks). */
  timeoutMs?: number;
}

export const DEFAULT_MAX_REQUESTS = 2_000_000;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Upper bound on one slice: nothing in roadtest perf should load a server for more than a day. */
export const MAX_SLICE_MS = 24 * 3600 * 1000;

export class LoadBoundsError extends Error {
  override readonly name = 'LoadBoundsError';
  readonly code = 'perf.bad_bounds';
}

export function checkBounds(b: SliceBounds): Required<SliceBounds> {
  const out = {
    durationMs: b.durationMs,
    warmupMs: b.warmupMs ?? 0,
    maxRequests: b.maxRequests ?? DEFAULT_MAX_REQUESTS,
    timeoutMs: b.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  };
  if (!(out.durationMs > 0 && out.durationMs <= MAX_SLICE_MS)) throw new LoadBoundsError(`slice duration ${b.durationMs} ms is outside 0 .. ${MAX_SLICE_MS} ms`);
  if (!(out.warmupMs >= 0 && out.warmupMs < out.durationMs)) throw new LoadBoundsError(`warm-up ${out.warmupMs} ms must be shorter than the slice (${out.durationMs} ms)`);
  if (!(out.maxRequests >= 1)) throw new LoadBoundsError('maxRequests must be at least 1');
  if (!(out.timeoutMs > 0)) throw new LoadBoundsError('timeoutMs must be positive');
  return out;
}
