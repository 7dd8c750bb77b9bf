// The OCSP download role of a security server (TRANSP-003, X-Road's CertHashBasedOcspResponder on
// port 5577) and its client. A consumer that lacks a fresh response for the provider's auth chain
// asks `GET /?cert=<hex SHA-1 of DER>&...[&cert_hash=<hex SHA-256>...]`; the answer is
// multipart/related with one application/ocsp-response part per requested certificate, in order.
// An unknown certificate fails the whole request with 500; HEAD is the liveness probe (200).
// X-Road 8 clients send both parameter names; the server keys on `cert` when present (7.x rule),
// else on `cert_hash`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { createHash, type X509Certificate } from 'node:crypto';
import { request } from 'undici';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import { MultipartWriter, parseMultipart } from '../../protocol/multipart/index.js';
import type { OcspCache } from './components.js';
import type { XRoadOcspCache } from './ocsp-cache.js';

export const OCSP_RESPONSE_TYPE = 'application/ocsp-response';
/** Port of the OCSP download role on a real security server. */
export const OCSP_DOWNLOAD_PORT = 5577;

/** Finds a response by the certificate's hash (lowercase hex); undefined = unknown certificate. */
export type OcspDownloadLookup = (hash: { sha1?: string; sha256?: string }) => Promise<Buffer | undefined> | Buffer | undefined;

/** The lookup over an OCSP cache: XRoadOcspCache.forDownload (fresh own responses), else bySha1Hex. */
export function ocspDownloadLookupFrom(cache: OcspCache & Partial<Pick<XRoadOcspCache, 'forDownload'>>): OcspDownloadLookup {
  if (cache.forDownload) return (hash) => cache.forDownload!(hash);
  return ({ sha1 }) => (sha1 ? cache.bySha1Hex(sha1) : undefined);
}

function fail(res: ServerResponse, message: string): void {
  if (res.headersSent) return void res.destroy();
  const body = Buffer.from(message);
  res.writeHead(500, { 'content-type': 'text/plain; charset=UTF-8', 'content-length': body.length });
  res.end(body);
}

/** The request handler; mount it on any http server (the security server does, at host:(port+1)). */
export function createOcspDownloadHandler(lookup: OcspDownloadLookup): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  return async (req, res) => {
    req.resume();
    try {
      if (req.method === 'HEAD') {
        res.writeHead(200, { 'content-length': 0 });
        return void res.end();
      }
      if (req.method !== 'GET') return fail(res, `Invalid request method: ${req.method}`);
      const url = new URL(req.url ?? '/', 'http://x');
      const sha1 = url.searchParams.getAll('cert');
      const sha256 = url.searchParams.getAll('cert_hash');
      const keys: Array<{ sha1?: string; sha256?: string }> = sha1.length > 0 ? sha1.map((h) => ({ sha1: h.toLowerCase() })) : sha256.map((h) => ({ sha256: h.toLowerCase() }));
      if (keys.length === 0) return fail(res, 'Could not get cert hashes');
      const writer = new MultipartWriter({ mediaType: 'multipart/related', params: { charset: 'UTF-8' } });
      for (const key of keys) {
        const hash = key.sha1 ?? key.sha256!;
        const der = /^[0-9a-f]{40}$|^[0-9a-f]{64}$/.test(hash) ? await lookup(key) : undefined;
        if (!der) return fail(res, `Could not find OCSP response for certificate ${hash}`);
        writer.add(der, { 'Content-Type': OCSP_RESPONSE_TYPE });
      }
      const body = writer.toBuffer();
      res.writeHead(200, { 'content-type': writer.contentType, 'content-length': body.length });
      res.end(body);
    } catch (e) {
      fail(res, `Error getting OCSP responses: ${(e as Error).message}`);
    }
  };
}

export interface OcspDownloadServer {
  url: string;
  host: string;
  port: number;
  stop(): Promise<void>;
}

export async function startOcspDownloadServer(options: { lookup: OcspDownloadLookup; host?: string; port?: number; socketTimeoutMs?: number }): Promise<OcspDownloadServer> {
  const host = options.host ?? '127.0.0.1';
  const handler = createOcspDownloadHandler(options.lookup);
  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => void handler(req, res));
  server.setTimeout(options.socketTimeoutMs ?? 10_000, (s) => s.destroy());
  server.headersTimeout = options.socketTimeoutMs ?? 10_000;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_e, s) => s.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`,
    host,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Where a listed security server's download role answers: `host` -> host:5577 (real X-Road);
 * `host:port` (embedded instances, README "Addresses") -> host:(port+1).
 */
export function ocspDownloadAddress(address: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(address.trim());
  if (m) return { host: m[1], port: Number(m[2]) + 1 };
  return { host: address.trim(), port: OCSP_DOWNLOAD_PORT };
}

const hexOf = (alg: 'sha1' | 'sha256', c: X509Certificate) => createHash(alg).update(c.raw).digest('hex');

/** The consumer side (X-Road's CertHashBasedOcspResponderClient): one GET for all `certs`, both parameter names. */
export async function fetchPeerOcspResponses(address: string, certs: X509Certificate[], options: { timeoutMs?: number } = {}): Promise<Buffer[]> {
  const { host, port } = ocspDownloadAddress(address);
  const url = new URL(`http://${host}:${port}/`);
  for (const c of certs) url.searchParams.append('cert', hexOf('sha1', c));
  for (const c of certs) url.searchParams.append('cert_hash', hexOf('sha256', c));
  const timeoutMs = options.timeoutMs ?? 10_000;
  let status: number;
  let contentType: string | undefined;
  let body: Buffer;
  try {
    const res = await request(url, {
      method: 'GET',
      headers: { accept: 'multipart/related' },
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
      signal: AbortSignal.timeout(timeoutMs),
    });
    status = res.statusCode;
    const ct = res.headers['content-type'];
    contentType = Array.isArray(ct) ? ct[0] : ct;
    body = Buffer.from(await res.body.arrayBuffer());
  } catch (e) {
    throw new XRoadError(ErrorCodes.internalError, `Could not get OCSP responses from ${url.host}: ${(e as Error).message}`, undefined, { cause: e });
  }
  if (status < 200 || status > 299) {
    throw new XRoadError(ErrorCodes.internalError, `Could not get OCSP responses from ${url.host}: HTTP ${status} ${body.toString('utf8').slice(0, 200)}`);
  }
  let responses: Buffer[] = [];
  if (contentType && /^multipart\//i.test(contentType.trim())) {
    try {
      responses = parseMultipart(body, contentType)
        .parts.filter((p) => p.mediaType?.toLowerCase() === OCSP_RESPONSE_TYPE)
        .map((p) => Buffer.from(p.body));
    } catch (e) {
      throw new XRoadError(ErrorCodes.internalError, `Error parsing OCSP responses from ${url.host}: ${(e as Error).message}`);
    }
  }
  if (responses.length !== certs.length) {
    throw new XRoadError(ErrorCodes.internalError, `Could not get all OCSP responses from server (expected ${certs.length}, but got ${responses.length})`);
  }
  return responses;
}
