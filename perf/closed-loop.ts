// Closed model: `concurrency` virtual users, each sending its next request as soon as the last
// one is answered (keep-alive, one connection each). This finds the throughput ceiling; its
// latencies hide stalls (a user that waits sends nothing), which is what the open model is for.
import type { Dispatcher } from 'undici';
import type { LegRecorder } from './leg-recorder.js';
import { checkBounds, type SliceBounds } from './load-bounds.js';
import { dispatchRequest, type AbortExchange } from './request-dispatch.js';
import type { RequestSource } from './request-source.js';
import type { Target } from './target.js';
import { UserConnections } from './user-connections.js';

export interface ClosedLoopOptions extends SliceBounds {
  /**
   * How long after the slice to wait for answers still outstanding (default: the slice length,
   * at least 1 s, at most timeoutMs). Later ones are cut and counted as `cut_at_slice_end`, so a
   * slow SUT cannot stretch the run or load the next leg's slice.
   */
  drainMs?: number;
}

export function runClosedLoop(
  /** A shared dispatcher, or one connection per virtual user (cheaper per request). */
  connections: Dispatcher | UserConnections,
  source: RequestSource,
  classify: Target['classify'],
  concurrency: number,
  bounds: ClosedLoopOptions,
  recorder: LegRecorder,
): Promise<void> {
  const b = checkBounds(bounds);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
  const start = performance.now();
  const recordFrom = start + b.warmupMs;
  const end = start + b.durationMs;
  recorder.startClock(start);
  const drainMs = bounds.drainMs ?? Math.min(b.timeoutMs, Math.max(1000, b.durationMs));
  let started = 0;
  let lastCompletion = recordFrom;
  const inFlight = new Set<AbortExchange>();
  return new Promise((resolve) => {
    let running = concurrency;
    let resolved = false;
    const drainTimer = setTimeout(() => {
      for (const abort of [...inFlight]) abort('cut_at_slice_end');
    }, b.durationMs + drainMs);
    const dispatcherOf = (vu: number): Dispatcher => (connections instanceof UserConnections ? connections.user(vu) : connections);
    const send = (vu: number): void => {
      if (resolved) return;
      if (performance.now() >= end || started >= b.maxRequests) {
        if (--running === 0) {
          resolved = true;
          clearTimeout(drainTimer);
          recorder.activeMs += Math.max(0, lastCompletion - recordFrom);
          resolve();
        }
        return;
      }
      started++;
      const req = source.next();
      const sentAt = performance.now();
      let sync = true;
      let completed = false;
      const abort: AbortExchange = dispatchRequest(dispatcherOf(vu), req, b.timeoutMs, classify, (outcome) => {
        completed = true;
        if (!sync) inFlight.delete(abort);
        const now = performance.now();
        if (outcome.errorKind === 'cut_at_slice_end') recorder.addError(outcome.errorKind);
        else if (sentAt >= recordFrom) {
          recorder.record(now - sentAt, outcome, req.body?.length ?? 0, now);
          lastCompletion = now;
        }
        // A failure reported synchronously must not recurse into a tight loop.
        if (sync || outcome.errorKind) setImmediate(send, vu);
        else send(vu);
      });
      sync = false;
      if (!completed) inFlight.add(abort);
    };
    for (let i = 0; i < concurrency; i++) send(i);
  });
}
