// The HTTP plumbing of the small simulators (OCSP responder, TSA): a loopback listener whose
// sockets all time out, request bodies read up to a limit, plain answers that never cache, a
// 'down' state that closes the listener (dropping open connections) and reopens it on the same
// port, and a stop that leaves no timer or socket behind. Bad requests get an answer and never
// stop the server: a handler that throws is a 500, an unparsable request a 400.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SmallServerOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Idle socket timeout (default 10 s); headers must arrive within it, a whole request within three. */
  socketTimeoutMs?: number;
  /** Called for each request the HTTP parser refused (answered 400 here), so the simulator can count it. */
  onClientError?: () => void;
  /** The line a handler that threw is answered with (500); default `internal error`, which names nothing. */
  internalErrorText?: (error: unknown) => string;
}

export interface SmallServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port/` */
  readonly url: string;
  /** True between goDown() and comeBack(). */
  readonly down: boolean;
  /** Waits `ms` (a fault knob's delay); stop() cancels the wait, and the request is then dropped. */
  sleep(ms: number): Promise<void>;
  /** Closes the listener and every open connection; nothing listens on the port until comeBack(). */
  goDown(): Promise<void>;
  /** Listens on the same port again after goDown(); does nothing when not down or after stop(). */
  comeBack(): Promise<void>;
  stop(): Promise<void>;
}

/** Answers with `body`; does nothing when an answer was already sent or the client is gone. */
export function send(res: ServerResponse, status: number, body: Buffer, contentType: string): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { 'content-type': contentType, 'content-length': body.length, 'cache-control': 'no-store' });
  res.end(body);
}

/** A one-line plain-text answer (refusals, simulated HTTP errors). */
export function sendText(res: ServerResponse, status: number, line: string): void {
  send(res, status, Buffer.from(line + '\n'), 'text/plain; charset=utf-8');
}

/** The request's media type, lowercased, parameters dropped ('' when there is no Content-Type). */
export function requestMediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Reads the body up to the limit; undefined when it is larger (the caller answers 413). */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > limit) return resolve(undefined);
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners('data');
        req.resume();
        resolve(undefined);
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startSmallServer(
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  options: SmallServerOptions = {},
): Promise<SmallServer> {
  const host = options.host ?? '127.0.0.1';
  const socketTimeoutMs = options.socketTimeoutMs ?? 10_000;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let down = false;

  const server: Server = createServer((req, res) => {
    handler(req, res).catch((e: unknown) => {
      if (!res.headersSent) sendText(res, 500, options.internalErrorText?.(e) ?? 'internal error');
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.headersTimeout = socketTimeoutMs;
  server.requestTimeout = socketTimeoutMs * 3;
  server.setTimeout(socketTimeoutMs, (socket) => socket.destroy());
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket) => {
    options.onClientError?.();
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve((server.address() as AddressInfo).port);
      });
    });
  const close = () =>
    new Promise<void>((resolve) => {
      if (!server.listening) return resolve();
      server.close(() => resolve());
      for (const s of sockets) s.destroy();
    });

  const port = await listen(options.port ?? 0);

  return {
    host,
    port,
    url: `http://${host}:${port}/`,
    get down() {
      return down;
    },
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const t = setTimeout(() => {
          timers.delete(t);
          resolve();
        }, ms);
        timers.add(t);
      }),
    async goDown() {
      if (down) return;
      down = true;
      await close();
    },
    async comeBack() {
      if (!down || stopped) return;
      down = false;
      await listen(port);
    },
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await close();
    },
  };
}
