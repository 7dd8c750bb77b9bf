// The `application/x-road-rest-response` part (TRANSP-015): status CRLF reason CRLF (Name:Value CRLF)*.
// Built by the provider SS from the provider IS's answer: REST-009 headers dropped, and any
// x-road-id / x-road-request-hash / x-road-client / x-road-request-id the IS sent dropped; then
// x-road-id, x-road-client, x-road-service, x-road-request-id and x-road-request-hash appended
// in that order (reference RestResponse). An X-Road-Service sent by the IS is NOT dropped by the
// reference, so the part then carries two; readers take the last (REST-006).
import { formatClientIdPath, formatServiceIdPath, parseClientIdPath, parseServiceIdPath, type ClientId, type ServiceId } from '../identifiers/index.js';
import { partError, readLines, serializeHeaderLines, splitHeaderLine } from './header-part-lines.js';
import { isSkippedHeader, lastHeaderValue, XRoadHeaderLower, type HeaderList } from './headers.js';

export interface RestResponsePart {
  readonly bytes: Buffer;
  readonly status: number;
  readonly reason: string;
  readonly headers: Array<[string, string]>;
  /** x-road-id */
  readonly queryId: string;
  /** x-road-request-hash, base64 as sent and decoded. */
  readonly requestHashBase64: string;
  readonly requestHash: Buffer;
  readonly client?: ClientId;
  readonly service?: ServiceId;
  readonly requestId?: string;
}

export interface RestResponsePartInput {
  status: number;
  reason: string;
  /** Headers of the provider IS's response, in order. */
  headers: HeaderList;
  client: ClientId;
  service: ServiceId;
  queryId: string;
  requestId: string;
  /** Raw request hash (see restRequestHash). */
  requestHash: Buffer;
}

const DROPPED = new Set<string>([XRoadHeaderLower.id, XRoadHeaderLower.requestHash, XRoadHeaderLower.client, XRoadHeaderLower.requestId]);

export function serializeRestResponsePart(status: number, reason: string, headers: HeaderList): Buffer {
  if (/[\r\n]/.test(reason)) throw partError('line break in REST response reason phrase');
  return Buffer.from(`${status}\r\n${reason}\r\n${serializeHeaderLines(headers)}`, 'utf8');
}

export function buildRestResponsePart(input: RestResponsePartInput): RestResponsePart {
  const headers: Array<[string, string]> = input.headers
    .filter(([n]) => !isSkippedHeader(n) && !DROPPED.has(n.toLowerCase()))
    .map(([n, v]) => [n, v]);
  headers.push(
    [XRoadHeaderLower.id, input.queryId],
    [XRoadHeaderLower.client, formatClientIdPath(input.client)],
    [XRoadHeaderLower.service, formatServiceIdPath(input.service)],
    [XRoadHeaderLower.requestId, input.requestId],
    [XRoadHeaderLower.requestHash, input.requestHash.toString('base64')],
  );
  return parseRestResponsePart(serializeRestResponsePart(input.status, input.reason, headers));
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Parses a received response part. Like the reference, x-road-id and x-road-request-hash must be
 * present and non-empty ("Invalid REST Response message"); defects are `internal_error`, malformed
 * identifiers keep their identifier codes.
 */
export function parseRestResponsePart(bytes: Buffer): RestResponsePart {
  const lines = readLines(bytes);
  if (lines.length < 1 || !/^\d{3}$/.test(lines[0]!)) throw partError(`REST response part: status line '${(lines[0] ?? '').slice(0, 40)}' is not a 3-digit code`);
  const status = Number(lines[0]);
  const reason = lines[1] ?? '';
  const headers = lines.slice(2).map(splitHeaderLine);
  const queryId = lastHeaderValue(headers, XRoadHeaderLower.id);
  const hash = lastHeaderValue(headers, XRoadHeaderLower.requestHash);
  if (!queryId || !hash) throw partError('Invalid REST Response message: x-road-id or x-road-request-hash missing or empty');
  const compact = hash.replace(/\s+/g, '');
  if (!BASE64.test(compact) || compact.length % 4 !== 0) throw partError(`Invalid REST Response message: x-road-request-hash '${hash.slice(0, 40)}' is not base64`);
  const requestHash = Buffer.from(compact, 'base64');
  if (requestHash.length === 0) throw partError('Invalid REST Response message: empty x-road-request-hash');
  const clientValue = lastHeaderValue(headers, XRoadHeaderLower.client);
  const serviceValue = lastHeaderValue(headers, XRoadHeaderLower.service);
  const requestId = lastHeaderValue(headers, XRoadHeaderLower.requestId);
  return {
    bytes,
    status,
    reason,
    headers,
    queryId,
    requestHashBase64: hash,
    requestHash,
    ...(clientValue !== undefined ? { client: parseClientIdPath(clientValue) } : {}),
    ...(serviceValue !== undefined ? { service: parseServiceIdPath(serviceValue) } : {}),
    ...(requestId !== undefined ? { requestId } : {}),
  };
}

/** Status 400..599 means the provider answered with an error (reference isErrorResponse). */
export function isErrorResponse(part: Pick<RestResponsePart, 'status'>): boolean {
  return part.status >= 400 && part.status <= 599;
}
