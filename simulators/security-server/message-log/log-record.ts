// One message-log record as the store keeps it: the exchange's identity in memory, its bytes on
// disk (BlobRefs into the journal), and what happened to it since (time-stamp, archive).
import type { BlobRef } from './journal.js';

export type Direction = 'request' | 'response';

/** A batch time-stamp: one token over ts-hashchainresult.xml covering several records (TSA-003). */
export interface BatchStamp {
  id: number;
  stampedAt: Date;
  token: BlobRef;
  hashChainResult: BlobRef;
  recordCount: number;
}

export type RecordStamp =
  /** Batch: the record's own ts-hashchain.xml links its signatures.xml to the shared result. */
  | { kind: 'batch'; batch: BatchStamp; hashChain: BlobRef }
  /** Single: the token over SignatureValue sits inside signatures.xml (xades:SignatureTimeStamp). */
  | { kind: 'single'; stampedAt: Date; token: BlobRef; signatureXml: BlobRef };

export interface LogRecord {
  /** Increasing from 1 in log order; the `Z` part of container names (base 32, as X-Road). */
  id: number;
  queryId: string;
  client: string;
  service: string;
  direction: Direction;
  protocol: 'soap' | 'rest';
  loggedAt: Date;
  /** False when message-body-logging was off for this record (LOG-006): the bytes are not the signed ones. */
  bodyLogged: boolean;
  message: BlobRef;
  /** signatures.xml as created or received (before any embedded time-stamp). */
  signatureXml: BlobRef;
  sigHashChainResult?: BlobRef;
  sigHashChain?: BlobRef;
  attachments: BlobRef[];
  /** SHA-512 of signatures.xml as logged: the leaf of a batch time-stamp's hash chain. */
  signatureDigest: Buffer;
  stamp?: RecordStamp;
  /** Archive file (name only) the record was rotated into. */
  archive?: string;
}

export function isStamped(r: LogRecord): boolean {
  return r.stamp !== undefined;
}

/** Store key of an exchange: queryId + client (LOG-001); direction filters within it. */
export function exchangeKey(queryId: string, client: string): string {
  return `${queryId}\u0000${client}`;
}
