// The message log's RFC 3161 client (TSA-001/002): POST application/timestamp-query to each
// approved TSA in turn, imprint SHA-512 (message-log hash-algo-id default), no nonce, certReq not
// set. A response counts only when it is HTTP 200, granted or grantedWithMods, answers this request,
// and is signed by an approved TSA certificate; anything else moves on to the next TSA, as X-Road's
// AbstractTimestampRequest does. When every TSA failed: "Failed to get timestamp from any
// time-stamping providers" (UG-SIGDOC §2.3 spelling) with each TSA's reason in the detail.
import { request } from 'undici';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import {
  buildTimestampRequest,
  isGrantedStatus,
  parseTimestampResponse,
  timestampError,
  TimestampErrorCodes,
  validateTimestampResponse,
  verifyTimestampToken,
  type RequestHashAlgorithm,
} from '../../../protocol/timestamp/index.js';
import type { ApprovedTsa, VerificationTrust } from '../../../protocol/trust/index.js';
import type { Defects } from '../defects.js';

export const ALL_TSAS_FAILED = 'Failed to get timestamp from any time-stamping providers';
/** A TimeStampResp is a few kB; anything far larger is not one. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface TsaClientOptions {
  /** Per-TSA time limit for connect + answer (default 20 s). */
  timeoutMs?: number;
  hashAlgorithm?: RequestHashAlgorithm;
  /** Seeded defects (tsa-query-sha256, accept-any-timestamp-token); never on by default. */
  defects?: Pick<Defects, 'has'>;
}

export interface TimestampOutcome {
  tokenDer: Buffer;
  tsa: ApprovedTsa;
  genTime: Date;
}

async function readLimited(body: AsyncIterable<Buffer>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body) {
    size += c.length;
    if (size > limit) throw timestampError(TimestampErrorCodes.readingTimestampResponseFailed, `time-stamp response larger than ${limit} bytes`);
    chunks.push(c);
  }
  return Buffer.concat(chunks);
}

/** One TSA, one attempt. Throws XRoadError with an `mlog.*` code naming the failure. */
export async function timestampFromTsa(data: Uint8Array, tsa: ApprovedTsa, trust: Pick<VerificationTrust, 'approvedTsas'>, options: TsaClientOptions = {}): Promise<TimestampOutcome> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  // Seeded defect tsa-query-sha256: the imprint ignores the message log's hash-algo-id (TSA-001).
  const hashAlgorithm = options.defects?.has('tsa-query-sha256') ? 'sha256' : (options.hashAlgorithm ?? 'sha512');
  const req = buildTimestampRequest({ data, hashAlgorithm });
  let status: number;
  let body: Buffer;
  try {
    const res = await request(tsa.url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query', accept: 'application/timestamp-reply' },
      body: req.der,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.statusCode;
    body = await readLimited(res.body, MAX_RESPONSE_BYTES);
  } catch (e) {
    if (e instanceof XRoadError) throw e;
    const err = e as Error & { code?: string };
    const timedOut = err.name === 'TimeoutError' || err.code === 'UND_ERR_HEADERS_TIMEOUT' || err.code === 'UND_ERR_BODY_TIMEOUT';
    throw timestampError(
      timedOut ? TimestampErrorCodes.timestampRequestTimedOut : TimestampErrorCodes.timestampProviderConnectionFailed,
      `${timedOut ? 'Time-stamp request timed out' : 'Could not connect to time-stamping provider'} ${tsa.url}: ${err.code ?? err.message}`,
      e,
    );
  }
  if (status !== 200) {
    throw timestampError(TimestampErrorCodes.timestampingNonOkResponse, `Received HTTP error: ${status} from time-stamping provider ${tsa.url}`);
  }
  const response = parseTimestampResponse(body);
  if (options.defects?.has('accept-any-timestamp-token') && isGrantedStatus(response.status) && response.timestampToken && response.token) {
    // Seeded defect accept-any-timestamp-token: a granted token is taken as it is — imprint, signature
    // and signer unchecked (TSA-002).
    return { tokenDer: response.token, tsa, genTime: response.timestampToken.tstInfo.genTime };
  }
  const token = validateTimestampResponse(response, req);
  const verified = verifyTimestampToken(token, { imprint: { digest: req.messageImprint.hashedMessage, hashAlgorithm: req.messageImprint.hashAlgorithm }, trust });
  return { tokenDer: response.token!, tsa, genTime: verified.genTime };
}

/**
 * Tries every TSA in order and returns the first acceptable token.
 * @throws XRoadError timestamping_failed: no TSA configured, or every TSA failed (detail lists why)
 */
export async function requestTimestamp(data: Uint8Array, trust: Pick<VerificationTrust, 'approvedTsas'>, options: TsaClientOptions & { tsas?: readonly ApprovedTsa[] } = {}): Promise<TimestampOutcome> {
  const tsas = options.tsas ?? trust.approvedTsas;
  if (tsas.length === 0) throw new XRoadError(ErrorCodes.timestampingFailed, 'Cannot time-stamp, no TSP URLs configured');
  const reasons: string[] = [];
  let last: unknown;
  for (const tsa of tsas) {
    try {
      return await timestampFromTsa(data, tsa, trust, options);
    } catch (e) {
      last = e;
      const code = e instanceof XRoadError ? e.code : 'internal_error';
      reasons.push(`${tsa.url}: ${code}: ${(e as Error).message}`);
    }
  }
  throw new XRoadError(ErrorCodes.timestampingFailed, ALL_TSAS_FAILED, reasons.join('\n'), { cause: last });
}
