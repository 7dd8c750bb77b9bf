// The performance part of a report: results.json may carry `perf` when a perf run was part of the
// run — either a roadtest-perf/1 report (charts and the latency table are drawn from it here) or
// `{ report?, charts? }` with charts the perf run already drew. Charts are inline SVG; anything
// else handed in as a chart is shown as a problem, not inlined.
import { formatReportTable } from '../../perf/console-table.js';
import { parsePerfReport } from '../../perf/merge-reports.js';
import { PERF_REPORT_FORMAT } from '../../perf/perf-report.js';
import { chartsFor } from '../../perf/report-charts.js';

export interface ReportChart {
  title: string;
  svg: string;
}

export interface PerfSection {
  charts: ReportChart[];
  /** The perf console table (latency percentiles, added latency, throughput). */
  table?: string;
  /** Why (part of) the perf data could not be shown. */
  problems: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A chart is inlined only if it is one <svg> element; the page's CSP blocks scripts either way. */
export function acceptChart(c: unknown): ReportChart | string {
  if (!isRecord(c) || typeof c.title !== 'string' || typeof c.svg !== 'string') return 'a chart without a string title and svg';
  const svg = c.svg.trim();
  if (!/^<svg[\s>]/.test(svg) || !svg.endsWith('</svg>')) return `chart "${c.title}" is not an <svg> element`;
  return { title: c.title, svg };
}

export function perfSection(perf: unknown): PerfSection {
  const out: PerfSection = { charts: [], problems: [] };
  if (perf === undefined || perf === null) return out;
  const report = isRecord(perf) && perf.format === PERF_REPORT_FORMAT ? perf : isRecord(perf) ? perf.report : undefined;
  if (report !== undefined) {
    try {
      const parsed = parsePerfReport(report, 'results.json perf');
      out.table = formatReportTable(parsed);
      if (!(isRecord(perf) && Array.isArray(perf.charts))) out.charts.push(...chartsFor(parsed).map(({ title, svg }) => ({ title, svg })));
    } catch (e) {
      out.problems.push((e as Error).message);
    }
  }
  if (isRecord(perf) && perf.charts !== undefined) {
    if (!Array.isArray(perf.charts)) out.problems.push('perf.charts is not a list');
    else
      for (const c of perf.charts) {
        const r = acceptChart(c);
        if (typeof r === 'string') out.problems.push(r);
        else out.charts.push(r);
      }
  }
  if (report === undefined && !(isRecord(perf) && perf.charts !== undefined)) out.problems.push(`perf data is neither a ${PERF_REPORT_FORMAT} report nor { report, charts }`);
  return out;
}
