// A perf report built from synthetic latencies (no network), for tests of the report's readers:
// charts, console table, merge.
import { createLatencyHistogram, recordMs, type LatencyHistogram } from '../latency-histogram.js';
import { LegRecorder } from '../leg-recorder.js';
import { addedLatencies, legReport, PERF_REPORT_FORMAT, pointId, type LoadShape, type PerfReport, type PointReport } from '../perf-report.js';
import { normal, seededRandom } from '../rng.js';
import type { TargetProtocol, TargetRole } from '../target.js';

export function syntheticLeg(name: string, role: TargetRole, protocol: TargetProtocol, meanMs: number, n: number, seed: number, errors: Record<string, number> = {}): { recorder: LegRecorder; target: { name: string; role: TargetRole; protocol: TargetProtocol } } {
  const r = seededRandom(seed);
  const rec = new LegRecorder();
  for (let i = 0; i < n; i++) rec.record(meanMs + Math.abs(normal(r)) * meanMs * 0.2, { status: 200, bytesReceived: 1000 }, 1000);
  for (const [k, v] of Object.entries(errors)) rec.addError(k, v);
  rec.activeMs = 1000;
  return { recorder: rec, target: { name, role, protocol } };
}

export function syntheticPoint(shape: LoadShape, sutExtraMs: number, n: number, seed: number): PointReport {
  const legs = [
    syntheticLeg('baseline-soap', 'baseline', 'soap', 1, n, seed),
    syntheticLeg('sut-soap', 'sut', 'soap', 1 + sutExtraMs, n, seed + 1),
    syntheticLeg('baseline-rest', 'baseline', 'rest', 0.8, n, seed + 2),
    syntheticLeg('sut-rest', 'sut', 'rest', 0.8 + sutExtraMs, n, seed + 3, { http_503: 2 }),
  ].map((l) => ({ report: legReport(l.target, l.recorder), histogram: l.recorder.histogram as LatencyHistogram }));
  return { id: pointId(shape, '1 kB', false), shape, size: { label: '1 kB', meanBytes: 1024 }, attachments: false, legs: legs.map((l) => l.report), added: addedLatencies(legs) };
}

export function syntheticReport(agent: string, seed = 1, sutExtraMs = 5): PerfReport {
  const shapes: LoadShape[] = [
    { kind: 'closed', concurrency: 1 },
    { kind: 'closed', concurrency: 16 },
    { kind: 'closed', concurrency: 64 },
    { kind: 'open', rate: 100 },
  ];
  return {
    format: PERF_REPORT_FORMAT,
    agents: [agent],
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:01:00.000Z',
    target: { profile: 'synthetic', kind: 'embedded', sutId: 'DEV/COM/1234/SS1' },
    settings: {},
    floors: [],
    points: shapes.map((s, i) => syntheticPoint(s, sutExtraMs, 2000, seed * 100 + i * 10)),
    notes: [],
  };
}

export function histogramOf(values: number[]): LatencyHistogram {
  const h = createLatencyHistogram();
  for (const v of values) recordMs(h, v);
  return h;
}
