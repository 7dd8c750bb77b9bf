// HTTP GET for the configuration client: every request has a deadline (a slow or silent central
// server must not stall the refresh loop, GCONF-008) and a size cap. https locations derived from
// shared-params sources (GCONF-009) are not judged by a CA store: the directory signature is what
// X-Road trusts, so the TLS layer only has to connect.
import { Agent, request } from 'undici';
import { ErrorCodes, XRoadError } from '../../protocol/faults/index.js';

export interface ConfHttpAnswer {
  status: number;
  body: Buffer;
}

export interface ConfHttpOptions {
  /** Whole request, connect to last body byte (default 10 s). */
  timeoutMs?: number;
  /** Largest body read (default 32 MiB). */
  maxBytes?: number;
}

export class ConfHttp {
  private readonly agent: Agent;
  readonly timeoutMs: number;
  private readonly maxBytes: number;

  constructor(options: ConfHttpOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
    this.agent = new Agent({
      connect: { rejectUnauthorized: false, timeout: this.timeoutMs },
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      // Short keep-alive: a central server switched off must not see our idle sockets linger.
      keepAliveTimeout: 1_000,
    });
  }

  /** GET `url`; network failures and timeouts become XRoadError `network_error` naming the URL. */
  async get(url: string): Promise<ConfHttpAnswer> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const res = await request(url, { method: 'GET', dispatcher: this.agent, signal });
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of res.body) {
        size += (chunk as Buffer).length;
        if (size > this.maxBytes) {
          res.body.destroy();
          throw new XRoadError(ErrorCodes.networkError, `GET ${url}: body larger than ${this.maxBytes} bytes`);
        }
        chunks.push(chunk as Buffer);
      }
      return { status: res.statusCode, body: Buffer.concat(chunks) };
    } catch (e) {
      if (e instanceof XRoadError) throw e;
      const err = e as Error & { code?: string };
      const timedOut = signal.aborted || /timeout/i.test(`${err.name} ${err.code ?? ''}`);
      const why = timedOut ? `no answer within ${this.timeoutMs} ms` : `${err.code ?? err.name}: ${err.message}`;
      throw new XRoadError(ErrorCodes.networkError, `GET ${url} failed: ${why}`, undefined, { cause: e });
    }
  }

  async close(): Promise<void> {
    await this.agent.close().catch(() => undefined);
  }
}
