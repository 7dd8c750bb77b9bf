import type { Command } from 'commander';
import { notYetAvailable } from '../not-yet.js';

export function registerVerify(program: Command): void {
  program
    .command('verify')
    .description('verify X-Road evidence: ASiC containers, message-log archives, signatures')
    .action(notYetAvailable('verify'));
}
