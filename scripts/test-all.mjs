#!/usr/bin/env node
// `npm test`: type-check, lint, unit tests (vitest) and the Gherkin self-test (cucumber),
// then one plain closing line `N passed, N failed` over all suites, because CI reads only that.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const tmp = '.tmp/test-all';
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp, { recursive: true });

let passed = 0;
let failed = 0;
let skipped = 0;
const problems = [];

function run(label, cmd, args, env = {}) {
  process.stdout.write(`\n== ${label}: ${cmd} ${args.join(' ')}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  process.stdout.write(`== ${label}: exit ${r.status ?? r.signal} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return r.status ?? 1;
}

// Static checks count as one check each, so a type error or lint error fails the line too.
for (const [label, args] of [['typecheck', ['tsc', '--noEmit']], ['lint', ['eslint', '.']]]) {
  if (run(label, 'npx', args) === 0) passed++;
  else { failed++; problems.push(label); }
}

const vitestJson = join(tmp, 'vitest.json');
const vitestRc = run('unit', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
if (existsSync(vitestJson)) {
  const r = JSON.parse(readFileSync(vitestJson, 'utf8'));
  passed += r.numPassedTests ?? 0;
  failed += r.numFailedTests ?? 0;
  skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  // A suite that fails to load has no tests to count, but it is a failure all the same.
  const brokenFiles = (r.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0);
  failed += brokenFiles.length;
  if (vitestRc !== 0 && (r.numFailedTests ?? 0) === 0 && brokenFiles.length === 0) { failed++; problems.push('vitest exited non-zero'); }
} else { failed++; problems.push('vitest wrote no report'); }

const hasFeatures = existsSync('features') && readdirSync('features', { recursive: true }).some((f) => String(f).endsWith('.feature'));
if (hasFeatures && existsSync('scripts/selftest.ts')) {
  const selftestJson = join(tmp, 'selftest.json');
  const rc = run('self-test', 'node', ['bin/roadtest-tsx.mjs', 'scripts/selftest.ts', '--summary', selftestJson]);
  if (existsSync(selftestJson)) {
    const s = JSON.parse(readFileSync(selftestJson, 'utf8'));
    passed += s.passed; failed += s.failed; skipped += s.skipped ?? 0;
    if (rc !== 0 && s.failed === 0) { failed++; problems.push('self-test exited non-zero'); }
  } else { failed++; problems.push('self-test wrote no summary'); }
}

if (problems.length) process.stdout.write(`\nproblems: ${problems.join('; ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
process.exit(failed > 0 ? 1 : 0);
