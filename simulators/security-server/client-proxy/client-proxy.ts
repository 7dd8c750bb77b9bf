// The client-side listener(s) for information systems, plain HTTP and HTTPS (real X-Road: 8080 and
// 8443). Dispatch follows requirements §15.26: /r1/... is REST, /listClients, /asic and
// /verificationconf are answered locally (by their components, through seams), anything else is
// SOAP. Bad input ends in a fault for that request only; the listener keeps serving.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { isRestRequestTarget } from '../../../protocol/rest/index.js';
import { readBody, sendRestError, sendSoapFault, toXRoadError } from '../http-util.js';
import type { ServerContext } from '../server-context.js';
import { handleRestRequest } from './rest-handler.js';
import { handleSoapRequest } from './soap-handler.js';

/** Locally answered paths; each component registers its handler here (metaservices, message log). */
export type LocalHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<void>;

export interface LocalHandlers {
  listClients?: LocalHandler;
  asic?: LocalHandler;
  verificationconf?: LocalHandler;
}

export interface Listener {
  host: string;
  port: number;
  close(): Promise<void>;
}

async function notAvailable(res: ServerResponse, what: string): Promise<void> {
  res.writeHead(501, { 'Content-Type': 'text/plain; charset=UTF-8' });
  res.end(`${what} is not available on this security server`);
}

export function clientProxyHandler(ctx: ServerContext, local: LocalHandlers) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = req.url ?? '/';
    const isRest = isRestRequestTarget(target);
    try {
      const url = new URL(target, 'http://client-proxy.invalid');
      if (url.pathname === '/listClients') return await (local.listClients ? local.listClients(req, res, url) : notAvailable(res, '/listClients'));
      if (url.pathname === '/asic') return await (local.asic ? local.asic(req, res, url) : notAvailable(res, '/asic'));
      if (url.pathname === '/verificationconf') {
        return await (local.verificationconf ? local.verificationconf(req, res, url) : notAvailable(res, '/verificationconf'));
      }
      const body = await readBody(req, ctx.config.timeouts.maxMessageBytes, ctx.config.timeouts.transportMs);
      if (isRest) await handleRestRequest(ctx, req, res, body);
      else await handleSoapRequest(ctx, req, res, body);
    } catch (e) {
      const err = e instanceof XRoadError ? e : new XRoadError(ErrorCodes.internalError, (e as Error).message);
      if (isRest) sendRestError(res, toXRoadError(err, 'server.clientproxy'), req.headers['accept']);
      else sendSoapFault(res, toXRoadError(err, 'server.clientproxy'));
    }
  };
}

export async function startClientProxy(
  ctx: ServerContext,
  local: LocalHandlers,
  host: string,
  port: number,
  tls?: { certPem: string; keyPem: string },
): Promise<Listener> {
  const handler = clientProxyHandler(ctx, local);
  const sockets = new Set<Socket>();
  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    void handler(req, res);
  };
  // HTTPS: a client certificate is requested (IS connection policy https, MESS-009) but not
  // required by TLS; the policy is applied per client once the message says which client it is.
  const server = tls
    ? https.createServer({ cert: tls.certPem, key: tls.keyPem, requestCert: true, rejectUnauthorized: false, minVersion: 'TLSv1.2' }, onRequest)
    : http.createServer(onRequest);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('clientError', (_e, s) => s.destroy());
  if (tls) server.on('tlsClientError', (_e, s) => s.destroy());
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
