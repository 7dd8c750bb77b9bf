// Verifies a sequence of message-log archives as X-Road's ArchiveHashChainVerifier does for one
// (linkinginfo present -> containers present -> previous digest -> file-name sets -> per-file
// digests), but keeps going: it names the first broken link, every container whose digest does
// not match (re-synchronising on linkinginfo's digest after a mismatch, so one tampered container
// does not hide another), and, given a container verifier, every container that does not verify.
// Archives are streamed entry by entry (zip-stream-reader.ts): memory does not grow with size.
import { basename } from 'node:path';
import { isXRoadError } from '../faults/index.js';
import type { AsicVerdict } from '../asic/verdict.js';
import { ArchiveErrorCodes } from './archive-error-codes.js';
import { chainStep, createArchiveHash, type ArchiveDigestAlgorithm } from './archive-digest.js';
import { LINKING_INFO_ENTRY, parseLinkingInfo, type LinkingInfo } from './linking-info.js';
import { ZipStreamReader, type ZipStreamEntry } from './zip-stream-reader.js';

export type ContainerVerifier = (asicBytes: Buffer, entryName: string) => Promise<AsicVerdict>;

export interface ArchiveVerifyOptions {
  /**
   * Last digest of the archive before the first one given: '' (or '-') when the first archive
   * starts the chain (X-Road's `-f`). When undefined, the first archive's linkinginfo is taken
   * on trust and a warning says so.
   */
  prevDigest?: string;
  /** Full verification of each inner container; without it only the chain is checked. */
  verifyContainer?: ContainerVerifier;
}

export interface ArchiveFinding {
  code: string;
  message: string;
  file: string;
  entry?: string;
}

export interface ContainerFinding {
  file: string;
  entry: string;
  verdict: AsicVerdict;
}

export interface ArchiveFileReport {
  file: string;
  algorithm?: ArchiveDigestAlgorithm;
  prevDigestInLinkingInfo?: string;
  prevFileInLinkingInfo?: string;
  containers: number;
  containerBytes: number;
  /** Last chain digest computed over the actual bytes; undefined without a usable linkinginfo. */
  lastDigest?: string;
  /**
   * The digest the next archive is checked against: lastDigest, except that after a mismatch the
   * chain re-synchronises on linkinginfo's digests, so one tampered container is reported once
   * and not again as a broken link to the next archive.
   */
  linkDigest?: string;
  findings: ArchiveFinding[];
}

export interface ArchiveSequenceReport {
  valid: boolean;
  files: ArchiveFileReport[];
  /** The first hash-chain problem in sequence order. */
  firstBrokenLink?: ArchiveFinding;
  /** Every chain finding (first broken link included). */
  findings: ArchiveFinding[];
  badContainers: ContainerFinding[];
  warnings: string[];
  lastDigest?: string;
  containers: number;
  containerBytes: number;
  containersVerified: number;
}

interface FileState {
  report: ArchiveFileReport;
  badContainers: ContainerFinding[];
  verified: number;
}

function finding(code: string, message: string, file: string, entry?: string): ArchiveFinding {
  return entry === undefined ? { code, message, file } : { code, message, file, entry };
}

async function readLinkingInfo(zip: ZipStreamReader, report: ArchiveFileReport): Promise<LinkingInfo | undefined> {
  const entry = zip.entries.find((e) => e.name === LINKING_INFO_ENTRY);
  if (!entry) {
    report.findings.push(finding(ArchiveErrorCodes.linkingInfoNotFound, `Linking info not found in archive file: ${zip.path}`, zip.path));
    return undefined;
  }
  try {
    return parseLinkingInfo((await zip.readEntry(entry)).toString('utf8'));
  } catch (err) {
    if (!isXRoadError(err)) throw err;
    report.findings.push(finding(err.code, err.message, zip.path, LINKING_INFO_ENTRY));
    return undefined;
  }
}

function checkNames(li: LinkingInfo, containers: ZipStreamEntry[], report: ArchiveFileReport): void {
  const inArchive = new Set(containers.map((c) => c.name));
  const inLinking = new Set(li.entries.map((e) => e.file));
  const onlyArchive = [...inArchive].filter((n) => !inLinking.has(n));
  const onlyLinking = [...inLinking].filter((n) => !inArchive.has(n));
  if (onlyArchive.length === 0 && onlyLinking.length === 0) return;
  const parts = [];
  if (onlyArchive.length) parts.push(`in archive only: ${onlyArchive.join(', ')}`);
  if (onlyLinking.length) parts.push(`in linking info only: ${onlyLinking.join(', ')}`);
  report.findings.push(finding(ArchiveErrorCodes.fileNamesDiffer, `File names in linking info and in archive file differ (${parts.join('; ')})`, report.file));
}

