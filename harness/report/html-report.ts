// index.html: one self-contained file (no network), readable printed and on a phone. Summary,
// requirement traceability matrix, per-area sections, failures with expected vs actual and
// evidence links, and any SVG charts handed in (perf).
import { countByStatus, traceability, type RunResult, type ScenarioResult, type TraceRow } from './run-result.js';
import { escapeXml as h } from './xml-escape.js';

const CSS = `
:root{--pass:#1a7f37;--fail:#cf222e;--na:#6e7781;--bg:#fff;--fg:#1f2328;--muted:#57606a;--line:#d0d7de}
*{box-sizing:border-box}body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;color:var(--fg);background:var(--bg);margin:0;padding:1rem;max-width:72rem;margin-inline:auto}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;border-bottom:1px solid var(--line);padding-bottom:.2rem;margin-top:2rem}h3{font-size:1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid var(--line);padding:.3rem .4rem;text-align:left;vertical-align:top}
.badge{display:inline-block;padding:0 .45rem;border-radius:1rem;font-size:.8rem;font-weight:600;color:#fff;white-space:nowrap}
.pass,.passed,.conforms{background:var(--pass)}.fail,.failed,.undefined,.does-not-conform{background:var(--fail)}.not-applicable,.not-covered,.skipped,.incomplete{background:var(--na)}
.summary{display:grid;grid-template-columns:repeat(auto-fit,minmax(11rem,1fr));gap:.5rem}.summary div{border:1px solid var(--line);border-radius:.4rem;padding:.5rem}
.summary b{display:block;font-size:1.3rem}.muted{color:var(--muted)}pre{white-space:pre-wrap;word-break:break-word;background:#f6f8fa;padding:.5rem;border-radius:.3rem;font-size:.8rem}
details{margin:.3rem 0}summary{cursor:pointer}.scroll{overflow-x:auto}
@media (max-width:40rem){body{padding:.5rem;font-size:14px}td:nth-child(3),th:nth-child(3){display:none}}
@media print{a{color:inherit;text-decoration:none}details{display:block}details>*{display:block}.badge{border:1px solid #000;color:#000;background:none!important}}
`;

function badge(status: string): string {
  return `<span class="badge ${h(status)}">${h(status.replace('-', ' '))}</span>`;
}

function traceTable(rows: TraceRow[]): string {
  const body = rows
    .map(
      (r) =>
        `<tr id="req-${h(r.requirement.id)}" data-verdict="${r.verdict}"><td><b>${h(r.requirement.id)}</b></td><td>${badge(r.verdict)}</td><td class="muted">${h(r.requirement.summary)}</td><td>${
          r.scenarios.map((s) => `<a href="#sc-${h(s.id)}">${h(s.name)}</a> ${badge(s.status)}`).join('<br>') || '<span class="muted">none</span>'
        }</td></tr>`,
    )
    .join('\n');
  return `<div class="scroll"><table id="traceability"><thead><tr><th>Requirement</th><th>Verdict</th><th>Summary</th><th>Scenarios</th></tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function scenarioBlock(s: ScenarioResult): string {
  const reqs = s.requirementIds.map((id) => `<a href="#req-${h(id)}">${h(id)}</a>`).join(' ');
  const evidence = s.evidence.map((e) => `<a class="evidence" href="${h(e)}">${h(e.split('/').pop() ?? e)}</a>`).join(' · ');
  let detail = '';
  if (s.failure) {
    detail += `<pre>${h(s.failure.message)}</pre>`;
    if (s.failure.expected) detail += `<p><b>Expected</b></p><pre>${h(s.failure.expected)}</pre>`;
    if (s.failure.actual) detail += `<p><b>Actual</b></p><pre>${h(s.failure.actual)}</pre>`;
    if (s.failure.requirement) detail += `<p><b>Requirement</b>: ${h(s.failure.requirement)}</p>`;
  }
  if (s.notApplicableReason) detail += `<p class="muted">Not applicable: ${h(s.notApplicableReason)}</p>`;
  const open = s.status === 'failed' || s.status === 'undefined' ? ' open' : '';
  return `<details id="sc-${h(s.id)}"${open}><summary>${badge(s.status)} ${h(s.name)} <span class="muted">${reqs ? '· ' : ''}</span>${reqs}</summary>
<p class="muted">${h(s.uri)} · ${s.durationMs} ms${s.role ? ` · ${h(s.role)}` : ''}</p>${detail}${evidence ? `<p>Evidence: ${evidence}</p>` : ''}</details>`;
}

export interface HtmlExtras {
  /** Inline SVG charts (perf), each with a title. */
  charts?: Array<{ title: string; svg: string }>;
}

export function toHtml(run: RunResult, extras: HtmlExtras = {}): string {
  const counts = countByStatus(run.scenarios);
  const rows = traceability(run);
  const covered = rows.filter((r) => r.verdict !== 'not-covered').length;
  const areas = [...new Set(run.scenarios.map((s) => s.area))].sort();
  const failures = run.scenarios.filter((s) => s.status === 'failed' || s.status === 'undefined');
  const charts = (extras.charts ?? []).map((c) => `<figure><figcaption>${h(c.title)}</figcaption>${c.svg}</figure>`).join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>roadtest report ${h(run.runId)}</title><style>${CSS}</style></head>
<body>
<header><h1>X-Road conformance report ${badge(run.verdict)}</h1>
<p class="muted">Security server <b>${h(run.sut.id)}</b>${run.sut.version ? ` (${h(run.sut.version)})` : ''} · profile ${h(run.profile.name)} (${h(run.profile.kind)}) · roadtest ${h(run.roadtestVersion)} · ${h(run.startedAt)} → ${h(run.finishedAt)} · run ${h(run.runId)}</p></header>
<section class="summary" id="summary">
<div><b>${counts.passed}</b>passed</div><div><b>${counts.failed + counts.undefined}</b>failed</div><div><b>${counts['not-applicable']}</b>not applicable</div>
<div><b>${covered}/${rows.length}</b>requirements covered</div><div><b>${rows.filter((r) => r.verdict === 'fail').length}</b>requirements failing</div></section>
${failures.length ? `<h2>Failures</h2>${failures.map(scenarioBlock).join('\n')}` : ''}
<h2>Requirement traceability</h2>
${traceTable(rows)}
${charts ? `<h2>Performance</h2>${charts}` : ''}
${areas
  .map((a) => {
    const list = run.scenarios.filter((s) => s.area === a);
    const c = countByStatus(list);
    return `<section class="area" id="area-${h(a)}"><h2>${h(a)} <span class="muted">${c.passed} passed · ${c.failed + c.undefined} failed · ${c['not-applicable']} n/a</span></h2>${list.map(scenarioBlock).join('\n')}</section>`;
  })
  .join('\n')}
<footer class="muted"><p>Every file of this report is listed with its SHA-256 in manifest.json, signed by the run's harness key: check with <code>roadtest verify-report</code>.</p></footer>
</body></html>
`;
}
