import { describe, expect, it } from 'vitest';
import { parseClientIdPath, serviceId } from '../../../protocol/identifiers/index.js';
import type { ExchangeEvent } from '../server-context.js';
import { ExchangeMonitor } from './exchange-monitor.js';
import { MemoryOpMonitor } from './op-monitor.js';

describe('ExchangeMonitor', () => {
  it('pushes the event and stores one record built from the facts gathered along the way', () => {
    const events: ExchangeEvent[] = [];
    const opMonitor = new MemoryOpMonitor();
    const mon = new ExchangeMonitor({ events, opMonitor }, '7.8.0', 1000);
    const client = parseClientIdPath('DEV/COM/1234/CLIENT');
    mon.set({ client, service: serviceId(parseClientIdPath('DEV/GOV/4321/PROV'), 'echo'), requestSize: 10 }).mark('requestOutTs', 1010).mark('responseInTs', 1100);
    const ev: ExchangeEvent = { at: new Date(1200), side: 'server-proxy', protocol: 'soap', queryId: 'q', outcome: 'ok', steps: ['provider-called'] };
    mon.finish(ev);
    mon.finish({ ...ev, outcome: 'fault', faultCode: 'late' });
    expect(events).toEqual([ev]);
    expect(opMonitor.records().length).toBe(1);
    expect(opMonitor.records()[0]).toMatchObject({ requestInTs: 1000, requestOutTs: 1010, responseInTs: 1100, responseOutTs: 1200, messageId: 'q', requestSize: 10, succeeded: true, client });
  });

  it('without a store only the event is kept', () => {
    const events: ExchangeEvent[] = [];
    new ExchangeMonitor({ events }, 'v').finish({ at: new Date(), side: 'client-proxy', protocol: 'rest', outcome: 'fault', faultCode: 'x', steps: [] });
    expect(events.length).toBe(1);
  });
});
