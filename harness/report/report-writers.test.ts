import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scenariosFromMessages, NOT_APPLICABLE_MEDIA_TYPE, EVIDENCE_MEDIA_TYPE, FAILURE_MEDIA_TYPE } from './cucumber-messages.js';
import { toJunitXml } from './junit.js';
import { toHtml } from './html-report.js';
import { diffRuns, isRegression } from './report-diff.js';
import { JUNIT_SCHEMA_XSD } from './junit-schema.js';
import { overallVerdict, traceability, type RunResult } from './run-result.js';

const ts = (s: number) => ({ seconds: s, nanos: 0 });
function pickle(id: string, name: string, uri: string, tags: string[]) {
  return { pickle: { id, uri, name, tags: tags.map((t) => ({ name: t })) } };
}
function run(tc: string, pickleId: string, steps: string[], attachments: Array<{ mediaType: string; body: string }> = []) {
  return [
    { testCase: { id: tc, pickleId } },
    { testCaseStarted: { id: `${tc}-s`, testCaseId: tc, timestamp: ts(10) } },
    ...attachments.map((a) => ({ attachment: { testCaseStartedId: `${tc}-s`, ...a } })),
    ...steps.map((status) => ({ testStepFinished: { testCaseStartedId: `${tc}-s`, testStepResult: { status, message: status === 'FAILED' ? 'expected invalid_http_method, got 200 OK' : undefined } } })),
    { testCaseFinished: { testCaseStartedId: `${tc}-s`, timestamp: ts(11) } },
  ];
}

const envelopes = [
  { gherkinDocument: { uri: 'features/message-soap/methods.feature', feature: { name: 'Client proxy methods' } } },
  pickle('p1', 'GET is refused', 'features/message-soap/methods.feature', ['@req:MESS-001', '@sut-client', '@cap:soap']),
  pickle('p2', 'REST PATCH passes <&>', 'features/message-rest/m.feature', ['@req:REST-003', '@cap:rest']),
  pickle('p3', 'Bad method fault', 'features/message-soap/methods.feature', ['@req:MESS-018', '@req:MESS-001']),
  ...run('t1', 'p1', ['PASSED', 'PASSED'], [{ mediaType: EVIDENCE_MEDIA_TYPE, body: JSON.stringify({ path: 'evidence/p1/001-exchange.json' }) }]),
  ...run('t2', 'p2', ['SKIPPED'], [{ mediaType: NOT_APPLICABLE_MEDIA_TYPE, body: JSON.stringify({ reason: 'profile lacks capability rest' }) }]),
  ...run('t3', 'p3', ['PASSED', 'FAILED', 'SKIPPED'], [{ mediaType: FAILURE_MEDIA_TYPE, body: JSON.stringify({ message: 'wrong fault', expected: 'client.invalid_http_method', actual: '200 OK <ok/>', requirement: 'MESS-001: only POST' }) }]),
];

function sampleRun(): RunResult {
  const scenarios = scenariosFromMessages(envelopes as never);
  return {
    runId: 'r1', startedAt: '2026-11-23T05:00:00.000Z', finishedAt: '2026-11-23T05:01:00.000Z', roadtestVersion: '0.1.0',
    profile: { name: 'embedded', kind: 'embedded', file: 'targets/embedded.yaml' }, sut: { id: 'DEV/COM/1234/SS1' },
    verdict: overallVerdict(scenarios), scenarios,
    requirements: ['MESS-001', 'MESS-018', 'REST-003', 'SIG-001'].map((id) => ({ id, group: id.split('-')[0], section: '', summary: `summary of ${id}` })),
  };
}

