// The harness's floor, measured in the same run as the SUT figures: how many 1 kB exchanges/s
// roadtest's own generator plus the provider IS simulator can do at c=64, against a bare node:http
// server loaded by autocannon on the same machine. Legs are interleaved round by round (A B C A
// B C) so a noisy neighbour hits all three alike; the ratio is the median of per-round ratios.
// If the floor is low, SUT figures near it measure the harness, not the SUT (issue 7).
import { runClosedLoop } from '../../perf/closed-loop.js';
import { summarize } from '../../perf/latency-histogram.js';
import { LegRecorder } from '../../perf/leg-recorder.js';
import type { FloorLeg, FloorReport } from '../../perf/perf-report.js';
import { plainBody } from '../../perf/request-bodies.js';
import { requestSource } from '../../perf/request-source.js';
import { plainTarget } from '../../perf/targets.js';
import { UserConnections } from '../../perf/user-connections.js';
import { KB } from '../../perf/message-mix.js';
import { runAutocannon } from './autocannon-run.js';
import { startChildServer, type ChildServer } from '../environment/child-server.js';

export interface FloorOptions {
  agent: string;
  rounds?: number;
  /** Per leg per round, whole seconds for autocannon (default 2000). */
  sliceMs?: number;
  concurrency?: number;
  sizeBytes?: number;
  /** Required providerGenerator / bareAutocannon (default 0.75). */
  required?: number;
  /** Unrecorded warm-up of all three legs before the rounds (default true). */
  warmup?: boolean;
  /** A provider IS child already running (reused); else one is started and stopped. */
  provider?: ChildServer;
  onStep?: (label: string) => void;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export async function measureFloor(opts: FloorOptions): Promise<FloorReport> {
  const rounds = opts.rounds ?? 3;
  const sliceMs = Math.max(1000, Math.round((opts.sliceMs ?? 2000) / 1000) * 1000);
  const concurrency = opts.concurrency ?? 64;
  const sizeBytes = opts.sizeBytes ?? KB;
  const bare = await startChildServer('bare-server', [String(sizeBytes)]);
  const provider = opts.provider ?? (await startChildServer('provider-is'));
  const bareTarget = plainTarget('bare', `${bare.url}/`);
  const providerTarget = plainTarget('provider-is', `${provider.url}${String(provider.info.fixedPath ?? '/perf/fixed')}`);
  const barePool = new UserConnections(bare.url);
  const providerPool = new UserConnections(provider.url);
  const legs = { ac: [] as number[], gb: [] as number[], gp: [] as number[] };
  const gpRecorder = new LegRecorder();
  try {
    const body = plainBody(sizeBytes).bytes;
    if (opts.warmup !== false) {
      opts.onStep?.('floor: warm-up');
      // JIT and connection warm-up for all three, unrecorded.
      await runAutocannon(`${bare.url}/`, concurrency, 1, body);
      await runClosedLoop(barePool, requestSource(bareTarget, { kind: 'fixed', label: '1 kB', bytes: sizeBytes }, false), bareTarget.classify, concurrency, { durationMs: 500 }, new LegRecorder());
      await runClosedLoop(providerPool, requestSource(providerTarget, { kind: 'fixed', label: '1 kB', bytes: sizeBytes }, false), providerTarget.classify, concurrency, { durationMs: 500 }, new LegRecorder());
    }
    for (let r = 0; r < rounds; r++) {
      opts.onStep?.(`floor round ${r + 1}/${rounds}: autocannon -> bare node:http`);
      legs.ac.push((await runAutocannon(`${bare.url}/`, concurrency, sliceMs / 1000, body)).rps);
      opts.onStep?.(`floor round ${r + 1}/${rounds}: roadtest generator -> bare node:http`);
      const gb = new LegRecorder();
      await runClosedLoop(barePool, requestSource(bareTarget, { kind: 'fixed', label: '1 kB', bytes: sizeBytes }, false), bareTarget.classify, concurrency, { durationMs: sliceMs, warmupMs: 100 }, gb);
      legs.gb.push(gb.throughput);
      opts.onStep?.(`floor round ${r + 1}/${rounds}: roadtest generator -> provider IS`);
      const gp = new LegRecorder();
      await runClosedLoop(providerPool, requestSource(providerTarget, { kind: 'fixed', label: '1 kB', bytes: sizeBytes }, false), providerTarget.classify, concurrency, { durationMs: sliceMs, warmupMs: 100 }, gp);
      legs.gp.push(gp.throughput);
      gpRecorder.histogram.add(gp.histogram);
      for (const [k, v] of gp.errors) gpRecorder.addError(k, v);
    }
  } finally {
    await Promise.all([barePool.close(), providerPool.close()]);
    await bare.stop();
    if (!opts.provider) await provider.stop();
  }
  const leg = (name: string, rps: number[]): FloorLeg => ({ name, rps: rps.map((v) => Math.round(v)), median: Math.round(median(rps)) });
  const required = opts.required ?? 0.75;
  const { ratio, generatorRatio, pass } = floorVerdict(legs.ac, legs.gb, legs.gp, required);
  return {
    agent: opts.agent,
    concurrency,
    sizeBytes,
    sliceMs,
    bareAutocannon: leg('autocannon -> bare node:http', legs.ac),
    bareGenerator: leg('roadtest generator -> bare node:http', legs.gb),
    providerGenerator: { ...leg('roadtest generator -> provider IS', legs.gp), latencyMs: summarize(gpRecorder.histogram), errors: Object.fromEntries(gpRecorder.errors) },
    ratio,
    generatorRatio,
    required,
    pass,
  };
}

/**
 * Ratios from per-round requests/s: the median over rounds of (provider leg / autocannon leg) of
 * the same round, so a round slowed by a neighbour counts once, on both sides.
 */
export function floorVerdict(autocannon: number[], bareGenerator: number[], providerGenerator: number[], required: number): { ratio: number; generatorRatio: number; pass: boolean } {
  const ratioOf = (xs: number[]) => (xs.length === 0 ? 0 : median(xs.map((v, i) => (autocannon[i] > 0 ? v / autocannon[i] : 0))));
  const round3 = (v: number) => Math.round(v * 1000) / 1000;
  const ratio = ratioOf(providerGenerator);
  return { ratio: round3(ratio), generatorRatio: round3(ratioOf(bareGenerator)), pass: ratio >= required };
}
