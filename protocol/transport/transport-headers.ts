// HTTP headers around the transport message (TRANSP-004, TRANSP-006). The consumer SS sends
// x-road-request-id, x-hash-algorithm, x-original-content-type, x-proxy-version, and for SOAP
// x-original-soapaction, for REST x-road-message-type: REST. The provider answers with
// x-hash-algorithm and, for SOAP, x-original-content-type.
import { lastHeaderValue, type HeaderList } from '../rest/index.js';
import { MESSAGE_TYPE_REST, TransportHeader } from './media-types.js';

export interface TransportRequestHeaders {
  readonly requestId?: string;
  readonly hashAlgorithm?: string;
  readonly originalContentType?: string;
  readonly proxyVersion?: string;
  /** SOAPAction of the client request, carried end to end (MESS-010). */
  readonly originalSoapAction?: string;
  readonly messageType?: string;
  /** x-road-message-type is REST. */
  readonly isRest: boolean;
}

export function readTransportHeaders(headers: HeaderList): TransportRequestHeaders {
  const get = (n: string) => lastHeaderValue(headers, n);
  const messageType = get(TransportHeader.messageType);
  const out: { -readonly [K in keyof TransportRequestHeaders]: TransportRequestHeaders[K] } = {
    isRest: messageType !== undefined && messageType.trim().toUpperCase() === MESSAGE_TYPE_REST,
  };
  const set = <K extends keyof TransportRequestHeaders>(k: K, v: TransportRequestHeaders[K] | undefined) => {
    if (v !== undefined) out[k] = v;
  };
  set('requestId', get(TransportHeader.requestId));
  set('hashAlgorithm', get(TransportHeader.hashAlgorithm));
  set('originalContentType', get(TransportHeader.originalContentType));
  set('proxyVersion', get(TransportHeader.proxyVersion));
  set('originalSoapAction', get(TransportHeader.originalSoapAction));
  set('messageType', messageType);
  return out;
}

export interface TransportRequestHeaderInput {
  requestId: string;
  hashAlgorithm?: string;
  /** Content-Type the client used (SOAP) or of the REST request; omitted when undefined. */
  originalContentType?: string;
  proxyVersion: string;
  /** SOAP only. */
  soapAction?: string;
  rest?: boolean;
}

/** Headers a consumer SS sends with a transport request (Content-Type is the encoder's). */
export function transportRequestHeaders(input: TransportRequestHeaderInput): Array<[string, string]> {
  const out: Array<[string, string]> = [
    [TransportHeader.requestId, input.requestId],
    [TransportHeader.hashAlgorithm, input.hashAlgorithm ?? 'SHA-512'],
  ];
  if (input.originalContentType !== undefined) out.push([TransportHeader.originalContentType, input.originalContentType]);
  out.push([TransportHeader.proxyVersion, input.proxyVersion]);
  if (input.rest) out.push([TransportHeader.messageType, MESSAGE_TYPE_REST]);
  else if (input.soapAction !== undefined) out.push([TransportHeader.originalSoapAction, input.soapAction]);
  return out;
}

/** Headers a provider SS answers with. */
export function transportResponseHeaders(input: { hashAlgorithm?: string; originalContentType?: string }): Array<[string, string]> {
  const out: Array<[string, string]> = [[TransportHeader.hashAlgorithm, input.hashAlgorithm ?? 'SHA-512']];
  if (input.originalContentType !== undefined) out.push([TransportHeader.originalContentType, input.originalContentType]);
  return out;
}
