import type { Command } from 'commander';
import { loadProfile, ProfileError, type TargetProfile } from '../../profile/index.js';
import { UsageError } from '../usage-error.js';
import { notYetAvailable } from '../not-yet.js';

/** Loads a profile for a subcommand; a missing or invalid file is a usage error (exit 2). */
export function profileOrUsageError(file: string): TargetProfile {
  try {
    return loadProfile(file);
  } catch (e) {
    if (e instanceof ProfileError) throw new UsageError(`target profile ${e.message}`);
    throw e;
  }
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the conformance suite against a target (default: the embedded reference security server)')
    .option('--target <profile>', 'target profile (YAML)', 'targets/embedded.yaml')
    .option('--tags <expr>', 'cucumber tag expression')
    .option('--report-dir <dir>', 'where to write the report', 'reports')
    .action((opts: { target: string }) => {
      profileOrUsageError(opts.target);
      notYetAvailable('run')();
    });
}
