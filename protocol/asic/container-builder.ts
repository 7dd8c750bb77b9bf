// Builds an ASiC-E container the way an X-Road security server's /asic download does (LOG-002,
// LOG-004): entries in X-Road's order, hash-chain files at the root, timestamp.tst only for a
// batch time-stamp (an embedded one lives inside signatures.xml), manifests generated, and the
// zip comment `mimetype=...`. Unlike X-Road, `mimetype` is stored uncompressed and without extra
// fields so that it sits at offset 38 as ETSI EN 319 162 asks; X-Road's reader accepts both.
import { XRoadError } from '../faults/index.js';
import { AsicErrorCodes } from './asic-error-codes.js';
import { ASIC_MIMETYPE, ATTACHMENT_PREFIX, AsicEntries } from './entries.js';
import { buildAsicManifest, buildOpenDocumentManifest, type ManifestFile } from './manifest-builder.js';
import { finishZip, newZipFile } from './yazl-zip.js';

export type { Yazl3ZipFile } from './yazl-zip.js';

type Bytes = Buffer | string;

export interface BatchTimestampParts {
  /** DER of the RFC 3161 token over ts-hashchainresult.xml. */
  tokenDer: Buffer;
  hashChainResult: Bytes;
  hashChain: Bytes;
}

export interface AsicContainerParts {
  /** message.xml: SOAP message, or serialized REST request/response head. */
  message: Bytes;
  signatureXml: Bytes;
  /** Batch signature: the signature references /sig-hashchainresult.xml. */
  sigHashChainResult?: Bytes;
  sigHashChain?: Bytes;
  batchTimestamp?: BatchTimestampParts;
  /** attachment1..N (REST body first). */
  attachments?: Buffer[];
  /** Entry modification time (X-Road uses the log record's time). */
  creationTime?: Date;
}

const toBuffer = (b: Bytes): Buffer => (typeof b === 'string' ? Buffer.from(b, 'utf8') : b);
const blank = (b: Bytes | undefined): boolean => b === undefined || toBuffer(b).toString('utf8').trim() === '';

function checkParts(p: AsicContainerParts): void {
  if (blank(p.message)) throw new XRoadError(AsicErrorCodes.messageNotFound, 'message.xml not found or is empty');
  if (blank(p.signatureXml)) throw new XRoadError(AsicErrorCodes.signatureNotFound, `${AsicEntries.signature} not found or is empty`);
  if (blank(p.sigHashChainResult) !== blank(p.sigHashChain)) {
    throw new XRoadError(
      blank(p.sigHashChainResult) ? AsicErrorCodes.hashChainResultNotFound : AsicErrorCodes.hashChainNotFound,
      'a batch signature needs both sig-hashchainresult.xml and sig-hashchain.xml',
    );
  }
  const ts = p.batchTimestamp;
  if (ts && (ts.tokenDer.length === 0 || blank(ts.hashChainResult) || blank(ts.hashChain))) {
    throw new XRoadError(AsicErrorCodes.timestampNotFound, 'a batch time-stamp needs the token, ts-hashchainresult.xml and ts-hashchain.xml');
  }
}

/** The ordered entry list (name, bytes) a container built from `parts` holds. */
export function asicEntriesFor(parts: AsicContainerParts): { name: string; data: Buffer }[] {
  checkParts(parts);
  const out: { name: string; data: Buffer }[] = [];
  const add = (name: string, data: Bytes | undefined) => { if (!blank(data)) out.push({ name, data: toBuffer(data!) }); };
  add(AsicEntries.mimetype, ASIC_MIMETYPE);
  add(AsicEntries.message, parts.message);
  add(AsicEntries.signature, parts.signatureXml);
  add(AsicEntries.sigHashChainResult, parts.sigHashChainResult);
  add(AsicEntries.sigHashChain, parts.sigHashChain);
  const ts = parts.batchTimestamp;
  if (ts) {
    add(AsicEntries.tsHashChainResult, ts.hashChainResult);
    add(AsicEntries.tsHashChain, ts.hashChain);
  }
  const attachments = parts.attachments ?? [];
  const files: ManifestFile[] = out.filter((e) => e.name !== AsicEntries.mimetype && !e.name.startsWith('META-INF'))
    .map((e) => ({ path: e.name, mediaType: 'text/xml' }));
  attachments.forEach((_, i) => files.push({ path: `${ATTACHMENT_PREFIX}${i + 1}`, mediaType: 'application/octet-stream' }));
  add(AsicEntries.manifest, buildOpenDocumentManifest(files));
  if (ts) {
    add(AsicEntries.asicManifest, buildAsicManifest(toBuffer(ts.hashChainResult)));
    out.push({ name: AsicEntries.timestamp, data: ts.tokenDer });
  }
  attachments.forEach((a, i) => out.push({ name: `${ATTACHMENT_PREFIX}${i + 1}`, data: a }));
  return out;
}

/** Builds the container bytes. Throws XRoadError (asic_* code) when a required part is missing. */
export function buildAsicContainer(parts: AsicContainerParts): Promise<Buffer> {
  const entries = asicEntriesFor(parts);
  const mtime = parts.creationTime ?? new Date();
  const zip = newZipFile();
  for (const e of entries) {
    if (e.name === AsicEntries.mimetype) {
      zip.addBuffer(e.data, e.name, { mtime, compress: false, forceDosTimestamp: true });
    } else {
      zip.addBuffer(e.data, e.name, { mtime, compress: true });
    }
  }
  return finishZip(zip, `mimetype=${ASIC_MIMETYPE}`);
}
