// `roadtest verify asic|archive|signature`: X-Road evidence checked offline, with the verdicts and
// codes X-Road's own verifiers reach (CATALOG "ASiC container full verification", "Message-log
// archives"). Exit 0 valid, 1 invalid, 2 unusable input (empty, truncated or corrupted file, a
// directory given as a file, missing or unreadable --conf): a damaged download is not a verdict.
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import type { Command } from 'commander';
import { isUnusableInputError, type AsicVerdict } from '../../../protocol/asic/index.js';
import { isXRoadError } from '../../../protocol/faults/index.js';
import { CONF_VERSIONS, loadConfigurationDirectory, parseSharedParameters, trustFromSharedParams } from '../../../protocol/globalconf/index.js';
import { verifyArchiveSequence, ZipStreamReader, type ArchiveSequenceReport, type ContainerVerifier } from '../../../protocol/message-archive/index.js';
import type { VerificationTrust } from '../../../protocol/trust/index.js';
import { EXIT, UsageError } from '../usage-error.js';

interface OutputOptions {
  json?: boolean;
}

/** Unusable input becomes a UsageError (exit 2); with --json the reason is also printed as JSON. */
async function guarded<T>(opts: OutputOptions, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (isUnusableInputError(err) || (isXRoadError(err) && err.code.startsWith('malformed_global_conf'))) {
      if (opts.json) process.stdout.write(JSON.stringify({ verdict: 'unusable', code: err.code, message: err.message }, null, 1) + '\n');
      throw new UsageError(err.message);
    }
    throw err;
  }
}

/**
 * The trust a verifier needs, from a configuration directory (instance-identifier + <INSTANCE>/
 * shared-params.xml) or a security server's verificationconf.zip (LOG-005), which holds the same
 * files under verificationconf/. An anchor is refused: it names where to download the
 * configuration but holds no CA, OCSP or TSA certificates (CATALOG §1: the trust store is the
 * configuration directory, not the anchor).
 */
export async function loadVerificationTrust(conf: string): Promise<VerificationTrust> {
  let st;
  try {
    st = statSync(conf);
  } catch {
    throw new UsageError(`--conf ${conf}: no such file or directory`);
  }
  if (st.isDirectory()) return loadDir(conf);
  if (/\.xml$/i.test(conf)) {
    throw new UsageError(`--conf ${conf}: a configuration anchor holds no CA, OCSP or TSA certificates; give the global configuration directory or the security server's verificationconf.zip (GET /verificationconf)`);
  }
  const tmp = mkdtempSync(join(tmpdir(), 'roadtest-verificationconf-'));
  try {
    const zip = await ZipStreamReader.open(conf);
    let root: string | undefined;
    try {
      for (const e of zip.entries) {
        const rel = normalize(e.name);
        if (e.name.endsWith('/') || rel.startsWith('..') || rel.startsWith('/')) continue;
        const out = join(tmp, rel);
        mkdirSync(dirname(out), { recursive: true });
        writeFileSync(out, await zip.readEntry(e));
        if (rel.endsWith('instance-identifier')) root = dirname(out);
      }
    } finally {
      await zip.close();
    }
    if (!root) throw new UsageError(`--conf ${conf}: no instance-identifier inside; not a verificationconf.zip`);
    return loadVerificationConf(conf, root);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * verificationconf.zip carries shared-params.xml without its .metadata, so the schema version is
 * unknown: try the newest first and keep the first that parses.
 */
function loadVerificationConf(conf: string, root: string): VerificationTrust {
  const instance = readFileSync(join(root, 'instance-identifier'), 'utf8').trim();
  const file = join(root, instance, 'shared-params.xml');
  if (!instance || !existsSync(file)) throw new UsageError(`--conf ${conf}: no shared-params.xml for instance '${instance}'`);
  const xml = readFileSync(file);
  const errors: string[] = [];
  for (const v of [...CONF_VERSIONS].reverse()) {
    try {
      return trustFromSharedParams(parseSharedParameters(xml, v));
    } catch (err) {
      errors.push(`v${v}: ${(err as Error).message}`);
    }
  }
  throw new UsageError(`--conf ${conf}: shared-params.xml of ${instance} parses under no schema version (${errors[0]})`);
}

function loadDir(dir: string): VerificationTrust {
  try {
    return loadConfigurationDirectory(dir).trust;
  } catch (err) {
    throw new UsageError(`--conf ${dir}: ${(err as Error).message}`);
  }
}

function write(line = ''): void {
  process.stdout.write(line + '\n');
}

function verdictLine(label: string, v: AsicVerdict): string {
  return v.valid ? `${label}: VALID` : `${label}: INVALID ${v.code} — ${v.message}`;
}

function printArchiveReport(r: ArchiveSequenceReport): void {
  write(`archive chain: ${r.findings.length === 0 ? 'INTACT' : 'BROKEN'}; containers: ${r.containers}` +
    (r.containersVerified ? `, verified ${r.containersVerified}, invalid ${r.badContainers.length}` : ' (chain only; give --conf to verify each container)'));
  for (const f of r.files) {
    write(`  ${f.file}: ${f.containers} containers, ${f.algorithm ?? 'no usable linkinginfo'}${f.lastDigest ? `, last digest ${f.lastDigest}` : ''}`);
  }
  if (r.firstBrokenLink) write(`  first broken link: ${r.firstBrokenLink.file}${r.firstBrokenLink.entry ? ` [${r.firstBrokenLink.entry}]` : ''}: ${r.firstBrokenLink.code} — ${r.firstBrokenLink.message}`);
  for (const f of r.findings.slice(1)) write(`  also: ${f.file}${f.entry ? ` [${f.entry}]` : ''}: ${f.code} — ${f.message}`);
  for (const b of r.badContainers) write(`  ${verdictLine(`container ${b.file} [${b.entry}]`, b.verdict)}`);
  for (const w of r.warnings) write(`  warning: ${w}`);
  write(r.valid ? 'VALID' : 'INVALID');
  if (r.lastDigest) write(`last digest: ${r.lastDigest}`);
}

interface ArchiveOpts extends OutputOptions {
  prev?: string;
  first?: boolean;
  conf?: string;
}

export function registerVerify(program: Command): void {
  const verify = program
    .command('verify')
    .description('verify X-Road evidence: ASiC containers, message-log archives, signatures');

  verify
    .command('archive')
    .description('check the linkinginfo hash chain across message-log archives (in chain order) and, with --conf, every container inside')
    .argument('<zip...>', 'archive files, oldest first')
    .option('--prev <digest>', "last digest of the archive before the first one ('-' when the first starts the chain)")
    .option('--first', 'the first archive starts the chain (same as --prev -)')
    .option('--conf <dir|verificationconf.zip>', 'global configuration to verify every container against')
    .option('--json', 'machine-readable output')
    .action(async (zips: string[], opts: ArchiveOpts) => {
      if (opts.first && opts.prev !== undefined) throw new UsageError('give either --first or --prev, not both');
      const report = await guarded(opts, async () => {
        const verifyContainer = opts.conf ? await containerVerifierFor(await loadVerificationTrust(opts.conf)) : undefined;
        return verifyArchiveSequence(zips, { prevDigest: opts.first ? '' : opts.prev, verifyContainer });
      });
      if (opts.json) write(JSON.stringify(report, null, 1));
      else printArchiveReport(report);
      process.exitCode = report.valid ? EXIT.ok : EXIT.failed;
    });
}

async function containerVerifierFor(_trust: VerificationTrust): Promise<ContainerVerifier> {
  throw new UsageError('per-container verification (--conf) is not available in this build yet');
}
