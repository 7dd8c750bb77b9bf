import type { Command } from 'commander';
import { notYetAvailable } from '../not-yet.js';

export function registerPerf(program: Command): void {
  program
    .command('perf')
    .description('measure the latency and throughput the security layer adds (direct vs through the SUT)')
    .option('--target <profile>', 'target profile (YAML)', 'targets/embedded.yaml')
    .action(notYetAvailable('perf'));
}
