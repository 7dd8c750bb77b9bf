// The checks X-Road's AsicContainer runs right after reading (AsicHelper.verify*), in its order:
// mimetype -> message -> signature (+ sig hash-chain pair) -> timestamp (+ ts hash-chain pair)
// -> manifests. A present-but-blank entry counts as missing, as in X-Road.
import { XRoadError } from '../faults/index.js';
import { AsicErrorCodes } from './asic-error-codes.js';
import type { AsicContainer } from './container.js';
import { ASIC_MIMETYPE, AsicEntries } from './entries.js';

function isBlank(b: Buffer | undefined): boolean {
  return b === undefined || b.toString('utf8').trim() === '';
}

function notFound(code: string, entry: string): XRoadError {
  return new XRoadError(code, `${entry} not found or is empty`);
}

function checkPair(result: Buffer | undefined, resultName: string, chain: Buffer | undefined, chainName: string): void {
  if (isBlank(result) && isBlank(chain)) return;
  if (isBlank(result)) throw notFound(AsicErrorCodes.hashChainResultNotFound, resultName);
  if (isBlank(chain)) throw notFound(AsicErrorCodes.hashChainNotFound, chainName);
}

/** Throws the first structure error as an XRoadError with an `asic_*` code. */
export function checkAsicStructure(c: AsicContainer): void {
  const mimeBytes = c.getEntry(AsicEntries.mimetype);
  if (isBlank(mimeBytes)) throw notFound(AsicErrorCodes.mimeTypeNotFound, AsicEntries.mimetype);
  const mime = mimeBytes!.toString('utf8');
  // Compared as is (no trimming), case-insensitively, like X-Road's equalsIgnoreCase.
  if (mime.toLowerCase() !== ASIC_MIMETYPE.toLowerCase()) {
    throw new XRoadError(AsicErrorCodes.invalidMimeType, `Invalid mime type: ${JSON.stringify(mime)}`);
  }
  if (isBlank(c.message)) throw notFound(AsicErrorCodes.messageNotFound, AsicEntries.message);
  if (isBlank(c.signatureXml)) throw notFound(AsicErrorCodes.signatureNotFound, AsicEntries.signature);
  checkPair(c.sigHashChainResult, AsicEntries.sigHashChainResult, c.sigHashChain, AsicEntries.sigHashChain);
  const ts = c.timestampToken;
  if (ts !== undefined && ts.length === 0) throw notFound(AsicErrorCodes.timestampNotFound, AsicEntries.timestamp);
  checkPair(c.tsHashChainResult, AsicEntries.tsHashChainResult, c.tsHashChain, AsicEntries.tsHashChain);
  if (c.manifest !== undefined && isBlank(c.manifest)) throw notFound(AsicErrorCodes.manifestNotFound, AsicEntries.manifest);
  if (c.asicManifest !== undefined && isBlank(c.asicManifest)) throw notFound(AsicErrorCodes.manifestNotFound, AsicEntries.asicManifest);
}
