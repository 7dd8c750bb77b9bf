// The end of a run: a table per area and the plain line `N passed, N failed` (+ not applicable),
// then requirement coverage and the IDs no scenario covers.
import { countByStatus, traceability, type RunResult } from '../report/run-result.js';

export function summaryText(run: RunResult): string {
  const areas = [...new Set(run.scenarios.map((s) => s.area))].sort();
  const rows = areas.map((a) => {
    const c = countByStatus(run.scenarios.filter((s) => s.area === a));
    return [a, c.passed, c.failed + c.undefined, c['not-applicable'] + c.skipped];
  });
  const w = Math.max(8, ...areas.map((a) => a.length));
  const lines = [`${'area'.padEnd(w)}  passed  failed  n/a`, ...rows.map(([a, p, f, n]) => `${String(a).padEnd(w)}  ${String(p).padStart(6)}  ${String(f).padStart(6)}  ${String(n).padStart(3)}`)];
  const trace = traceability(run);
  const covered = trace.filter((t) => t.verdict !== 'not-covered');
  const uncovered = trace.filter((t) => t.verdict === 'not-covered').map((t) => t.requirement.id);
  const pct = trace.length ? ((covered.length / trace.length) * 100).toFixed(1) : '0';
  lines.push('', `requirements covered: ${covered.length}/${trace.length} (${pct}%)`);
  if (uncovered.length) lines.push(`not covered: ${uncovered.join(' ')}`);
  const failing = trace.filter((t) => t.verdict === 'fail').map((t) => t.requirement.id);
  if (failing.length) lines.push(`failing requirements: ${failing.join(' ')}`);
  const c = countByStatus(run.scenarios);
  lines.push('', `verdict: ${run.verdict}`);
  lines.push(`${c.passed} passed, ${c.failed + c.undefined} failed, ${c['not-applicable'] + c.skipped} not applicable`);
  return lines.join('\n') + '\n';
}
