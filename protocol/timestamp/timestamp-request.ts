// TimeStampReq (RFC 3161 §2.4.1): built as X-Road's message log builds it (TSA-001: imprint with
// the message-log hash algorithm, SHA-512 by default; no nonce; certReq not set) and read as a
// TSA reads it. Reading reports RFC 3161 failInfo names so a TSA can answer with them.
import { randomBytes } from 'node:crypto';
import * as asn1js from 'asn1js';
import { Asn1StructureError, encoding, isContext, isUniversal, Tag } from '../asn1/der-reader.js';
import { asn1 } from './asn1.js';
import { DEFAULT_HASH_ALGORITHM, digest, digestLength, type HashAlgorithm, type RequestHashAlgorithm } from './hash-algorithms.js';
import { messageImprintSchema, readMessageImprint, type MessageImprint } from './message-imprint.js';
import type { PkiFailureInfo } from './pki-status.js';

export interface TimestampRequest {
  version: number;
  messageImprint: MessageImprint;
  reqPolicy?: string;
  nonce?: bigint;
  certReq: boolean;
  hasExtensions: boolean;
  der: Buffer;
}

export interface BuildTimestampRequestOptions {
  /** The data to stamp; its digest becomes the imprint. */
  data?: Uint8Array;
  /** Or the digest itself (length must suit the algorithm). */
  digest?: Uint8Array;
  hashAlgorithm?: RequestHashAlgorithm;
  /** A nonce value, or `true` for a random positive 64-bit one. X-Road sends none. */
  nonce?: bigint | true;
  /** Ask the TSA to embed its certificate. X-Road leaves it false (the TSA cert comes from globalconf). */
  certReq?: boolean;
  reqPolicy?: string;
}

export function buildTimestampRequest(options: BuildTimestampRequestOptions): TimestampRequest {
  const hashAlgorithm: HashAlgorithm = options.hashAlgorithm ?? DEFAULT_HASH_ALGORITHM;
  let hashed: Buffer;
  if (options.digest) {
    hashed = Buffer.from(options.digest);
    if (hashed.length !== digestLength(hashAlgorithm)) {
      throw new RangeError(`a ${hashAlgorithm} imprint is ${digestLength(hashAlgorithm)} bytes, got ${hashed.length}`);
    }
  } else if (options.data) {
    hashed = digest(hashAlgorithm, options.data);
  } else {
    throw new TypeError('buildTimestampRequest needs data or digest');
  }
  const nonce = options.nonce === true ? randomNonce() : options.nonce;
  const certReq = options.certReq ?? false;
  const value: asn1js.AsnType[] = [new asn1js.Integer({ value: 1 }), messageImprintSchema(hashAlgorithm, hashed)];
  if (options.reqPolicy) value.push(new asn1js.ObjectIdentifier({ value: options.reqPolicy }));
  if (nonce !== undefined) value.push(asn1js.Integer.fromBigInt(nonce));
  // DER omits a BOOLEAN equal to its DEFAULT (FALSE).
  if (certReq) value.push(new asn1js.Boolean({ value: true }));
  const der = Buffer.from(new asn1js.Sequence({ value }).toBER(false));
  return parseTimestampRequest(der);
}

function randomNonce(): bigint {
  const b = randomBytes(8);
  b[0]! &= 0x7f;
  return BigInt('0x' + b.toString('hex'));
}

/** A request a TSA cannot serve, with the RFC 3161 failInfo to answer. */
export class TimestampRequestError extends Error {
  override readonly name = 'TimestampRequestError';
  constructor(
    readonly failInfo: PkiFailureInfo,
    message: string,
  ) {
    super(message);
  }
}

export function parseTimestampRequest(der: Uint8Array): TimestampRequest {
  let fields: asn1js.AsnType[];
  let root: asn1js.AsnType;
  try {
    root = asn1.decode(der, 'TimeStampReq');
    fields = asn1.sequence(root, 'TimeStampReq');
  } catch (e) {
    throw new TimestampRequestError('badDataFormat', (e as Error).message);
  }
  try {
    const version = Number(asn1.integer(fields[0], 'TimeStampReq.version'));
    if (version !== 1) throw new TimestampRequestError('badRequest', `TimeStampReq.version must be 1, found ${version}`);
    const messageImprint = readMessageImprint(fields[1], 'TimeStampReq.messageImprint', true);
    if (!messageImprint.hashAlgorithm) {
      throw new TimestampRequestError('badAlg', `unsupported imprint hash algorithm ${messageImprint.hashAlgorithmOid}`);
    }
    const req: TimestampRequest = { version, messageImprint, certReq: false, hasExtensions: false, der: encoding(root) };
    let i = 2;
    if (isUniversal(fields[i], Tag.oid)) req.reqPolicy = asn1.oid(fields[i++], 'TimeStampReq.reqPolicy');
    if (isUniversal(fields[i], Tag.integer)) req.nonce = asn1.integer(fields[i++], 'TimeStampReq.nonce');
    if (isUniversal(fields[i], Tag.boolean)) req.certReq = (fields[i++] as asn1js.Boolean).getValue();
    if (isContext(fields[i], 0)) {
      req.hasExtensions = true;
      i++;
    }
    if (i !== fields.length) throw new TimestampRequestError('badDataFormat', `TimeStampReq: unexpected field ${i + 1}`);
    return req;
  } catch (e) {
    if (e instanceof Asn1StructureError) throw new TimestampRequestError('badDataFormat', e.message);
    throw e;
  }
}
