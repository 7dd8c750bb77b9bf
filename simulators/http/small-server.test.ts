import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { readBody, requestMediaType, send, sendText, startSmallServer, type SmallServer } from './small-server.js';

let server: SmallServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

const rawRequest = (port: number, text: string, timeoutMs = 5_000) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let out = '';
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error('no answer')));
    socket.on('data', (d) => (out += d.toString('latin1')));
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });

describe('small HTTP server for simulators', () => {
  it('answers with no-store, reads bodies up to the limit and refuses larger ones', async () => {
    server = await startSmallServer(async (req, res) => {
      const body = await readBody(req, 8);
      if (!body) return sendText(res, 413, 'too large');
      send(res, 200, Buffer.concat([Buffer.from(requestMediaType(req) + ':'), body]), 'application/x-test');
    });
    const ok = await fetch(server.url, { method: 'POST', body: 'abc', headers: { 'content-type': 'Application/X-Q; a=1' } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('no-store');
    expect(ok.headers.get('content-type')).toBe('application/x-test');
    expect(await ok.text()).toBe('application/x-q:abc');
    const big = await fetch(server.url, { method: 'POST', body: '123456789' });
    expect(big.status).toBe(413);
    expect(await big.text()).toBe('too large\n');
    expect(big.headers.get('content-type')).toBe('text/plain; charset=utf-8');
  });

  it('turns a throwing handler into 500 and an unparsable request into 400, and keeps serving', async () => {
    let clientErrors = 0;
    server = await startSmallServer(
      async (req, res) => {
        if (req.url === '/boom') throw new Error('boom');
        sendText(res, 200, 'fine');
      },
      { onClientError: () => clientErrors++ },
    );
    expect((await fetch(server.url + 'boom')).status).toBe(500);
    expect(await rawRequest(server.port, 'GARBAGE\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/);
    expect(clientErrors).toBe(1);
    expect(await (await fetch(server.url)).text()).toBe('fine\n');
  });

  it('names nothing in a 500 unless the simulator says what to name', async () => {
    const boom = async () => {
      throw new Error('signer key gone');
    };
    server = await startSmallServer(boom);
    expect(await (await fetch(server.url)).text()).toBe('internal error\n');
    await server.stop();
    server = await startSmallServer(boom, { internalErrorText: (e) => `internal error: ${(e as Error).message}` });
    const res = await fetch(server.url);
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('internal error: signer key gone\n');
  });

  it('goes down (connections refused) and comes back on the same port; not after stop', async () => {
    server = await startSmallServer(async (_req, res) => sendText(res, 200, 'up'));
    const port = server.port;
    await server.goDown();
    expect(server.down).toBe(true);
    await expect(fetch(server.url, { signal: AbortSignal.timeout(3_000) })).rejects.toThrow();
    await server.comeBack();
    expect(server.port).toBe(port);
    expect(await (await fetch(server.url)).text()).toBe('up\n');
    await server.goDown();
    await server.stop();
    await server.comeBack();
    await expect(fetch(server.url, { signal: AbortSignal.timeout(3_000) })).rejects.toThrow();
  });

  it('drops idle sockets after the socket timeout, and stop() cancels a pending sleep', async () => {
    let slept = false;
    server = await startSmallServer(
      async (_req, res) => {
        await server!.sleep(60_000);
        slept = true;
        sendText(res, 200, 'late');
      },
      { socketTimeoutMs: 300 },
    );
    const t0 = Date.now();
    expect(await rawRequest(server.port, 'GET / HTTP/1.1\r\nHost: x\r\n')).toBe(''); // headers never finished
    expect(Date.now() - t0).toBeLessThan(4_000);
    const pending = fetch(server.url).catch(() => 'dropped');
    await new Promise((r) => setTimeout(r, 100));
    await server.stop();
    expect(await pending).toBe('dropped');
    expect(slept).toBe(false);
  });
});
