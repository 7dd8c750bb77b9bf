// The console summary of a perf report: one row per leg, the added latency (SUT minus baseline,
// with its 95 % bootstrap interval) beside the SUT legs, and the floor first so every figure is
// read against what the harness itself can do.
import type { DifferenceEstimate } from './bootstrap.js';
import type { FloorReport, PerfReport } from './perf-report.js';
import { formatCapacity } from './capacity.js';

function pad(cells: string[][]): string {
  const widths = cells[0].map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ')).join('\n');
}

const n0 = (v: number) => Math.round(v).toLocaleString('en-US');
const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

function diff(d: DifferenceEstimate | undefined): string {
  if (!d) return '';
  return `${d.ms >= 0 ? '+' : ''}${ms(d.ms)} [${ms(d.lo)}, ${ms(d.hi)}]`;
}

export function formatFloor(f: FloorReport): string {
  const verdict = f.pass ? 'ok' : `BELOW the ${Math.round(f.required * 100)} % target: SUT figures near this ceiling measure the harness`;
  return (
    `Harness floor (${f.agent}, c=${f.concurrency}, ${f.sizeBytes} B, ${f.bareAutocannon.rps.length} rounds): ` +
    `bare node:http + autocannon ${n0(f.bareAutocannon.median)} req/s; bare + roadtest generator ${n0(f.bareGenerator.median)} req/s (${Math.round(f.generatorRatio * 100)} %); ` +
    `provider IS + roadtest generator ${n0(f.providerGenerator.median)} req/s = ${Math.round(f.ratio * 100)} % of bare autocannon (${verdict})`
  );
}

export function formatReportTable(report: PerfReport): string {
  const out = [...report.floors.map(formatFloor), '', formatPointsTable(report)];
  const capacity = formatCapacity(report);
  if (capacity.length) out.push('', ...capacity);
  if (report.notes.length) out.push('', ...report.notes.map((n) => `note: ${n}`));
  return out.join('\n');
}

/** The figures alone: one row per leg of every load point. */
export function formatPointsTable(report: PerfReport): string {
  const rows: string[][] = [['point', 'leg', 'req/s', 'p50 ms', 'p90', 'p99', 'p99.9', 'max', 'errors', 'added p50 ms [95% CI]', 'added p99 ms [95% CI]', 'SUT cpu %', 'rss MB', 'harness cpu %']];
  for (const p of report.points) {
    for (const l of p.legs) {
      const added = p.added.find((a) => a.sut === l.name);
      const errs = Object.entries(l.errors);
      rows.push([
        p.id,
        l.name,
        n0(l.throughput),
        ms(l.latencyMs.p50),
        ms(l.latencyMs.p90),
        ms(l.latencyMs.p99),
        ms(l.latencyMs.p999),
        ms(l.latencyMs.max),
        errs.length ? errs.map(([k, v]) => `${k}:${v}`).join(',') : '0',
        diff(added?.p50),
        diff(added?.p99),
        l.resources ? String(l.resources.cpuPercent) : '',
        l.resources ? String(l.resources.rssPeakMb) : '',
        l.harnessResources ? String(l.harnessResources.cpuPercent) : '',
      ]);
    }
  }
  return pad(rows);
}
