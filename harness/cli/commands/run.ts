import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadProfile, ProfileError, type TargetProfile } from '../../profile/index.js';
import { executeRun } from '../../run/run-command.js';
import { EnvironmentError } from '../../environment/bring-up.js';
import { EXIT, UsageError } from '../usage-error.js';

/** Loads a profile for a subcommand; a missing or invalid file is a usage error (exit 2). */
export function profileOrUsageError(file: string): TargetProfile {
  try {
    return loadProfile(file);
  } catch (e) {
    if (e instanceof ProfileError) throw new UsageError(`target profile ${e.message}`);
    throw e;
  }
}

function role(value: string): 'client-side' | 'provider-side' {
  if (value !== 'client-side' && value !== 'provider-side') throw new InvalidArgumentError("expected 'client-side' or 'provider-side'");
  return value;
}

function count(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 64) throw new InvalidArgumentError('expected a whole number 0..64');
  return n;
}

export function registerRun(program: Command): void {
  program
    .command('run')
    .description('run the conformance suite against a target (default: the embedded reference security server)')
    .option('--target <profile>', 'target profile (YAML)', 'targets/embedded.yaml')
    .option('--tags <expr>', "cucumber tag expression, e.g. '@req:MESS-001 or @cap:rest'")
    .option('--feature <area...>', 'feature areas (folders under features/) or .feature files')
    .option('--role <role>', 'only scenarios for this SUT role: client-side | provider-side', role)
    .option('--fail-fast', 'stop at the first failing scenario')
    .option('--parallel <n>', 'worker processes where scenarios allow (0 = in-process)', count, 0)
    .option('--report-dir <dir>', 'where to write the report', 'reports')
    .option('--defect <name...>', 'switch on seeded defects in the embedded SUT (self-test)')
    .action(async (opts: { target: string; tags?: string; feature?: string[]; role?: 'client-side' | 'provider-side'; failFast?: boolean; parallel: number; reportDir: string; defect?: string[] }) => {
      const profile = profileOrUsageError(opts.target);
      try {
        const { run } = await executeRun({
          profile,
          profileFile: opts.target,
          tags: opts.tags,
          features: opts.feature,
          role: opts.role,
          failFast: opts.failFast,
          parallel: opts.parallel,
          reportDir: opts.reportDir,
          defects: opts.defect,
        });
        process.exitCode = run.verdict === 'conforms' ? EXIT.ok : EXIT.failed;
      } catch (e) {
        if (e instanceof EnvironmentError) throw new UsageError(e.message);
        throw e;
      }
    });
}
