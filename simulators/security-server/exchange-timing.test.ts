// Per-hop timing hook: with the provider IS slowed, the server proxy's waitMs is that delay and its
// ownMs is not; the client proxy waits for the whole provider side; a `slow` peer knob is the
// peer's own time; TLS handshakes are seen on both ends; no subscriber means no calls, and
// unsubscribing stops delivery.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSoapRequest, closeClientIsConnections, sendRest, sendSoap } from '../member-systems/index.js';
import type { ExchangeTiming, TimingSubscriber, TlsHandshakeTiming } from './exchange-timing.js';
import { TimingHooks } from './exchange-timing.js';
import { ExchangeMonitor } from './opmon/exchange-monitor.js';
import type { ExchangeEvent } from './server-context.js';
import { CLIENT, PROVIDER, startTestNetwork, type TestNetwork } from './test-network.js';

const ok = (side: ExchangeEvent['side']): ExchangeEvent => ({ at: new Date(), side, protocol: 'soap', outcome: 'ok', steps: [] });
const spin = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    /* busy: a timer could overshoot by more than the tolerance */
  }
};

function collector(): TimingSubscriber & { exchanges: ExchangeTiming[]; handshakes: TlsHandshakeTiming[] } {
  const exchanges: ExchangeTiming[] = [];
  const handshakes: TlsHandshakeTiming[] = [];
  return { exchanges, handshakes, exchange: (t) => exchanges.push(t), tlsHandshake: (h) => handshakes.push(h) };
}

describe('ExchangeMonitor timing (unit)', () => {
  it('splits total into wait (request out -> answer in) and own, and delivers once', () => {
    const timing = new TimingHooks();
    const c = collector();
    timing.subscribe(c);
    const mon = new ExchangeMonitor({ events: [], timing }, 'v');
    spin(5);
    mon.mark('requestOutTs');
    spin(20);
    mon.mark('responseInTs');
    spin(5);
    mon.finish(ok('server-proxy'));
    mon.finish(ok('server-proxy'));
    expect(c.exchanges).toHaveLength(1);
    const t = c.exchanges[0]!;
    expect(t).toMatchObject({ side: 'server-proxy', protocol: 'soap', outcome: 'ok', answeredLocally: false });
    expect(t.waitMs).toBeGreaterThanOrEqual(20);
    expect(t.waitMs).toBeLessThan(25);
    expect(t.ownMs).toBeGreaterThanOrEqual(10);
    expect(t.ownMs).toBeLessThan(15);
    expect(t.totalMs).toBeCloseTo(t.waitMs + t.ownMs, 6);
  });

  it('sentAt moves the request-out mark (connection set-up and knob delays are own time)', () => {
    const timing = new TimingHooks();
    const c = collector();
    timing.subscribe(c);
    const mon = new ExchangeMonitor({ events: [], timing }, 'v');
    mon.mark('requestOutTs');
    spin(10);
    const sent = performance.now();
    spin(10);
    mon.mark('responseInTs').sentAt(sent);
    mon.finish(ok('client-proxy'));
    expect(c.exchanges[0]!.waitMs).toBeLessThan(12);
    expect(c.exchanges[0]!.ownMs).toBeGreaterThanOrEqual(10);
  });

  it('answered locally: nothing waited for', () => {
    const timing = new TimingHooks();
    const c = collector();
    timing.subscribe(c);
    const mon = new ExchangeMonitor({ events: [], timing }, 'v');
    mon.set({ answeredLocally: true }).mark('requestOutTs');
    spin(5);
    mon.mark('responseInTs').finish(ok('server-proxy'));
    expect(c.exchanges[0]).toMatchObject({ answeredLocally: true, waitMs: 0 });
    expect(c.exchanges[0]!.ownMs).toBe(c.exchanges[0]!.totalMs);
  });

  it('no subscriber: no clock readings kept, no calls — also for an exchange that began before someone subscribed', () => {
    const timing = new TimingHooks();
    const early = new ExchangeMonitor({ events: [], timing }, 'v');
    const c = collector();
    const unsubscribe = timing.subscribe(c);
    early.mark('requestOutTs').mark('responseInTs').finish(ok('server-proxy'));
    expect(c.exchanges).toEqual([]);
    unsubscribe();
    expect(timing.active).toBe(false);
    new ExchangeMonitor({ events: [], timing }, 'v').finish(ok('server-proxy'));
    expect(c.exchanges).toEqual([]);
    // The opmon stamps are untouched by all this.
    const events: ExchangeEvent[] = [];
    new ExchangeMonitor({ events, timing }, 'v', 1000).mark('requestOutTs', 1010).finish(ok('client-proxy'));
    expect(events).toHaveLength(1);
  });

  it("a subscriber that throws does not break the exchange or the other subscribers", () => {
    const timing = new TimingHooks();
    const c = collector();
    timing.subscribe({ exchange: () => { throw new Error('boom'); } });
    timing.subscribe(c);
    const events: ExchangeEvent[] = [];
    new ExchangeMonitor({ events, timing }, 'v').finish(ok('client-proxy'));
    expect(events).toHaveLength(1);
    expect(c.exchanges).toHaveLength(1);
  });
});

