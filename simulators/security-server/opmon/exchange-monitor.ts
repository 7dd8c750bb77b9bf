// The proxies' side of operational monitoring in a few lines: one ExchangeMonitor per exchange,
// created when the request arrives (requestInTs), told the facts as the handler learns them, and
// finished with the ExchangeEvent the handler already writes — which it pushes to the event list
// and turns into an operational data record (OPMON-006).
import type { OpMonitor } from '../components.js';
import type { ExchangeEvent } from '../server-context.js';
import { opMonRecordFromExchange, type ExchangeFacts } from './exchange-record.js';

export interface ExchangeSink {
  events: ExchangeEvent[];
  opMonitor?: OpMonitor;
  /** The server's listen address: X-Road reports it as securityServerInternalIp (OPMON-003). */
  config?: { listen?: { host?: string } };
}

export class ExchangeMonitor {
  readonly facts: ExchangeFacts;
  private finished = false;

  constructor(
    private readonly sink: ExchangeSink,
    private readonly xRoadVersion: string,
    now: number = Date.now(),
  ) {
    const ip = sink.config?.listen?.host;
    this.facts = { requestInTs: now, ...(ip ? { securityServerInternalIp: ip } : {}) };
  }

  /** Adds what is known so far (client, service, header, sizes, ...). */
  set(facts: Partial<ExchangeFacts>): this {
    Object.assign(this.facts, facts);
    return this;
  }

  /** Marks a timing point now. */
  mark(point: 'requestOutTs' | 'responseInTs' | 'responseOutTs', at: number = Date.now()): this {
    this.facts[point] = at;
    return this;
  }

  /** Records the exchange once (a second call is ignored: a handler's catch may follow its own finish). */
  finish(event: ExchangeEvent): void {
    if (this.finished) return;
    this.finished = true;
    this.sink.events.push(event);
    this.sink.opMonitor?.record(opMonRecordFromExchange(event, this.facts, { xRoadVersion: this.xRoadVersion }));
  }
}
