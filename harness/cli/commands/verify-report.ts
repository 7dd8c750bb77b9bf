import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { diffRuns, isRegression, verifyReport, type RunResult } from '../../report/index.js';
import { EXIT, UsageError } from '../usage-error.js';

export function registerVerifyReport(program: Command): void {
  program
    .command('verify-report')
    .description('check the signed manifest of a report directory and name any changed, added or removed file')
    .argument('<dir>', 'report directory, e.g. reports/latest')
    .option('--ca <pem>', 'also require the harness certificate to be issued by this CA')
    .option('--json', 'machine-readable output')
    .action((dir: string, opts: { ca?: string; json?: boolean }) => {
      if (opts.ca && !existsSync(opts.ca)) throw new UsageError(`CA certificate not found: ${opts.ca}`);
      const v = verifyReport(dir, opts.ca ? readFileSync(opts.ca, 'utf8') : undefined);
      if (opts.json) process.stdout.write(JSON.stringify(v, null, 1) + '\n');
      if (v.unusable && v.changed.length === 0 && v.removed.length === 0) throw new UsageError(v.unusable);
      if (!opts.json) {
        if (v.ok) process.stdout.write(`report ${dir}: intact, signature valid${v.issuerTrusted ? ', issued by the given CA' : ''}\n`);
        else {
          process.stdout.write(`report ${dir}: TAMPERED OR INCOMPLETE\n`);
          if (v.unusable) process.stdout.write(`  ${v.unusable}\n`);
          for (const f of v.changed) process.stdout.write(`  changed: ${f}\n`);
          for (const f of v.added) process.stdout.write(`  added:   ${f}\n`);
          for (const f of v.removed) process.stdout.write(`  removed: ${f}\n`);
          if (v.issuerTrusted === false) process.stdout.write('  the harness certificate is not issued by the given CA\n');
        }
      }
      process.exitCode = v.ok ? EXIT.ok : EXIT.failed;
    });

  const report = program.command('report').description('work with run reports');
  report
    .command('diff')
    .description('list requirements whose verdict changed between two runs')
    .argument('<run-a>', 'earlier report directory')
    .argument('<run-b>', 'later report directory')
    .action((a: string, b: string) => {
      const load = (d: string): RunResult => {
        const f = join(d, 'results.json');
        if (!existsSync(f)) throw new UsageError(`${d}: no results.json (not a report directory)`);
        try {
          return JSON.parse(readFileSync(f, 'utf8')) as RunResult;
        } catch {
          throw new UsageError(`${f} is not valid JSON`);
        }
      };
      const changes = diffRuns(load(a), load(b));
      if (changes.length === 0) process.stdout.write('no requirement changed verdict\n');
      for (const c of changes) process.stdout.write(`${isRegression(c) ? 'REGRESSION ' : '           '}${c.id}: ${c.before} -> ${c.after}\n`);
      process.exitCode = changes.some(isRegression) ? EXIT.failed : EXIT.ok;
    });
}
