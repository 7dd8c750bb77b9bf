import { Command, CommanderError } from 'commander';
import { UsageError, EXIT } from './usage-error.js';
import { registerRun } from './commands/run.js';
import { registerPerf } from './commands/perf.js';
import { registerServe } from './commands/serve.js';
import { registerPki } from './commands/pki.js';
import { registerVerify } from './commands/verify.js';
import { registerVerifyReport } from './commands/verify-report.js';
import { registerAnchor } from './commands/anchor.js';

export function buildProgram(): Command {
  const program = new Command('roadtest')
    .description('Conformance test harness and simulator for X-Road security servers')
    .version('0.1.0')
    .showSuggestionAfterError(true);
  registerRun(program);
  registerPerf(program);
  registerServe(program);
  registerPki(program);
  registerVerify(program);
  registerVerifyReport(program);
  registerAnchor(program);
  applyExitOverride(program);
  return program;
}

function applyExitOverride(cmd: Command): void {
  cmd.exitOverride();
  // Commander prints its own message for usage mistakes; one line is all we want on stderr.
  cmd.configureOutput({ writeErr: (s) => process.stderr.write(s.split('\n').filter(Boolean)[0] + '\n') });
  for (const sub of cmd.commands) applyExitOverride(sub);
}

/** Runs the CLI and returns the process exit code (0 ok, 1 checks failed, 2 unusable input). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    if (err instanceof UsageError) {
      process.stderr.write(`roadtest: ${err.message}\n`);
      return EXIT.usage;
    }
    process.stderr.write(`roadtest: ${(err as Error)?.message ?? String(err)}\n`);
    return EXIT.failed;
  }
}
