// What the browser test checks on a report page, kept apart so the same checks can be run against
// a tampered page (they must fail there). Verdicts are recomputed here from cucumber's own message
// stream, independently of harness/report's conversion, so the matrix is checked against the run
// rather than against itself.
import type { Locator, Page } from 'playwright-core';

export interface ExpectedVerdict {
  verdict: 'pass' | 'fail' | 'not-applicable' | 'not-covered';
  scenarios: string[];
}

export interface MatrixRow {
  id: string;
  verdict: string | undefined;
  badge: string;
  scenarios: string[];
}

const LABEL: Record<ExpectedVerdict['verdict'], string> = { pass: 'pass', fail: 'fail', 'not-applicable': 'not applicable', 'not-covered': 'not covered' };
const FAILING = new Set(['FAILED', 'UNDEFINED', 'AMBIGUOUS', 'PENDING', 'UNKNOWN']);

interface Msg {
  pickle?: { id: string; name: string; tags: Array<{ name: string }> };
  testCase?: { id: string; pickleId: string };
  testCaseStarted?: { id: string; testCaseId: string };
  testStepFinished?: { testCaseStartedId: string; testStepResult: { status: string } };
  testCaseFinished?: { testCaseStartedId: string; willBeRetried?: boolean };
}

/** Requirement -> verdict and scenario names, for every catalog ID and every ID a scenario is tagged with. */
export function expectedVerdicts(ndjson: string, catalog: string[]): Record<string, ExpectedVerdict> {
  const msgs = ndjson.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Msg);
  const pickles = new Map<string, { name: string; reqs: string[] }>();
  const caseToPickle = new Map<string, string>();
  const startedToPickle = new Map<string, string>();
  const statuses = new Map<string, string[]>();
  const finalAttempt = new Map<string, string>();
  for (const m of msgs) {
    if (m.pickle) pickles.set(m.pickle.id, { name: m.pickle.name, reqs: m.pickle.tags.map((t) => t.name).filter((t) => t.startsWith('@req:')).map((t) => t.slice(5)) });
    if (m.testCase) caseToPickle.set(m.testCase.id, m.testCase.pickleId);
    if (m.testCaseStarted) startedToPickle.set(m.testCaseStarted.id, caseToPickle.get(m.testCaseStarted.testCaseId)!);
    if (m.testStepFinished) statuses.set(m.testStepFinished.testCaseStartedId, [...(statuses.get(m.testStepFinished.testCaseStartedId) ?? []), m.testStepFinished.testStepResult.status]);
    if (m.testCaseFinished && !m.testCaseFinished.willBeRetried) finalAttempt.set(startedToPickle.get(m.testCaseFinished.testCaseStartedId)!, m.testCaseFinished.testCaseStartedId);
  }
  const out: Record<string, ExpectedVerdict> = {};
  for (const id of catalog) out[id] = { verdict: 'not-covered', scenarios: [] };
  for (const [pickleId, startedId] of finalAttempt) {
    const p = pickles.get(pickleId)!;
    const st = statuses.get(startedId) ?? [];
    const outcome = st.some((s) => FAILING.has(s)) ? 'fail' : st.every((s) => s === 'PASSED') ? 'pass' : 'not-applicable';
    for (const r of p.reqs) {
      const e = (out[r] ??= { verdict: 'not-covered', scenarios: [] });
      e.scenarios.push(p.name);
      if (outcome === 'fail' || (outcome === 'pass' && e.verdict !== 'fail') || (outcome === 'not-applicable' && e.verdict === 'not-covered')) e.verdict = outcome;
    }
  }
  return out;
}

export async function readMatrix(page: Page): Promise<MatrixRow[]> {
  return page.$$eval('#traceability tbody tr[id^="req-"]', (trs) =>
    trs.map((tr) => ({
      id: tr.id.slice(4),
      verdict: (tr as HTMLElement).dataset.verdict,
      badge: (tr.querySelector('td.verdict') as HTMLElement | null)?.innerText.trim() ?? '',
      scenarios: Array.from(tr.querySelectorAll('td.scenarios a')).map((a) => (a as HTMLElement).innerText.trim()),
    })),
  );
}

/** Every way the rendered matrix differs from the expected verdicts (empty when it agrees). */
export function matrixMismatches(rows: MatrixRow[], expected: Record<string, ExpectedVerdict>): string[] {
  const out: string[] = [];
  for (const [id, e] of Object.entries(expected)) {
    const found = rows.filter((r) => r.id === id);
    if (found.length !== 1) {
      out.push(`${id}: ${found.length} rows`);
      continue;
    }
    const r = found[0];
    if (r.verdict !== e.verdict || r.badge !== LABEL[e.verdict]) out.push(`${id}: shows ${r.verdict}/"${r.badge}", expected ${e.verdict}`);
    if ([...r.scenarios].sort().join('|') !== [...e.scenarios].sort().join('|')) out.push(`${id}: scenarios ${JSON.stringify(r.scenarios)}, expected ${JSON.stringify(e.scenarios)}`);
  }
  for (const r of rows) if (!(r.id in expected)) out.push(`${r.id}: row for a requirement the run does not know`);
  return out;
}

/** Clicks a link and insists it opened the file it names (and its #fragment, if any). */
export async function openEvidenceLink(page: Page, link: Locator): Promise<{ url: string }> {
  const href = await link.getAttribute('href');
  if (!href) throw new Error('the link has no href');
  const target = new URL(href, page.url());
  await Promise.all([page.waitForEvent('framenavigated', { timeout: 10_000 }), link.click()]);
  await page.waitForLoadState('load');
  const url = page.url();
  if (url !== target.href) throw new Error(`link ${href} opened ${url}, not ${target.href}`);
  if (target.hash && (await page.locator(target.hash).count()) !== 1) throw new Error(`${href}: no element ${target.hash} on the page`);
  return { url };
}
