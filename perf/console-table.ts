// The console summary of a perf report: one row per leg, the added latency (SUT minus baseline,
// with its 95 % bootstrap interval) beside the SUT legs, and the floor first so every figure is
// read against what the harness itself can do.
import type { DifferenceEstimate } from './bootstrap.js';
import type { FloorReport, PerfReport } from './perf-report.js';
import type { PeerReport } from './peer-timing.js';
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

/** Whom the peer SS waits on in a leg: the provider IS behind its server proxy, or the SUT's provider side. */
export function peerWaitLabel(p: PeerReport): string {
  return p.side === 'server-proxy' ? 'provider IS' : 'SUT server proxy + provider IS';
}

/**
 * One line per SUT leg whose peer SS was measured: where its added latency goes. The SUT share is
 * a mean (means add up, medians do not), so it is printed beside the added mean, not the p50.
 */
export function formatPeerLines(report: PerfReport): string[] {
  const lines: string[] = [];
  for (const p of report.points) {
    for (const l of p.legs) {
      if (!l.peer) continue;
      const a = p.added.find((x) => x.sut === l.name);
      const t = l.peer.tlsHandshakes;
      const share = a?.meanMs !== undefined && a.sutShareMeanMs !== undefined ? `; added mean ${ms(a.meanMs)} ms, SUT share of it ${ms(a.sutShareMeanMs)} ms` : '';
      lines.push(
        `${p.id} ${l.name}: peer SS ${l.peer.side} own p50 ${ms(l.peer.ownMs.p50)} ms (mean ${ms(l.peer.ownMs.mean)}, p99 ${ms(l.peer.ownMs.p99)}), ` +
          `${peerWaitLabel(l.peer)} wait mean ${ms(l.peer.waitMs.mean)} ms, TLS handshakes ${t.count}${t.count ? ` (p50 ${ms(t.p50Ms)} ms, max ${ms(t.maxMs)} ms)` : ''}${share}`,
      );
    }
  }
  return lines;
}

export function formatReportTable(report: PerfReport): string {
  const out = [...report.floors.map(formatFloor), '', formatPointsTable(report)];
  const peer = formatPeerLines(report);
  if (peer.length) out.push('', 'Where the time goes (SUT share = added mean - peer SS own mean; means, not medians):', ...peer);
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
