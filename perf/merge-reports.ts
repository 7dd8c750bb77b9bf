// `roadtest perf merge`: the reports of N load agents that ran the same plan at the same time
// against one SUT become one report. Histograms are added (every agent's tail survives), counts,
// errors and bytes summed, throughputs summed (the agents loaded the SUT side by side), and the
// added latency with its confidence interval is recomputed from the merged histograms.
import { z } from 'zod';
import { decodeHistogram, encodeHistogram, HistogramDecodeError, mergeHistograms, summarize, type LatencyHistogram } from './latency-histogram.js';
import { addedLatencies, PERF_REPORT_FORMAT, type LegReport, type PerfReport, type PointReport } from './perf-report.js';

export class PerfReportError extends Error {
  override readonly name = 'PerfReportError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const LegSchema = z.looseObject({
  name: z.string(),
  role: z.enum(['baseline', 'sut', 'floor']),
  protocol: z.enum(['soap', 'rest', 'http']),
  count: z.number().int().nonnegative(),
  errors: z.record(z.string(), z.number().nonnegative()),
  activeMs: z.number().nonnegative(),
  throughput: z.number().nonnegative(),
  bytesSent: z.number().nonnegative(),
  bytesReceived: z.number().nonnegative(),
  hdr: z.string().min(1),
});

const ReportSchema = z.looseObject({
  format: z.literal(PERF_REPORT_FORMAT),
  agents: z.array(z.string()).min(1),
  startedAt: z.string(),
  finishedAt: z.string(),
  target: z.looseObject({ profile: z.string(), kind: z.string() }),
  floors: z.array(z.looseObject({ agent: z.string() })),
  points: z.array(z.looseObject({ id: z.string(), legs: z.array(LegSchema) })),
  notes: z.array(z.string()),
});

/** Validates a parsed JSON document as a perf report; `source` names it in errors. */
export function parsePerfReport(json: unknown, source: string): PerfReport {
  const r = ReportSchema.safeParse(json);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new PerfReportError('perf.bad_report', `${source}: not a ${PERF_REPORT_FORMAT} report (${issue?.path.join('.') || 'document'}: ${issue?.message})`);
  }
  return json as PerfReport;
}

function decodeLeg(leg: LegReport, where: string): LatencyHistogram {
  try {
    return decodeHistogram(leg.hdr);
  } catch (e) {
    if (e instanceof HistogramDecodeError) throw new PerfReportError('perf.bad_histogram', `${where}, leg ${leg.name}: ${e.message}`);
    throw e;
  }
}

function mergeLeg(legs: Array<{ leg: LegReport; where: string }>): { report: LegReport; histogram: LatencyHistogram } {
  const histogram = mergeHistograms(legs.map((l) => decodeLeg(l.leg, l.where)));
  return mergedLegReport(legs.map((l) => l.leg), histogram);
}

function mergedLegReport(legs: LegReport[], histogram: LatencyHistogram): { report: LegReport; histogram: LatencyHistogram } {
  const errors: Record<string, number> = {};
  for (const l of legs) for (const [k, v] of Object.entries(l.errors)) errors[k] = (errors[k] ?? 0) + v;
  const sum = (f: (l: LegReport) => number) => legs.reduce((a, l) => a + f(l), 0);
  const first = legs[0];
  return {
    histogram,
    report: {
      name: first.name,
      role: first.role,
      protocol: first.protocol,
      count: sum((l) => l.count),
      errors,
      // Agents ran side by side: the merged leg lasted as long as the longest agent.
      activeMs: Math.max(...legs.map((l) => l.activeMs)),
      throughput: Math.round(sum((l) => l.throughput) * 10) / 10,
      bytesSent: sum((l) => l.bytesSent),
      bytesReceived: sum((l) => l.bytesReceived),
      latencyMs: summarize(histogram),
      hdr: encodeHistogram(histogram),
    },
  };
}

export function mergePerfReports(reports: PerfReport[]): PerfReport {
  if (reports.length === 0) throw new PerfReportError('perf.nothing_to_merge', 'no reports to merge');
  const agents = reports.flatMap((r) => r.agents);
  const dup = agents.find((a, i) => agents.indexOf(a) !== i);
  if (dup) throw new PerfReportError('perf.duplicate_agent', `agent "${dup}" appears in more than one report (the same log given twice?)`);
  const points: PointReport[] = [];
  const ids = [...new Set(reports.flatMap((r) => r.points.map((p) => p.id)))];
  const notes = [...new Set(reports.flatMap((r) => r.notes))];
  for (const id of ids) {
    const present = reports.flatMap((r) => r.points.filter((p) => p.id === id).map((p) => ({ p, where: `agent ${r.agents.join('+')}, point ${id}` })));
    if (present.length < reports.length) notes.push(`point ${id}: measured by ${present.length} of ${reports.length} agents`);
    const legNames = [...new Set(present.flatMap(({ p }) => p.legs.map((l) => l.name)))];
    const merged = legNames.map((name) => mergeLeg(present.flatMap(({ p, where }) => p.legs.filter((l) => l.name === name).map((leg) => ({ leg, where })))));
    const first: PointReport = present[0].p;
    points.push({ id, shape: first.shape, size: first.size, attachments: first.attachments, legs: merged.map((m) => m.report), added: addedLatencies(merged) });
  }
  const started = reports.map((r) => r.startedAt).sort();
  const finished = reports.map((r) => r.finishedAt).sort();
  return {
    format: PERF_REPORT_FORMAT,
    agents,
    startedAt: started[0],
    finishedAt: finished[finished.length - 1],
    target: reports[0].target,
    settings: { ...reports[0].settings, mergedFrom: reports.length },
    floors: reports.flatMap((r) => r.floors),
    points,
    notes,
  };
}
