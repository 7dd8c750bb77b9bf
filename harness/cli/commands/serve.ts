import type { Command } from 'commander';
import { notYetAvailable } from '../not-yet.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start simulators on loopback: ocsp | tsa | central-server | security-server | all')
    .argument('<what>', 'which simulator to start')
    .action(notYetAvailable('serve'));
}
