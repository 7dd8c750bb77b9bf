import { existsSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { UsageError } from '../usage-error.js';
import { notYetAvailable } from '../not-yet.js';

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the conformance suite against a target (default: the embedded reference security server)')
    .option('--target <profile>', 'target profile (YAML)', 'targets/embedded.yaml')
    .option('--tags <expr>', 'cucumber tag expression')
    .option('--report-dir <dir>', 'where to write the report', 'reports')
    .action((opts: { target: string }) => {
      if (!existsSync(opts.target) || !statSync(opts.target).isFile()) {
        throw new UsageError(`target profile not found: ${opts.target} (give a YAML file, e.g. targets/embedded.yaml)`);
      }
      notYetAvailable('run')();
    });
}
