// The provider information system: serves the test services a security server forwards to, and
// records everything it receives byte for byte (MESS-011/012: the harness checks what reached the
// provider, e.g. that X-Foo was dropped and that the SOAP bytes arrived unmodified).
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { charsetOf } from '../../protocol/mime/content-type.js';
import { parseMultipart } from '../../protocol/multipart/index.js';
import { BehaviourTable, type Attachment, type ProviderBehaviour } from './provider-behaviour.js';
import { soapEchoResponse, soapFaultText } from './soap-echo.js';
import { soapMultipart } from './soap-multipart.js';

export interface ReceivedRequest {
  method: string;
  /** Path and query as received. */
  path: string;
  /** Raw header pairs in arrival order (names as sent). */
  headers: Array<[string, string]>;
  body: Buffer;
  receivedAt: Date;
  /** Client certificate presented over HTTPS, PEM. */
  clientCertPem?: string;
}

export interface ProviderIsOptions {
  host?: string;
  port?: number;
  /** Serve HTTPS with this cert (SslToService*); `requestCert` asks for the SS's client cert. */
  tls?: { certPem: string; keyPem: string; requestCert?: boolean };
  /** Largest accepted request body (default 64 MiB). */
  maxBodyBytes?: number;
  /**
   * Keep what arrives in `received` (default true). A perf run turns it off: it sends millions of
   * requests and checks none of them, and the bookkeeping would be charged to the harness floor.
   */
  record?: boolean;
}

export interface ProviderIs {
  url: string;
  received: ReceivedRequest[];
  behaviours: BehaviourTable;
  /** Waits until `n` requests have been received (or times out). */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

function headerPairs(req: IncomingMessage): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i < req.rawHeaders.length; i += 2) out.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return out;
}

/** How the SOAP text is decoded and the echo encoded: ISO-8859-1 when the charset parameter says so, else UTF-8. */
function soapEncodingOf(contentType: string | undefined): BufferEncoding {
  const cs = charsetOf(contentType)?.toLowerCase();
  return cs === 'iso-8859-1' || cs === 'latin1' ? 'latin1' : 'utf8';
}