async function verifyOneArchive(path: string, expectedPrev: string | undefined, options: ArchiveVerifyOptions): Promise<FileState> {
  const report: ArchiveFileReport = { file: path, containers: 0, containerBytes: 0, findings: [] };
  const state: FileState = { report, badContainers: [], verified: 0 };
  const zip = await ZipStreamReader.open(path);
  try {
    const li = await readLinkingInfo(zip, report);
    const containers = zip.entries.filter((e) => e.name.endsWith('.asice'));
    if (containers.length === 0) {
      report.findings.push(finding(ArchiveErrorCodes.noAsicContainers, `There are no ASiC containers in archive file '${path}', at least one is expected.`, path));
    }
    let digests: Map<string, string> | undefined;
    let prev = '';
    let honest = '';
    if (li) {
      report.algorithm = li.algorithm;
      report.prevDigestInLinkingInfo = li.prevDigest;
      report.prevFileInLinkingInfo = li.prevFile;
      if (expectedPrev !== undefined && expectedPrev !== li.prevDigest) {
        report.findings.push(finding(ArchiveErrorCodes.prevDigestMismatch,
          `Last hash step of the previous archive and the one in linking info differ: expected '${expectedPrev}', linking info has '${li.prevDigest}'`, path, LINKING_INFO_ENTRY));
      }
      checkNames(li, containers, report);
      digests = new Map(li.entries.map((e) => [e.file, e.digest]));
      prev = li.prevDigest;
      honest = li.prevDigest;
    }
    for (const entry of containers) {
      const hash = li ? createArchiveHash(li.algorithm) : undefined;
      let whole = await zip.smallEntryData(entry);
      let kept: Buffer[] | undefined;
      if (whole) {
        hash?.update(whole);
        // A stored entry is a view of the reader's window: copy it if it must outlive the next read.
        if (options.verifyContainer && entry.compressionMethod === 0) whole = Buffer.from(whole);
      } else {
        kept = options.verifyContainer ? [] : undefined;
        for await (const chunk of zip.entryChunks(entry)) {
          hash?.update(chunk);
          kept?.push(Buffer.from(chunk));
        }
      }
      report.containers++;
      report.containerBytes += entry.uncompressedSize;
      if (li && hash && digests) {
        const own = hash.digest('hex');
        const computed = chainStep(li.algorithm, prev, own);
        honest = prev === honest ? computed : chainStep(li.algorithm, honest, own);
        const listed = digests.get(entry.name);
        if (listed !== undefined && listed !== computed) {
          report.findings.push(finding(ArchiveErrorCodes.digestMismatch,
            `Digests of file '${entry.name}' do not match: linking info has ${listed}, actual ${computed}`, path, entry.name));
          prev = listed; // re-synchronise so that the next container is judged on its own
        } else {
          prev = computed;
        }
      }
      if (options.verifyContainer) {
        const verdict = await options.verifyContainer(whole ?? Buffer.concat(kept!), entry.name);
        state.verified++;
        if (!verdict.valid) state.badContainers.push({ file: path, entry: entry.name, verdict });
      }
    }
    if (li && containers.length > 0) {
      report.lastDigest = honest;
      report.linkDigest = prev;
    }
  } finally {
    await zip.close();
  }
  return state;
}

/** Verifies archives in chain order. Throws UnusableInputError for a missing, empty or damaged file. */
export async function verifyArchiveSequence(paths: string[], options: ArchiveVerifyOptions = {}): Promise<ArchiveSequenceReport> {
  const out: ArchiveSequenceReport = { valid: false, files: [], findings: [], badContainers: [], warnings: [], containers: 0, containerBytes: 0, containersVerified: 0 };
  let expected: string | undefined = options.prevDigest === '-' ? '' : options.prevDigest;
  for (let i = 0; i < paths.length; i++) {
    const state = await verifyOneArchive(paths[i], expected, options);
    const r = state.report;
    if (i === 0 && expected === undefined && r.prevDigestInLinkingInfo) {
      out.warnings.push(`${paths[0]}: previous archive digest ${r.prevDigestInLinkingInfo} taken on trust (give --prev to check it)`);
    }
    // The digest is what links archives; a different previous file name only means a rename.
    if (i > 0 && r.prevFileInLinkingInfo && r.prevFileInLinkingInfo !== basename(paths[i - 1])) {
      out.warnings.push(`${paths[i]}: linking info names the previous archive '${r.prevFileInLinkingInfo}', given '${basename(paths[i - 1])}'`);
    }
    out.files.push(r);
    out.findings.push(...r.findings);
    out.badContainers.push(...state.badContainers);
    out.containers += r.containers;
    out.containerBytes += r.containerBytes;
    out.containersVerified += state.verified;
    if (i + 1 < paths.length && r.linkDigest === undefined) {
      out.warnings.push(`link ${paths[i]} -> ${paths[i + 1]} cannot be checked: ${paths[i]} has no usable hash chain`);
    }
    expected = r.linkDigest;
  }
  out.firstBrokenLink = out.findings[0];
  out.lastDigest = out.files.at(-1)?.lastDigest;
  out.valid = paths.length > 0 && out.findings.length === 0 && out.badContainers.length === 0;
  return out;
}
