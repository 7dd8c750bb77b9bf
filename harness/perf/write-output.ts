// Files of a perf run: the JSON report (with the HDR logs), one SVG per chart, the console table
// as text and an HTML page with all of it, in one directory; returns what was written.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { formatReportTable } from '../../perf/console-table.js';
import { parsePerfReport, PerfReportError } from '../../perf/merge-reports.js';
import type { PerfReport } from '../../perf/perf-report.js';
import { chartsFor } from '../../perf/report-charts.js';
import { perfReportHtml } from '../../perf/perf-html.js';

export interface WrittenOutputs {
  dir: string;
  json: string;
  table: string;
  /** The page with floor, table, notes and charts together. */
  html: string;
  charts: string[];
}

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

export function writePerfOutputs(report: PerfReport, outDir: string, stem = `perf-${fileSafe(report.agents.join('+'))}`): WrittenOutputs {
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const json = join(dir, `${stem}.json`);
  writeFileSync(json, JSON.stringify(report, null, 1) + '\n');
  const table = join(dir, `${stem}.txt`);
  writeFileSync(table, formatReportTable(report) + '\n');
  const charts = chartsFor(report).map((c) => {
    const file = join(dir, `${stem}-${c.name}.svg`);
    writeFileSync(file, c.svg);
    return file;
  });
  const html = join(dir, `${stem}.html`);
  writeFileSync(html, perfReportHtml(report, `${stem}.json`));
  return { dir, json, table, html, charts };
}

/** Reads and validates perf reports (for merge); errors name the file. */
export function readPerfReport(file: string): PerfReport {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new PerfReportError('perf.unreadable', `${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PerfReportError('perf.bad_report', `${file}: not JSON`);
  }
  return parsePerfReport(json, file);
}
