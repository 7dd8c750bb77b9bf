// A stand-in provider security server that records what the SUT sends it (TRANSP-001/003..005,
// SIG-001..009 from the peer's side): the global configuration is pointed at it, it shows the
// TLS identity the scenario chooses (the peer's own auth cert, or a bad one for TRANSP-002), serves
// its own OCSP download role at port + 1 (README "Addresses"), and answers every transport message
// the way the scenario says — a text/xml SOAP fault, a text/html page, or a response it builds.
// Only the harness's own keys are used, so it works in front of a real SUT too.
import https from 'node:https';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash, X509Certificate } from 'node:crypto';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { MultipartWriter } from '../../protocol/multipart/index.js';
import { soapFaultText } from '../../simulators/member-systems/index.js';
import { xroadTlsProfile } from '../../simulators/security-server/tls-trust.js';
import { freePortPair } from '../../simulators/http/free-port.js';

export interface CaptureIdentity {
  certPem: string;
  keyPem: string;
}

export interface CapturedTls {
  protocol: string | null;
  cipher: string;
  /** The certificate the SUT authenticated with, if it sent one. */
  clientCert?: X509Certificate;
}

export interface CapturedRequest {
  at: Date;
  method: string;
  path: string;
  headers: Array<[string, string]>;
  body: Buffer;
  tls: CapturedTls;
}

export interface CapturedAnswer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export type CaptureReply =
  | { kind: 'fault'; faultCode: string; faultString: string }
  | { kind: 'html' }
  | { kind: 'build'; build: (req: CapturedRequest) => Promise<CapturedAnswer> };

/** How the capture's own :5577 role answers: per certificate (SHA-1 hex) a DER, or too few parts. */
export type CaptureOcspRole = { kind: 'lookup'; lookup: (sha1Hex: string) => Promise<Buffer | undefined> } | { kind: 'empty' };

export interface OcspDownloadHit {
  method: string;
  /** The query parameters in order. */
  params: Array<[string, string]>;
  status: number;
}

export interface TransportCapture {
  /** `host:port` for shared-params securityServer/address. */
  address: string;
  requests: CapturedRequest[];
  ocspDownloads: OcspDownloadHit[];
  /** TLS connections that completed the handshake. */
  handshakes: number;
  /** SHA-1 (hex) of the certificate the stand-in shows. */
  identitySha1: string;
  reply: CaptureReply;
  stop(): Promise<void>;
}

function pairs(req: IncomingMessage): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) out.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
  return out;
}

function readAll(req: IncomingMessage, limit = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) req.destroy(new Error('capture: body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function tlsFacts(socket: TLSSocket): CapturedTls {
  const peer = socket.getPeerCertificate();
  return {
    protocol: socket.getProtocol(),
    cipher: socket.getCipher()?.name ?? '',
    ...(peer && peer.raw ? { clientCert: new X509Certificate(peer.raw) } : {}),
  };
}

function send(res: ServerResponse, a: CapturedAnswer): void {
  res.writeHead(a.status, { ...a.headers, 'content-length': String(a.body.length) });
  res.end(a.body);
}

async function answerTransport(capture: TransportCapture, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readAll(req);
  const record: CapturedRequest = { at: new Date(), method: req.method ?? '', path: req.url ?? '', headers: pairs(req), body, tls: tlsFacts(req.socket as TLSSocket) };
  capture.requests.push(record);
  const reply = capture.reply;
  if (reply.kind === 'fault') {
    send(res, { status: 200, headers: { 'content-type': 'text/xml; charset=UTF-8' }, body: Buffer.from(soapFaultText(reply.faultCode, reply.faultString), 'utf8') });
  } else if (reply.kind === 'html') {
    send(res, { status: 200, headers: { 'content-type': 'text/html; charset=UTF-8' }, body: Buffer.from('<html><body>not a security server</body></html>') });
  } else {
    send(res, await reply.build(record));
  }
}

async function answerOcspDownload(role: CaptureOcspRole, hits: OcspDownloadHit[], req: IncomingMessage, res: ServerResponse): Promise<void> {
  req.resume();
  const url = new URL(req.url ?? '/', 'http://x');
  const hit: OcspDownloadHit = { method: req.method ?? '', params: [...url.searchParams], status: 200 };
  hits.push(hit);
  const fail = (message: string) => {
    hit.status = 500;
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(message);
  };
  if (req.method === 'HEAD') return void res.writeHead(200, { 'content-length': '0' }).end();
  const writer = new MultipartWriter({ mediaType: 'multipart/related', params: { charset: 'UTF-8' } });
  // 'empty': well-formed MIME (RFC 2046 wants one part) but no application/ocsp-response in it.
  if (role.kind === 'empty') writer.add(Buffer.from('no OCSP responses here'), { 'Content-Type': 'text/plain' });
  else for (const sha1 of url.searchParams.getAll('cert')) {
    const der = await role.lookup(sha1.toLowerCase());
    if (!der) return fail(`unknown certificate ${sha1}`);
    writer.add(der, { 'Content-Type': 'application/ocsp-response' });
  }
  const out = writer.toBuffer();
  res.writeHead(200, { 'content-type': writer.contentType, 'content-length': String(out.length) });
  res.end(out);
}

export async function startTransportCapture(o: { identity: CaptureIdentity; reply: CaptureReply; ocsp: CaptureOcspRole; host?: string }): Promise<TransportCapture> {
  const host = o.host ?? '127.0.0.1';
  const port = await freePortPair(host);
  const sockets = new Set<Socket>();
  const capture: TransportCapture = {
    address: `${host}:${port}`,
    requests: [],
    ocspDownloads: [],
    handshakes: 0,
    identitySha1: sha1Hex(new X509Certificate(o.identity.certPem)),
    reply: o.reply,
    stop: async () => undefined,
  };
  const tls = https.createServer({ ...xroadTlsProfile(), cert: o.identity.certPem, key: o.identity.keyPem, requestCert: true, rejectUnauthorized: false }, (req, res) => {
    answerTransport(capture, req, res).catch((e: Error) => {
      if (!res.headersSent) send(res, { status: 500, headers: { 'content-type': 'text/plain' }, body: Buffer.from(`capture failed: ${e.message}`) });
    });
  });
  tls.on('secureConnection', () => capture.handshakes++);
  tls.on('tlsClientError', (_e, s) => s.destroy());
  const ocsp = http.createServer((req, res) => {
    answerOcspDownload(o.ocsp, capture.ocspDownloads, req, res).catch(() => res.destroy());
  });
  for (const s of [tls, ocsp]) {
    s.on('connection', (c: Socket) => {
      sockets.add(c);
      c.on('close', () => sockets.delete(c));
    });
  }
  const listen = (s: http.Server, p: number) =>
    new Promise<number>((resolve, reject) => {
      s.once('error', reject);
      s.listen(p, host, () => resolve((s.address() as AddressInfo).port));
    });
  await listen(tls, port);
  await listen(ocsp, port + 1);
  capture.stop = async () => {
    for (const c of sockets) c.destroy();
    await Promise.all([tls, ocsp].map((s) => new Promise<void>((r) => s.close(() => r()))));
  };
  return capture;
}

export function sha1Hex(cert: X509Certificate): string {
  return createHash('sha1').update(cert.raw).digest('hex');
}
