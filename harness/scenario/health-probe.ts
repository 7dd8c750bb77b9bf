// Polling the SUT's health check port as a load balancer does (X-Road proxy HealthCheckPort: 200
// when it can work, 500 with the failing check's text). X-Road caches each check's result — an OK
// for 2 s, a failure for 30 s (StoppableCombinationHealthCheckProvider) — and gives each check up
// to 5 s, so a change shows only after a while: the steps poll with a bound derived from those
// figures (the failure cache from the profile's timing), never a fixed sleep.
import type { TargetProfile } from '../profile/index.js';

export interface HealthAnswer {
  startedAt: Date;
  durationMs: number;
  status?: number;
  body: string;
  /** Transport failure (refused, timeout) instead of an answer. */
  error?: string;
}

export interface HealthPoll {
  last: HealthAnswer;
  polls: number;
  matched: boolean;
  waitedMs: number;
}

/** X-Road's OK-result cache and per-check limit (fixed in StoppableCombinationHealthCheckProvider). */
const OK_CACHE_MS = 2_000;
const CHECK_LIMIT_MS = 5_000;
const MARGIN_MS = 3_000;

export interface HealthBounds {
  /** How long a new failure may take to show (the OK result still cached, then a slow check). */
  failureMs: number;
  /** How long a recovery may take to show (the failure still cached, then the checks). */
  recoveryMs: number;
}

export function healthBounds(profile: Pick<TargetProfile, 'timing'>): HealthBounds {
  const errorCacheMs = profile.timing.healthCheckErrorCacheSeconds * 1000;
  return { failureMs: OK_CACHE_MS + CHECK_LIMIT_MS + MARGIN_MS, recoveryMs: errorCacheMs + OK_CACHE_MS + CHECK_LIMIT_MS + MARGIN_MS };
}

/** One GET of the health check port; never throws. */
export async function askHealth(url: string, timeoutMs = CHECK_LIMIT_MS + 2_000): Promise<HealthAnswer> {
  const startedAt = new Date();
  try {
    const res = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(timeoutMs), headers: { 'user-agent': 'roadtest health probe' } });
    const body = await res.text();
    return { startedAt, durationMs: Date.now() - startedAt.getTime(), status: res.status, body };
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } };
    return { startedAt, durationMs: Date.now() - startedAt.getTime(), body: '', error: `${err.name}: ${err.cause?.code ?? err.message}` };
  }
}

/** Polls until `want` holds or `maxMs` passed; the last answer either way. */
export async function pollHealth(url: string, want: (a: HealthAnswer) => boolean, maxMs: number, intervalMs = 100): Promise<HealthPoll> {
  const t0 = Date.now();
  let polls = 0;
  for (;;) {
    const last = await askHealth(url);
    polls++;
    const waitedMs = Date.now() - t0;
    if (want(last)) return { last, polls, matched: true, waitedMs };
    if (waitedMs + intervalMs > maxMs) return { last, polls, matched: false, waitedMs };
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** A short description of an answer for failure messages. */
export function describeHealth(a: HealthAnswer): string {
  if (a.error) return `no answer (${a.error})`;
  const body = a.body.trim();
  return `HTTP ${a.status}${body ? ` "${body.slice(0, 200)}"` : ' (empty body)'}`;
}