describe('report writers', () => {
  it('turns cucumber messages into verdicts, n/a and failures with their details', () => {
    const r = sampleRun();
    expect(r.scenarios.map((s) => s.status)).toEqual(['passed', 'not-applicable', 'failed']);
    expect(r.scenarios[1].notApplicableReason).toBe('profile lacks capability rest');
    expect(r.scenarios[2].failure).toMatchObject({ expected: 'client.invalid_http_method', actual: '200 OK <ok/>' });
    expect(r.scenarios[0]).toMatchObject({ area: 'message-soap', role: 'sut-client', capabilities: ['soap'], evidence: ['evidence/p1/001-exchange.json'] });
    expect(r.verdict).toBe('does-not-conform');
    const trace = Object.fromEntries(traceability(r).map((t) => [t.requirement.id, t.verdict]));
    expect(trace).toEqual({ 'MESS-001': 'fail', 'MESS-018': 'fail', 'REST-003': 'not-applicable', 'SIG-001': 'not-covered' });
  });

  it('keeps a requirement ID that the catalog lacks in the matrix, in a group of its own', () => {
    const r = sampleRun();
    r.requirements = r.requirements.filter((q) => q.id !== 'MESS-018');
    const rows = traceability(r);
    expect(rows.map((t) => t.requirement.id)).toEqual(['MESS-001', 'REST-003', 'SIG-001', 'MESS-018']);
    expect(rows[3]).toMatchObject({ verdict: 'fail', requirement: { group: 'not in the requirement catalog' } });
    expect(toHtml(r)).toContain('id="req-MESS-018" data-verdict="fail"');
  });

  it('writes JUnit XML that validates against the junit-10 rules, and rejects a broken one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'junit-'));
    writeFileSync(join(dir, 'junit.xsd'), JUNIT_SCHEMA_XSD);
    const xml = toJunitXml(sampleRun());
    writeFileSync(join(dir, 'junit.xml'), xml);
    const ok = spawnSync('xmllint', ['--noout', '--schema', join(dir, 'junit.xsd'), join(dir, 'junit.xml')], { encoding: 'utf8', timeout: 20_000 });
    expect(ok.status, ok.stderr).toBe(0);
    expect(xml).toContain('<skipped message="not applicable: profile lacks capability rest"/>');
    expect(xml).toContain('name="[MESS-018 MESS-001] Bad method fault"');
    expect(xml).toContain('<property name="requirement:MESS-001" value="GET is refused"/>');
    // Properties inside a testcase are what the common schema forbids: the check must catch it.
    writeFileSync(join(dir, 'bad.xml'), xml.replace('</testcase>', '<properties/></testcase>'));
    const bad = spawnSync('xmllint', ['--noout', '--schema', join(dir, 'junit.xsd'), join(dir, 'bad.xml')], { encoding: 'utf8', timeout: 20_000 });
    expect(bad.status).not.toBe(0);
  });

  it('renders a self-contained HTML page with the traceability matrix and escaped text', () => {
    const html = toHtml(sampleRun());
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)="https?:/);
    expect(html).toContain('id="req-MESS-001" data-verdict="fail"');
    expect(html).toContain('id="req-SIG-001" data-verdict="not-covered"');
    expect(html).toContain('REST PATCH passes &lt;&amp;&gt;');
    // Evidence links open the readable viewer; the raw record stays linked beside it.
    expect(html).toContain('<a class="evidence" href="evidence/p1/index.html#x-001">');
    expect(html).toContain('<a class="raw muted" href="evidence/p1/001-exchange.json">json</a>');
    expect(html).toContain('200 OK &lt;ok/&gt;');
  });

  it('lists the requirements whose verdict changed and flags regressions', () => {
    const a = sampleRun();
    const b = sampleRun();
    b.scenarios[2].status = 'passed';
    a.scenarios[0].status = 'passed';
    b.scenarios[1].status = 'failed';
    const changes = diffRuns(a, b);
    expect(changes).toEqual([
      { id: 'MESS-001', before: 'fail', after: 'pass' },
      { id: 'MESS-018', before: 'fail', after: 'pass' },
      { id: 'REST-003', before: 'not-applicable', after: 'fail' },
    ]);
    expect(changes.filter(isRegression)).toEqual([]);
    expect(diffRuns(b, a).filter(isRegression).map((c) => c.id)).toEqual(['MESS-001', 'MESS-018']);
  });
});
