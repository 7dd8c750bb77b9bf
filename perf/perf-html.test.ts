// The HTML page of a perf run: well-formed, escapes what comes from the run (notes, agent ids),
// states the floor verdict either way, and carries the table and every chart.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import type { FloorReport } from './perf-report.js';
import { perfReportHtml } from './perf-html.js';
import { chartsFor } from './report-charts.js';
import { syntheticReport } from './test-support/sample-report.js';

const floor = (pass: boolean): FloorReport => ({
  agent: 'a<gent>', concurrency: 64, sizeBytes: 1024, sliceMs: 2000,
  bareAutocannon: { name: 'ac', rps: [30_000], median: 30_000 },
  bareGenerator: { name: 'gb', rps: [28_000], median: 28_000 },
  providerGenerator: { name: 'gp', rps: [pass ? 27_000 : 15_000], median: pass ? 27_000 : 15_000 },
  ratio: pass ? 0.9 : 0.5, generatorRatio: 0.93, required: 0.75, pass,
});

describe('perf report page', () => {
  it('is well-formed XHTML-parsable markup with the table, notes, floor verdict and charts', () => {
    const r = syntheticReport('a');
    r.floors.push(floor(true));
    r.notes.push('note with <script>alert(1)</script> & more');
    const html = perfReportHtml(r, 'perf-x.json');
    const errors: string[] = [];
    new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(html, 'text/html');
    expect(errors).toEqual([]);
    expect(html).not.toContain('<script>');
    expect(html).toContain('note with &lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(html).toContain('a&lt;gent&gt;');
    expect(html).toMatch(/class="pass".*90 % of bare node:http.*needs 75 %: <b>pass<\/b>/);
    expect(html).toContain('href="perf-x.json"');
    expect(html).toContain('closed/c=16/1 kB');
    expect((html.match(/<svg/g) ?? []).length).toBe(chartsFor(r).length);
    // Floor and notes once each, not again inside the table block.
    expect(html.match(/note with/g)).toHaveLength(1);
    expect(html).not.toContain('Harness floor (');
  });

  it('says FAIL when the floor is below the requirement, and when it was not measured', () => {
    const r = syntheticReport('a');
    expect(perfReportHtml(r)).toContain('Not measured in this run');
    r.floors.push(floor(false));
    expect(perfReportHtml(r)).toMatch(/class="fail".*50 %.*<b>FAIL<\/b>/);
  });
});
