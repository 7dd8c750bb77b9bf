// `roadtest anchor`: writes the configuration anchor a security server under test imports
// (GCONF-001): the central server's download URL(s) and the certificate that signs its
// directories, either from a file (--cert) or from the test PKI (--pki, its central-server signer).
// --check downloads the configuration once with the anchor's certificates before writing it.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { buildConfigurationAnchor, parseConfigurationAnchor, anchorVerificationCerts, toConfCert, type ConfCert } from '../../../protocol/globalconf/index.js';
import { downloadConfiguration } from '../../../simulators/central-server/index.js';
import { loadPki } from '../../../simulators/pki/index.js';
import { DEFAULT_PKI_DIR } from './pki.js';
import { EXIT, UsageError } from '../usage-error.js';

export interface AnchorCommandOptions {
  url: string[];
  cert?: string[];
  pki?: string;
  instance?: string;
  generatedAt?: Date;
  out?: string;
  check?: boolean;
}

function downloadUrl(value: string, previous: string[] = []): string[] {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new InvalidArgumentError(`'${value}' is not a URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new InvalidArgumentError(`'${value}' is not an http(s) URL`);
  return [...previous, value];
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function instanceCode(value: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(value)) throw new InvalidArgumentError(`'${value}' is not an instance identifier (letters, digits, _ . -)`);
  return value;
}

function isoDate(value: string): Date {
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(d.getTime())) throw new InvalidArgumentError(`'${value}' is not an ISO 8601 date-time`);
  return d;
}

function readCert(file: string): ConfCert {
  if (!existsSync(file) || !statSync(file).isFile()) throw new UsageError(`certificate file not found: ${file}`);
  try {
    const c = toConfCert(readFileSync(file));
    void c.cert.subject;
    return c;
  } catch (e) {
    throw new UsageError(`${file}: not a certificate (PEM or DER): ${(e as Error).message}`);
  }
}

/** Builds the anchor XML from the command's options; UsageError for unusable input. */
export function anchorFromOptions(opts: AnchorCommandOptions): string {
  if (opts.url.length === 0) throw new UsageError('give the download URL with --url');
  if (!opts.cert?.length && !opts.pki) throw new UsageError('give the signing certificate with --cert <file> or --pki <dir>');
  const certs: ConfCert[] = (opts.cert ?? []).map(readCert);
  let instance = opts.instance;
  if (opts.pki) {
    let pki;
    try {
      pki = loadPki(opts.pki);
    } catch (e) {
      throw new UsageError(`--pki ${opts.pki}: ${(e as Error).message}`);
    }
    certs.push(toConfCert(pki.centralServerSigner.certDer));
    if (instance !== undefined && instance !== pki.instance) throw new UsageError(`--instance ${instance} differs from the test PKI's instance ${pki.instance}`);
    instance = pki.instance;
  }
  if (!instance) throw new UsageError('give the instance identifier with --instance');
  return buildConfigurationAnchor({
    generatedAt: opts.generatedAt ?? new Date(),
    instanceIdentifier: instance,
    sources: opts.url.map((downloadURL) => ({ downloadURL, verificationCerts: certs })),
  });
}

export function registerAnchor(program: Command): void {
  program
    .command('anchor')
    .description('write the configuration anchor XML for a security server to import')
    .requiredOption('--url <url>', 'configuration download URL, e.g. http://127.0.0.1:PORT/internalconf (repeatable)', downloadUrl)
    .option('--cert <file>', 'certificate that signs the directories, PEM or DER (repeatable)', collect)
    .option('--pki <dir>', `take the central-server signing certificate (and instance) from a test PKI, e.g. ${DEFAULT_PKI_DIR}`)
    .option('--instance <code>', 'X-Road instance identifier (default: the test PKI\'s)', instanceCode)
    .option('--generated-at <iso>', 'generatedAt value (default: now)', isoDate)
    .option('--out <file>', 'where to write the anchor (default: stdout)')
    .option('--check', 'download the configuration with these certificates before writing the anchor')
    .action(async (opts: AnchorCommandOptions) => {
      const xml = anchorFromOptions(opts);
      if (opts.check) {
        const anchor = parseConfigurationAnchor(xml);
        const verificationCerts = anchorVerificationCerts(anchor);
        for (const source of anchor.sources) {
          try {
            const conf = await downloadConfiguration(source.downloadURL, { verificationCerts, timeoutMs: 10_000 });
            const shared = conf.content.instances.get(anchor.instanceIdentifier)?.shared;
            if (!shared) throw new Error(`the directory has no shared-params for instance ${anchor.instanceIdentifier}`);
            process.stderr.write(`${source.downloadURL}: version ${conf.version} verified, expires ${conf.directory.expireDate.toISOString()}\n`);
          } catch (e) {
            const code = (e as { code?: string }).code;
            process.stderr.write(`roadtest: ${source.downloadURL}: ${code ? `${code}: ` : ''}${(e as Error).message}\n`);
            process.exitCode = EXIT.failed;
            return;
          }
        }
      }
      if (opts.out) writeFileSync(opts.out, xml);
      else process.stdout.write(xml);
    });
}
