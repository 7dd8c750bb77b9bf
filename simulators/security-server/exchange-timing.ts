// High-resolution per-exchange timing of the reference security server, for the harness's own
// accounting (X-Road#77: which hop — TLS set-up, client SS, provider SS, provider IS — takes the
// time). Separate from operational monitoring, whose Date.now() millisecond stamps stay as X-Road
// records them (OPMON-003). A perf run subscribes while a leg runs, so it can tell the SUT's share
// of the added latency from the harness peer's. With no subscriber the proxies take no extra
// clock readings and build no event; with one, each exchange costs a few performance.now() calls
// and the one event object.

/** One exchange as a proxy of this server saw it, in milliseconds of performance.now(). */
export interface ExchangeTiming {
  side: 'client-proxy' | 'server-proxy';
  protocol: 'soap' | 'rest' | 'other';
  outcome: 'ok' | 'fault';
  /** The service code the exchange was for, when known (lets a perf run keep only its own services). */
  serviceCode?: string;
  /** Answered by this server itself (metaservices, monitoring): nothing was waited for. */
  answeredLocally: boolean;
  /** Request in (handler start, body read) -> answer written. */
  totalMs: number;
  /**
   * Request sent to the other party -> its answer in: the other security server for the client
   * proxy, the provider IS for the server proxy; 0 when answered locally.
   */
  waitMs: number;
  /** totalMs - waitMs: this server's own share. */
  ownMs: number;
}

/**
 * One completed TLS handshake. Server proxy: TCP connection accepted -> secureConnection.
 * Client proxy (outgoing SS-to-SS connections): connect called -> secureConnect (TCP connect included).
 */
export interface TlsHandshakeTiming {
  side: 'client-proxy' | 'server-proxy';
  ms: number;
  /** TLS session resumed (abbreviated handshake). */
  resumed: boolean;
}

export interface TimingSubscriber {
  exchange?(t: ExchangeTiming): void;
  tlsHandshake?(h: TlsHandshakeTiming): void;
}

/** The subscriber list of one server; the proxies check `active` before taking any clock reading. */
export class TimingHooks {
  private subscribers: TimingSubscriber[] = [];
  /** True while someone listens. A plain field so the hot path reads it without a call. */
  active = false;

  /** Starts delivering; returns the unsubscribe function. */
  subscribe(subscriber: TimingSubscriber): () => void {
    this.subscribers = [...this.subscribers, subscriber];
    this.active = true;
    return () => this.unsubscribe(subscriber);
  }

  unsubscribe(subscriber: TimingSubscriber): void {
    this.subscribers = this.subscribers.filter((s) => s !== subscriber);
    this.active = this.subscribers.length > 0;
  }

  exchange(t: ExchangeTiming): void {
    // A subscriber's bug must never break the exchange it observes.
    for (const s of this.subscribers) {
      try {
        s.exchange?.(t);
      } catch {
        /* ignored: observation only */
      }
    }
  }

  tlsHandshake(h: TlsHandshakeTiming): void {
    for (const s of this.subscribers) {
      try {
        s.tlsHandshake?.(h);
      } catch {
        /* ignored: observation only */
      }
    }
  }
}
