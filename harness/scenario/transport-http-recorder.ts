// A recording HTTP forwarder put in front of a trust service (the OCSP responder for OCSP-001, the
// TSA for TSA-001): the global configuration is pointed at it, it keeps every request (method,
// headers, body) and passes it on unchanged, so a scenario sees exactly what the SUT sent.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedHttpRequest {
  at: Date;
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface HttpRecorder {
  url: string;
  requests: RecordedHttpRequest[];
  stop(): Promise<void>;
}

function readAll(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function forward(target: URL, rec: RecordedHttpRequest, res: ServerResponse, timeoutMs: number): Promise<void> {
  const headers: Record<string, string> = { ...rec.headers, host: target.host, 'content-length': String(rec.body.length) };
  delete headers['transfer-encoding'];
  const upstream = await fetch(new URL(rec.path, target), {
    method: rec.method,
    headers,
    ...(rec.method === 'GET' || rec.method === 'HEAD' ? {} : { body: new Uint8Array(rec.body) as unknown as BodyInit }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = Buffer.from(await upstream.arrayBuffer());
  const out: Record<string, string> = { 'content-length': String(body.length) };
  const ct = upstream.headers.get('content-type');
  if (ct) out['content-type'] = ct;
  res.writeHead(upstream.status, out);
  res.end(body);
}

/** Starts a recorder forwarding to `targetUrl` (its path is kept as the base). */
export async function startHttpRecorder(targetUrl: string, timeoutMs = 10_000): Promise<HttpRecorder> {
  const target = new URL(targetUrl);
  const requests: RecordedHttpRequest[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readAll(req);
      const headers: Record<string, string> = {};
      for (const [n, v] of Object.entries(req.headers)) if (v !== undefined) headers[n] = Array.isArray(v) ? v.join(', ') : v;
      const rec: RecordedHttpRequest = { at: new Date(), method: req.method ?? '', path: req.url ?? '/', headers, body };
      requests.push(rec);
      await forward(target, rec, res, timeoutMs);
    })().catch(() => {
      if (!res.headersSent) res.writeHead(502, { 'content-length': '0' });
      res.end();
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
