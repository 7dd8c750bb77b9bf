// The client information system: sends SOAP and REST requests to a security server's client
// proxy and returns what came back as evidence (status, headers, exact body bytes, timing).
// Every call has a timeout; a refused or reset connection is evidence too, not an exception.
import { Agent, request, type Dispatcher } from 'undici';
import type { Attachment } from './provider-behaviour.js';
import { soapMultipart } from './soap-multipart.js';

export interface IsTls {
  /** Client certificate to present (IS connection policy https, MESS-009). */
  certPem?: string;
  keyPem?: string;
}

export interface Evidence {
  /** 0 when there was no HTTP response (see `error`). */
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  startedAt: Date;
  durationMs: number;
  /** Transport failure (connection refused/reset, timeout) with its undici/Node code. */
  error?: { code: string; message: string };
}

export interface SendOptions {
  timeoutMs?: number;
  headers?: Record<string, string>;
  tls?: IsTls;
  method?: string;
}

export interface SoapSendOptions extends SendOptions {
  /** Defaults to `text/xml; charset=UTF-8`, or multipart/related when attachments are given. */
  contentType?: string;
  /** SOAPAction header value, sent as given (including quotes). */
  soapAction?: string;
  attachments?: Attachment[];
  /** Package as MTOM (root part application/xop+xml). */
  mtom?: boolean;
}

const agents = new Map<string, Agent>();

function dispatcherFor(tls: IsTls | undefined): Dispatcher {
  const key = tls ? `${tls.certPem ?? ''}|${tls.keyPem ?? ''}` : 'plain';
  let agent = agents.get(key);
  if (!agent) {
    // Test servers use test certificates: the IS trusts the SS it was configured for, not a CA store.
    agent = new Agent({ connect: { rejectUnauthorized: false, ...(tls?.certPem ? { cert: tls.certPem, key: tls.keyPem } : {}) } });
    agents.set(key, agent);
  }
  return agent;
}

/** Closes pooled connections (call from test teardown). */
export async function closeClientIsConnections(): Promise<void> {
  const all = [...agents.values()];
  agents.clear();
  await Promise.all(all.map((a) => a.close()));
}

async function send(url: string, method: string, headers: Record<string, string>, body: Buffer | undefined, opts: SendOptions): Promise<Evidence> {
  const startedAt = new Date();
  const t0 = performance.now();
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await request(url, {
      method: method as Dispatcher.HttpMethod,
      headers,
      body,
      dispatcher: dispatcherFor(opts.tls),
      signal,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    const bytes = Buffer.from(await res.body.arrayBuffer());
    const outHeaders: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) outHeaders[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : (v ?? '');
    return { status: res.statusCode, headers: outHeaders, body: bytes, text: bytes.toString('utf8'), startedAt, durationMs: performance.now() - t0 };
  } catch (e) {
    const err = e as { code?: string; name?: string; message: string; cause?: { code?: string } };
    // A DOMException carries a numeric legacy code (23 for TimeoutError): name the timeout instead.
    const timedOut = err.name === 'TimeoutError' || err.name === 'AbortError';
    const code = timedOut ? `TIMEOUT after ${timeoutMs} ms` : (typeof err.code === 'string' ? err.code : undefined) ?? err.cause?.code ?? 'ERROR';
    return { status: 0, headers: {}, body: Buffer.alloc(0), text: '', startedAt, durationMs: performance.now() - t0, error: { code, message: err.message } };
  }
}

/** Sends a SOAP request (text/xml, or SwA/MTOM multipart/related with attachments) to `url`. */
export async function sendSoap(url: string, soap: string | Buffer, opts: SoapSendOptions = {}): Promise<Evidence> {
  const soapBytes = Buffer.isBuffer(soap) ? soap : Buffer.from(soap, 'utf8');
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.soapAction !== undefined) headers['SOAPAction'] = opts.soapAction;
  let body = soapBytes;
  if (opts.attachments?.length || opts.mtom) {
    const multipart = soapMultipart(soapBytes, opts.attachments ?? [], opts.mtom ?? false);
    body = multipart.body;
    headers['Content-Type'] = opts.contentType ?? multipart.contentType;
  } else {
    headers['Content-Type'] = opts.contentType ?? 'text/xml; charset=UTF-8';
  }
  return send(url, opts.method ?? 'POST', headers, body, opts);
}

export interface RestSendOptions extends SendOptions {
  /** X-Road-Client value (INSTANCE/CLASS/CODE[/SUBSYSTEM]); omitted when undefined. */
  client?: string;
  body?: Buffer | string;
  contentType?: string;
}

/**
 * Sends a REST request `METHOD {clientProxyUrl}/r1/{service}{path}` (REST-001). `service` is the
 * service id string; segments are percent-encoded here, `path` (with query) is sent as given.
 */
export async function sendRest(clientProxyUrl: string, service: string, path = '', opts: RestSendOptions = {}): Promise<Evidence> {
  const encoded = service.split('/').map(encodeURIComponent).join('/');
  const url = `${clientProxyUrl.replace(/\/$/, '')}/r1/${encoded}${path}`;
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (opts.client !== undefined) headers['X-Road-Client'] = opts.client.split('/').map(encodeURIComponent).join('/');
  if (opts.contentType !== undefined) headers['Content-Type'] = opts.contentType;
  const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, 'utf8');
  return send(url, opts.method ?? 'GET', headers, body, opts);
}

/** Any HTTP request (GET to the SOAP endpoint, garbage bodies, /listClients ...). */
export async function sendRaw(url: string, opts: SendOptions & { body?: Buffer | string } = {}): Promise<Evidence> {
  const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body, 'utf8');
  return send(url, opts.method ?? 'GET', { ...(opts.headers ?? {}) }, body, opts);
}
