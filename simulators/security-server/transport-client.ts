// The client proxy's side of the SS-to-SS channel (TRANSP-001/002/013/014): mutual TLS 1.2 with
// our auth key, no CA trust store — the provider's certificate is judged in code (TlsTrust) once
// per connection, after the handshake and before a single byte of a message is written, as
// X-Road's AuthTrustManager does. Verified connections are kept alive and reused, per provider
// address and TLS identity (a changed identity — knob unregistered-auth-cert — gets new ones); a
// changed list of security servers in the global configuration drops them, so the next message
// is judged again. With several provider servers and no pooled connection, all are dialled at
// once and the first to complete the handshake wins (X-Road's "fastest connection" rule).
import { createHash, X509Certificate } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import type { Duplex } from 'node:stream';
import tls, { type TLSSocket } from 'node:tls';
import { ErrorCodes, XRoadError, isXRoadError } from '../../protocol/faults/index.js';
import type { ProviderTarget } from './client-proxy/target-selection.js';
import type { TlsTrust } from './components.js';
import type { TimingHooks } from './exchange-timing.js';

export interface TransportRequest {
  headers: Record<string, string>;
  body: Buffer;
}

export interface TransportResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The server the message went to (whose auth cert passed the trust check). */
  serverId: string;
  /** Its address as dialled, host:port. */
  address: string;
  /**
   * performance.now() when the request was handed to the connection: after the connection was
   * chosen or set up and after a `slow` knob's delay (the per-hop timing counts those as ours).
   */
  sentAt: number;
}

export interface TransportClientOptions {
  /** Our TLS identity: auth cert (+ intermediates) and key, PEM. */
  certPem: string[];
  keyPem: string;
  tlsTrust: TlsTrust;
  connectTimeoutMs: number;
  /** Whole exchange after connecting. */
  timeoutMs: number;
  /** Peer knobs on the consumer side. */
  delayBeforeSendMs?: number;
  resetAfterHeaders?: boolean;
}

/** Idle pooled connections are closed after this; servers keep theirs longer (server-proxy.ts). */
export const IDLE_CONNECTION_MS = 30_000;
/** A connection is not reused once this old: its trust decision (OCSP freshness) is renewed. */
export const MAX_CONNECTION_AGE_MS = 5 * 60_000;

const chains = new WeakMap<TLSSocket, X509Certificate[]>();

/** The peer's chain as Node exposes it, leaf first (issuer links followed until they repeat); parsed once per connection. */
export function peerChain(socket: TLSSocket): X509Certificate[] {
  const held = chains.get(socket);
  if (held) return held;
  const out: X509Certificate[] = [];
  let current = socket.getPeerCertificate(true) as tls.DetailedPeerCertificate | undefined;
  const seen = new Set<string>();
  while (current?.raw && !seen.has(current.fingerprint256)) {
    seen.add(current.fingerprint256);
    out.push(new X509Certificate(current.raw));
    current = current.issuerCertificate;
  }
  if (out.length > 0) chains.set(socket, out);
  return out;
}

interface Verified {
  serverId: string;
  openedAt: number;
}

/** A verified, not yet used socket handed to the agent (the winner of a fastest-connection race). */
interface Adopted {
  socket: TLSSocket;
}

/** One keep-alive pool per provider address and our TLS identity; new sockets are trusted only after TlsTrust says so. */
class PeerAgent extends http.Agent {
  readonly verified = new WeakMap<Duplex, Verified>();
  readonly adopted: Adopted[] = [];
  opts: TransportClientOptions;
  /** Retired pools serve what is in flight, then close; new exchanges go to a new pool. */
  retired = false;

  constructor(
    readonly target: ProviderTarget,
    opts: TransportClientOptions,
    private readonly timing: TimingHooks | undefined,
  ) {
    super({ keepAlive: true, maxSockets: 512, maxFreeSockets: 256, timeout: IDLE_CONNECTION_MS, scheduling: 'lifo' });
    this.opts = opts;
  }

