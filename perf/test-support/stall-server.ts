// A test server that answers at once, except for one stall: from the first request at or after
// `stallAfterMs` it holds every answer until `stallMs` have passed (a GC pause, a full disk, a
// lock). Coordinated omission hides exactly this kind of event from a closed-loop generator.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface StallServer {
  url: string;
  /** When the stall began (performance.now()), once it has. */
  stalledAt(): number | undefined;
  stop(): Promise<void>;
}

export async function startStallServer(opts: { stallAfterMs: number; stallMs: number; status?: number }): Promise<StallServer> {
  const started = performance.now();
  let stallStart: number | undefined;
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const now = performance.now();
      if (stallStart === undefined && now - started >= opts.stallAfterMs) stallStart = now;
      const answer = () => res.writeHead(opts.status ?? 200, { 'content-type': 'text/plain' }).end('ok');
      const holdUntil = stallStart === undefined ? 0 : stallStart + opts.stallMs;
      if (now < holdUntil) setTimeout(answer, holdUntil - now);
      else answer();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stalledAt: () => stallStart,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
