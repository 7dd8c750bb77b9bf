// The raw client must report each way an abusive exchange can end — an answer, the server
// closing, our own timeout, our abort — as data, against a small local server.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, requestHead, startRawRequest } from './bad-raw-http.js';

let server: http.Server;
let closer: net.Server;
let url: string;
let closerUrl: string;

beforeAll(async () => {
  server = http.createServer({ maxHeaderSize: 1024 }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      res.writeHead(200, { 'Content-Type': 'text/plain', Connection: 'close' });
      res.end(`got ${Buffer.concat(chunks).length}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  closer = net.createServer((s) => s.once('data', () => s.destroy()));
  await new Promise<void>((r) => closer.listen(0, '127.0.0.1', r));
  closerUrl = `http://127.0.0.1:${(closer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await new Promise((r) => closer.close(r));
});

describe('raw HTTP client', () => {
  it('reads status, headers and body of an answer', async () => {
    const o = await rawRequest({ url, pieces: [requestHead(url, 'POST', [['Content-Length', '3'], ['Connection', 'close']]), 'abc'], timeoutMs: 3000 });
    expect(o.status).toBe(200);
    expect(o.headers['content-type']).toBe('text/plain');
    expect(o.body.toString()).toBe('got 3');
  });

  it('a 431 for an oversized header is an answer, not a failure', async () => {
    const o = await rawRequest({ url, pieces: [requestHead(url, 'GET', [['X-Big', 'x'.repeat(4096)]])], timeoutMs: 3000 });
    expect(o.status).toBe(431);
  });

  it('a server that closes without answering is server-closed with no status', async () => {
    const o = await rawRequest({ url: closerUrl, pieces: ['hello'], timeoutMs: 3000 });
    expect(o.status).toBeUndefined();
    expect(o.ending).toBe('server-closed');
  });

  it('a server still waiting for the body runs into our timeout; abort ends it at once', async () => {
    const head = requestHead(url, 'POST', [['Content-Length', '100']]);
    const o = await rawRequest({ url, pieces: [head, 'ab'], timeoutMs: 300 });
    expect(o.ending).toBe('our-timeout');
    expect(o.durationMs).toBeGreaterThanOrEqual(250);
    const running = startRawRequest({ url, pieces: [head], timeoutMs: 10_000 });
    running.abort();
    expect((await running.done).ending).toBe('aborted');
  });

  it('pauses between pieces are kept', async () => {
    const o = await rawRequest({ url, pieces: [requestHead(url, 'POST', [['Content-Length', '2'], ['Connection', 'close']]), 'a', 150, 'b'], timeoutMs: 3000 });
    expect(o.status).toBe(200);
    expect(o.durationMs).toBeGreaterThanOrEqual(140);
  });
});
