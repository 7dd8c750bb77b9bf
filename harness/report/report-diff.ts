// `roadtest report diff`: which requirements changed verdict between two runs (a regression
// check between two security server versions).
import { traceability, type RequirementVerdict, type RunResult } from './run-result.js';

export interface VerdictChange {
  id: string;
  before: RequirementVerdict | 'absent';
  after: RequirementVerdict | 'absent';
}

export function diffRuns(a: RunResult, b: RunResult): VerdictChange[] {
  const before = new Map(traceability(a).map((r) => [r.requirement.id, r.verdict]));
  const after = new Map(traceability(b).map((r) => [r.requirement.id, r.verdict]));
  const ids = [...new Set([...before.keys(), ...after.keys()])].sort();
  return ids
    .map((id) => ({ id, before: before.get(id) ?? ('absent' as const), after: after.get(id) ?? ('absent' as const) }))
    .filter((c) => c.before !== c.after);
}

export function isRegression(c: VerdictChange): boolean {
  return c.before === 'pass' && c.after !== 'pass';
}
