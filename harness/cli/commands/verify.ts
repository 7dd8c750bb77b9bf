// `roadtest verify asic|archive|signature`: X-Road evidence checked offline, with the verdicts and
// codes X-Road's own verifiers reach (CATALOG "ASiC container full verification", "Message-log
// archives"). Exit 0 valid, 1 invalid, 2 unusable input (empty, truncated or corrupted file, a
// directory given as a file, missing or unreadable --conf): a damaged download is not a verdict.
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize } from 'node:path';
import type { Command } from 'commander';
import { isUnusableInputError, readEvidenceFile, verifyAsicContainer, type AsicVerdict, type AsicVerdictDetails } from '../../../protocol/asic/index.js';
import { isXRoadError } from '../../../protocol/faults/index.js';
import { idToShortString, parseClientIdPath, type ClientId } from '../../../protocol/identifiers/index.js';
import { parseOcspResponse } from '../../../protocol/ocsp/index.js';
import { verifySignature, type MessagePart } from '../../../protocol/signature/signature-verifier.js';
import { CONF_VERSIONS, loadConfigurationDirectory, parseSharedParameters, trustFromSharedParams } from '../../../protocol/globalconf/index.js';
import { asicContainerCheck, verifyArchiveSequence, ZipStreamReader, type ArchiveSequenceReport } from '../../../protocol/message-archive/index.js';
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

function printDetails(d: AsicVerdictDetails): void {
  if (d.signer) write(`  signer: ${d.signer}`);
  if (d.signingCertificateSubject) write(`  signing certificate: ${d.signingCertificateSubject}`);
  if (d.ocspProducedAt) write(`  OCSP response produced at: ${d.ocspProducedAt.toISOString()}`);
  if (d.timestampGenTime) {
    write(`  time-stamp: ${d.timestampGenTime.toISOString()}${d.timestampSigner ? ` by ${d.timestampSigner}` : ''} (${d.batchTimestamp ? 'batch, META-INF/timestamp.tst' : 'embedded in the signature'}); verification time`);
  }
  if (d.batchSignature !== undefined) write(`  signature: ${d.batchSignature ? 'batch (over sig-hashchainresult.xml)' : 'single'}`);
  for (const a of d.attachmentDigests ?? []) write(`  ${a}`);
}

function printVerdict(label: string, v: AsicVerdict): void {
  write(verdictLine(label, v));
  printDetails(v.details);
  for (const w of v.warnings) write(`  warning: ${w}`);
}

function requireConf(conf: string | undefined, what: string): string {
  if (!conf) throw new UsageError(`--conf is required: ${what} is checked against the CA, OCSP and TSA certificates of a global configuration (directory or verificationconf.zip)`);
  return conf;
}

function signerOption(value: string | undefined): ClientId | undefined {
  if (value === undefined) return undefined;
  try {
    return parseClientIdPath(value);
  } catch (err) {
    throw new UsageError(`--signer ${value}: ${(err as Error).message} (expected INSTANCE/CLASS/CODE[/SUBSYSTEM])`);
  }
}

function atOption(value: string | undefined): Date {
  if (value === undefined) return new Date();
  const d = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(d.getTime())) throw new UsageError(`--at ${value}: not an ISO 8601 date`);
  return d;
}

