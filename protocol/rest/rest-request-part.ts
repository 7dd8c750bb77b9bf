// The `application/x-road-rest-request` part of the SS-to-SS message (TRANSP-015):
//   METHOD CRLF path[?query] CRLF (Name:Value CRLF)*
// Built by the consumer SS from the client's request: REST-009 headers dropped, any
// X-Road-Request-Id / X-Road-Request-Hash the client sent dropped, then `x-road-request-id`
// appended, then `x-road-id` when the client sent no X-Road-Id (as RestRequest + setQueryId).
import { isXRoadError } from '../faults/index.js';
import type { ClientId } from '../identifiers/index.js';
import { partError, readLines, serializeHeaderLines, splitHeaderLine } from './header-part-lines.js';
import { isSkippedHeader, XRoadHeaderLower, type HeaderList } from './headers.js';
import { readRestRequestHeaders, type RestRequestHeaders } from './request-headers.js';
import { parseRestRequestTarget, type RestRequestTarget } from './request-target.js';

export const REST_VERBS = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE'] as const;
export type RestVerb = (typeof REST_VERBS)[number];

export interface RestRequestPart {
  /** The part's bytes as received or built; the signature covers these. */
  readonly bytes: Buffer;
  /**
   * The part re-serialised from its fields. The provider hashes this form for
   * X-Road-Request-Hash (the reference re-serialises a parsed request), so it differs from
   * `bytes` only when the sender used other line breaks.
   */
  readonly canonicalBytes: Buffer;
  readonly method: RestVerb;
  /** Raw path, `/r1/...`. */
  readonly path: string;
  readonly query: string | undefined;
  readonly headers: Array<[string, string]>;
  readonly target: RestRequestTarget;
  readonly xRoad: RestRequestHeaders;
  /** Value of a header spelled exactly `x-road-request-id` (the reference matches it case-sensitively). */
  readonly requestId: string | undefined;
}

export interface RestRequestPartInput {
  method: string;
  /** Raw path `/r1/...` (no query). */
  path: string;
  query?: string;
  /** Headers from the client's request, in order. */
  headers: HeaderList;
  /** Per-exchange id the consumer SS generates (X-Road-Request-Id). */
  requestId: string;
  /** X-Road-Id to add when the client sent none (reference: `{instance}-{UUID}`). */
  queryId?: string;
}

function checkVerb(method: string): RestVerb {
  if (!(REST_VERBS as readonly string[]).includes(method)) throw partError(`Unsupported HTTP method '${method}' in REST request part`);
  return method as RestVerb;
}

export function serializeRestRequestPart(method: string, path: string, query: string | undefined, headers: HeaderList): Buffer {
  if (/[\r\n]/.test(path) || (query !== undefined && /[\r\n]/.test(query))) throw partError('line break in REST request path');
  return Buffer.from(`${method}\r\n${path}${query === undefined ? '' : '?' + query}\r\n${serializeHeaderLines(headers)}`, 'utf8');
}

/** Builds the header part a consumer SS sends for a client's REST request. */
export function buildRestRequestPart(input: RestRequestPartInput): RestRequestPart {
  const lower = (n: string) => n.toLowerCase();
  const headers: Array<[string, string]> = input.headers
    .filter(([n]) => !isSkippedHeader(n) && lower(n) !== XRoadHeaderLower.requestId && lower(n) !== XRoadHeaderLower.requestHash)
    .map(([n, v]) => [n, v]);
  headers.push([XRoadHeaderLower.requestId, input.requestId]);
  if (input.queryId !== undefined && !headers.some(([n]) => lower(n) === XRoadHeaderLower.id)) {
    headers.push([XRoadHeaderLower.id, input.queryId]);
  }
  const bytes = serializeRestRequestPart(checkVerb(input.method), input.path, input.query, headers);
  return parseRestRequestPart(bytes);
}

/**
 * Parses a received header part. Defects throw XRoadError `internal_error` as in the reference
 * (unknown verb, absolute URI, a header line without ':' or with a REST-009 header, a path that
 * is not `/r1/` + five id segments); malformed identifiers keep their identifier codes.
 */
export function parseRestRequestPart(bytes: Buffer): RestRequestPart {
  const lines = readLines(bytes);
  if (lines.length < 2) throw partError('REST request part needs a method line and a path line');
  const method = checkVerb(lines[0]!);
  const uri = lines[1]!;
  if (!uri.startsWith('/') || uri.startsWith('//')) throw partError(`Invalid request URI '${uri}': not an absolute path`);
  const q = uri.indexOf('?');
  const path = q === -1 ? uri : uri.slice(0, q);
  const query = q === -1 ? undefined : uri.slice(q + 1);
  const headers = lines.slice(2).map(splitHeaderLine);
  let target: RestRequestTarget | undefined;
  try {
    target = parseRestRequestTarget(path);
  } catch (e) {
    throw isXRoadError(e) ? partError(e.message) : e;
  }
  if (!target) throw partError(`Invalid request URI '${path}': protocol version must be r1`);
  const xRoad = readRestRequestHeaders(headers);
  const requestId = [...headers].reverse().find(([n]) => n === XRoadHeaderLower.requestId)?.[1];
  return {
    bytes,
    canonicalBytes: serializeRestRequestPart(method, path, query, headers),
    method,
    path,
    query,
    headers,
    target,
    xRoad,
    requestId,
  };
}

/** The sender of a REST request: its X-Road-Client. */
export function restRequestSender(part: RestRequestPart): ClientId | undefined {
  return part.xRoad.client;
}
