// The charts of a perf report, for the HTML report (harness/report toHtml extras.charts) and the
// SVG files `roadtest perf` writes next to its JSON.
import { decodeHistogram, percentileCurve } from './latency-histogram.js';
import type { PerfReport, PointReport } from './perf-report.js';
import { percentileChart, throughputChart } from './svg-charts.js';

export interface Chart {
  title: string;
  /** File name stem for the SVG written next to the JSON. */
  name: string;
  svg: string;
}

function legNames(points: PointReport[]): string[] {
  return [...new Set(points.flatMap((p) => p.legs.map((l) => l.name)))];
}

/** Latency by percentile of every leg of one load point. */
export function percentileChartFor(point: PointReport): Chart {
  const title = `Latency by percentile, ${point.id.replace(/\//g, ' ')}`;
  // Legs without exchanges stay in the legend (colour per leg stays the same across charts).
  const series = point.legs.map((l) => ({ name: l.count > 0 ? l.name : `${l.name} (none)`, curve: l.count > 0 ? percentileCurve(decodeHistogram(l.hdr)) : [] }));
  return { title, name: `latency-${point.id.replace(/[^A-Za-z0-9=.-]+/g, '_')}`, svg: percentileChart(title, series) };
}

export function chartsFor(report: PerfReport): Chart[] {
  const charts: Chart[] = [];
  const sweep = report.points.filter((p) => p.shape.kind === 'closed' && !p.attachments);
  const bySize = new Map<string, PointReport[]>();
  for (const p of sweep) bySize.set(p.size.label, [...(bySize.get(p.size.label) ?? []), p]);
  // The size with the most concurrency steps is the sweep; the other sizes were single steps.
  const [sizeLabel, sweepPoints] = [...bySize].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
  if (sweepPoints && sweepPoints.length > 1) {
    const series = legNames(sweepPoints).map((name) => ({
      name,
      points: sweepPoints.flatMap((p) => {
        const leg = p.legs.find((l) => l.name === name);
        return leg && p.shape.kind === 'closed' ? [{ concurrency: p.shape.concurrency, rps: leg.throughput }] : [];
      }),
    }));
    const title = `Throughput vs concurrency, ${sizeLabel}`;
    charts.push({ title, name: 'throughput-vs-concurrency', svg: throughputChart(title, series) });
  }
  const open = report.points.find((p) => p.shape.kind === 'open' && !p.attachments);
  if (open) charts.push(percentileChartFor(open));
  const c16 = sweepPoints?.find((p) => p.shape.kind === 'closed' && p.shape.concurrency === 16) ?? sweepPoints?.[0];
  if (c16) charts.push(percentileChartFor(c16));
  return charts;
}
