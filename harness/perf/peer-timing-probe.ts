// Collecting the harness peer SS's per-exchange timing during the slices of a SUT leg. The peer
// runs in the environment process, the load generator in the perf run's; a small loopback HTTP
// control endpoint in the environment process opens and closes collections, and each closed one
// comes back as a PeerTimingSlice (sums and HDR logs: a few kB whatever the exchange count). The
// same collector serves in-process (tests, embedded use) without the HTTP hop.
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PeerSliceBuilder, type PeerSide, type PeerTimingSlice } from '../../perf/peer-timing.js';
import type { ExchangeTiming, TimingHooks, TimingSubscriber, TlsHandshakeTiming } from '../../simulators/security-server/exchange-timing.js';

export interface PeerCollectionSpec {
  side: PeerSide;
  protocol: 'soap' | 'rest';
  /** Only exchanges for these service codes (the perf leg's), when given. */
  serviceCodes?: string[];
  /** Exchanges and handshakes completing this soon after the start are warm-up: not counted. */
  skipMs?: number;
}

/** What measureOverhead asks of the peer: one collection per measured slice of a SUT leg. */
export interface PeerTimingProbe {
  readonly side: PeerSide;
  begin(spec: Omit<PeerCollectionSpec, 'side'>): Promise<string>;
  end(id: string): Promise<PeerTimingSlice>;
}

export class PeerTimingError extends Error {
  override readonly name = 'PeerTimingError';
  readonly code = 'perf.peer_timing';
}

interface Collection {
  spec: PeerCollectionSpec;
  countFrom: number;
  builder: PeerSliceBuilder;
}

/** Open collections on one server's TimingHooks; subscribed only while at least one is open. */
export class PeerTimingCollector {
  private readonly open = new Map<string, Collection>();
  private next = 1;
  private unsubscribe: (() => void) | undefined;
  private readonly subscriber: TimingSubscriber = {
    exchange: (t) => this.onExchange(t),
    tlsHandshake: (h) => this.onHandshake(h),
  };

  constructor(private readonly hooks: TimingHooks) {}

  begin(spec: PeerCollectionSpec): string {
    const id = String(this.next++);
    this.open.set(id, { spec, countFrom: performance.now() + (spec.skipMs ?? 0), builder: new PeerSliceBuilder() });
    this.unsubscribe ??= this.hooks.subscribe(this.subscriber);
    return id;
  }

  end(id: string): PeerTimingSlice {
    const c = this.open.get(id);
    if (!c) throw new PeerTimingError(`no open peer timing collection ${id}`);
    this.open.delete(id);
    if (this.open.size === 0) this.close();
    return c.builder.slice();
  }

  /** Drops every open collection and stops listening. */
  close(): void {
    this.open.clear();
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private onExchange(t: ExchangeTiming): void {
    // Metaservices and other locally answered requests are not the perf leg's exchanges.
    if (t.answeredLocally) return;
    const now = performance.now();
    for (const c of this.open.values()) {
      const s = c.spec;
      if (t.side !== s.side || t.protocol !== s.protocol || now < c.countFrom) continue;
      if (s.serviceCodes && (t.serviceCode === undefined || !s.serviceCodes.includes(t.serviceCode))) continue;
      c.builder.exchange(t.outcome === 'ok', t.ownMs, t.waitMs);
    }
  }

  private onHandshake(h: TlsHandshakeTiming): void {
    const now = performance.now();
    for (const c of this.open.values()) if (h.side === c.spec.side && now >= c.countFrom) c.builder.handshake(h.ms);
  }
}

/** The in-process probe on a collector. */
export function localPeerTimingProbe(collector: PeerTimingCollector, side: PeerSide): PeerTimingProbe {
  return {
    side,
    begin: async (spec) => collector.begin({ ...spec, side }),
    end: async (id) => collector.end(id),
  };
}

const SIDES = new Set(['client-proxy', 'server-proxy']);
const PROTOCOLS = new Set(['soap', 'rest']);

/** Checks a collection spec from the wire; throws PeerTimingError naming what is wrong. */
export function parseCollectionSpec(v: unknown): PeerCollectionSpec {
  const o = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  if (typeof o.side !== 'string' || !SIDES.has(o.side)) throw new PeerTimingError(`side must be client-proxy or server-proxy, not ${JSON.stringify(o.side)}`);
  if (typeof o.protocol !== 'string' || !PROTOCOLS.has(o.protocol)) throw new PeerTimingError(`protocol must be soap or rest, not ${JSON.stringify(o.protocol)}`);
  if (o.skipMs !== undefined && (typeof o.skipMs !== 'number' || !(o.skipMs >= 0 && o.skipMs <= 600_000))) throw new PeerTimingError('skipMs must be a number of ms between 0 and 600000');
  if (o.serviceCodes !== undefined && (!Array.isArray(o.serviceCodes) || o.serviceCodes.some((c) => typeof c !== 'string'))) throw new PeerTimingError('serviceCodes must be a list of strings');
  return {
    side: o.side as PeerSide,
    protocol: o.protocol as 'soap' | 'rest',
    ...(o.serviceCodes ? { serviceCodes: o.serviceCodes as string[] } : {}),
    ...(o.skipMs !== undefined ? { skipMs: o.skipMs as number } : {}),
  };
}

function readJson(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 64 * 1024) req.destroy(new PeerTimingError('request too large'));
      else chunks.push(c);
    });
    req.on('end', () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined);
      } catch {
        reject(new PeerTimingError('body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': String(bytes.length) });
  res.end(bytes);
}

export interface PeerTimingServer {
  url: string;
  stop(): Promise<void>;
}

/**
 * The control endpoint in the environment process, loopback only: POST /collections {spec} ->
 * {id}; DELETE /collections/<id> -> the slice.
 */
export async function startPeerTimingServer(hooks: TimingHooks, host = '127.0.0.1'): Promise<PeerTimingServer> {
  const collector = new PeerTimingCollector(hooks);
  const server = http.createServer((req, res) => {
    void (async () => {
      try {
        const path = (req.url ?? '/').split('?')[0]!;
        if (req.method === 'POST' && path === '/collections') return send(res, 200, { id: collector.begin(parseCollectionSpec(await readJson(req))) });
        const m = /^\/collections\/(\d+)$/.exec(path);
        if (req.method === 'DELETE' && m) return send(res, 200, collector.end(m[1]!));
        send(res, 404, { error: `no ${req.method} ${path}` });
      } catch (e) {
        send(res, e instanceof PeerTimingError ? (/no open/.test(e.message) ? 404 : 400) : 500, { error: (e as Error).message });
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        collector.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function call<T>(url: string, method: string, body: unknown, timeoutMs: number): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } } : {}),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (e) {
    throw new PeerTimingError(`peer timing endpoint ${url}: ${(e as Error).message}`);
  }
  const json = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new PeerTimingError(`peer timing endpoint ${url}: HTTP ${res.status} ${json.error ?? ''}`.trim());
  return json;
}

/** The perf run's side of the control endpoint. */
export function httpPeerTimingProbe(baseUrl: string, side: PeerSide, timeoutMs = 5000): PeerTimingProbe {
  const base = baseUrl.replace(/\/$/, '');
  return {
    side,
    begin: async (spec) => (await call<{ id: string }>(`${base}/collections`, 'POST', { ...spec, side }, timeoutMs)).id,
    end: (id) => call<PeerTimingSlice>(`${base}/collections/${encodeURIComponent(id)}`, 'DELETE', undefined, timeoutMs),
  };
}
