import type { Command } from 'commander';
import { notYetAvailable } from '../not-yet.js';

export function registerPki(program: Command): void {
  program
    .command('pki')
    .description('generate the test PKI (CA, OCSP and TSA signers, auth and sign certificates) or sign a CSR')
    .action(notYetAvailable('pki'));
}
