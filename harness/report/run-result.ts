// The shape every report writer reads: one run, its target, and each scenario's verdict with the
// requirement IDs it checks. Built from cucumber messages (cucumber-messages.ts).

export type ScenarioStatus = 'passed' | 'failed' | 'not-applicable' | 'undefined' | 'skipped';

export interface ScenarioFailure {
  message: string;
  /** What was sent / expected / received, when the step said so (steps/expectations). */
  expected?: string;
  actual?: string;
  requirement?: string;
}

export interface ScenarioResult {
  id: string;
  name: string;
  feature: string;
  /** features/<area>/... */
  area: string;
  uri: string;
  tags: string[];
  requirementIds: string[];
  role?: string;
  capabilities: string[];
  status: ScenarioStatus;
  durationMs: number;
  notApplicableReason?: string;
  failure?: ScenarioFailure;
  /** Paths of evidence files, relative to the report directory. */
  evidence: string[];
}

export interface RequirementInfo {
  id: string;
  group: string;
  section: string;
  summary: string;
}

export interface RunResult {
  runId: string;
  startedAt: string;
  finishedAt: string;
  roadtestVersion: string;
  profile: { name: string; kind: string; file: string };
  /** defects: seeded defects switched on in the embedded SUT (self-test runs only). */
  sut: { id: string; version?: string; defects?: string[] };
  verdict: 'conforms' | 'does-not-conform' | 'incomplete';
  scenarios: ScenarioResult[];
  requirements: RequirementInfo[];
  perf?: unknown;
}

export type RequirementVerdict = 'pass' | 'fail' | 'not-applicable' | 'not-covered';

export interface TraceRow {
  requirement: RequirementInfo;
  verdict: RequirementVerdict;
  scenarios: Array<Pick<ScenarioResult, 'id' | 'name' | 'status' | 'area'>>;
}

export const UNKNOWN_REQUIREMENT_GROUP = 'not in the requirement catalog';

/**
 * Requirement -> scenarios -> verdict: fail if any scenario failed, pass if any passed, else n/a or
 * not covered. IDs that scenarios are tagged with but the catalog lacks (a typo in a tag, a stale
 * catalog) get rows of their own at the end, so no verdict of the run is dropped from the matrix.
 */
export function traceability(run: Pick<RunResult, 'scenarios' | 'requirements'>): TraceRow[] {
  const known = new Set(run.requirements.map((r) => r.id));
  const unknown = [...new Set(run.scenarios.flatMap((s) => s.requirementIds))].filter((id) => !known.has(id)).sort();
  const all = [...run.requirements, ...unknown.map((id) => ({ id, group: UNKNOWN_REQUIREMENT_GROUP, section: '', summary: 'a scenario is tagged with this ID, but the requirement catalog has no such requirement' }))];
  return all.map((requirement) => {
    const scenarios = run.scenarios.filter((s) => s.requirementIds.includes(requirement.id)).map(({ id, name, status, area }) => ({ id, name, status, area }));
    let verdict: RequirementVerdict = 'not-covered';
    if (scenarios.some((s) => s.status === 'failed' || s.status === 'undefined')) verdict = 'fail';
    else if (scenarios.some((s) => s.status === 'passed')) verdict = 'pass';
    else if (scenarios.length) verdict = 'not-applicable';
    return { requirement, verdict, scenarios };
  });
}

export function overallVerdict(scenarios: ScenarioResult[]): RunResult['verdict'] {
  if (scenarios.some((s) => s.status === 'failed' || s.status === 'undefined')) return 'does-not-conform';
  if (scenarios.length === 0 || scenarios.some((s) => s.status === 'skipped')) return 'incomplete';
  return 'conforms';
}

export function countByStatus(scenarios: ScenarioResult[]): Record<ScenarioStatus, number> {
  const c: Record<ScenarioStatus, number> = { passed: 0, failed: 0, 'not-applicable': 0, undefined: 0, skipped: 0 };
  for (const s of scenarios) c[s.status]++;
  return c;
}
