import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { syntheticReport } from '../../perf/test-support/sample-report.js';
import { CONTENT_SECURITY_POLICY } from './html-page.js';
import { toHtml } from './html-report.js';
import { perfSection } from './perf-section.js';
import type { RunResult } from './run-result.js';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="5" height="5"/></svg>';

function run(perf?: unknown): RunResult {
  return {
    runId: 'r1', startedAt: '2026-11-23T05:00:00.000Z', finishedAt: '2026-11-23T05:01:30.000Z', roadtestVersion: '0.1.0',
    profile: { name: 'embedded', kind: 'embedded', file: 'targets/embedded.yaml' }, sut: { id: 'DEV/COM/1234/SS1', version: '7.6.2' },
    verdict: 'conforms', scenarios: [], requirements: [{ id: 'MESS-001', group: 'MESS', section: '', summary: 'POST only' }], perf,
  };
}

describe('perf section', () => {
  it('draws charts and the latency table from a roadtest-perf/1 report', () => {
    const p = perfSection(syntheticReport('agent-1'));
    expect(p.problems).toEqual([]);
    expect(p.charts.map((c) => c.title)).toEqual(['Throughput vs concurrency, 1 kB', 'Latency by percentile, open 100 s 1 kB', 'Latency by percentile, closed c=16 1 kB']);
    expect(p.charts.every((c) => c.svg.startsWith('<svg'))).toBe(true);
    expect(p.table).toMatch(/sut-soap/);
  });

  it('takes charts a perf run already drew, and refuses anything that is not one <svg>', () => {
    expect(perfSection({ charts: [{ title: 'p99', svg: SVG }] })).toEqual({ charts: [{ title: 'p99', svg: SVG }], problems: [] });
    const bad = perfSection({ charts: [{ title: 'evil', svg: '<script>alert(1)</script>' }, { title: 3 }] });
    expect(bad.charts).toEqual([]);
    expect(bad.problems).toEqual(['chart "evil" is not an <svg> element', 'a chart without a string title and svg']);
    expect(perfSection({ format: 'roadtest-perf/1', agents: [] }).problems[0]).toMatch(/not a roadtest-perf\/1 report/);
    expect(perfSection('fast').problems[0]).toMatch(/neither/);
    expect(perfSection(undefined)).toEqual({ charts: [], problems: [] });
  });

  it('puts perf charts from results.json into index.html, and problems as text', () => {
    const html = toHtml(run({ report: syntheticReport('agent-1'), charts: [{ title: 'Added latency', svg: SVG }] }));
    expect(html).toContain('<section id="performance">');
    expect(html).toContain(`<figure><figcaption>Added latency</figcaption>${SVG}</figure>`);
    expect(html).toContain('<details open><summary>Latency table</summary>');
    const bad = toHtml(run({ charts: [{ title: 'evil', svg: '<script>alert(1)</script>' }] }));
    expect(bad).toContain('Perf data problem: chart &quot;evil&quot; is not an &lt;svg&gt; element');
    expect(bad).not.toContain('<script>alert');
    expect(toHtml(run())).not.toContain('id="performance"');
  });

  it('shows the summary facts and allows exactly its own print script', () => {
    const html = toHtml(run());
    expect(html).toContain('<dt>SUT version</dt><dd>7.6.2</dd>');
    expect(html).toContain('<dt>Target profile</dt><dd>embedded <span class="muted">(embedded, targets/embedded.yaml)</span></dd>');
    expect(html).toContain('2026-11-23 05:00:00 UTC → 2026-11-23 05:01:30 UTC <span class="muted">1 min 30 s</span>');
    expect(html).toContain('every applicable scenario passed');
    expect(toHtml({ ...run(), sut: { id: 'X' } })).toContain('not reported by the target profile');
    const script = html.match(/<script>(.*?)<\/script>/s)![1];
    const hash = createHash('sha256').update(script).digest('base64');
    expect(CONTENT_SECURITY_POLICY).toContain(`'sha256-${hash}'`);
    expect(CONTENT_SECURITY_POLICY).toMatch(/^default-src 'none';/);
    expect(CONTENT_SECURITY_POLICY).not.toContain(createHash('sha256').update(script + ' ').digest('base64'));
  });
});
