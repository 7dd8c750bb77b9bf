// OCSPResponse / BasicOCSPResponse reader (RFC 6960 §4.2.1). A typed view plus the original bytes
// of the parts X-Road compares or verifies as received (tbsResponseData, each CertID, certs).
// Parsed responses are shared by content (every message of a sender carries the same cached
// response; asn1js parsing cost ~1.4 ms of a security server's per-message work), so they are frozen.
import { parseCertIdAsn1, type CertId } from './cert-id.js';
import { ContentCache, deepFreeze } from '../asn1/content-cache.js';
import { encoding, isContext, isUniversal, type AlgorithmIdentifier, type Asn1 } from '../asn1/der-reader.js';
import { asn1, OcspParseError, nonceValue } from './der-reader.js';

export const OID_PKIX_OCSP_BASIC = '1.3.6.1.5.5.7.48.1.1';
export const OID_PKIX_OCSP_NONCE = '1.3.6.1.5.5.7.48.1.2';

/** OCSPResponseStatus (RFC 6960 §4.2.1); 4 is not used. */
export const OcspResponseStatus = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  sigRequired: 5,
  unauthorized: 6,
} as const;
export type OcspResponseStatusName = keyof typeof OcspResponseStatus;

export function responseStatusName(status: number): OcspResponseStatusName | `unknown(${number})` {
  const hit = (Object.keys(OcspResponseStatus) as OcspResponseStatusName[]).find((k) => OcspResponseStatus[k] === status);
  return hit ?? `unknown(${status})`;
}

/** CRLReason (RFC 5280 §5.3.1). */
export type CrlReason = number;

export type CertStatus =
  | { kind: 'good' }
  | { kind: 'revoked'; revocationTime: Date; reason?: CrlReason }
  | { kind: 'unknown' };

export interface SingleResponse {
  certId: CertId;
  status: CertStatus;
  thisUpdate: Date;
  nextUpdate?: Date;
  der: Buffer;
}

export type ResponderId = { kind: 'byName'; nameDer: Buffer } | { kind: 'byKey'; keyHash: Buffer };

export interface BasicOcspResponse {
  /** tbsResponseData exactly as received: the signed bytes. */
  tbsResponseDataDer: Buffer;
  version: number;
  responderId: ResponderId;
  producedAt: Date;
  responses: SingleResponse[];
  /** responseExtensions nonce value, if any (X-Road neither sends nor expects one). */
  nonce?: Buffer;
  signatureAlgorithm: AlgorithmIdentifier;
  signature: Buffer;
  /** DER of each certificate in `certs`. */
  certs: Buffer[];
}

export interface OcspResponse {
  der: Buffer;
  responseStatus: number;
  responseType?: string;
  /** Present when responseBytes carries id-pkix-ocsp-basic. */
  basic?: BasicOcspResponse;
}

function parseCertStatus(el: Asn1 | undefined): CertStatus {
  if (isContext(el, 0)) return { kind: 'good' };
  if (isContext(el, 2)) return { kind: 'unknown' };
  if (isContext(el, 1)) {
    // revoked [1] IMPLICIT RevokedInfo: the SEQUENCE's contents sit directly in the tag.
    const items = asn1.children(el!, 'RevokedInfo');
    const revocationTime = asn1.generalizedTime(items[0], 'revocationTime');
    const reasonTag = items.find((i) => isContext(i, 0));
    const reason = reasonTag ? asn1.smallInteger(asn1.explicitInner(reasonTag, 'revocationReason'), 'revocationReason', 10) : undefined;
    return { kind: 'revoked', revocationTime, reason };
  }
  throw new OcspParseError('SingleResponse', 'certStatus is not good [0], revoked [1] or unknown [2]');
}

function parseSingleResponse(el: Asn1): SingleResponse {
  const items = asn1.sequence(el, 'SingleResponse', 3);
  const nextTag = items.slice(3).find((i) => isContext(i, 0));
  return {
    certId: parseCertIdAsn1(items[0]),
    status: parseCertStatus(items[1]),
    thisUpdate: asn1.generalizedTime(items[2], 'thisUpdate'),
    nextUpdate: nextTag ? asn1.generalizedTime(asn1.explicitInner(nextTag, 'nextUpdate'), 'nextUpdate') : undefined,
    der: encoding(el),
  };
}

