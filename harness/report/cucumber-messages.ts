// Turns cucumber's message stream (NDJSON envelopes) into ScenarioResults. Steps mark a scenario
// "not applicable" and link evidence through attachments with roadtest media types, so the
// verdict travels inside cucumber's own record of the run.
import type { ScenarioFailure, ScenarioResult, ScenarioStatus } from './run-result.js';

export const NOT_APPLICABLE_MEDIA_TYPE = 'application/vnd.roadtest.not-applicable+json';
export const EVIDENCE_MEDIA_TYPE = 'application/vnd.roadtest.evidence+json';
export const FAILURE_MEDIA_TYPE = 'application/vnd.roadtest.failure+json';

interface Envelope {
  gherkinDocument?: { uri: string; feature?: { name: string } };
  pickle?: { id: string; uri: string; name: string; tags: Array<{ name: string }>; steps?: Array<{ id: string; text: string }> };
  testCase?: { id: string; pickleId: string; testSteps?: Array<{ id: string; pickleStepId?: string }> };
  testCaseStarted?: { id: string; testCaseId: string; timestamp: { seconds: number; nanos: number } };
  testCaseFinished?: { testCaseStartedId: string; timestamp: { seconds: number; nanos: number }; willBeRetried?: boolean };
  testStepFinished?: { testCaseStartedId: string; testStepId?: string; testStepResult: { status: string; message?: string; exception?: { message?: string } } };
  attachment?: { testCaseStartedId?: string; body: string; mediaType: string; contentEncoding?: string };
}

const RANK: Record<string, number> = { PASSED: 0, SKIPPED: 1, PENDING: 2, UNDEFINED: 3, AMBIGUOUS: 4, UNKNOWN: 4, FAILED: 5 };

function areaOf(uri: string): string {
  const m = uri.replace(/\\/g, '/').match(/features\/([^/]+)\//);
  return m ? m[1] : 'other';
}

export function parseNdjson(text: string): Envelope[] {
  return text
    .split('\n')
    .filter((l) => l.trim().length > 0)
    .map((l, i) => {
      try {
        return JSON.parse(l) as Envelope;
      } catch {
        throw new Error(`cucumber messages line ${i + 1} is not JSON`);
      }
    });
}

function attachmentText(a: NonNullable<Envelope['attachment']>): string {
  return a.contentEncoding === 'BASE64' ? Buffer.from(a.body, 'base64').toString('utf8') : a.body;
}

export function scenariosFromMessages(envelopes: Envelope[]): ScenarioResult[] {
  const features = new Map<string, string>();
  const pickles = new Map<string, NonNullable<Envelope['pickle']>>();
  const testCases = new Map<string, NonNullable<Envelope['testCase']>>();
  // testStep id -> the Gherkin step text, so an undefined or failing step is named in the report.
  const stepTexts = new Map<string, string>();
  interface Attempt { pickleId: string; started: number; finished?: number; worst: string; message?: string; na?: string; failure?: ScenarioFailure; evidence: string[]; retried?: boolean }
  const attempts = new Map<string, Attempt>();
  const order: string[] = [];

  for (const e of envelopes) {
    if (e.gherkinDocument?.feature) features.set(e.gherkinDocument.uri, e.gherkinDocument.feature.name);
    else if (e.pickle) pickles.set(e.pickle.id, e.pickle);
    else if (e.testCase) {
      testCases.set(e.testCase.id, e.testCase);
      const steps = new Map((pickles.get(e.testCase.pickleId)?.steps ?? []).map((st) => [st.id, st.text]));
      for (const ts of e.testCase.testSteps ?? []) if (ts.pickleStepId && steps.has(ts.pickleStepId)) stepTexts.set(ts.id, steps.get(ts.pickleStepId)!);
    }
    else if (e.testCaseStarted) {
      const tc = testCases.get(e.testCaseStarted.testCaseId);
      if (!tc) continue;
      const ts = e.testCaseStarted.timestamp;
      attempts.set(e.testCaseStarted.id, { pickleId: tc.pickleId, started: ts.seconds * 1000 + ts.nanos / 1e6, worst: 'PASSED', evidence: [] });
      order.push(e.testCaseStarted.id);
    } else if (e.testStepFinished) {
      const a = attempts.get(e.testStepFinished.testCaseStartedId);
      if (!a) continue;
      const r = e.testStepFinished.testStepResult;
      if ((RANK[r.status] ?? 4) > (RANK[a.worst] ?? 0)) {
        a.worst = r.status;
        const step = e.testStepFinished.testStepId ? stepTexts.get(e.testStepFinished.testStepId) : undefined;
        const detail = r.exception?.message ?? r.message;
        if (r.status === 'UNDEFINED') a.message = `no step definition matches "${step ?? '?'}"`;
        else if (r.status === 'AMBIGUOUS') a.message = `several step definitions match "${step ?? '?'}"${detail ? `: ${detail}` : ''}`;
        else a.message = step && detail ? `step "${step}" failed: ${detail}` : detail;
      }
    } else if (e.testCaseFinished) {
      const a = attempts.get(e.testCaseFinished.testCaseStartedId);
      if (!a) continue;
      const ts = e.testCaseFinished.timestamp;
      a.finished = ts.seconds * 1000 + ts.nanos / 1e6;
      a.retried = e.testCaseFinished.willBeRetried;
    } else if (e.attachment?.testCaseStartedId) {
      const a = attempts.get(e.attachment.testCaseStartedId);
      if (!a) continue;
      const body = attachmentText(e.attachment);
      if (e.attachment.mediaType === NOT_APPLICABLE_MEDIA_TYPE) a.na = (JSON.parse(body) as { reason: string }).reason;
      else if (e.attachment.mediaType === EVIDENCE_MEDIA_TYPE) a.evidence.push((JSON.parse(body) as { path: string }).path);
      else if (e.attachment.mediaType === FAILURE_MEDIA_TYPE) a.failure = JSON.parse(body) as ScenarioFailure;
    }
  }

  const results: ScenarioResult[] = [];
  for (const id of order) {
    const a = attempts.get(id)!;
    if (a.retried) continue;
    const p = pickles.get(a.pickleId);
    if (!p) continue;
    const tags = p.tags.map((t) => t.name);
    let status: ScenarioStatus;
    if (a.na && (a.worst === 'SKIPPED' || a.worst === 'PASSED')) status = 'not-applicable';
    else if (a.worst === 'PASSED') status = 'passed';
    else if (a.worst === 'SKIPPED') status = 'skipped';
    else if (a.worst === 'UNDEFINED' || a.worst === 'PENDING' || a.worst === 'AMBIGUOUS') status = 'undefined';
    else status = 'failed';
    results.push({
      id: p.id,
      name: p.name,
      feature: features.get(p.uri) ?? p.uri,
      area: areaOf(p.uri),
      uri: p.uri,
      tags,
      requirementIds: tags.filter((t) => t.startsWith('@req:')).map((t) => t.slice(5)),
      role: tags.find((t) => t === '@sut-client' || t === '@sut-provider' || t === '@sut-any')?.slice(1),
      capabilities: tags.filter((t) => t.startsWith('@cap:')).map((t) => t.slice(5)),
      status,
      durationMs: Math.max(0, Math.round((a.finished ?? a.started) - a.started)),
      notApplicableReason: status === 'not-applicable' ? a.na : undefined,
      failure: status === 'failed' || status === 'undefined' ? { ...(a.failure ?? {}), message: a.failure?.message ?? a.message ?? a.worst.toLowerCase() } : undefined,
      evidence: a.evidence,
    });
  }
  return results;
}