  // Node lets createConnection hand the socket over later through the callback: it comes after the trust decision.
  override createConnection(_options: http.ClientRequestArgs, callback?: (err: Error | null, stream: Duplex) => void): Duplex | undefined {
    const adopted = this.adopted.shift();
    const ready = adopted ? Promise.resolve(adopted.socket) : connectOne(this.target, this.opts, this.timing).then((s) => this.verify(s));
    ready.then(
      (socket) => callback!(null, socket),
      (e: unknown) => callback!(e as Error, undefined as unknown as Duplex),
    );
    return undefined;
  }

  /** The X-Road trust decision for a new connection (TRANSP-002); the socket is destroyed when it fails. */
  async verify(socket: TLSSocket): Promise<TLSSocket> {
    try {
      const serverId = await this.opts.tlsTrust.verifyProvider(peerChain(socket), [this.target.server]);
      this.verified.set(socket, { serverId, openedAt: Date.now() });
      return socket;
    } catch (e) {
      socket.destroy();
      throw e;
    }
  }

  // Node's Agent keeps the socket when this returns true (the typings say void).
  override keepSocketAlive(socket: Duplex): boolean {
    const v = this.verified.get(socket);
    if (this.retired || !v || Date.now() - v.openedAt > MAX_CONNECTION_AGE_MS) return false;
    return super.keepSocketAlive(socket) as unknown as boolean;
  }

  hasFreeSocket(): boolean {
    return Object.values(this.freeSockets).some((list) => (list?.length ?? 0) > 0);
  }

  retire(): void {
    this.retired = true;
    for (const list of Object.values(this.freeSockets)) for (const s of list ?? []) s.destroy();
    for (const a of this.adopted.splice(0)) a.socket.destroy();
  }
}

