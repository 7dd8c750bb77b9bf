// The JSON a perf run writes (format roadtest-perf/1). Each leg carries its HDR histogram as a
// compressed base64 log entry, so `roadtest perf merge` can add the logs of several load agents
// and recompute every percentile and confidence interval from the merged distribution.
import { percentileDifference, type DifferenceEstimate } from './bootstrap.js';
import { encodeHistogram, summarize, type LatencyHistogram, type LatencySummary } from './latency-histogram.js';
import type { LegRecorder } from './leg-recorder.js';
import { sutShareMeanMs, type PeerReport } from './peer-timing.js';
import type { ResourceUsage } from './resource-sampler.js';
import type { Target, TargetProtocol, TargetRole } from './target.js';

export const PERF_REPORT_FORMAT = 'roadtest-perf/1';

export type LoadShape = { kind: 'closed'; concurrency: number } | { kind: 'open'; rate: number } | { kind: 'soak'; rate: number; durationMs: number };

export function shapeLabel(s: LoadShape): string {
  if (s.kind === 'closed') return `c=${s.concurrency}`;
  if (s.kind === 'open') return `${s.rate}/s`;
  return `soak ${s.rate}/s ${Math.round(s.durationMs / 1000)} s`;
}

export interface WindowReport {
  startMs: number;
  count: number;
  errors: number;
  p50: number;
  p99: number;
  hdr: string;
}

export interface LegReport {
  name: string;
  role: TargetRole;
  protocol: TargetProtocol;
  /** Successful exchanges. */
  count: number;
  errors: Record<string, number>;
  activeMs: number;
  /** Successful exchanges per second under load. */
  throughput: number;
  bytesSent: number;
  bytesReceived: number;
  latencyMs: LatencySummary;
  hdr: string;
  windows?: WindowReport[];
  /** CPU and memory of the SUT's process while this leg ran (SUT legs only). */
  resources?: ResourceUsage;
  /**
   * The harness's own process behind the SUT (the peer SS, provider IS and trust services) over
   * the same time: when it is saturated, the leg measured the harness, not the SUT.
   */
  harnessResources?: ResourceUsage;
  /**
   * The harness's peer SS during this SUT leg (its own time, its wait on the next hop, its TLS
   * handshakes), measured inside it. Absent when the peer is not ours (agent mode) or saw nothing.
   */
  peer?: PeerReport;
}

export interface AddedLatency {
  protocol: TargetProtocol;
  sut: string;
  baseline: string;
  p50?: DifferenceEstimate;
  p99?: DifferenceEstimate;
  /** SUT throughput over baseline throughput. */
  throughputRatio?: number;
  /** Mean through SUT minus mean baseline, ms. */
  meanMs?: number;
  /**
   * meanMs minus the peer SS's mean own time (perf/peer-timing.ts): the part of the added mean that
   * is the SUT's (and the extra hops'). Only when the leg has a peer section. Means, not medians.
   */
  sutShareMeanMs?: number;
}

export interface PointReport {
  /** Stable id for merging: `closed/c=16/1 kB` or `open/100/s/mix/att`. */
  id: string;
  shape: LoadShape;
  size: { label: string; meanBytes: number };
  attachments: boolean;
  legs: LegReport[];
  added: AddedLatency[];
}

export interface FloorLeg {
  name: string;
  /** Requests/s per round, in run order. */
  rps: number[];
  median: number;
  latencyMs?: LatencySummary;
  errors?: Record<string, number>;
}

/** The harness's own ceiling, measured in the same run as the figures it qualifies. */
export interface FloorReport {
  agent: string;
  concurrency: number;
  sizeBytes: number;
  sliceMs: number;
  /** Bare node:http server answering 1 kB, loaded by autocannon. */
  bareAutocannon: FloorLeg;
  /** The same bare server loaded by roadtest's generator (isolates the generator). */
  bareGenerator: FloorLeg;
  /** The provider IS simulator answering 1 kB, loaded by roadtest's generator: the floor. */
  providerGenerator: FloorLeg;
  /** Median over rounds of providerGenerator / bareAutocannon. */
  ratio: number;
  generatorRatio: number;
  required: number;
  pass: boolean;
}

export interface PerfReport {
  format: typeof PERF_REPORT_FORMAT;
  /** Agent ids that contributed (one unless merged). */
  agents: string[];
  startedAt: string;
  finishedAt: string;
  target: { profile: string; kind: string; sutId?: string };
  settings: Record<string, unknown>;
  floors: FloorReport[];
  points: PointReport[];
  notes: string[];
}

export function legReport(target: Pick<Target, 'name' | 'role' | 'protocol'>, r: LegRecorder, resources?: ResourceUsage, harnessResources?: ResourceUsage, peer?: PeerReport): LegReport {
  return {
    name: target.name,
    role: target.role,
    protocol: target.protocol,
    count: r.ok,
    errors: Object.fromEntries(r.errors),
    activeMs: Math.round(r.activeMs),
    throughput: Math.round(r.throughput * 10) / 10,
    bytesSent: r.bytesSent,
    bytesReceived: r.bytesReceived,
    latencyMs: summarize(r.histogram),
    hdr: encodeHistogram(r.histogram),
    ...(r.windows.length
      ? {
          windows: r.windows.map((w) => {
            const s = summarize(w.histogram);
            return { startMs: w.startMs, count: s.count, errors: w.errors, p50: s.p50, p99: s.p99, hdr: encodeHistogram(w.histogram) };
          }),
        }
      : {}),
    ...(resources ? { resources } : {}),
    ...(harnessResources ? { harnessResources } : {}),
    ...(peer ? { peer } : {}),
  };
}

/** Added latency of each SUT leg over the baseline leg of the same protocol. */
export function addedLatencies(legs: ReadonlyArray<{ report: LegReport; histogram: LatencyHistogram }>, seed = 7): AddedLatency[] {
  const out: AddedLatency[] = [];
  for (const sut of legs.filter((l) => l.report.role === 'sut')) {
    const base = legs.find((l) => l.report.role === 'baseline' && l.report.protocol === sut.report.protocol);
    if (!base) continue;
    out.push({
      protocol: sut.report.protocol,
      sut: sut.report.name,
      baseline: base.report.name,
      p50: percentileDifference(base.histogram, sut.histogram, 50, { seed }),
      p99: percentileDifference(base.histogram, sut.histogram, 99, { seed: seed + 1 }),
      throughputRatio: base.report.throughput > 0 ? Math.round((sut.report.throughput / base.report.throughput) * 1000) / 1000 : undefined,
      ...(sut.report.count > 0 && base.report.count > 0 ? { meanMs: Math.round((sut.report.latencyMs.mean - base.report.latencyMs.mean) * 1000) / 1000 } : {}),
      ...(sut.report.peer && sut.report.count > 0 && base.report.count > 0 ? { sutShareMeanMs: sutShareMeanMs(sut.report.latencyMs.mean, base.report.latencyMs.mean, sut.report.peer) } : {}),
    });
  }
  return out;
}

export function pointId(shape: LoadShape, sizeLabel: string, attachments: boolean): string {
  return `${shape.kind}/${shapeLabel(shape)}/${sizeLabel}${attachments ? '/att' : ''}`;
}