function parseResponderId(el: Asn1 | undefined): ResponderId {
  if (isContext(el, 1)) return { kind: 'byName', nameDer: encoding(asn1.explicitInner(el!, 'ResponderID byName')) };
  if (isContext(el, 2)) return { kind: 'byKey', keyHash: asn1.octetString(asn1.explicitInner(el!, 'ResponderID byKey'), 'ResponderID byKey') };
  throw new OcspParseError('ResponseData', 'responderID is neither byName [1] nor byKey [2]');
}

function findNonce(extensionsTag: Asn1 | undefined): Buffer | undefined {
  if (!extensionsTag) return undefined;
  for (const ext of asn1.sequence(asn1.explicitInner(extensionsTag, 'responseExtensions'), 'responseExtensions')) {
    const parts = asn1.sequence(ext, 'Extension', 2);
    if (asn1.oid(parts[0], 'extnID') === OID_PKIX_OCSP_NONCE) return nonceValue(asn1.octetString(parts[parts.length - 1], 'nonce'));
  }
  return undefined;
}

export function parseBasicOcspResponse(der: Uint8Array): BasicOcspResponse {
  const top = asn1.sequence(asn1.decode(der, 'BasicOCSPResponse'), 'BasicOCSPResponse', 3);
  const tbs = asn1.sequence(top[0], 'ResponseData', 3);
  let at = 0;
  let version = 0;
  if (isContext(tbs[0], 0)) {
    version = asn1.smallInteger(asn1.explicitInner(tbs[0], 'ResponseData version'), 'ResponseData version');
    at = 1;
  }
  const responderId = parseResponderId(tbs[at]);
  const producedAt = asn1.generalizedTime(tbs[at + 1], 'producedAt');
  const responses = asn1.sequence(tbs[at + 2], 'responses').map(parseSingleResponse);
  const nonce = findNonce(tbs.slice(at + 3).find((i) => isContext(i, 1)));
  const certsTag = top.slice(3).find((i) => isContext(i, 0));
  const certs = certsTag ? asn1.sequence(asn1.explicitInner(certsTag, 'certs'), 'certs').map(encoding) : [];
  return {
    tbsResponseDataDer: encoding(top[0]),
    version,
    responderId,
    producedAt,
    responses,
    nonce,
    signatureAlgorithm: asn1.algorithmIdentifier(top[1], 'signatureAlgorithm'),
    signature: asn1.bitString(top[2], 'signature'),
    certs,
  };
}

const parsedResponses = new ContentCache<OcspResponse>(512);

/**
 * Parses a DER OCSPResponse. The same bytes give the same frozen object (bounded cache by content);
 * malformed input throws OcspParseError every time and is not kept.
 */
export function parseOcspResponse(der: Uint8Array): OcspResponse {
  return parsedResponses.forBytes(der, () => deepFreeze(decodeOcspResponse(der)));
}

function decodeOcspResponse(der: Uint8Array): OcspResponse {
  const items = asn1.sequence(asn1.decode(der, 'OCSPResponse'), 'OCSPResponse', 1);
  const responseStatus = asn1.smallInteger(items[0], 'responseStatus', 10);
  const result: OcspResponse = { der: Buffer.from(der), responseStatus };
  if (items[1] === undefined) return result;
  if (!isContext(items[1], 0)) throw new OcspParseError('OCSPResponse', 'responseBytes must be [0] EXPLICIT');
  const responseBytes = asn1.sequence(asn1.explicitInner(items[1], 'responseBytes'), 'ResponseBytes', 2);
  result.responseType = asn1.oid(responseBytes[0], 'responseType');
  if (!isUniversal(responseBytes[1], 4)) throw new OcspParseError('ResponseBytes', 'response must be an OCTET STRING');
  if (result.responseType === OID_PKIX_OCSP_BASIC) {
    result.basic = parseBasicOcspResponse(asn1.octetString(responseBytes[1], 'ResponseBytes response'));
  }
  return result;
}
