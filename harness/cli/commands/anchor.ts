import type { Command } from 'commander';
import { notYetAvailable } from '../not-yet.js';

export function registerAnchor(program: Command): void {
  program
    .command('anchor')
    .description('write the configuration anchor XML for a security server to import')
    .action(notYetAvailable('anchor'));
}
