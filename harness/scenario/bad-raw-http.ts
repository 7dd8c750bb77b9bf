// A raw HTTP/1.1 client on a plain socket, for protocol abuse an ordinary HTTP client refuses to
// send: oversized header blocks, a Content-Length the body never reaches, a client that sends its
// headers and then stalls, bytes that are not HTTP at all. It reports whatever came back — a
// status line, or the server closing the connection, or nothing until our own timeout — as data,
// never as an exception.
import net from 'node:net';

export interface RawOutcome {
  /** HTTP status of the answer, when one arrived. */
  status?: number;
  headers: Record<string, string>;
  body: Buffer;
  /** How the exchange ended. */
  ending: 'server-closed' | 'our-timeout' | 'socket-error' | 'aborted';
  error?: string;
  durationMs: number;
}

export interface RawRequest {
  /** `http://host:port` (plain HTTP only: these are client-proxy abuse tests). */
  url: string;
  /** Written in order; a number is a pause of that many ms between writes. */
  pieces: Array<Buffer | string | number>;
  /** Give up waiting for the server after this long. */
  timeoutMs: number;
}

export interface RunningRawRequest {
  done: Promise<RawOutcome>;
  /** Closes our side (a stalled client that goes away). */
  abort(): void;
}

function parseAnswer(data: Buffer): Pick<RawOutcome, 'status' | 'headers' | 'body'> {
  const end = data.indexOf('\r\n\r\n');
  const head = (end >= 0 ? data.subarray(0, end) : data).toString('latin1');
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!m) return { headers: {}, body: data };
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').slice(1)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = end >= 0 ? data.subarray(end + 4) : Buffer.alloc(0);
  return { status: Number(m[1]), headers, body: /chunked/i.test(headers['transfer-encoding'] ?? '') ? dechunk(body) : body };
}

/** A chunked body's data; whatever arrived of a cut-off body. */
function dechunk(body: Buffer): Buffer {
  const out: Buffer[] = [];
  let i = 0;
  while (i < body.length) {
    const eol = body.indexOf('\r\n', i);
    if (eol < 0) break;
    const size = Number.parseInt(body.subarray(i, eol).toString('latin1'), 16);
    if (!Number.isFinite(size) || size === 0) break;
    out.push(body.subarray(eol + 2, eol + 2 + size));
    i = eol + 2 + size + 2;
  }
  return Buffer.concat(out);
}

export function startRawRequest(req: RawRequest): RunningRawRequest {
  const u = new URL(req.url);
  const t0 = performance.now();
  const socket = net.connect({ host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 80) });
  const chunks: Buffer[] = [];
  let settled = false;
  let resolveDone!: (o: RawOutcome) => void;
  const done = new Promise<RawOutcome>((r) => (resolveDone = r));
  const finish = (ending: RawOutcome['ending'], error?: string) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    socket.destroy();
    resolveDone({ ...parseAnswer(Buffer.concat(chunks)), ending, ...(error ? { error } : {}), durationMs: performance.now() - t0 });
  };
  const timer = setTimeout(() => finish('our-timeout'), req.timeoutMs);
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('end', () => finish('server-closed'));
  socket.on('close', () => finish('server-closed'));
  socket.on('error', (e) => finish(chunks.length ? 'server-closed' : 'socket-error', e.message));
  socket.on('connect', () => {
    void (async () => {
      for (const p of req.pieces) {
        if (settled) return;
        if (typeof p === 'number') await new Promise((r) => setTimeout(r, p));
        else if (!socket.write(p)) await new Promise((r) => socket.once('drain', r));
      }
    })().catch((e: unknown) => finish('socket-error', (e as Error).message));
  });
  return { done, abort: () => finish('aborted') };
}

export function rawRequest(req: RawRequest): Promise<RawOutcome> {
  return startRawRequest(req).done;
}

/** The request head `METHOD /path HTTP/1.1` with Host and the given headers (CRLF, blank line). */
export function requestHead(url: string, method: string, headers: Array<[string, string]>): string {
  const u = new URL(url);
  const lines = [`${method} ${u.pathname}${u.search} HTTP/1.1`, `Host: ${u.host}`, ...headers.map(([n, v]) => `${n}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
