// The proxies' side of operational monitoring in a few lines: one ExchangeMonitor per exchange,
// created when the request arrives (requestInTs), told the facts as the handler learns them, and
// finished with the ExchangeEvent the handler already writes — which it pushes to the event list
// and turns into an operational data record (OPMON-006). Beside the Date.now() stamps X-Road
// records, it keeps performance.now() marks for the harness's per-hop timing (exchange-timing.ts),
// but only when someone subscribed at the time the request came in.
import type { OpMonitor } from '../components.js';
import type { ExchangeTiming, TimingHooks } from '../exchange-timing.js';
import type { ExchangeEvent } from '../server-context.js';
import { opMonRecordFromExchange, type ExchangeFacts } from './exchange-record.js';

export interface ExchangeSink {
  events: ExchangeEvent[];
  opMonitor?: OpMonitor;
  /** The server's listen address: X-Road reports it as securityServerInternalIp (OPMON-003). */
  config?: { listen?: { host?: string } };
  /** Per-exchange high-resolution timing subscribers. */
  timing?: TimingHooks;
}

export class ExchangeMonitor {
  readonly facts: ExchangeFacts;
  private finished = false;
  /** performance.now() marks; hiIn 0 = not timing this exchange (no subscriber when it arrived). */
  private readonly hiIn: number = 0;
  private hiOut = 0;
  private hiBack = 0;

  constructor(
    private readonly sink: ExchangeSink,
    private readonly xRoadVersion: string,
    now: number = Date.now(),
  ) {
    const ip = sink.config?.listen?.host;
    this.facts = { requestInTs: now, ...(ip ? { securityServerInternalIp: ip } : {}) };
    if (sink.timing?.active) this.hiIn = performance.now();
  }

  /** Adds what is known so far (client, service, header, sizes, ...). */
  set(facts: Partial<ExchangeFacts>): this {
    Object.assign(this.facts, facts);
    return this;
  }

  /** Marks a timing point now. */
  mark(point: 'requestOutTs' | 'responseInTs' | 'responseOutTs', at: number = Date.now()): this {
    this.facts[point] = at;
    if (this.hiIn !== 0) {
      if (point === 'requestOutTs') this.hiOut = performance.now();
      else if (point === 'responseInTs') this.hiBack = performance.now();
    }
    return this;
  }

  /**
   * The performance.now() at which the request really left (the client proxy's transport: after
   * choosing and setting up a connection and after a `slow` knob's delay — both this server's own
   * time, not the other party's). Ignored when 0 or when this exchange is not being timed.
   */
  sentAt(hiResAt: number | undefined): this {
    if (this.hiIn !== 0 && hiResAt && hiResAt > this.hiOut) this.hiOut = hiResAt;
    return this;
  }

  /**
   * Records the exchange once (a second call is ignored: a handler's catch may follow its own
   * finish). Handlers call this right after writing the answer, so it is the answer-out mark.
   */
  finish(event: ExchangeEvent): void {
    if (this.finished) return;
    const hiEnd = this.hiIn !== 0 ? performance.now() : 0;
    this.finished = true;
    this.sink.events.push(event);
    this.sink.opMonitor?.record(opMonRecordFromExchange(event, this.facts, { xRoadVersion: this.xRoadVersion }));
    if (hiEnd !== 0) this.deliverTiming(event, hiEnd);
  }

  private deliverTiming(event: ExchangeEvent, hiEnd: number): void {
    const timing = this.sink.timing;
    if (!timing?.active) return;
    const local = this.facts.answeredLocally === true;
    const totalMs = hiEnd - this.hiIn;
    // A request that left but got no answer (network failure) waited until it failed.
    const waitMs = local || this.hiOut === 0 ? 0 : Math.max(0, Math.min(totalMs, (this.hiBack || hiEnd) - this.hiOut));
    // One object, no spreads: the only allocation the hook adds per exchange.
    const t: ExchangeTiming = { side: event.side, protocol: event.protocol, outcome: event.outcome, answeredLocally: local, totalMs, waitMs, ownMs: totalMs - waitMs };
    if (this.facts.service) t.serviceCode = this.facts.service.serviceCode;
    timing.exchange(t);
  }
}
