import type { Command } from 'commander';
import { notYetAvailable } from '../not-yet.js';

export function registerVerifyReport(program: Command): void {
  program
    .command('verify-report')
    .description('check the signed manifest of a report directory and name any changed, added or removed file')
    .argument('<dir>', 'report directory')
    .action(notYetAvailable('verify-report'));
}
