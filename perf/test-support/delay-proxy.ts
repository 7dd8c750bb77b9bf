// A stand-in SUT for testing the harness itself: a forwarding HTTP proxy that adds a known delay
// before passing each request on. If the harness reports the added latency of this proxy as the
// delay injected (plus the proxy's own small forwarding cost), it can see overhead.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Pool } from 'undici';

export interface DelayProxy {
  url: string;
  /** Requests forwarded so far. */
  forwarded(): number;
  /**
   * The delay actually applied to each request, ms: on a loaded machine a wait overshoots, and
   * the harness must then report what was really added, not what was asked for.
   */
  appliedDelays(): number[];
  stop(): Promise<void>;
}

/**
 * Sleeps at least `ms`. A timer, not a spin: a process that spins for milliseconds is preempted
 * afterwards on a busy machine, which would add delay the proxy did not mean to add. The timer
 * overshoots a little instead, and the proxy records what it really waited (appliedDelays).
 */
export function sleepAtLeast(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => setTimeout(resolve, ms));
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'content-length', 'proxy-connection', 'upgrade', 'te', 'trailer']);

export async function startDelayProxy(opts: { upstream: string; delayMs: number }): Promise<DelayProxy> {
  const upstream = new URL(opts.upstream);
  const pool = new Pool(upstream.origin, { connections: 256 });
  let count = 0;
  const applied: number[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const t0 = performance.now();
        await sleepAtLeast(opts.delayMs);
        applied.push(performance.now() - t0);
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && typeof v === 'string') headers[k] = v;
        const body = Buffer.concat(chunks);
        const up = await pool.request({ path: req.url ?? '/', method: (req.method ?? 'GET') as 'POST', headers, body: body.length ? body : undefined, headersTimeout: 30_000, bodyTimeout: 30_000 });
        const answer = Buffer.from(await up.body.arrayBuffer());
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(k) && typeof v === 'string') out[k] = v;
        count++;
        res.writeHead(up.statusCode, { ...out, 'content-length': String(answer.length) });
        res.end(answer);
      })().catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`delay proxy: ${(e as Error).message}`);
      });
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
    forwarded: () => count,
    appliedDelays: () => [...applied],
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pool.destroy();
    },
  };
}
