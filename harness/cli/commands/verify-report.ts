// `roadtest verify-report <dir>`: an operator checks a vendor's report without trusting the vendor
// — every file's SHA-256 against the signed manifest, the signature, and (with --ca) that the
// signing certificate comes from a CA the operator trusts. `roadtest report diff`: which
// requirements changed verdict between two runs.
import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { diffRuns, isRegression, verifyReport, type ReportVerification, type RunResult } from '../../report/index.js';
import { EXIT, UsageError } from '../usage-error.js';

function readCa(file: string): string {
  if (!existsSync(file)) throw new UsageError(`CA certificate not found: ${file}`);
  const pem = readFileSync(file, 'utf8');
  try {
    new X509Certificate(pem);
  } catch {
    throw new UsageError(`${file} is not a PEM certificate`);
  }
  return pem;
}

export function verificationText(dir: string, v: ReportVerification, caGiven: boolean): string {
  const lines: string[] = [];
  if (v.ok) {
    lines.push(`report ${dir}: intact — ${v.files ?? 0} files match the signed manifest, signature valid`);
    lines.push(`  signed by: ${v.signer ?? '?'}`);
    lines.push(
      caGiven
        ? '  the harness certificate is issued by the given CA (or is the pinned certificate itself)'
        : '  the harness certificate was not checked against a CA: anyone can sign a report; pass --ca <pem> to pin the issuer',
    );
    return lines.join('\n') + '\n';
  }
  lines.push(`report ${dir}: TAMPERED OR INCOMPLETE`);
  if (v.unusable) lines.push(`  ${v.unusable}`);
  for (const f of v.changed) lines.push(`  changed: ${f}`);
  for (const f of v.added) lines.push(`  added:   ${f}`);
  for (const f of v.removed) lines.push(`  removed: ${f}`);
  if (v.issuerTrusted === false) lines.push('  the harness certificate is not issued by the given CA (nor is it that certificate)');
  return lines.join('\n') + '\n';
}

function loadRun(dir: string): RunResult {
  const f = join(dir, 'results.json');
  if (!existsSync(f)) throw new UsageError(`${dir}: no results.json (not a report directory)`);
  let run: RunResult;
  try {
    run = JSON.parse(readFileSync(f, 'utf8')) as RunResult;
  } catch {
    throw new UsageError(`${f} is not valid JSON`);
  }
  if (!Array.isArray(run?.scenarios) || !Array.isArray(run?.requirements)) throw new UsageError(`${f} has no scenarios and requirements (not a roadtest results file)`);
  return run;
}

export function registerVerifyReport(program: Command): void {
  program
    .command('verify-report')
    .description('check the signed manifest of a report directory and name any changed, added or removed file')
    .argument('<dir>', 'report directory, e.g. reports/latest')
    .option('--ca <pem>', 'also require the harness certificate to be issued by this CA (or to be this very certificate)')
    .option('--json', 'machine-readable output')
    .action((dir: string, opts: { ca?: string; json?: boolean }) => {
      const ca = opts.ca ? readCa(opts.ca) : undefined;
      const v = verifyReport(dir, ca);
      if (opts.json) process.stdout.write(JSON.stringify(v, null, 1) + '\n');
      // Nothing to verify (not a report directory) is a usage mistake, not a tampered report.
      if (v.unusable && v.changed.length === 0 && v.removed.length === 0) throw new UsageError(v.unusable);
      if (!opts.json) process.stdout.write(verificationText(dir, v, Boolean(ca)));
      process.exitCode = v.ok ? EXIT.ok : EXIT.failed;
    });

  const report = program.command('report').description('work with run reports');
  report
    .command('diff')
    .description('list requirements whose verdict changed between two runs')
    .argument('<run-a>', 'earlier report directory')
    .argument('<run-b>', 'later report directory')
    .action((a: string, b: string) => {
      const before = loadRun(a);
      const after = loadRun(b);
      const changes = diffRuns(before, after);
      process.stdout.write(`${before.runId} (${before.sut?.id ?? '?'}${before.sut?.version ? ` ${before.sut.version}` : ''}) -> ${after.runId} (${after.sut?.id ?? '?'}${after.sut?.version ? ` ${after.sut.version}` : ''})\n`);
      if (changes.length === 0) process.stdout.write('no requirement changed verdict\n');
      for (const c of changes) process.stdout.write(`${isRegression(c) ? 'REGRESSION ' : '           '}${c.id}: ${c.before} -> ${c.after}\n`);
      const regressions = changes.filter(isRegression).length;
      if (changes.length) process.stdout.write(`${changes.length} changed, ${regressions} regression${regressions === 1 ? '' : 's'}\n`);
      process.exitCode = regressions ? EXIT.failed : EXIT.ok;
    });
}
