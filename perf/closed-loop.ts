// Closed model: `concurrency` virtual users, each sending its next request as soon as the last
// one is answered (keep-alive, one connection each). This finds the throughput ceiling; its
// latencies hide stalls (a user that waits sends nothing), which is what the open model is for.
import type { Dispatcher } from 'undici';
import type { LegRecorder } from './leg-recorder.js';
import { checkBounds, type SliceBounds } from './load-bounds.js';
import { dispatchRequest } from './request-dispatch.js';
import type { RequestSource } from './request-source.js';
import type { Target } from './target.js';

export function runClosedLoop(
  dispatcher: Dispatcher,
  source: RequestSource,
  classify: Target['classify'],
  concurrency: number,
  bounds: SliceBounds,
  recorder: LegRecorder,
): Promise<void> {
  const b = checkBounds(bounds);
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a positive integer, not ${concurrency}`);
  const start = performance.now();
  const recordFrom = start + b.warmupMs;
  const end = start + b.durationMs;
  recorder.startClock(start);
  let started = 0;
  let lastCompletion = recordFrom;
  return new Promise((resolve) => {
    let running = concurrency;
    const send = (): void => {
      if (performance.now() >= end || started >= b.maxRequests) {
        if (--running === 0) {
          recorder.activeMs += Math.max(0, lastCompletion - recordFrom);
          resolve();
        }
        return;
      }
      started++;
      const req = source.next();
      const sentAt = performance.now();
      let sync = true;
      dispatchRequest(dispatcher, req, b.timeoutMs, classify, (outcome) => {
        const now = performance.now();
        if (sentAt >= recordFrom) {
          recorder.record(now - sentAt, outcome, req.body?.length ?? 0, now);
          lastCompletion = now;
        }
        // A failure reported synchronously must not recurse into a tight loop.
        if (sync || outcome.errorKind) setImmediate(send);
        else send();
      });
      sync = false;
    };
    for (let i = 0; i < concurrency; i++) send();
  });
}