describe('timing hook on two reference security servers', () => {
  let net: TestNetwork;
  const soap = (id: string) => buildSoapRequest({ client: CLIENT, service: `${PROVIDER}/echo`, id });
  const c1 = collector();
  const c2 = collector();
  let off1: () => void;
  let off2: () => void;

  beforeAll(async () => {
    net = await startTestNetwork();
    // Subscribed before the first exchange: its connection is new, so both ends see a handshake.
    off1 = net.ss1.timing.subscribe(c1);
    off2 = net.ss2.timing.subscribe(c2);
  });
  afterAll(async () => {
    await net?.stop();
    await closeClientIsConnections();
  });

  it('a slowed provider IS is the server proxy wait, not its own time; the client proxy waits for all of it; handshakes are seen', async () => {
    const DELAY = 150;
    net.provider.behaviours.once({ kind: 'delay', ms: DELAY, then: { kind: 'soap-echo' } });
    const ev = await sendSoap(net.ss1.clientProxyUrl, soap('timing-slow-is'));
    expect(ev.status).toBe(200);
    expect(ev.text).not.toContain('Fault');
    const sp = c2.exchanges.filter((t) => t.side === 'server-proxy');
    const cp = c1.exchanges.filter((t) => t.side === 'client-proxy');
    expect(sp).toHaveLength(1);
    expect(cp).toHaveLength(1);
    expect(sp[0]).toMatchObject({ protocol: 'soap', outcome: 'ok', serviceCode: 'echo', answeredLocally: false });
    expect(sp[0]!.waitMs).toBeGreaterThanOrEqual(DELAY - 1);
    expect(sp[0]!.waitMs).toBeLessThan(DELAY + 100);
    expect(sp[0]!.ownMs).toBeLessThan(DELAY / 2);
    // The client proxy's own time here includes setting up the first connection (handshake, trust check).
    expect(cp[0]!.waitMs).toBeGreaterThanOrEqual(sp[0]!.totalMs);
    // ss1 receives nothing as server proxy, ss2 nothing as client proxy.
    expect(c1.exchanges.some((t) => t.side === 'server-proxy')).toBe(false);
    expect(c2.exchanges.some((t) => t.side === 'client-proxy')).toBe(false);
    expect(c1.handshakes.filter((h) => h.side === 'client-proxy').length).toBeGreaterThanOrEqual(1);
    expect(c2.handshakes.filter((h) => h.side === 'server-proxy').length).toBeGreaterThanOrEqual(1);
    for (const h of [...c1.handshakes, ...c2.handshakes]) {
      expect(h.ms).toBeGreaterThan(0);
      expect(h.ms).toBeLessThan(5000);
    }
  });

  it('the next exchange reuses the connection: no new handshake; REST is timed as rest', async () => {
    const before = c1.handshakes.length + c2.handshakes.length;
    const ev = await sendRest(net.ss1.clientProxyUrl, `${PROVIDER}/rest`, '/items/1', { client: CLIENT });
    expect(ev.status).toBe(200);
    expect(c1.handshakes.length + c2.handshakes.length).toBe(before);
    expect(c2.exchanges.at(-1)).toMatchObject({ side: 'server-proxy', protocol: 'rest', outcome: 'ok' });
    expect(c1.exchanges.at(-1)).toMatchObject({ side: 'client-proxy', protocol: 'rest', outcome: 'ok' });
  });

  it("the provider SS's `slow` knob is its own time, and the client proxy's wait", async () => {
    const SLOW = 120;
    net.ss2.knobs.set('slow', SLOW);
    try {
      const ev = await sendSoap(net.ss1.clientProxyUrl, soap('timing-slow-knob'));
      expect(ev.status).toBe(200);
    } finally {
      net.ss2.knobs.clear('slow');
    }
    const sp = c2.exchanges.at(-1)!;
    expect(sp.ownMs).toBeGreaterThanOrEqual(SLOW - 1);
    expect(sp.waitMs).toBeLessThan(SLOW / 2);
    expect(c1.exchanges.at(-1)!.waitMs).toBeGreaterThanOrEqual(SLOW - 1);
    expect(c1.exchanges.at(-1)!.ownMs).toBeLessThan(SLOW / 2);
  });

  it('after unsubscribing nothing is delivered', async () => {
    off1();
    off2();
    const n1 = c1.exchanges.length;
    const n2 = c2.exchanges.length;
    const ev = await sendSoap(net.ss1.clientProxyUrl, soap('timing-off'));
    expect(ev.status).toBe(200);
    expect(c1.exchanges.length).toBe(n1);
    expect(c2.exchanges.length).toBe(n2);
    expect(net.ss1.timing.active).toBe(false);
  });
});