function connectOne(target: ProviderTarget, opts: TransportClientOptions, timing: TimingHooks | undefined): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    // Per connection, not per exchange: a pooled connection's handshake is paid once.
    const startedAt = timing?.active ? performance.now() : 0;
    const socket = tls.connect({
      host: target.host,
      port: target.port,
      cert: opts.certPem.join('\n'),
      key: opts.keyPem,
      // Trust is X-Road's, decided after the handshake (TRANSP-001): no CA store, no host name check.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      ...opts.tlsTrust.tlsOptions(),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`connect to ${target.host}:${target.port} timed out after ${opts.connectTimeoutMs} ms`));
    }, opts.connectTimeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      // A transport message goes out in several writes (head, parts); with Nagle each one after
      // the first waits for the peer's delayed ACK, which stalled exchanges by tens of ms under load.
      socket.setNoDelay(true);
      if (startedAt !== 0 && timing?.active) timing.tlsHandshake({ side: 'client-proxy', ms: performance.now() - startedAt, resumed: socket.isSessionReused() });
      resolve(socket);
    });
    socket.once('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}

function connectError(targets: ProviderTarget[], reasons: string[]): XRoadError {
  return new XRoadError(ErrorCodes.networkError, `Could not connect to any target host (${targets.map((t) => `${t.host}:${t.port}`).join(', ')}): ${reasons.join('; ')}`);
}

/** The connections of one security server's client proxy. */
export class TransportClient {
  private readonly agents = new Map<string, PeerAgent>();

  /** `timing`: where new connections' handshake durations go (the server's TimingHooks). */
  constructor(private readonly timing?: TimingHooks) {}

  private agentFor(target: ProviderTarget, opts: TransportClientOptions): PeerAgent {
    const identity = createHash('sha256').update(opts.certPem.join('\n')).update('\0').update(opts.keyPem).digest('hex');
    const key = `${target.server.id}|${target.host}|${target.port}|${identity}`;
    let agent = this.agents.get(key);
    if (!agent) {
      agent = new PeerAgent(target, opts, this.timing);
      this.agents.set(key, agent);
    }
    agent.opts = opts;
    return agent;
  }

  /** Drops the pooled connections: idle ones now, busy ones once their exchange is done. The next exchange is judged on a new connection. */
  retireConnections(): void {
    for (const a of this.agents.values()) a.retire();
    this.agents.clear();
  }

  /** Closes every connection, busy ones included (server stop). */
  close(): void {
    for (const a of this.agents.values()) a.destroy();
    this.agents.clear();
  }

  /**
   * The pool to send on: a target with an idle verified connection; else, with one target, its
   * pool (which connects and verifies); else the first of all targets to complete a handshake.
   */
  private async choose(targets: ProviderTarget[], opts: TransportClientOptions): Promise<PeerAgent> {
    const agents = targets.map((t) => this.agentFor(t, opts));
    const warm = agents.find((a) => a.hasFreeSocket());
    if (warm) return warm;
    if (agents.length === 1) return agents[0]!;
    const attempts = targets.map((t, i) => connectOne(t, opts, this.timing).then((socket) => ({ socket, agent: agents[i]! })));
    let winner: { socket: TLSSocket; agent: PeerAgent };
    try {
      winner = await Promise.any(attempts);
    } catch (e) {
      const reasons = e instanceof AggregateError ? e.errors.map((x: Error) => x.message) : [(e as Error).message];
      throw connectError(targets, reasons);
    }
    for (const a of attempts) a.then((r) => r.socket !== winner.socket && r.socket.destroy()).catch(() => undefined);
    await winner.agent.verify(winner.socket);
    winner.agent.adopted.push({ socket: winner.socket });
    return winner.agent;
  }

  async send(targets: ProviderTarget[], request: TransportRequest, opts: TransportClientOptions): Promise<TransportResponse> {
    const agent = await this.choose(targets, opts);
    if (opts.delayBeforeSendMs) await new Promise((r) => setTimeout(r, opts.delayBeforeSendMs));
    try {
      return await this.exchange(agent, request, opts);
    } catch (e) {
      // A pooled connection found closed before anything was written on it: sent on a new one.
      if ((e as { staleConnection?: boolean }).staleConnection) return this.exchange(agent, request, opts);
      throw e;
    }
  }

  private exchange(agent: PeerAgent, request: TransportRequest, opts: TransportClientOptions): Promise<TransportResponse> {
    const target = agent.target;
    return new Promise<TransportResponse>((resolve, reject) => {
      let settled = false;
      let serverId = target.server.id;
      // Set when the connection is handed over (a new one after its handshake and trust check).
      let sentAt = 0;
      const fail = (err: Error): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      const timer = setTimeout(() => fail(new XRoadError(ErrorCodes.networkError, `No response from ${serverId} within ${opts.timeoutMs} ms`)), opts.connectTimeoutMs + opts.timeoutMs);
      const req = http.request({
        method: 'POST',
        path: '/',
        host: target.host,
        port: target.port,
        agent,
        headers: { ...request.headers, 'Content-Length': String(request.body.length) },
      });
      req.on('socket', (s) => {
        sentAt = performance.now();
        serverId = agent.verified.get(s)?.serverId ?? serverId;
        // The request is written once the socket is handed over: a dead pooled one is swapped first.
        if (req.reusedSocket && (s.destroyed || !s.writable || s.readableEnded)) {
          fail(Object.assign(new XRoadError(ErrorCodes.networkError, `Connection to ${serverId} was closed`), { staleConnection: true }));
        }
      });
      req.on('error', (e: NodeJS.ErrnoException) => {
        if (isXRoadError(e)) return fail(e);
        if (!req.reusedSocket && !agent.verified.get(req.socket as Duplex)) return fail(connectError([target], [e.message]));
        fail(new XRoadError(ErrorCodes.networkError, `Connection to ${serverId} failed: ${e.message}`));
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), serverId, address: `${target.host}:${target.port}`, sentAt });
        });
        res.on('error', (e) => fail(new XRoadError(ErrorCodes.ioError, `Reading the response from ${serverId} failed: ${e.message}`).wrappedIn(ErrorCodes.serviceFailed)));
        res.on('aborted', () => fail(new XRoadError(ErrorCodes.ioError, `Response from ${serverId} was cut short`).wrappedIn(ErrorCodes.serviceFailed)));
      });
      if (opts.resetAfterHeaders) {
        req.flushHeaders();
        req.once('socket', (s) => setTimeout(() => s.destroy(), 10));
        return;
      }
      req.end(request.body);
    });
  }
}
