// The sizing answer operators ask for (X-Road#777: "10 servers, 900 requests/min each: how big?"):
// from the closed-model sweep, the highest throughput each SUT leg sustained with no errors and
// its p99 within a limit, for a few limits. Read off the measured points, never extrapolated.
import type { PerfReport, PointReport } from './perf-report.js';

export const CAPACITY_P99_LIMITS_MS = [50, 100, 250, 1000] as const;

export interface CapacityCell {
  limitMs: number;
  /** Absent: no point of the sweep met the limit without errors. */
  best?: { throughput: number; concurrency: number; p99: number };
}

export interface CapacityRow {
  leg: string;
  cells: CapacityCell[];
}

/** The sweep: closed points without attachments of the size measured at the most concurrencies. */
export function sweepPoints(report: PerfReport): PointReport[] {
  const bySize = new Map<string, PointReport[]>();
  for (const p of report.points) if (p.shape.kind === 'closed' && !p.attachments) bySize.set(p.size.label, [...(bySize.get(p.size.label) ?? []), p]);
  return [...bySize.values()].sort((a, b) => b.length - a.length)[0] ?? [];
}

export function capacityRows(report: PerfReport, limits: readonly number[] = CAPACITY_P99_LIMITS_MS): CapacityRow[] {
  const sweep = sweepPoints(report);
  const legs = [...new Set(sweep.flatMap((p) => p.legs.filter((l) => l.role === 'sut').map((l) => l.name)))];
  return legs.map((leg) => ({
    leg,
    cells: limits.map((limitMs) => {
      let best: CapacityCell['best'];
      for (const p of sweep) {
        const l = p.legs.find((x) => x.name === leg);
        if (!l || l.count === 0 || Object.keys(l.errors).length > 0 || l.latencyMs.p99 > limitMs || p.shape.kind !== 'closed') continue;
        if (!best || l.throughput > best.throughput) best = { throughput: l.throughput, concurrency: p.shape.concurrency, p99: l.latencyMs.p99 };
      }
      return { limitMs, ...(best ? { best } : {}) };
    }),
  }));
}

/** Text lines for the console table; empty when there is no sweep through the SUT. */
export function formatCapacity(report: PerfReport): string[] {
  const rows = capacityRows(report);
  if (rows.length === 0) return [];
  const size = sweepPoints(report)[0]!.size.label;
  const head = ['leg', ...CAPACITY_P99_LIMITS_MS.map((l) => `p99 <= ${l} ms`)];
  const body = rows.map((r) => [r.leg, ...r.cells.map((c) => (c.best ? `${Math.round(c.best.throughput)}/s (c=${c.best.concurrency})` : 'none'))]);
  const widths = head.map((_, i) => Math.max(...[head, ...body].map((row) => row[i]!.length)));
  const line = (row: string[]) => '  ' + row.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [`capacity, closed sweep of ${size}: the most exchanges/s measured with no errors and p99 within the limit`, line(head), ...body.map(line)];
}
