// One self-contained HTML page per perf run, next to its JSON: the floor verdict, the table, the
// notes and the charts inline, so an operator can hand one file to whoever signs off go-live.
import { formatCapacity } from './capacity.js';
import { formatPointsTable, peerWaitLabel } from './console-table.js';
import type { PerfReport } from './perf-report.js';
import { chartsFor } from './report-charts.js';

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const f2 = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(2));

/** "Where the time goes": one row per SUT leg with peer SS figures; empty when there are none. */
export function whereTheTimeGoesHtml(report: PerfReport): string {
  const rows: string[] = [];
  for (const p of report.points) {
    for (const l of p.legs) {
      if (!l.peer) continue;
      const a = p.added.find((x) => x.sut === l.name);
      const t = l.peer.tlsHandshakes;
      const cells = [
        p.id,
        l.name,
        a?.meanMs !== undefined ? f2(a.meanMs) : '',
        a?.sutShareMeanMs !== undefined ? f2(a.sutShareMeanMs) : '',
        `${f2(l.peer.ownMs.p50)} / ${f2(l.peer.ownMs.mean)}`,
        `${f2(l.peer.waitMs.mean)} (${peerWaitLabel(l.peer)})`,
        t.count ? `${t.count} (p50 ${f2(t.p50Ms)}, max ${f2(t.maxMs)})` : '0',
      ];
      rows.push(`<tr>${cells.map((c, i) => (i < 2 ? `<td>${escapeHtml(c)}</td>` : `<td class="n">${escapeHtml(c)}</td>`)).join('')}</tr>`);
    }
  }
  if (!rows.length) return '';
  return `<h2>Where the time goes</h2>
<p>Every exchange through the SUT also crosses the harness's own peer security server. Its own time is measured inside it; the SUT share is the added mean latency minus that own time (still including the extra loopback hops). Means add up, medians do not: the share is a mean, not comparable with the p50 columns above. Times in ms.</p>
<table><thead><tr><th>point</th><th>SUT leg</th><th>added (mean)</th><th>SUT share (mean)</th><th>peer SS own (p50 / mean)</th><th>peer's wait (mean)</th><th>TLS handshakes seen by the peer</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody></table>`;
}

/** `jsonFile`: the report's JSON file name, linked from the page (relative to it). */
export function perfReportHtml(report: PerfReport, jsonFile?: string): string {
  const title = `roadtest perf — ${report.target.sutId ?? report.target.profile}`;
  const floors = report.floors.map((f) => {
    const verdict = f.pass ? 'pass' : 'FAIL';
    return `<li class="${f.pass ? 'pass' : 'fail'}">${escapeHtml(f.agent)}: generator + provider IS ${f.providerGenerator.median.toLocaleString('en')} req/s = ${Math.round(f.ratio * 100)} % of bare node:http under autocannon (${f.bareAutocannon.median.toLocaleString('en')} req/s), needs ${Math.round(f.required * 100)} %: <b>${verdict}</b></li>`;
  });
  // An SVG from our own chart writer; it carries no script.
  const charts = chartsFor(report).map((c) => `<figure><figcaption>${escapeHtml(c.title)}</figcaption>${c.svg}</figure>`);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:110em}pre{font-size:12px;overflow-x:auto;background:#f6f6f6;padding:1em}
table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:.2em .5em}td.n{text-align:right}.pass b{color:#1a7f37}.fail b{color:#cf222e}figure{display:inline-block;margin:1em}figcaption{font-weight:600}</style></head>
<body><h1>${escapeHtml(title)}</h1>
<p>Target profile ${escapeHtml(report.target.profile)} (${escapeHtml(report.target.kind)}); agents ${escapeHtml(report.agents.join(', '))}; ${escapeHtml(report.startedAt)} to ${escapeHtml(report.finishedAt)}.${jsonFile ? ` Data with HDR logs: <a href="${escapeHtml(jsonFile)}">${escapeHtml(jsonFile)}</a>.` : ''}</p>
<h2>Harness floor</h2>
${floors.length ? `<ul>${floors.join('\n')}</ul>` : '<p>Not measured in this run (--no-floor).</p>'}
<h2>Figures</h2>
<pre>${escapeHtml(formatPointsTable(report))}</pre>
${whereTheTimeGoesHtml(report)}
${formatCapacity(report).length ? `<h2>Capacity</h2><pre>${escapeHtml(formatCapacity(report).join('\n'))}</pre>` : ''}
${report.notes.length ? `<h2>Notes</h2><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('\n')}</ul>` : ''}
${charts.length ? `<h2>Charts</h2>${charts.join('\n')}` : ''}
</body></html>
`;
}
