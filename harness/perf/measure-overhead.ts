// Paired measurements: for every load point, each through-SUT leg runs beside the baseline leg of
// its protocol, in alternating slices (baseline-soap, sut-soap, baseline-rest, sut-rest, then
// again), so drift in the machine (another process, thermal, GC) lands on both sides of each
// difference. The added latency is SUT minus baseline, with a bootstrap interval per point.
import { Pool, type Dispatcher } from 'undici';
import { runClosedLoop } from '../../perf/closed-loop.js';
import { UserConnections } from '../../perf/user-connections.js';
import { LegRecorder } from '../../perf/leg-recorder.js';
import { meanBytes, type SizeSpec } from '../../perf/message-mix.js';
import { runOpenLoop } from '../../perf/open-loop.js';
import { addedLatencies, legReport, pointId, type LegReport, type LoadShape, type PointReport } from '../../perf/perf-report.js';
import { requestSource } from '../../perf/request-source.js';
import { ResourceSampler, type SampledProcess } from '../../perf/resource-sampler.js';
import { assertLoadable, type Target } from '../../perf/target.js';
import { PEER_TIMING_NOTE, PeerLegTiming } from '../../perf/peer-timing.js';
import type { PeerTimingProbe } from './peer-timing-probe.js';
import { measuredCapacity, overloaded, saturated, settle, settledLatencyMs } from './sut-pacing.js';

/**
 * Harness process CPU (percent of one core) from which a SUT leg's figures are flagged. An event
 * loop cannot use much more than one core, and on a small machine shared with the SUT and the load
 * generator a busy process gets 70-85 % of one (measured with a process spinning on a 2-core host).
 */
export const HARNESS_SATURATED_PERCENT = 75;

/** Notes for SUT legs whose harness process (peer SS and simulators) was near saturation. */
export function harnessSaturationNotes(pointId: string, legs: readonly LegReport[], threshold = HARNESS_SATURATED_PERCENT): string[] {
  return legs.flatMap((l) => {
    const h = l.harnessResources;
    if (!h || h.cpuPercent < threshold) return [];
    return [`${pointId} ${l.name}: the harness's own process behind the SUT (peer SS, provider IS, trust services; ${h.subject}) ran at ${h.cpuPercent} % of a core — these figures may be bounded by the harness, not the SUT`];
  });
}

export interface MeasurePoint {
  shape: LoadShape;
  size: SizeSpec;
  attachments: boolean;
}

export interface MeasureOverheadOptions {
  /** The provider IS directly, one target per protocol. */
  baseline: Target | Target[];
  /** The same requests through the SUT (SOAP endpoint, /r1/ REST); may be empty (baseline only). */
  throughSut: Target[];
  points: MeasurePoint[];
  /** Time under load per leg per point (split over the rounds); soak points use their own. */
  durationMs: number;
  /** Slices per leg, alternating with the other legs (default 2: A B A B). */
  rounds?: number;
  /** Unrecorded start of every slice (default: a fifth of the slice, at most 300 ms). */
  warmupMs?: number;
  timeoutMs?: number;
  /** Open model in-flight cap (default 1024). */
  maxInFlight?: number;
  /** Connections per target (default: enough for the highest concurrency and maxInFlight). */
  maxConnections?: number;
  /** Load non-loopback addresses (a real SUT the operator named). */
  allowRemote?: boolean;
  /** Process to sample CPU and memory of while SUT legs run. */
  sutProcess?: SampledProcess;
  /** The harness's process behind the SUT (peer SS, simulators), sampled during SUT legs too. */
  harnessProcess?: SampledProcess;
  seed?: number;
  /** Called at each slice with a label and the planned time already done. */
  onStep?: (label: string, plannedDoneMs: number) => void;
  /** Bumped per completed exchange (progress bar). */
  counter?: { n: number };
  /** performance.now() after which no further point starts. */
  deadlineAt?: number;
  /** What the run decided on the way (skipped points, settling, soak rate), for the report. */
  notes?: string[];
  /** Longest wait for an overloaded SUT to settle between points (default 8 s). */
  maxSettleMs?: number;
  /**
   * Skip open-model rates far above the capacity the sweep measured, and soak at half that
   * capacity (default true). False when the operator asked for the rates explicitly.
   */
  adaptToCapacity?: boolean;
  /**
   * The harness's peer SS behind the SUT legs: its own time and TLS handshakes are collected
   * during each measured slice of a SUT leg (warm-up excluded) and reported as LegReport.peer.
   * Absent when the peer is not ours (agent mode): then so is the section.
   */
  peer?: { probe: PeerTimingProbe; serviceCodes?: { soap?: string[]; rest?: string[] } };
}

