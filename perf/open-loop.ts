// Open model: requests are due at fixed intervals whatever the server does, and each latency is
// measured from the time the request was *due*, not from when it left. A server that stalls
// therefore shows up in every request due during the stall (no coordinated omission: Gil Tene,
// "How NOT to measure latency"). Requests beyond `maxInFlight` wait in a backlog, still timed from
// their due time; what is still waiting when the drain deadline passes is reported as an error.
import type { Dispatcher } from 'undici';
import type { LegRecorder } from './leg-recorder.js';
import { checkBounds, type SliceBounds } from './load-bounds.js';
import { dispatchRequest, type AbortExchange } from './request-dispatch.js';
import type { RequestSource } from './request-source.js';
import type { Target } from './target.js';

export interface OpenLoopOptions extends SliceBounds {
  /** Requests in flight at most (default 1024); later ones queue in the backlog. */
  maxInFlight?: number;
  /** How long after the last due time to wait for answers (default timeoutMs + 1 s). */
  drainMs?: number;
}

export const MAX_RATE = 1_000_000;

export function runOpenLoop(
  dispatcher: Dispatcher,
  source: RequestSource,
  classify: Target['classify'],
  ratePerSec: number,
  opts: OpenLoopOptions,
  recorder: LegRecorder,
): Promise<void> {
  const b = checkBounds(opts);
  if (!(ratePerSec > 0 && ratePerSec <= MAX_RATE)) throw new RangeError(`rate must be in (0, ${MAX_RATE}] requests/s, not ${ratePerSec}`);
  const maxInFlight = opts.maxInFlight ?? 1024;
  const interval = 1000 / ratePerSec;
  const start = performance.now();
  const recordFrom = start + b.warmupMs;
  const total = Math.min(b.maxRequests, Math.floor((b.durationMs * ratePerSec) / 1000));
  recorder.startClock(start);
  const backlog: number[] = [];
  let scheduled = 0;
  let inFlight = 0;
  const aborts = new Set<AbortExchange>();
  let lastCompletion = recordFrom;
  let closed = false;

  return new Promise((resolve) => {
    let tickTimer: NodeJS.Timeout | undefined;
    let drainTimer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      if (closed) return;
      closed = true;
      if (tickTimer) clearTimeout(tickTimer);
      if (drainTimer) clearTimeout(drainTimer);
      // What never left or never came back before the deadline is the server's failure to keep up.
      if (backlog.length) recorder.addError('not_sent_backlog', backlog.length);
      if (inFlight) recorder.addError('cut_at_slice_end', inFlight);
      // Free the connections so the SUT's backlog does not load the next leg's slice.
      for (const abort of aborts) abort('cut_at_slice_end');
      recorder.activeMs += Math.max(0, lastCompletion - recordFrom);
      resolve();
    };
    const maybeDone = (): void => {
      if (scheduled >= total && inFlight === 0 && backlog.length === 0) finish();
    };
    const send = (dueAt: number): void => {
      inFlight++;
      const req = source.next();
      let sync = true;
      let completed = false;
      const abort: AbortExchange = dispatchRequest(dispatcher, req, b.timeoutMs, classify, (outcome) => {
        completed = true;
        if (!sync) aborts.delete(abort);
        if (closed) return;
        inFlight--;
        const now = performance.now();
        if (dueAt >= recordFrom) {
          recorder.record(now - dueAt, outcome, req.body?.length ?? 0, now);
          lastCompletion = now;
        }
        // A failure reported synchronously must not recurse through the backlog.
        if (sync) setImmediate(pump);
        else pump();
      });
      sync = false;
      if (!completed) aborts.add(abort);
    };
    const pump = (): void => {
      if (closed) return;
      while (inFlight < maxInFlight && backlog.length > 0) send(backlog.shift()!);
      maybeDone();
    };
    const tick = (): void => {
      tickTimer = undefined;
      const now = performance.now();
      while (scheduled < total && start + scheduled * interval <= now) backlog.push(start + scheduled++ * interval);
      if (scheduled < total) tickTimer = setTimeout(tick, Math.max(0, start + scheduled * interval - performance.now()));
      else drainTimer = setTimeout(finish, opts.drainMs ?? b.timeoutMs + 1000);
      pump();
    };
    if (total === 0) {
      finish();
      return;
    }
    tick();
  });
}
