// The peer timing collector keeps only the perf leg's exchanges (side, protocol, service, not
// answered locally, after the warm-up), runs collections side by side, subscribes only while one
// is open, and its loopback control endpoint carries the same figures and refuses bad input.
import { afterEach, describe, expect, it } from 'vitest';
import { PeerLegTiming } from '../../perf/peer-timing.js';
import { TimingHooks, type ExchangeTiming } from '../../simulators/security-server/exchange-timing.js';
import { httpPeerTimingProbe, localPeerTimingProbe, parseCollectionSpec, PeerTimingCollector, PeerTimingError, startPeerTimingServer, type PeerTimingServer } from './peer-timing-probe.js';

const ex = (over: Partial<ExchangeTiming>): ExchangeTiming => ({
  side: 'server-proxy',
  protocol: 'soap',
  outcome: 'ok',
  serviceCode: 'echo',
  answeredLocally: false,
  totalMs: 5,
  waitMs: 3,
  ownMs: 2,
  ...over,
});

describe('PeerTimingCollector', () => {
  it("keeps the leg's exchanges only, and handshakes of its side", async () => {
    const hooks = new TimingHooks();
    const c = new PeerTimingCollector(hooks);
    expect(hooks.active).toBe(false);
    const id = c.begin({ side: 'server-proxy', protocol: 'soap', serviceCodes: ['echo'] });
    expect(hooks.active).toBe(true);
    hooks.exchange(ex({ ownMs: 2 }));
    hooks.exchange(ex({ ownMs: 4, waitMs: 1 }));
    hooks.exchange(ex({ outcome: 'fault' }));
    hooks.exchange(ex({ side: 'client-proxy', ownMs: 100 }));
    hooks.exchange(ex({ protocol: 'rest', ownMs: 100 }));
    hooks.exchange(ex({ serviceCode: 'listMethods', ownMs: 100 }));
    hooks.exchange(ex({ answeredLocally: true, waitMs: 0, ownMs: 100 }));
    hooks.tlsHandshake({ side: 'server-proxy', ms: 7, resumed: false });
    hooks.tlsHandshake({ side: 'client-proxy', ms: 70, resumed: false });
    const s = c.end(id);
    expect(hooks.active).toBe(false);
    expect(s).toMatchObject({ exchanges: 2, faults: 1, ownSumMs: 6, waitSumMs: 4, tlsCount: 1 });
    const leg = new PeerLegTiming('server-proxy');
    leg.add(s);
    expect(leg.report()!.tlsHandshakes.maxMs).toBeCloseTo(7, 1);
    expect(() => c.end(id)).toThrow(PeerTimingError);
  });

  it('skips the warm-up and runs collections side by side', async () => {
    const hooks = new TimingHooks();
    const c = new PeerTimingCollector(hooks);
    const warm = c.begin({ side: 'server-proxy', protocol: 'soap', skipMs: 40 });
    const rest = c.begin({ side: 'server-proxy', protocol: 'rest' });
    hooks.exchange(ex({}));
    hooks.exchange(ex({ protocol: 'rest' }));
    hooks.tlsHandshake({ side: 'server-proxy', ms: 5, resumed: false });
    await new Promise((r) => setTimeout(r, 50));
    hooks.exchange(ex({ ownMs: 9 }));
    expect(c.end(warm)).toMatchObject({ exchanges: 1, ownSumMs: 9, tlsCount: 0 });
    expect(hooks.active).toBe(true);
    expect(c.end(rest)).toMatchObject({ exchanges: 1, tlsCount: 1 });
    expect(hooks.active).toBe(false);
  });

  it('the in-process probe binds the side', async () => {
    const hooks = new TimingHooks();
    const probe = localPeerTimingProbe(new PeerTimingCollector(hooks), 'client-proxy');
    const id = await probe.begin({ protocol: 'rest' });
    hooks.exchange(ex({ side: 'client-proxy', protocol: 'rest' }));
    hooks.exchange(ex({ side: 'server-proxy', protocol: 'rest' }));
    expect((await probe.end(id)).exchanges).toBe(1);
  });
});

describe('peer timing control endpoint', () => {
  let server: PeerTimingServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it('opens and closes collections over loopback HTTP with the same figures', async () => {
    const hooks = new TimingHooks();
    server = await startPeerTimingServer(hooks);
    const probe = httpPeerTimingProbe(server.url, 'server-proxy');
    const id = await probe.begin({ protocol: 'soap', serviceCodes: ['echo'] });
    hooks.exchange(ex({ ownMs: 1.5, waitMs: 0.5 }));
    hooks.exchange(ex({ serviceCode: 'other' }));
    const s = await probe.end(id);
    expect(s).toMatchObject({ exchanges: 1, ownSumMs: 1.5, waitSumMs: 0.5 });
    expect(hooks.active).toBe(false);
    await expect(probe.end(id)).rejects.toThrow(/HTTP 404/);
  });

  it('refuses bad collection specs, and a dead endpoint is a typed error', async () => {
    server = await startPeerTimingServer(new TimingHooks());
    const bad = await fetch(`${server.url}/collections`, { method: 'POST', body: JSON.stringify({ side: 'both', protocol: 'soap' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/side must be/);
    expect((await fetch(`${server.url}/collections`, { method: 'POST', body: '{not json' })).status).toBe(400);
    expect(() => parseCollectionSpec({ side: 'server-proxy', protocol: 'soap', skipMs: -1 })).toThrow(/skipMs/);
    expect(() => parseCollectionSpec({ side: 'server-proxy', protocol: 'http' })).toThrow(/protocol/);
    expect(() => parseCollectionSpec({ side: 'server-proxy', protocol: 'rest', serviceCodes: [1] })).toThrow(/serviceCodes/);
    expect(parseCollectionSpec({ side: 'client-proxy', protocol: 'rest', skipMs: 10 })).toEqual({ side: 'client-proxy', protocol: 'rest', skipMs: 10 });
    const url = server.url;
    await server.stop();
    server = undefined;
    await expect(httpPeerTimingProbe(url, 'server-proxy', 1000).begin({ protocol: 'soap' })).rejects.toThrow(PeerTimingError);
  });
});