/** Legs of a point in A B A B order: each baseline followed by the SUT legs of its protocol. */
export function legOrder(baseline: Target[], throughSut: Target[], attachments: boolean): Target[] {
  const ok = (t: Target) => !attachments || t.supportsAttachments;
  const out: Target[] = [];
  for (const b of baseline.filter(ok)) {
    out.push(b);
    out.push(...throughSut.filter((s) => ok(s) && s.protocol === b.protocol));
  }
  out.push(...throughSut.filter((s) => ok(s) && !out.includes(s)));
  return out;
}

/** Planned load time of a point in ms (for the progress bar and the time budget). */
export function plannedMs(point: MeasurePoint, legs: number, durationMs: number): number {
  return point.shape.kind === 'soak' ? point.shape.durationMs : legs * durationMs;
}

class CountingRecorder extends LegRecorder {
  constructor(
    private readonly counter: { n: number } | undefined,
    windowMs?: number,
  ) {
    super(windowMs);
  }
  override record(...args: Parameters<LegRecorder['record']>): void {
    if (this.counter) this.counter.n++;
    super.record(...args);
  }
}

export async function measureOverhead(opts: MeasureOverheadOptions): Promise<PointReport[]> {
  const baseline = Array.isArray(opts.baseline) ? opts.baseline : [opts.baseline];
  const all = [...baseline, ...opts.throughSut];
  for (const t of all) assertLoadable(t, opts.allowRemote ?? false);
  const names = new Set<string>();
  for (const t of all) {
    if (names.has(t.name)) throw new Error(`two targets are named ${t.name}`);
    names.add(t.name);
  }
  const rounds = opts.rounds ?? 2;
  const maxConcurrency = Math.max(1, ...opts.points.map((p) => (p.shape.kind === 'closed' ? p.shape.concurrency : 0)));
  const connect = { rejectUnauthorized: false, timeout: opts.timeoutMs ?? 10_000 };
  const pools = new Map<string, Dispatcher>();
  const poolFor = (t: Target): Dispatcher => {
    let p = pools.get(t.name);
    if (!p) {
      p = new Pool(new URL(t.url).origin, {
        connections: opts.maxConnections ?? Math.max(maxConcurrency, opts.maxInFlight ?? 1024),
        pipelining: 1,
        connect,
      });
      pools.set(t.name, p);
    }
    return p;
  };
  // Closed-model legs: one connection per virtual user (see perf/user-connections.ts), unless
  // the connections were capped on purpose.
  const users = new Map<string, UserConnections>();
  const usersFor = (t: Target): Dispatcher | UserConnections => {
    if (opts.maxConnections !== undefined) return poolFor(t);
    let u = users.get(t.name);
    if (!u) {
      u = new UserConnections(new URL(t.url).origin, { pipelining: 1, connect });
      users.set(t.name, u);
    }
    return u;
  };
  const out: PointReport[] = [];
  const note = (s: string) => opts.notes?.push(s);
  const skippedForTime: string[] = [];
  /** Sweeps (size + attachments) where the SUT saturated, with the concurrency it happened at. */
  const saturatedSweeps = new Map<string, number>();
  /** Consecutive steps without throughput gain per sweep: one can be noise, two are a ceiling. */
  const saturatedSteps = new Map<string, number>();
  const adapt = opts.adaptToCapacity !== false;
  let done = 0;
  // Peer timing: one collection per measured slice of a SUT leg. A failing control endpoint costs
  // that leg its peer section (partial figures would not match the leg's), never the run.
  let peerFailure: string | undefined;
  const peerBegin = async (t: Target, skipMs: number, broken: Set<string>): Promise<string | undefined> => {
    const peer = opts.peer;
    if (!peer || t.role !== 'sut' || (t.protocol !== 'soap' && t.protocol !== 'rest') || broken.has(t.name)) return undefined;
    try {
      const serviceCodes = peer.serviceCodes?.[t.protocol];
      return await peer.probe.begin({ protocol: t.protocol, skipMs, ...(serviceCodes ? { serviceCodes } : {}) });
    } catch (e) {
      peerFailure ??= (e as Error).message;
      broken.add(t.name);
      return undefined;
    }
  };
  const peerEnd = async (t: Target, id: string | undefined, legs: Map<string, PeerLegTiming>, broken: Set<string>): Promise<void> => {
    if (id === undefined || !opts.peer) return;
    try {
      const slice = await opts.peer.probe.end(id);
      let leg = legs.get(t.name);
      if (!leg) legs.set(t.name, (leg = new PeerLegTiming(opts.peer.probe.side)));
      leg.add(slice);
    } catch (e) {
      peerFailure ??= (e as Error).message;
      broken.add(t.name);
    }
  };
  try {
    for (const [pi, planned] of opts.points.entries()) {
      let point = planned;
      const legs = legOrder(baseline, opts.throughSut, point.attachments);
      if (legs.length === 0) continue;
      const sweepKey = `${point.size.label}/${point.attachments}`;
      const satAt = saturatedSweeps.get(sweepKey);
      if (point.shape.kind === 'closed' && satAt !== undefined && point.shape.concurrency > satAt) {
        note(`${pointId(point.shape, point.size.label, point.attachments)} skipped: the SUT saturated at c=${satAt}`);
        continue;
      }
      if (opts.deadlineAt !== undefined && performance.now() > opts.deadlineAt) {
        skippedForTime.push(pointId(point.shape, point.size.label, point.attachments));
        continue;
      }
      if (adapt && point.shape.kind === 'open' && opts.throughSut.length) {
        // A rate well above what the SUT sustained only builds a queue it works off for the
        // rest of the run: report the capacity instead of measuring the queue.
        const capacity = measuredCapacity(out);
        if (capacity > 0 && point.shape.rate > 1.2 * capacity) {
          note(`${pointId(point.shape, point.size.label, point.attachments)} skipped: ${point.shape.rate}/s is above the ${capacity} exchanges/s the SUT sustained in the sweep`);
          continue;
        }
      }
      const previous = out[out.length - 1];
      if (previous && overloaded(previous) && opts.throughSut.length) {
        const probe = opts.throughSut[0];
        opts.onStep?.(`letting the SUT settle after ${previous.id}`, done);
        const s = await settle(poolFor(probe), probe, settledLatencyMs(out), opts.maxSettleMs ?? 8000, opts.timeoutMs ?? 10_000);
        note(`after ${previous.id} (SUT overloaded) waited ${s.waitedMs} ms for it to settle${s.settled ? '' : ': it did not, later figures include its backlog'}`);
      }
      if (adapt && point.shape.kind === 'soak' && opts.throughSut.length) {
        // Soak at a rate the SUT sustains: at most half the capacity the sweep measured.
        const capacity = measuredCapacity(out);
        if (capacity > 0 && point.shape.rate > capacity / 2) {
          const rate = Math.max(1, Math.floor(capacity / 2));
          note(`soak at ${rate}/s instead of ${point.shape.rate}/s: half the ${capacity} exchanges/s the SUT sustained in the sweep`);
          point = { ...point, shape: { ...point.shape, rate } };
        }
      }
      const id = pointId(point.shape, point.size.label, point.attachments);
      const seed = (opts.seed ?? 1) + pi;
      const samplers = new Map<string, ResourceSampler>();
      const harnessSamplers = new Map<string, ResourceSampler>();
      const recorders = new Map<string, LegRecorder>();
      const peerLegs = new Map<string, PeerLegTiming>();
      const peerBroken = new Set<string>();
      for (const t of legs) {
        if (t.role === 'sut' && opts.sutProcess) samplers.set(t.name, new ResourceSampler(opts.sutProcess));
        if (t.role === 'sut' && opts.harnessProcess) harnessSamplers.set(t.name, new ResourceSampler(opts.harnessProcess));
      }
      const resumeSampling = (name?: string) => {
        for (const [n, s] of [...samplers, ...harnessSamplers]) if (name === undefined || n === name) s.resume();
      };
      const pauseSampling = (name?: string) => {
        for (const [n, s] of [...samplers, ...harnessSamplers]) if (name === undefined || n === name) s.pause();
      };
      if (point.shape.kind === 'soak') {
        const soak = point.shape;
        // Soak: the SUT legs (or the baseline when there is no SUT) side by side for the whole
        // duration, windows of a twentieth so drift in latency or memory shows.
        const soakLegs = legs.some((t) => t.role === 'sut') ? legs.filter((t) => t.role === 'sut') : legs;
        const windowMs = Math.max(1000, Math.round(soak.durationMs / 20));
        opts.onStep?.(`${id}: ${soakLegs.map((t) => t.name).join(' + ')}`, done);
        resumeSampling();
        await Promise.all(
          soakLegs.map(async (t) => {
            const r = new CountingRecorder(opts.counter, windowMs);
            recorders.set(t.name, r);
            const src = requestSource(t, point.size, point.attachments, seed);
            const drainMs = Math.min(opts.timeoutMs ?? 10_000, 5000);
            const peerId = await peerBegin(t, 0, peerBroken);
            await runOpenLoop(poolFor(t), src, t.classify, soak.rate / soakLegs.length, { durationMs: soak.durationMs, warmupMs: 0, timeoutMs: opts.timeoutMs, maxInFlight: opts.maxInFlight, drainMs }, r);
            await peerEnd(t, peerId, peerLegs, peerBroken);
          }),
        );
        pauseSampling();
        done += soak.durationMs;
      } else {
        const sliceMs = opts.durationMs / rounds;
        const warmupMs = opts.warmupMs ?? Math.min(300, sliceMs / 5);
        // Large messages take long on their own: give answers 300 ms per MB to arrive.
        const drainMs = Math.min(opts.timeoutMs ?? 10_000, Math.max(1000, sliceMs, (meanBytes(point.size) / 1048576) * 300));
        for (const t of legs) recorders.set(t.name, new CountingRecorder(opts.counter));
        const sources = new Map(legs.map((t) => [t.name, requestSource(t, point.size, point.attachments, seed)]));
        for (let r = 0; r < rounds; r++) {
          for (const t of legs) {
            opts.onStep?.(`${id} ${t.name} (round ${r + 1}/${rounds})`, done);
            const rec = recorders.get(t.name)!;
            resumeSampling(t.name);
            const bounds = { durationMs: sliceMs, warmupMs, timeoutMs: opts.timeoutMs, drainMs };
            const peerId = await peerBegin(t, warmupMs, peerBroken);
            if (point.shape.kind === 'closed') await runClosedLoop(usersFor(t), sources.get(t.name)!, t.classify, point.shape.concurrency, bounds, rec);
            // A SUT that cannot keep up must not stretch the run: what is unanswered shortly after
            // the slice is reported as timeouts.
            else await runOpenLoop(poolFor(t), sources.get(t.name)!, t.classify, point.shape.rate, { ...bounds, maxInFlight: opts.maxInFlight }, rec);
            await peerEnd(t, peerId, peerLegs, peerBroken);
            pauseSampling(t.name);
            done += sliceMs;
          }
        }
      }
      const measured = [...recorders].map(([name, rec]) => {
        const t = legs.find((l) => l.name === name)!;
        const peer = peerBroken.has(name) ? undefined : peerLegs.get(name)?.report();
        return { report: legReport(t, rec, samplers.get(name)?.usage(), harnessSamplers.get(name)?.usage(), peer), histogram: rec.histogram };
      });
      for (const n of harnessSaturationNotes(id, measured.map((m) => m.report))) note(n);
      const report: PointReport = {
        id,
        shape: point.shape,
        size: { label: point.size.label, meanBytes: Math.round(meanBytes(point.size)) },
        attachments: point.attachments,
        legs: measured.map((m) => m.report),
        added: addedLatencies(measured, seed),
      };
      if (point.shape.kind === 'closed') {
        const prevInSweep = [...out].reverse().find((p) => p.shape.kind === 'closed' && `${p.size.label}/${p.attachments}` === sweepKey);
        const verdict = saturated(prevInSweep, report);
        const steps = verdict === 'flat' ? (saturatedSteps.get(sweepKey) ?? 0) + 1 : 0;
        saturatedSteps.set(sweepKey, steps);
        if (verdict === 'overloaded' || steps >= 2) saturatedSweeps.set(sweepKey, point.shape.concurrency);
      }
      out.push(report);
    }
    if (skippedForTime.length) note(`time budget reached: skipped ${skippedForTime.join(', ')}`);
    if (peerFailure) note(`peer SS timing incomplete, legs without it have no peer figures: ${peerFailure}`);
    if (out.some((p) => p.legs.some((l) => l.peer))) note(PEER_TIMING_NOTE);
  } finally {
    await Promise.allSettled([...[...pools.values()].map((p) => p.destroy()), ...[...users.values()].map((u) => u.destroy())]);
  }
  return out;
}

