// Self-test (part of `npm test`): the suite must pass against the reference security server, and
// every seeded defect must make at least one scenario tagged with the requirements it breaks fail.
// Prints the kill matrix (defect -> failing scenarios) and writes a pass/fail summary for
// scripts/test-all.mjs.  `--full` runs the whole suite once per defect (npm run selftest:full).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { loadProfile } from '../harness/profile/index.js';
import { executeRun } from '../harness/run/run-command.js';
import { SEEDED_DEFECTS } from '../simulators/security-server/defects.js';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const full = args.includes('--full');
const summaryFile = arg('--summary');
const only = arg('--defects')?.split(',');
const reportDir = '.tmp/selftest-reports';
const profileFile = 'targets/embedded.yaml';
const profile = loadProfile(profileFile);

let passed = 0;
let failed = 0;
const problems: string[] = [];
const started = Date.now();

// 1. The whole suite passes against the reference security server.
const baseline = await executeRun({ profile, profileFile, reportDir, quiet: true });
for (const s of baseline.run.scenarios) {
  if (s.status === 'passed') passed++;
  else if (s.status === 'failed' || s.status === 'undefined') {
    failed++;
    problems.push(`reference SS fails "${s.name}" (${s.uri}): ${s.failure?.message.split('\n')[0] ?? s.status}`);
  }
}
process.stdout.write(`self-test: reference SS — ${baseline.run.scenarios.length} scenarios, ${baseline.run.scenarios.filter((s) => s.status === 'passed').length} passed (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);

// 2. Every seeded defect is caught by a scenario tagged with a requirement it breaks.
const matrix: Array<{ defect: string; breaks: string[]; killedBy: string[]; outside: string[] }> = [];
for (const d of SEEDED_DEFECTS.filter((x) => !only || only.includes(x.name))) {
  const tags = full ? undefined : d.breaks.map((r) => `@req:${r}`).join(' or ');
  const t0 = Date.now();
  const { run } = await executeRun({ profile, profileFile, reportDir, quiet: true, defects: [d.name], tags, failFast: !full });
  const failing = run.scenarios.filter((s) => s.status === 'failed' || s.status === 'undefined');
  const killedBy = failing.filter((s) => s.requirementIds.some((r) => (d.breaks as readonly string[]).includes(r))).map((s) => s.name);
  const outside = failing.filter((s) => !s.requirementIds.some((r) => (d.breaks as readonly string[]).includes(r))).map((s) => s.name);
  matrix.push({ defect: d.name, breaks: [...d.breaks], killedBy, outside });
  if (killedBy.length) passed++;
  else {
    failed++;
    problems.push(`defect ${d.name} survived: no scenario tagged ${d.breaks.join('/')} failed (${run.scenarios.length} ran)`);
  }
  process.stdout.write(`  ${killedBy.length ? 'KILLED  ' : 'SURVIVED'} ${d.name.padEnd(34)} ${((Date.now() - t0) / 1000).toFixed(1)} s  ${killedBy[0] ?? ''}\n`);
}

process.stdout.write('\nkill matrix (defect -> failing scenarios):\n');
for (const m of matrix) {
  process.stdout.write(`  ${m.defect} [${m.breaks.join(' ')}]\n`);
  for (const k of m.killedBy) process.stdout.write(`      killed by: ${k}\n`);
  for (const o of m.outside) process.stdout.write(`      also fails (outside declared IDs): ${o}\n`);
}
const caught = matrix.filter((m) => m.killedBy.length).length;
process.stdout.write(`\nseeded defects caught: ${caught}/${matrix.length}; self-test took ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
for (const p of problems) process.stdout.write(`PROBLEM: ${p}\n`);
if (summaryFile) {
  mkdirSync(dirname(summaryFile), { recursive: true });
  writeFileSync(summaryFile, JSON.stringify({ passed, failed, matrix, problems }, null, 1));
}
process.exitCode = failed ? 1 : 0;
