// A stamped log record as an ASiC-E container (LOG-004, corrections.md §1 layout) and its file
// name. message.xml and attachmentN are the logged bytes exactly; a single time-stamp lives in the
// stamped copy of signatures.xml, a batch one brings ts-hashchainresult.xml, the record's own
// ts-hashchain.xml and META-INF/timestamp.tst.
import { buildAsicContainer, type AsicContainerParts } from '../../../protocol/asic/index.js';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import type { LogRecord } from './log-record.js';
import type { MessageRecordStore } from './record-store.js';

/** X-Road truncates the escaped query id so that a name stays within 255 bytes. */
const MAX_QUERY_LENGTH = 225;

/** The query id as it may appear in a file name: URL-encoded (UG-SIGDOC §2.1), truncated. */
export function escapeQueryId(queryId: string): string {
  return encodeURIComponent(queryId).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()).slice(0, MAX_QUERY_LENGTH);
}

/** `queryId-request-Z.asice` / `queryId-response-Z.asice`, Z = record id in base 32 (X-Road 7.8). */
export function containerName(r: LogRecord): string {
  return `${escapeQueryId(r.queryId)}-${r.direction}-${r.id.toString(32)}.asice`;
}

export async function recordContainerParts(store: MessageRecordStore, r: LogRecord): Promise<AsicContainerParts> {
  const stamp = r.stamp;
  if (!stamp) throw new XRoadError(ErrorCodes.internalError, `Message signature has not been timestamped yet! (record ${r.id})`);
  const read = (ref: Parameters<MessageRecordStore['read']>[0]) => store.read(ref);
  const parts: AsicContainerParts = {
    message: await read(r.message),
    signatureXml: await read(stamp.kind === 'single' ? stamp.signatureXml : r.signatureXml),
    attachments: await Promise.all(r.attachments.map(read)),
    creationTime: r.loggedAt,
  };
  if (r.sigHashChainResult && r.sigHashChain) {
    parts.sigHashChainResult = await read(r.sigHashChainResult);
    parts.sigHashChain = await read(r.sigHashChain);
  }
  if (stamp.kind === 'batch') {
    parts.batchTimestamp = {
      tokenDer: await read(stamp.batch.token),
      hashChainResult: await read(stamp.batch.hashChainResult),
      hashChain: await read(stamp.hashChain),
    };
  }
  return parts;
}

/** The container bytes of a stamped record. */
export async function buildRecordContainer(store: MessageRecordStore, r: LogRecord): Promise<Buffer> {
  return buildAsicContainer(await recordContainerParts(store, r));
}
