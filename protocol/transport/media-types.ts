// Names of the SS-to-SS transport message (PR-MESSTRANSP §3, TRANSP-004..007): part media
// types, HTTP headers, and the digest names X-Road puts in x-hash-algorithm.
import { ErrorCodes, XRoadError } from '../faults/index.js';

export const TransportMediaType = {
  multipartMixed: 'multipart/mixed',
  ocspResponse: 'application/ocsp-response',
  textXml: 'text/xml',
  xopXml: 'application/xop+xml',
  restRequest: 'application/x-road-rest-request',
  restResponse: 'application/x-road-rest-response',
  restBody: 'application/x-road-rest-body',
  hashChainResult: 'application/hash-chain-result',
  hashChain: 'application/hash-chain',
  signature: 'signature/bdoc-1.0/ts',
} as const;

/** HTTP headers of the transport message, spelled as the reference writes them (MimeUtils). */
export const TransportHeader = {
  requestId: 'x-road-request-id',
  hashAlgorithm: 'x-hash-algorithm',
  originalContentType: 'x-original-content-type',
  proxyVersion: 'x-proxy-version',
  originalSoapAction: 'x-original-soapaction',
  messageType: 'x-road-message-type',
} as const;

/** Value of x-road-message-type for REST (TRANSP-004). */
export const MESSAGE_TYPE_REST = 'REST';

export interface DigestAlgorithm {
  /** Java name as sent in x-hash-algorithm, e.g. `SHA-512`. */
  readonly name: string;
  /** Node crypto name, e.g. `sha512`. */
  readonly node: string;
  /** XML Signature URI. */
  readonly uri: string;
}

const ALGORITHMS: readonly DigestAlgorithm[] = [
  { name: 'SHA-1', node: 'sha1', uri: 'http://www.w3.org/2000/09/xmldsig#sha1' },
  { name: 'SHA-224', node: 'sha224', uri: 'http://www.w3.org/2001/04/xmldsig-more#sha224' },
  { name: 'SHA-256', node: 'sha256', uri: 'http://www.w3.org/2001/04/xmlenc#sha256' },
  { name: 'SHA-384', node: 'sha384', uri: 'http://www.w3.org/2001/04/xmldsig-more#sha384' },
  { name: 'SHA-512', node: 'sha512', uri: 'http://www.w3.org/2001/04/xmlenc#sha512' },
];

export const SHA512: DigestAlgorithm = ALGORITHMS[4]!;

/**
 * Resolves an x-hash-algorithm value. The reference looks names up case-insensitively
 * (DigestAlgorithm.ofName); the URI form is accepted too. A missing or unknown name fails as in
 * the reference when it first needs the digest: `internal_error`.
 */
export function digestAlgorithmOf(value: string | undefined): DigestAlgorithm {
  if (value === undefined || value.trim() === '') {
    throw new XRoadError(ErrorCodes.internalError, 'Could not get hash algorithm identifier from message');
  }
  const v = value.trim();
  const lower = v.toLowerCase();
  const found = ALGORITHMS.find((a) => a.name.toLowerCase() === lower || a.uri === v);
  if (!found) throw new XRoadError(ErrorCodes.internalError, `Unknown digest algorithm name: ${v}`);
  return found;
}
