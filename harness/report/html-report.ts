// index.html: one self-contained file (no network), readable printed and on a phone. Summary
// (who was tested, with what, when, verdict), the requirement traceability matrix, failures with
// expected vs actual and links to their evidence, perf charts, then every scenario by area.
import { type ExchangeSummary, viewerLink } from './evidence-viewer.js';
import { badge, htmlPage } from './html-page.js';
import { perfSection, type ReportChart } from './perf-section.js';
import { countByStatus, traceability, type RunResult, type ScenarioResult, type TraceRow } from './run-result.js';
import { escapeXml as h } from './xml-escape.js';

export interface HtmlExtras {
  /** Inline SVG charts (perf), each with a title. */
  charts?: ReportChart[];
  /** Exchange summaries by evidence path (from writeEvidenceViewers), for readable link labels. */
  evidence?: ReadonlyMap<string, ExchangeSummary>;
}

const isFailure = (s: Pick<ScenarioResult, 'status'>) => s.status === 'failed' || s.status === 'undefined';

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function duration(a: string, b: string): string {
  const ms = Date.parse(b) - Date.parse(a);
  if (!Number.isFinite(ms) || ms < 0) return '';
  return ms < 60_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

function verdictSentence(run: RunResult, rows: TraceRow[]): string {
  const failing = rows.filter((r) => r.verdict === 'fail').map((r) => r.requirement.id);
  const failed = run.scenarios.filter(isFailure).length;
  if (run.verdict === 'does-not-conform') return `${failed} scenario${failed === 1 ? '' : 's'} failed${failing.length ? `; failing requirements: ${failing.join(', ')}` : ''}`;
  if (run.verdict === 'incomplete') return run.scenarios.length ? 'some scenarios were skipped, so no verdict is given' : 'no scenario ran';
  return 'every applicable scenario passed';
}

function summarySection(run: RunResult, rows: TraceRow[]): string {
  const counts = countByStatus(run.scenarios);
  const covered = rows.filter((r) => r.verdict !== 'not-covered').length;
  const facts: Array<[string, string]> = [
    ['Verdict', `${badge(run.verdict)} ${h(verdictSentence(run, rows))}`],
    ['Security server', `<b>${h(run.sut.id)}</b>`],
    ['SUT version', run.sut.version ? h(run.sut.version) : '<span class="muted">not reported by the target profile</span>'],
    ...(run.sut.defects?.length ? [['Seeded defects (self-test)', h(run.sut.defects.join(', '))] as [string, string]] : []),
    ['Target profile', `${h(run.profile.name)} <span class="muted">(${h(run.profile.kind)}, ${h(run.profile.file)})</span>`],
    ['roadtest', h(run.roadtestVersion)],
    ['Date', `${h(when(run.startedAt))} → ${h(when(run.finishedAt))} <span class="muted">${h(duration(run.startedAt, run.finishedAt))}</span>`],
    ['Run', h(run.runId)],
  ];
  return `<section id="summary"><h2>Summary</h2>
<dl class="facts">${facts.map(([k, v]) => `<dt>${h(k)}</dt><dd>${v}</dd>`).join('')}</dl>
<div class="tiles"><div><b>${counts.passed}</b>passed</div><div><b>${counts.failed + counts.undefined}</b>failed</div><div><b>${counts['not-applicable'] + counts.skipped}</b>not applicable</div>
<div><b>${covered}/${rows.length}</b>requirements covered</div><div><b>${rows.filter((r) => r.verdict === 'fail').length}</b>requirements failing</div></div></section>`;
}

function traceTable(rows: TraceRow[]): string {
  const groups = [...new Set(rows.map((r) => r.requirement.group))];
  const body = groups.flatMap((g) => {
    const inGroup = rows.filter((r) => r.requirement.group === g);
    const n = (v: string) => inGroup.filter((r) => r.verdict === v).length;
    const head = `<tr class="group"><th colspan="4">${h(g || 'other')} <span class="muted">· ${inGroup.length} requirements: ${n('pass')} pass, ${n('fail')} fail, ${n('not-applicable')} n/a, ${n('not-covered')} not covered</span></th></tr>`;
    return [
      head,
      ...inGroup.map(
        (r) =>
          `<tr id="req-${h(r.requirement.id)}" data-verdict="${r.verdict}"><td class="req-id"><b>${h(r.requirement.id)}</b></td><td class="verdict">${badge(r.verdict)}</td><td class="summary-text muted">${h(r.requirement.summary)}</td><td class="scenarios">${
            r.scenarios.map((s) => `<a href="#sc-${h(s.id)}">${h(s.name)}</a> ${badge(s.status)}`).join('<br>') || '<span class="muted">no scenario</span>'
          }</td></tr>`,
      ),
    ];
  });
  return `<div class="scroll"><table id="traceability" class="cards"><thead><tr><th>Requirement</th><th>Verdict</th><th>Summary</th><th>Scenarios</th></tr></thead><tbody>\n${body.join('\n')}\n</tbody></table></div>`;
}

function evidenceLinks(s: ScenarioResult, evidence: ReadonlyMap<string, ExchangeSummary> | undefined): string {
  if (!s.evidence.length) return '';
  const items = s.evidence.map((path) => {
    const x = evidence?.get(path);
    const href = x?.viewer ?? viewerLink(path) ?? path;
    const label = x ? `${Number(x.seq)} · ${x.hop} → ${x.outcome}${x.verdict ? ` (${x.verdict})` : ''}` : (path.split('/').pop() ?? path);
    return `<li><a class="evidence" href="${h(href)}">${h(label)}</a>${href !== path ? ` <a class="raw muted" href="${h(path)}">json</a>` : ''}</li>`;
  });
  return `<p><b>Evidence</b></p><ol class="evidence-list">${items.join('')}</ol>`;
}

function scenarioBlock(s: ScenarioResult, evidence: ReadonlyMap<string, ExchangeSummary> | undefined, idPrefix = 'sc-'): string {
  const reqs = s.requirementIds.map((id) => `<a href="#req-${h(id)}">${h(id)}</a>`).join(' ');
  let detail = '';
  if (s.failure) {
    detail += `<pre class="message">${h(s.failure.message)}</pre>`;
    if (s.failure.expected) detail += `<p><b>Expected</b></p><pre class="expected">${h(s.failure.expected)}</pre>`;
    if (s.failure.actual) detail += `<p><b>Actual</b></p><pre class="actual">${h(s.failure.actual)}</pre>`;
    if (s.failure.requirement) detail += `<p><b>Requirement</b>: ${h(s.failure.requirement)}</p>`;
  }
  if (s.notApplicableReason) detail += `<p class="muted">Not applicable: ${h(s.notApplicableReason)}</p>`;
  const open = isFailure(s) ? ' open' : '';
  return `<details id="${idPrefix}${h(s.id)}" class="scenario" data-status="${h(s.status)}"${open}><summary>${badge(s.status)} ${h(s.name)}${reqs ? ` <span class="muted">·</span> ${reqs}` : ''}</summary>
<p class="muted">${h(s.uri)} · ${s.durationMs} ms${s.role ? ` · ${h(s.role)}` : ''}</p>${detail}${evidenceLinks(s, evidence)}</details>`;
}

function areaSection(area: string, list: ScenarioResult[], evidence: ReadonlyMap<string, ExchangeSummary> | undefined): string {
  const c = countByStatus(list);
  const features = [...new Set(list.map((s) => s.feature))];
  const body = features
    .map((f) => `<h3>${h(f)}</h3>${list.filter((s) => s.feature === f).map((s) => scenarioBlock(s, evidence)).join('\n')}`)
    .join('\n');
  return `<section class="area" id="area-${h(area)}"><h2>${h(area)} <span class="muted">${c.passed} passed · ${c.failed + c.undefined} failed · ${c['not-applicable'] + c.skipped} n/a</span></h2>${body}</section>`;
}

function perfHtml(run: RunResult, extras: HtmlExtras): string {
  const p = perfSection(run.perf);
  const charts = [...(extras.charts ?? []), ...p.charts];
  if (!charts.length && !p.table && !p.problems.length) return '';
  return `<section id="performance"><h2>Performance</h2>
${p.problems.map((x) => `<p class="muted">Perf data problem: ${h(x)}</p>`).join('\n')}
${charts.map((c) => `<figure><figcaption>${h(c.title)}</figcaption>${c.svg}</figure>`).join('\n')}
${p.table ? `<details open><summary>Latency table</summary><div class="scroll"><pre>${h(p.table)}</pre></div></details>` : ''}</section>`;
}

export function toHtml(run: RunResult, extras: HtmlExtras = {}): string {
  const rows = traceability(run);
  const areas = [...new Set(run.scenarios.map((s) => s.area))].sort();
  const failures = run.scenarios.filter(isFailure);
  const perf = perfHtml(run, extras);
  const toc = [
    '<a href="#summary">Summary</a>',
    failures.length ? `<a href="#failures">Failures (${failures.length})</a>` : '',
    '<a href="#traceability-matrix">Traceability</a>',
    perf ? '<a href="#performance">Performance</a>' : '',
    ...areas.map((a) => `<a href="#area-${h(a)}">${h(a)}</a>`),
  ].filter(Boolean);
  const body = `<header><h1>X-Road conformance report ${badge(run.verdict)}</h1>
<p class="muted">Security server <b>${h(run.sut.id)}</b>${run.sut.version ? ` (${h(run.sut.version)})` : ''} · ${h(run.profile.name)} · ${h(when(run.startedAt))}</p>
<nav class="toc">${toc.join(' ')}</nav></header>
${summarySection(run, rows)}
${failures.length ? `<section id="failures"><h2>Failures</h2>${failures.map((s) => scenarioBlock(s, extras.evidence, 'fail-')).join('\n')}</section>` : ''}
<section id="traceability-matrix"><h2>Requirement traceability</h2>
<p class="muted">Each requirement's verdict: fail if any of its scenarios failed, pass if one passed and none failed, not applicable if its scenarios do not apply to this target, not covered if no scenario checks it.</p>
${traceTable(rows)}</section>
${perf}
${areas.map((a) => areaSection(a, run.scenarios.filter((s) => s.area === a), extras.evidence)).join('\n')}
<footer class="muted"><p>Every file of this report, the evidence included, is listed with its SHA-256 in manifest.json, signed by the run's harness key (harness-cert.pem). Check it with <code>roadtest verify-report &lt;this directory&gt; --ca &lt;the CA you trust&gt;</code>.</p></footer>`;
  return htmlPage(`roadtest report ${run.runId}`, body);
}
