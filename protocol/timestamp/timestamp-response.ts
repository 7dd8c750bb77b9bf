// TimeStampResp (RFC 3161 §2.4.2) as the X-Road message log reads it (TimestamperUtil):
// status granted/grantedWithMods is required, then BouncyCastle's TimeStampResponse.validate
// compares the token with the request (imprint, algorithm, nonce, policy, ESS attribute).
import type * as asn1js from 'asn1js';
import { Asn1StructureError, encoding, isUniversal, Tag } from '../asn1/der-reader.js';
import { asn1 } from './asn1.js';
import { PKI_FAILURE_INFO_BITS, isGrantedStatus, pkiStatusName, type PkiFailureInfo, type PkiStatus } from './pki-status.js';
import { timestampError, TimestampErrorCodes } from './timestamp-error-codes.js';
import type { TimestampRequest } from './timestamp-request.js';
import { parseTimestampToken, type TimestampToken } from './timestamp-token.js';
import type { TstInfo } from './tst-info.js';

export interface TimestampResponse {
  /** Undefined for a status number RFC 3161 does not define. */
  status?: PkiStatus;
  statusValue: number;
  statusStrings: string[];
  failInfo: PkiFailureInfo[];
  /** The timeStampToken (ContentInfo DER) when present. */
  token?: Buffer;
  timestampToken?: TimestampToken;
  tstInfo?: TstInfo;
  der: Buffer;
}

/**
 * Parses a response. An undecodable body is `mlog.reading_timestamp_response_failed`; a token
 * that BouncyCastle could not turn into a TimeStampToken is `mlog.timestamp_response_object_creation_failed`.
 */
export function parseTimestampResponse(der: Uint8Array): TimestampResponse {
  let fields: asn1js.AsnType[];
  let statusFields: asn1js.AsnType[];
  let root: asn1js.AsnType;
  const resp: Partial<TimestampResponse> = {};
  try {
    root = asn1.decode(der, 'TimeStampResp');
    fields = asn1.sequence(root, 'TimeStampResp');
    statusFields = asn1.sequence(fields[0], 'TimeStampResp.status');
    resp.statusValue = Number(asn1.integer(statusFields[0], 'PKIStatusInfo.status'));
    resp.statusStrings = [];
    resp.failInfo = [];
    for (const f of statusFields.slice(1)) {
      if (isUniversal(f, Tag.sequence)) resp.statusStrings = asn1.children(f, 'statusString').map((s) => String((s.valueBlock as unknown as { value: unknown }).value));
      else if (isUniversal(f, Tag.bitString)) resp.failInfo = readFailInfo(f);
      else throw new Asn1StructureError('PKIStatusInfo: unexpected field');
    }
    if (fields.length > 2) throw new Asn1StructureError('TimeStampResp: unexpected field after timeStampToken');
  } catch (e) {
    if (e instanceof Asn1StructureError) {
      throw timestampError(TimestampErrorCodes.readingTimestampResponseFailed, `Could not read time-stamp response: ${e.message}`, e);
    }
    throw e;
  }
  const result: TimestampResponse = {
    status: pkiStatusName(resp.statusValue!),
    statusValue: resp.statusValue!,
    statusStrings: resp.statusStrings!,
    failInfo: resp.failInfo!,
    der: encoding(root),
  };
  if (fields[1]) {
    result.token = encoding(fields[1]);
    try {
      result.timestampToken = parseTimestampToken(result.token);
    } catch (e) {
      throw timestampError(
        TimestampErrorCodes.timestampResponseObjectCreationFailed,
        `Could not create RFC 3161 TimeStampResponse object: ${(e as Error).message}`,
        e,
      );
    }
    result.tstInfo = result.timestampToken.tstInfo;
  }
  return result;
}

function readFailInfo(block: asn1js.AsnType): PkiFailureInfo[] {
  const bytes = (block.valueBlock as unknown as { valueHexView: Uint8Array }).valueHexView;
  return (Object.keys(PKI_FAILURE_INFO_BITS) as PkiFailureInfo[]).filter((name) => {
    const bit = PKI_FAILURE_INFO_BITS[name];
    return ((bytes[bit >> 3] ?? 0) & (0x80 >> (bit & 7))) !== 0;
  });
}

/**
 * The client-side acceptance X-Road applies before verifying the signer (TSA-002): a non-granted
 * status is `mlog.timestamp_non_granted_response`; a token that does not answer the request is
 * `mlog.timestamp_response_validation_failed`. Returns the token.
 */
export function validateTimestampResponse(response: TimestampResponse, request: TimestampRequest): TimestampToken {
  if (!isGrantedStatus(response.status)) {
    throw timestampError(
      TimestampErrorCodes.timestampNonGrantedResponse,
      `TimeStampResp.status: ${response.statusValue}, .statusString: ${response.statusStrings.map((s) => `"${s}"`).join(', ')}` +
        (response.failInfo.length ? `, failInfo: ${response.failInfo.join(', ')}` : ''),
    );
  }
  const token = response.timestampToken;
  const fail = (message: string) => timestampError(TimestampErrorCodes.timestampResponseValidationFailed, message);
  if (!token) throw fail('no time stamp token found and one expected');
  const info = token.tstInfo;
  if (request.nonce !== undefined && request.nonce !== info.nonce) throw fail('response contains wrong nonce value');
  if (!info.messageImprint.hashedMessage.equals(request.messageImprint.hashedMessage)) throw fail('response for different message imprint digest');
  if (info.messageImprint.hashAlgorithmOid !== request.messageImprint.hashAlgorithmOid) throw fail('response for different message imprint algorithm');
  if (request.reqPolicy && request.reqPolicy !== info.policy) throw fail('TSA responded with wrong policy');
  return token;
}