/** SOAP text and attachments of a request (text/xml or multipart/related). */
function splitSoapRequest(contentType: string | undefined, body: Buffer): { soap: Buffer; soapType: string; attachments: Attachment[] } {
  const ct = contentType ?? 'text/xml';
  if (!/^multipart\//i.test(ct)) return { soap: body, soapType: ct, attachments: [] };
  const parsed = parseMultipart(body, ct);
  const [first, ...rest] = parsed.parts;
  if (!first) throw new Error('empty multipart');
  return {
    soap: first.body,
    soapType: first.headers.get('content-type') ?? 'text/xml',
    attachments: rest.map((p) => {
      const headers: Record<string, string> = {};
      for (const f of p.headers) if (f.name.toLowerCase() !== 'content-type') headers[f.name] = f.value;
      return { contentType: p.headers.get('content-type') ?? 'application/octet-stream', body: Buffer.from(p.body), headers };
    }),
  };
}

function respondSoapEcho(req: ReceivedRequest, b: Extract<ProviderBehaviour, { kind: 'soap-echo' }>, res: ServerResponse): void {
  const contentType = req.headers.find(([n]) => n.toLowerCase() === 'content-type')?.[1];
  const { soap, soapType, attachments } = splitSoapRequest(contentType, req.body);
  const enc = soapEncodingOf(soapType);
  const text = soapEchoResponse(soap.toString(enc), { bogusRequestHash: b.bogusRequestHash, alterId: b.alterId });
  const soapBytes = Buffer.from(text, enc);
  for (const [n, v] of Object.entries(b.headers ?? {})) res.setHeader(n, v);
  const outAttachments = b.attachments === 'echo' ? attachments : (b.attachments ?? []);
  if (outAttachments.length === 0 && !b.mtom) {
    res.writeHead(200, { 'Content-Type': `text/xml; charset=${enc === 'latin1' ? 'ISO-8859-1' : 'UTF-8'}` });
    res.end(soapBytes);
    return;
  }
  const out = soapMultipart(soapBytes, outAttachments, b.mtom ?? false);
  res.writeHead(200, { 'Content-Type': out.contentType });
  res.end(out.body);
}

function respondRestEcho(req: ReceivedRequest, b: Extract<ProviderBehaviour, { kind: 'rest-echo' }>, res: ServerResponse): void {
  const url = new URL(req.path, 'http://provider.invalid');
  const utf8 = Buffer.from(req.body.toString('utf8'), 'utf8').equals(req.body);
  const echo = {
    method: req.method,
    path: url.pathname,
    query: url.search,
    headers: Object.fromEntries(req.headers.map(([n, v]) => [n.toLowerCase(), v])),
    body: utf8 ? req.body.toString('utf8') : undefined,
    bodyBase64: utf8 ? undefined : req.body.toString('base64'),
  };
  res.writeHead(b.status ?? 200, { 'Content-Type': 'application/json; charset=utf-8', ...(b.headers ?? {}) });
  res.end(req.method === 'HEAD' ? undefined : JSON.stringify(echo));
}

const EMPTY = Buffer.alloc(0);

/** Path without the query, as behaviours are keyed (no URL object: this runs per request). */
function pathOnly(url: string): string {
  const q = url.indexOf('?');
  return q < 0 ? url : url.slice(0, q);
}

async function respond(req: ReceivedRequest, behaviour: ProviderBehaviour, res: ServerResponse, socket: Socket): Promise<void> {
  switch (behaviour.kind) {
    case 'soap-echo':
      return respondSoapEcho(req, behaviour, res);
    case 'soap-fault':
      res.writeHead(behaviour.httpStatus ?? 500, { 'Content-Type': 'text/xml; charset=UTF-8' });
      res.end(soapFaultText(behaviour.faultCode, behaviour.faultString, behaviour.detail));
      return;
    case 'rest-echo':
      return respondRestEcho(req, behaviour, res);
    case 'json':
      res.writeHead(behaviour.status ?? 200, { 'Content-Type': 'application/json', ...(behaviour.headers ?? {}) });
      res.end(JSON.stringify(behaviour.body));
      return;
    case 'raw': {
      const body = typeof behaviour.body === 'string' ? Buffer.from(behaviour.body) : (behaviour.body ?? EMPTY);
      // Content-Length rather than chunked: what a plain IS sends, and cheaper for the client.
      const headers = behaviour.headers ?? {};
      const framed = Object.keys(headers).some((n) => /^(content-length|transfer-encoding)$/i.test(n));
      res.writeHead(behaviour.status ?? 200, framed ? headers : { 'Content-Length': String(body.length), ...headers });
      res.end(body);
      return;
    }
    case 'delay':
      await new Promise((r) => setTimeout(r, behaviour.ms));
      if (socket.destroyed) return;
      return respond(req, behaviour.then, res, socket);
    case 'reset':
      socket.destroy();
      return;
    case 'respond': {
      const answer = await behaviour.respond(req);
      if (socket.destroyed) return;
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    case 'truncate': {
      const body = Buffer.from(behaviour.body);
      res.writeHead(200, { 'Content-Type': behaviour.contentType, 'Content-Length': String(body.length * 2 + 10) });
      res.write(body);
      setTimeout(() => socket.destroy(), 20);
      return;
    }
  }
}

export async function startProviderIs(options: ProviderIsOptions = {}): Promise<ProviderIs> {
  const received: ReceivedRequest[] = [];
  const behaviours = new BehaviourTable();
  const waiters: Array<() => void> = [];
  const maxBody = options.maxBodyBytes ?? 64 * 1024 * 1024;
  const sockets = new Set<Socket>();
  const recordAll = options.record ?? true;

  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBody) {
        res.writeHead(413).end();
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      const peer = (req.socket as { getPeerCertificate?: (detailed?: boolean) => { raw?: Buffer } }).getPeerCertificate?.();
      const record: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '/',
        headers: headerPairs(req),
        body: Buffer.concat(chunks),
        receivedAt: new Date(),
        ...(peer?.raw ? { clientCertPem: `-----BEGIN CERTIFICATE-----\n${peer.raw.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n` } : {}),
      };
      if (recordAll) {
        received.push(record);
        if (waiters.length > 0) for (const w of waiters.splice(0)) w();
      }
      const behaviour = behaviours.pick(pathOnly(record.path));
      respond(record, behaviour, res, req.socket).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(`provider IS simulator error: ${(e as Error).message}`);
      });
    });
  };

  const server = options.tls
    ? https.createServer({ cert: options.tls.certPem, key: options.tls.keyPem, requestCert: options.tls.requestCert ?? false, rejectUnauthorized: false }, handler)
    : http.createServer(handler);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const addr = server.address() as AddressInfo;
  const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    url: `${options.tls ? 'https' : 'http'}://${host}:${addr.port}`,
    received,
    behaviours,
    waitForRequests(n: number, timeoutMs = 5000): Promise<void> {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`provider IS: ${received.length} of ${n} requests within ${timeoutMs} ms`)), timeoutMs);
        const check = (): void => {
          if (received.length >= n) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    },
    stop(): Promise<void> {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
