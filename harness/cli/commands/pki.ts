import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { createTestPki, loadPki, savePki, signCsr, CsrError } from '../../../simulators/pki/index.js';
import { UsageError } from '../usage-error.js';

export const DEFAULT_PKI_DIR = 'fixtures/certs/generated';

function keyAlgorithm(value: string): 'rsa' | 'ec' {
  if (value !== 'rsa' && value !== 'ec') throw new InvalidArgumentError("expected 'rsa' or 'ec'");
  return value;
}

function profile(value: string): 'auth' | 'sign' {
  if (value !== 'auth' && value !== 'sign') throw new InvalidArgumentError("expected 'auth' or 'sign'");
  return value;
}

export function registerPki(program: Command): void {
  const pki = program
    .command('pki')
    .description('generate the test PKI (CA, OCSP and TSA signers, auth and sign certificates) or sign a CSR')
    .option('--dir <dir>', 'where to write the PEM files', DEFAULT_PKI_DIR)
    .option('--key <alg>', 'key algorithm: rsa (2048) or ec (P-256)', keyAlgorithm, 'rsa')
    .option('--instance <code>', 'X-Road instance identifier', 'DEV')
    .option('--intermediate', 'issue end-entity certificates from an intermediate CA')
    .action(async (opts: { dir: string; key: 'rsa' | 'ec'; instance: string; intermediate?: boolean }) => {
      const started = Date.now();
      const created = await createTestPki({ instance: opts.instance, keyAlgorithm: opts.key, withIntermediate: opts.intermediate });
      savePki(created, opts.dir);
      process.stdout.write(`test PKI for instance ${opts.instance} (${opts.key}) written to ${opts.dir} in ${Date.now() - started} ms\n`);
    });

  pki
    .command('sign-csr')
    .description("certify a real security server's CSR with the harness CA")
    .argument('<csr>', 'PKCS#10 request, PEM or DER')
    .requiredOption('--profile <profile>', 'auth (TLS authentication) or sign (message signing)', profile)
    .option('--pki <dir>', 'test PKI directory', DEFAULT_PKI_DIR)
    .option('--out <file>', 'where to write the certificate (PEM); default: stdout')
    .action(async (csrFile: string, opts: { profile: 'auth' | 'sign'; pki: string; out?: string }) => {
      if (!existsSync(csrFile) || !statSync(csrFile).isFile()) throw new UsageError(`CSR file not found: ${csrFile}`);
      let ca;
      try {
        ca = loadPki(opts.pki).issuingCa;
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      try {
        const { pem } = await signCsr(ca, readFileSync(csrFile), opts.profile);
        if (opts.out) writeFileSync(opts.out, pem);
        else process.stdout.write(pem);
      } catch (e) {
        if (e instanceof CsrError) throw new UsageError(`${csrFile}: ${e.message}`);
        throw e;
      }
    });
}
