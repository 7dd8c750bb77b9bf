// Perf figures measured by Gherkin scenarios during `roadtest run`, kept for the run's HTML
// report: the report writer asks for the charts once the suite is done (extras.charts).
import type { PointReport } from '../../perf/perf-report.js';
import { percentileChartFor } from '../../perf/report-charts.js';

const collected: PointReport[] = [];

export function collectPerfPoints(points: PointReport[]): void {
  collected.push(...points);
}

/** Charts of every point measured so far in this process, for toHtml(run, { charts }). */
export function collectedPerfCharts(): Array<{ title: string; svg: string }> {
  return collected.filter((p) => p.legs.some((l) => l.count > 0)).map((p) => {
    const { title, svg } = percentileChartFor(p);
    return { title, svg };
  });
}

export function resetCollectedPerfPoints(): void {
  collected.length = 0;
}
