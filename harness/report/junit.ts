// JUnit XML as GitHub Actions, GitLab and Jenkins read it: one <testsuite> per feature area, one
// <testcase> per scenario. The Jenkins xunit junit-10 schema (the one these reporters follow)
// allows <properties> only on <testsuite>, so requirement IDs go there (requirement -> scenario)
// and into each testcase name, where every reporter shows them. Not-applicable scenarios are
// <skipped> with the reason, never reported as passed.
import type { RunResult, ScenarioResult } from './run-result.js';
import { escapeXml as x } from './xml-escape.js';

function testcase(s: ScenarioResult): string {
  const body: string[] = [];
  if (s.status === 'failed' || s.status === 'undefined') {
    const f = s.failure ?? { message: s.status };
    const detail = [f.message, f.expected ? `expected: ${f.expected}` : '', f.actual ? `actual: ${f.actual}` : '', f.requirement ? `requirement: ${f.requirement}` : '']
      .filter(Boolean)
      .join('\n');
    const type = s.status === 'undefined' ? 'undefined-step' : 'conformance-failure';
    body.push(`      <failure message="${x(f.message.split('\n')[0].slice(0, 500))}" type="${type}">${x(detail)}</failure>`);
  } else if (s.status === 'not-applicable') {
    body.push(`      <skipped message="${x(`not applicable: ${s.notApplicableReason ?? ''}`)}"/>`);
  } else if (s.status === 'skipped') {
    body.push(`      <skipped message="skipped"/>`);
  }
  if (s.evidence.length) body.push(`      <system-out>${x(s.evidence.map((e) => `evidence: ${e}`).join('\n'))}</system-out>`);
  const name = s.requirementIds.length ? `[${s.requirementIds.join(' ')}] ${s.name}` : s.name;
  const open = `    <testcase name="${x(name)}" classname="${x(`${s.area}.${s.feature}`)}" time="${(s.durationMs / 1000).toFixed(3)}"`;
  return body.length ? `${open}>\n${body.join('\n')}\n    </testcase>` : `${open}/>`;
}

export function toJunitXml(run: RunResult): string {
  const byArea = new Map<string, ScenarioResult[]>();
  for (const s of run.scenarios) byArea.set(s.area, [...(byArea.get(s.area) ?? []), s]);
  const suites: string[] = [];
  let id = 0;
  for (const [area, list] of [...byArea.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const failures = list.filter((s) => s.status === 'failed' || s.status === 'undefined').length;
    const skipped = list.filter((s) => s.status === 'not-applicable' || s.status === 'skipped').length;
    const time = list.reduce((t, s) => t + s.durationMs, 0) / 1000;
    const props = list.flatMap((s) => [
      ...s.requirementIds.map((r) => `<property name="requirement:${x(r)}" value="${x(s.name)}"/>`),
      ...(s.role ? [`<property name="role:${x(s.name)}" value="${x(s.role)}"/>`] : []),
    ]);
    suites.push(
      `  <testsuite name="${x(area)}" id="${id++}" tests="${list.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${time.toFixed(3)}" timestamp="${x(run.startedAt.replace(/\.\d+Z$/, ''))}" hostname="localhost">\n` +
        (props.length ? `    <properties>${props.join('')}</properties>\n` : '') +
        list.map(testcase).join('\n') +
        `\n  </testsuite>`,
    );
  }
  const all = run.scenarios;
  const failures = all.filter((s) => s.status === 'failed' || s.status === 'undefined').length;
  const time = all.reduce((t, s) => t + s.durationMs, 0) / 1000;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="roadtest ${x(run.profile.name)}" tests="${all.length}" failures="${failures}" errors="0" time="${time.toFixed(3)}">\n${suites.join('\n')}\n</testsuites>\n`;
}
