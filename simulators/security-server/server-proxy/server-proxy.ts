// The SS-to-SS listener (TRANSP-001): TLS 1.2 with the X-Road cipher list, our auth certificate,
// a client certificate requested but not judged by a CA store — the trust decision is made per
// message in code (TlsTrust.verifyConsumer), once the request says which client it is for.
// Garbage (non-TLS bytes, broken handshakes, bad HTTP) only ever closes that one connection.
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

export async function startServerProxy(ctx: ServerContext, host: string, port: number): Promise<Listener> {
  const sockets = new Set<Socket>();
  const tlsContext = () => {
    const identity = currentAuthIdentity(ctx);
    return { cert: identity.certPems.join('\n'), key: identity.keyPem, requestCert: true, rejectUnauthorized: false, ...ctx.tlsTrust.tlsOptions() };
  };
  const server = https.createServer(
    tlsContext(),
    (req: IncomingMessage, res: ServerResponse) => {
      void handle(ctx, req, res);
    },
  );
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.setTimeout(ctx.config.timeouts.transportMs, () => s.destroy());
  });
  server.on('tlsClientError', (_e, s) => s.destroy());
  // Peer knob unregistered-auth-cert: new connections get the other certificate.
  ctx.knobs.onChange((name) => {
    if (name === 'unregistered-auth-cert') server.setSecureContext(tlsContext());
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