function jsonVerdict(file: string, v: AsicVerdict): string {
  return JSON.stringify({ file, verdict: v.valid ? 'valid' : 'invalid', ...v }, null, 1);
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
    .command('asic')
    .description('fully verify an ASiC container: structure, time-stamp (its genTime is the verification time), signature, certificate and OCSP')
    .argument('<file>', 'the .asice container')
    .option('--conf <dir|verificationconf.zip>', 'global configuration whose CA, OCSP and TSA certificates are trusted (required)')
    .option('--signer <INSTANCE/CLASS/CODE>', 'require the signature to be this member\'s (default: the sender message.xml names)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: OutputOptions & { conf?: string; signer?: string }) => {
      const expectedSigner = signerOption(opts.signer);
      const conf = requireConf(opts.conf, 'a container');
      const verdict = await guarded(opts, async () => {
        const bytes = readEvidenceFile(file, 'container');
        return verifyAsicContainer(bytes, { trust: await loadVerificationTrust(conf), expectedSigner });
      });
      if (opts.json) write(jsonVerdict(file, verdict));
      else printVerdict(file, verdict);
      process.exitCode = verdict.valid ? EXIT.ok : EXIT.failed;
    });

  verify
    .command('signature')
    .description('verify an X-Road signature document outside ASiC (schema, hash chain, certificate profile, value, chain and OCSP at --at)')
    .argument('<signatures.xml>', 'the signature document')
    .requiredOption('--message <file>', 'the signed message (/message.xml)')
    .option('--attachment <file>', 'an attachment, in order (/attachment1, /attachment2, ...); repeatable', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--hash-chain-result <file>', 'batch signature: the HashChainResult the signature references')
    .option('--hash-chain <file>', 'batch signature: this message\'s HashChain')
    .option('--conf <dir|verificationconf.zip>', 'global configuration whose CA and OCSP certificates are trusted (required)')
    .requiredOption('--signer <INSTANCE/CLASS/CODE>', 'the member the message names as sender')
    .option('--at <iso date>', 'when to check the certificate and OCSP response (default: now)')
    .option('--json', 'machine-readable output')
    .action(async (file: string, opts: OutputOptions & { message: string; attachment: string[]; hashChainResult?: string; hashChain?: string; conf?: string; signer: string; at?: string }) => {
      const signer = signerOption(opts.signer)!;
      const atDate = atOption(opts.at);
      const conf = requireConf(opts.conf, 'a signature');
      if ((opts.hashChainResult === undefined) !== (opts.hashChain === undefined)) throw new UsageError('a batch signature needs both --hash-chain-result and --hash-chain');
      const verdict = await guarded(opts, async () => {
        const signatureXml = readEvidenceFile(file, 'signature document');
        const parts: MessagePart[] = [{ name: '/message.xml', data: readEvidenceFile(opts.message, 'message') }];
        opts.attachment.forEach((a, i) => parts.push({ name: `/attachment${i + 1}`, data: readEvidenceFile(a, 'attachment') }));
        const hashChainResult = opts.hashChainResult ? readEvidenceFile(opts.hashChainResult, 'hash chain result') : undefined;
        const hashChain = opts.hashChain ? readEvidenceFile(opts.hashChain, 'hash chain') : undefined;
        const trust = await loadVerificationTrust(conf);
        try {
          const v = verifySignature({ signatureXml, signer, trust, atDate, parts, hashChainResult, hashChain });
          let producedAt: Date | undefined;
          try { producedAt = parseOcspResponse(v.ocspResponse).basic?.producedAt; } catch { producedAt = undefined; }
          const details: AsicVerdictDetails = {
            signer: idToShortString(v.signerIdentity),
            signingCertificateSubject: v.signingCert.subject.replace(/\n/g, ', '),
            ocspProducedAt: producedAt,
          };
          return { valid: true, message: `signature by ${details.signer} valid at ${atDate.toISOString()}`, warnings: [], details } as AsicVerdict;
        } catch (err) {
          if (!isXRoadError(err)) throw err;
          return { valid: false, code: err.code, message: err.message, warnings: [], details: {} } as AsicVerdict;
        }
      });
      if (opts.json) write(jsonVerdict(file, verdict));
      else printVerdict(file, verdict);
      process.exitCode = verdict.valid ? EXIT.ok : EXIT.failed;
    });

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
        const verifyContainer = opts.conf ? asicContainerCheck({ trust: await loadVerificationTrust(opts.conf) }) : undefined;
        return verifyArchiveSequence(zips, { prevDigest: opts.first ? '' : opts.prev, verifyContainer });
      });
      if (opts.json) write(JSON.stringify(report, null, 1));
      else printArchiveReport(report);
      process.exitCode = report.valid ? EXIT.ok : EXIT.failed;
    });
}
