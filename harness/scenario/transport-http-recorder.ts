// A recording HTTP forwarder put in front of a trust service (the OCSP responder for OCSP-001, the
// TSA for TSA-001): the global configuration is pointed at it, it keeps every request (method,
// headers, body) and passes it on unchanged, so a scenario sees exactly what the SUT sent.
import type { ServerResponse } from 'node:http';
import { readBody, sendText, startSmallServer } from '../../simulators/http/small-server.js';

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

/** OCSP and time-stamp requests are a few kB; anything this large is not one. */
const MAX_RECORDED_BODY = 16 * 1024 * 1024;

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
  const server = await startSmallServer(async (req, res) => {
    try {
      const body = await readBody(req, MAX_RECORDED_BODY);
      if (!body) return sendText(res, 413, 'recorder: request body too large');
      const headers: Record<string, string> = {};
      for (const [n, v] of Object.entries(req.headers)) if (v !== undefined) headers[n] = Array.isArray(v) ? v.join(', ') : v;
      const rec: RecordedHttpRequest = { at: new Date(), method: req.method ?? '', path: req.url ?? '/', headers, body };
      requests.push(rec);
      await forward(target, rec, res, timeoutMs);
    } catch {
      if (!res.headersSent) res.writeHead(502, { 'content-length': '0' });
      res.end();
    }
  }, { socketTimeoutMs: timeoutMs });
  return { url: server.url, requests, stop: () => server.stop() };
}
