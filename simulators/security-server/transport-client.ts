// The client proxy's side of the SS-to-SS channel (TRANSP-001/002/013/014): mutual TLS 1.2 with
// our auth key, no CA trust store — the provider's certificate is judged in code (TlsTrust) before
// a single byte of the message is written. With several provider servers, all are dialled at once
// and the first to complete the handshake wins (X-Road's "fastest connection" rule).
import http, { type IncomingHttpHeaders } from 'node:http';
import tls, { type TLSSocket } from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';
import type { ProviderTarget } from './client-proxy/target-selection.js';
import type { TlsTrust } from './components.js';

export interface TransportRequest {
  headers: Record<string, string>;
  body: Buffer;
}

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The server the message went to (whose auth cert passed the trust check). */
  serverId: string;
  /** Its address as dialled, host:port. */
  address: string;
}

export interface TransportClientOptions {
  /** Our TLS identity: auth cert (+ intermediates) and key, PEM. */
  certPem: string[];
  keyPem: string;
  tlsTrust: TlsTrust;
  connectTimeoutMs: number;
  /** Whole exchange after connecting. */
  timeoutMs: number;
  /** Peer knobs on the consumer side. */
  delayBeforeSendMs?: number;
  resetAfterHeaders?: boolean;
}

/** The peer's chain as Node exposes it, leaf first (issuer links followed until they repeat). */
export function peerChain(socket: TLSSocket): X509Certificate[] {
  const out: X509Certificate[] = [];
  let current = socket.getPeerCertificate(true) as tls.DetailedPeerCertificate | undefined;
  const seen = new Set<string>();
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    out.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  return out;
}

function connectOne(target: ProviderTarget, opts: TransportClientOptions): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      cert: opts.certPem.join('\n'),
      key: opts.keyPem,
      // Trust is X-Road's, decided after the handshake (TRANSP-001): no CA store, no host name check.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      ...opts.tlsTrust.tlsOptions(),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${target.host}:${target.port} timed out after ${opts.connectTimeoutMs} ms`));
    }, opts.connectTimeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

/** Connects to the first reachable target; the others are closed. */
async function connectFastest(targets: ProviderTarget[], opts: TransportClientOptions): Promise<{ socket: TLSSocket; target: ProviderTarget }> {
  const attempts = targets.map((t) => connectOne(t, opts).then((socket) => ({ socket, target: t })));
  try {
    const winner = await Promise.any(attempts);
    for (const a of attempts) {
      a.then((r) => r.socket !== winner.socket && r.socket.destroy()).catch(() => undefined);
    }
    return winner;
  } catch (e) {
    const reasons = e instanceof AggregateError ? e.errors.map((x: Error) => x.message) : [(e as Error).message];
    throw new XRoadError(ErrorCodes.networkError, `Could not connect to any target host (${targets.map((t) => `${t.host}:${t.port}`).join(', ')}): ${reasons.join('; ')}`);
  }
}

export async function sendTransportRequest(targets: ProviderTarget[], request: TransportRequest, opts: TransportClientOptions): Promise<TransportResponse> {
  const { socket, target } = await connectFastest(targets, opts);
  let serverId: string;
  try {
    serverId = await opts.tlsTrust.verifyProvider(peerChain(socket), [target.server]);
  } catch (e) {
    socket.destroy();
    throw e;
  }
  if (opts.delayBeforeSendMs) await new Promise((r) => setTimeout(r, opts.delayBeforeSendMs));

  return new Promise<TransportResponse>((resolve, reject) => {
    let settled = false;
    const fail = (err: XRoadError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      reject(err);
    };
    const timer = setTimeout(() => fail(new XRoadError(ErrorCodes.networkError, `No response from ${serverId} within ${opts.timeoutMs} ms`)), opts.timeoutMs);
    // Over the already verified socket. No `agent` option: with `agent: false` node ignores
    // createConnection and opens a fresh connection of its own.
    const req = http.request({
      method: 'POST',
      path: '/',
      host: target.host,
      port: target.port,
      headers: { ...request.headers, 'Content-Length': String(request.body.length) },
      createConnection: () => socket,
    });
    req.on('error', (e) => fail(new XRoadError(ErrorCodes.networkError, `Connection to ${serverId} failed: ${e.message}`)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.end();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), serverId, address: `${target.host}:${target.port}` });
      });
      res.on('error', (e) => fail(new XRoadError(ErrorCodes.ioError, `Reading the response from ${serverId} failed: ${e.message}`).wrappedIn(ErrorCodes.serviceFailed)));
      res.on('aborted', () => fail(new XRoadError(ErrorCodes.ioError, `Response from ${serverId} was cut short`).wrappedIn(ErrorCodes.serviceFailed)));
    });
    if (opts.resetAfterHeaders) {
      req.flushHeaders();
      setTimeout(() => socket.destroy(), 10);
      return;
    }
    req.end(request.body);
  });
}
