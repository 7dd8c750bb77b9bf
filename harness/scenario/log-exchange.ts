// What the message log should hold for the client IS's last exchange: its query id (xrd:id, or
// for REST the X-Road-Id the client-side SS assigned), the client it is filed under, and the
// exact bytes the client IS sent and received — the reference the /asic evidence is compared with.
import { parseMultipart } from '../../protocol/multipart/index.js';
import { parseSoapEnvelope } from '../../protocol/soap/index.js';
import type { Evidence } from '../../simulators/member-systems/index.js';

export interface LoggedExchange {
  protocol: 'soap' | 'rest';
  queryId: string;
  client: string;
  /** SOAP: the SOAP part sent; REST: the body sent (possibly empty). */
  requestBytes: Buffer;
  /** SOAP: the SOAP part received; REST: the body received. */
  responseBytes: Buffer;
  /** REST only: method and request target (`/r1/...` path with query) as sent. */
  rest?: { method: string; pathAndQuery: string };
}

export class ExchangeReadError extends Error {
  override readonly name = 'ExchangeReadError';
  readonly code = 'exchange_unreadable';
}

function asBuffer(b: Buffer | string | undefined): Buffer {
  return b === undefined ? Buffer.alloc(0) : Buffer.isBuffer(b) ? b : Buffer.from(b, 'utf8');
}

/** The SOAP part of an HTTP body (the body itself for text/xml, the first part of multipart). */
export function soapPartOf(body: Buffer, contentType: string | undefined): Buffer {
  if (contentType && /^multipart\//i.test(contentType)) {
    const first = parseMultipart(body, contentType).parts[0];
    if (!first) throw new ExchangeReadError('multipart body without parts');
    return Buffer.from(first.body);
  }
  return body;
}

/** The request target as sent: `/r1/{serviceId}{path}[?query]` (the header part's second line, TRANSP-015). */
function requestTarget(url: string): string {
  const u = new URL(url);
  return u.pathname + u.search;
}

export function loggedExchangeOf(
  last: { sent: { method: string; url: string; headers: Record<string, string>; body?: Buffer | string }; received: Evidence },
  client: string,
): LoggedExchange {
  const { sent, received } = last;
  if (received.error) throw new ExchangeReadError(`the exchange got no HTTP answer (${received.error.code})`);
  if (new URL(sent.url).pathname.startsWith('/r1/')) {
    const queryId = received.headers['x-road-id'];
    if (!queryId) throw new ExchangeReadError('the REST answer carries no X-Road-Id, so its log records cannot be named');
    return { protocol: 'rest', queryId, client, requestBytes: asBuffer(sent.body), responseBytes: received.body, rest: { method: sent.method, pathAndQuery: requestTarget(sent.url) } };
  }
  const soap = asBuffer(sent.body);
  const id = parseSoapEnvelope(soap, { contentType: 'text/xml' }).header.id;
  if (!id) throw new ExchangeReadError('the SOAP request sent has no xrd:id');
  return { protocol: 'soap', queryId: id, client, requestBytes: soap, responseBytes: soapPartOf(received.body, received.headers['content-type']) };
}
