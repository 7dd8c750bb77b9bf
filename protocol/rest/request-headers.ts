// The X-Road-* request headers a REST consumer sends (REST-002, REST-005), read into typed values.
// Identifier syntax is protocol/identifiers' (one parser for the `/`-separated forms); this file
// only picks the headers. Repeated headers: the last one wins, as in the reference's
// RestRequest.decodeHeaders loop.
import { ErrorCodes, XRoadError } from '../faults/index.js';
import {
  decodePathSegment,
  encodePathSegment,
  formatClientIdPath,
  formatSecurityServerIdPath,
  parseClientIdPath,
  parseSecurityServerIdPath,
  type ClientId,
  type SecurityServerId,
} from '../identifiers/index.js';
import { lastHeaderValue, XRoadHeader, type HeaderList } from './headers.js';

/** `X-Road-Represented-Party: [CLASS/]CODE` (third-party representation extension). */
export interface RepresentedParty {
  readonly partyClass?: string;
  readonly partyCode: string;
}

export interface RestRequestHeaders {
  readonly client?: ClientId;
  /** X-Road-Id (the message id). */
  readonly queryId?: string;
  readonly userId?: string;
  readonly issue?: string;
  readonly securityServer?: SecurityServerId;
  readonly representedParty?: RepresentedParty;
  readonly requestId?: string;
}

export function parseRepresentedParty(value: string): RepresentedParty {
  const parts = value.split('/');
  if (parts.length > 2 || parts.some((p) => p.length === 0)) {
    throw new XRoadError(ErrorCodes.invalidClientIdentifier, `Invalid RepresentedParty Id '${value}': expected [CLASS/]CODE`);
  }
  const decode = (s: string, what: string) => decodePathSegment(s, ErrorCodes.invalidClientIdentifier, `represented party ${what}`);
  return parts.length === 1
    ? { partyCode: decode(parts[0]!, 'code') }
    : { partyClass: decode(parts[0]!, 'class'), partyCode: decode(parts[1]!, 'code') };
}

export function formatRepresentedParty(p: RepresentedParty): string {
  const code = encodePathSegment(p.partyCode);
  return p.partyClass === undefined ? code : `${encodePathSegment(p.partyClass)}/${code}`;
}

/**
 * Reads the X-Road-* request headers. Malformed identifiers throw XRoadError with the
 * identifier's code (`invalid_client_identifier`, `invalid_security_server`). A missing
 * X-Road-Client is not an error here: see requireClient.
 */
export function readRestRequestHeaders(headers: HeaderList): RestRequestHeaders {
  const client = lastHeaderValue(headers, XRoadHeader.client);
  const server = lastHeaderValue(headers, XRoadHeader.securityServer);
  const party = lastHeaderValue(headers, XRoadHeader.representedParty);
  const out: { -readonly [K in keyof RestRequestHeaders]: RestRequestHeaders[K] } = {};
  if (client !== undefined) out.client = parseClientIdPath(client.trim());
  if (server !== undefined) out.securityServer = parseSecurityServerIdPath(server.trim());
  if (party !== undefined) out.representedParty = parseRepresentedParty(party.trim());
  const queryId = lastHeaderValue(headers, XRoadHeader.id);
  const userId = lastHeaderValue(headers, XRoadHeader.userId);
  const issue = lastHeaderValue(headers, XRoadHeader.issue);
  const requestId = lastHeaderValue(headers, XRoadHeader.requestId);
  if (queryId !== undefined) out.queryId = queryId;
  if (userId !== undefined) out.userId = userId;
  if (issue !== undefined) out.issue = issue;
  if (requestId !== undefined) out.requestId = requestId;
  return out;
}

/** REST-002: X-Road-Client is mandatory; its absence is `invalid_client_identifier`. */
export function requireClient(h: RestRequestHeaders): ClientId {
  if (!h.client) throw new XRoadError(ErrorCodes.invalidClientIdentifier, 'The X-Road-Client header is missing');
  return h.client;
}

/** Header pairs for a consumer request (what a client information system sends). */
export function restRequestHeaderList(h: RestRequestHeaders): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (h.client) out.push([XRoadHeader.client, formatClientIdPath(h.client)]);
  if (h.queryId !== undefined) out.push([XRoadHeader.id, h.queryId]);
  if (h.userId !== undefined) out.push([XRoadHeader.userId, h.userId]);
  if (h.issue !== undefined) out.push([XRoadHeader.issue, h.issue]);
  if (h.securityServer) out.push([XRoadHeader.securityServer, formatSecurityServerIdPath(h.securityServer)]);
  if (h.representedParty) out.push([XRoadHeader.representedParty, formatRepresentedParty(h.representedParty)]);
  if (h.requestId !== undefined) out.push([XRoadHeader.requestId, h.requestId]);
  return out;
}
