// Resilience probes: many clients that connect and stall (with or without finishing TLS and their
// request headers), and a request far larger than any message. The SUT must answer or drop each
// within a bound and keep serving everyone else. Plain sockets so that nothing in an HTTP client
// library smooths the abuse over; every probe ends by our own timeout at the latest.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';

export type StallMode = 'tcp' | 'headers';

export interface StalledClients {
  /** Connections the SUT has closed so far. */
  closedBySut(): number;
  close(): void;
}

/**
 * Opens `n` connections that stall: 'tcp' sends nothing at all (for a TLS port not even the
 * ClientHello); 'headers' completes TLS when the URL is https and sends request headers that
 * announce a body which never comes.
 */
export async function stallClients(url: string, n: number, mode: StallMode): Promise<StalledClients> {
  const u = new URL(url);
  const host = u.hostname.replace(/^\[|\]$/g, '');
  const port = Number(u.port || (u.protocol === 'https:' ? 443 : 80));
  const sockets: net.Socket[] = [];
  let closed = 0;
  const head = `POST / HTTP/1.1\r\nHost: ${u.host}\r\nContent-Type: text/xml; charset=UTF-8\r\nContent-Length: 100000\r\n\r\n`;
  await Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<void>((resolve) => {
          const useTls = mode === 'headers' && u.protocol === 'https:';
          const s: net.Socket = useTls ? tls.connect({ host, port, rejectUnauthorized: false, checkServerIdentity: () => undefined }) : net.connect({ host, port });
          sockets.push(s);
          const ready = useTls ? 'secureConnect' : 'connect';
          const timer = setTimeout(resolve, 3_000);
          s.once(ready, () => {
            clearTimeout(timer);
            if (mode === 'headers') s.write(head);
            resolve();
          });
          s.on('error', () => undefined);
          s.once('close', () => {
            closed++;
            clearTimeout(timer);
            resolve();
          });
        }),
    ),
  );
  return {
    closedBySut: () => closed,
    close: () => {
      for (const s of sockets) s.destroy();
    },
  };
}

export interface OversizedOutcome {
  ending: 'answered' | 'dropped' | 'our-timeout';
  status?: number;
  bytesSent: number;
  durationMs: number;
  body?: string;
}

/**
 * POSTs `totalBytes` of a SOAP-looking body in 1 MiB chunks, with Content-Length announced. The
 * SUT may answer (an error, after reading or refusing) or drop the connection; either is fine,
 * hanging past `timeoutMs` is not.
 */
export function postOversized(url: string, totalBytes: number, timeoutMs: number): Promise<OversizedOutcome> {
  const u = new URL(url);
  const chunk = Buffer.alloc(1024 * 1024, 0x41);
  const prefix = Buffer.from('<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><x>');
  const t0 = performance.now();
  return new Promise((resolve) => {
    let sent = 0;
    let settled = false;
    const finish = (o: Omit<OversizedOutcome, 'bytesSent' | 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve({ ...o, bytesSent: sent, durationMs: performance.now() - t0 });
    };
    const options = { method: 'POST', headers: { 'Content-Type': 'text/xml; charset=UTF-8', 'Content-Length': String(totalBytes) }, rejectUnauthorized: false, checkServerIdentity: () => undefined, agent: false as const };
    const req = u.protocol === 'https:' ? https.request(u, options) : http.request(u, options);
    const timer = setTimeout(() => finish({ ending: 'our-timeout' }), timeoutMs);
    req.on('response', (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.length < 64 && parts.push(c));
      res.on('end', () => finish({ ending: 'answered', status: res.statusCode ?? 0, body: Buffer.concat(parts).toString('utf8').slice(0, 2000) }));
      res.on('error', () => finish({ ending: 'answered', status: res.statusCode ?? 0 }));
    });
    req.on('error', () => finish({ ending: 'dropped' }));
    const write = (): void => {
      while (!settled && sent < totalBytes) {
        const piece = sent === 0 ? prefix : chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
        sent += piece.length;
        if (!req.write(piece)) {
          req.once('drain', write);
          return;
        }
      }
      if (!settled) req.end();
    };
    write();
  });
}
