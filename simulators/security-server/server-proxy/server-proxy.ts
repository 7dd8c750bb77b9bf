// The SS-to-SS listener (TRANSP-001): TLS 1.2 with the X-Road cipher list, our auth certificate,
// a client certificate requested but not judged by a CA store — the trust decision is made per
// message in code (TlsTrust.verifyConsumer), once the request says which client it is for.
// Connections are kept alive for the consumer's pool (longer than a client keeps them idle). A
// knob that changes what a peer judges the connection on (our certificate, our OCSP responses)
// ends the open connections, so the peer judges a new one. Garbage (non-TLS bytes, broken
// handshakes, bad HTTP) only ever closes that one connection.
import https from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { readTransportHeaders } from '../../../protocol/transport/index.js';
import { currentAuthIdentity } from '../auth-identity.js';
import { headerPairs, readBody, sendSoapFault, toXRoadError } from '../http-util.js';
import type { ServerContext } from '../server-context.js';
import { peerChain } from '../transport-client.js';
import { handleRestTransport } from './rest-handler.js';
import { handleSoapTransport } from './soap-handler.js';

export interface Listener {
  host: string;
  port: number;
  close(): Promise<void>;
}

/** Idle keep-alive connections are kept this long (clients drop theirs earlier: transport-client.ts). */
export const SERVER_KEEP_ALIVE_MS = 65_000;

/** Knobs after which a peer must see a new handshake. */
const CONNECTION_KNOBS = new Set(['unregistered-auth-cert', 'stale-ocsp', 'revoked-ocsp']);

export async function startServerProxy(ctx: ServerContext, host: string, port: number): Promise<Listener> {
  const sockets = new Set<Socket>();
  /** Sockets opened before the last connection-relevant knob change: closed after their current answer. */
  const outdated = new WeakSet<Socket>();
  const tlsContext = () => {
    const identity = currentAuthIdentity(ctx);
    return { cert: identity.certPems.join('\n'), key: identity.keyPem, requestCert: true, rejectUnauthorized: false, ...ctx.tlsTrust.tlsOptions() };
  };
  const server = https.createServer(
    tlsContext(),
    (req: IncomingMessage, res: ServerResponse) => {
      if (outdated.has(req.socket)) res.shouldKeepAlive = false;
      void handle(ctx, req, res);
    },
  );
  server.keepAliveTimeout = SERVER_KEEP_ALIVE_MS;
  // Handshake timing (per connection, only while someone subscribes): TCP accepted -> secureConnection.
  // The raw socket and the TLS socket over it share the peer's address and port.
  const acceptedAt = new Map<string, number>();
  const peerKey = (s: Socket) => `${s.remoteAddress}|${s.remotePort}`;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    if (ctx.timing?.active) {
      const key = peerKey(s);
      acceptedAt.set(key, performance.now());
      s.on('close', () => acceptedAt.delete(key));
    }
    s.on('close', () => sockets.delete(s));
    s.setTimeout(Math.max(ctx.config.timeouts.transportMs, SERVER_KEEP_ALIVE_MS + 1000), () => s.destroy());
  });
  server.on('tlsClientError', (_e, s) => s.destroy());
  server.on('secureConnection', (s: TLSSocket) => {
    if (acceptedAt.size === 0) return;
    const key = peerKey(s);
    const at = acceptedAt.get(key);
    if (at === undefined) return;
    acceptedAt.delete(key);
    if (ctx.timing?.active) ctx.timing.tlsHandshake({ side: 'server-proxy', ms: performance.now() - at, resumed: s.isSessionReused() });
  });
  // Peer knob unregistered-auth-cert: new connections get the other certificate; with the OCSP
  // knobs, the download role answers differently. Either way the peer must judge a new connection.
  ctx.knobs.onChange((name) => {
    if (!CONNECTION_KNOBS.has(name)) return;
    if (name === 'unregistered-auth-cert') server.setSecureContext(tlsContext());
    for (const s of sockets) outdated.add(s);
    server.closeIdleConnections();
  });
  server.on('clientError', (_e, s) => s.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  return {
    host,
    port: addr.port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

async function handle(ctx: ServerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req, ctx.config.timeouts.maxMessageBytes, ctx.config.timeouts.transportMs);
    const chain = peerChain(req.socket as TLSSocket);
    if (readTransportHeaders(headerPairs(req)).isRest) await handleRestTransport(ctx, req, res, body, chain);
    else await handleSoapTransport(ctx, req, res, body, chain);
  } catch (e) {
    sendSoapFault(res, toXRoadError(e, 'server.serverproxy'));
  }
}
