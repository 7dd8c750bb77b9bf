// Per-hop accounting end to end: two reference security servers, the consumer one standing in for
// the SUT (client side) and the provider one as the harness's peer. Slowing the peer's answers
// (peer knob `slow`, applied after signing: the peer's own time) must show up as peer own time in
// the SUT leg's peer section and raise the added latency by as much, while the derived SUT share
// stays where it was — which fails if the section were fixed numbers or read from the wrong side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSize } from '../../perf/message-mix.js';
import type { PointReport } from '../../perf/perf-report.js';
import { soapTarget } from '../../perf/targets.js';
import { closeClientIsConnections } from '../../simulators/member-systems/index.js';
import { CLIENT, PROVIDER, startTestNetwork, type TestNetwork } from '../../simulators/security-server/test-network.js';
import { measureOverhead } from './measure-overhead.js';
import { localPeerTimingProbe, PeerTimingCollector } from './peer-timing-probe.js';

const SLOW_MS = 30;

describe('peer SS timing in measureOverhead', () => {
  let net: TestNetwork;
  let timer: NodeJS.Timeout;

  beforeAll(async () => {
    net = await startTestNetwork();
    timer = setInterval(() => (net.provider.received.length = 0), 200);
  });
  afterAll(async () => {
    clearInterval(timer);
    await net?.stop();
    await closeClientIsConnections();
  });

  const run = async (): Promise<PointReport> => {
    const notes: string[] = [];
    const [p] = await measureOverhead({
      baseline: soapTarget({ name: 'baseline-soap', role: 'baseline', url: `${net.provider.url}/soap/peer/echo`, client: CLIENT, service: `${PROVIDER}/echo` }),
      throughSut: [soapTarget({ name: 'sut-soap', role: 'sut', url: net.ss1.clientProxyUrl, client: CLIENT, service: `${PROVIDER}/echo` })],
      points: [{ shape: { kind: 'closed', concurrency: 1 }, size: parseSize('1k'), attachments: false }],
      durationMs: 900,
      rounds: 1,
      peer: { probe: localPeerTimingProbe(new PeerTimingCollector(net.ss2.timing), 'server-proxy'), serviceCodes: { soap: ['echo'] } },
      notes,
    });
    expect(notes.join('\n')).toContain('means add up, medians do not');
    return p!;
  };

  it("puts a slow peer's delay into the peer's own time, not into the SUT share", async () => {
    const fast = await run();
    net.ss2.knobs.set('slow', SLOW_MS);
    let slow: PointReport;
    try {
      slow = await run();
    } finally {
      net.ss2.knobs.clear('slow');
    }
    const sut = (p: PointReport) => p.legs.find((l) => l.name === 'sut-soap')!;
    const added = (p: PointReport) => p.added.find((a) => a.sut === 'sut-soap')!;
    if (process.env.PERF_TEST_VERBOSE) console.log(JSON.stringify([fast, slow].map((p) => ({ count: sut(p).count, mean: sut(p).latencyMs.mean, peer: sut(p).peer, added: added(p) })), null, 1));
    for (const p of [fast, slow]) {
      const leg = sut(p);
      expect(leg.errors).toEqual({});
      expect(leg.count).toBeGreaterThan(10);
      expect(p.legs.find((l) => l.name === 'baseline-soap')!.peer).toBeUndefined();
      const peer = leg.peer!;
      expect(peer.side).toBe('server-proxy');
      // The peer saw the leg's measured exchanges (the warm-up is excluded on both sides).
      expect(peer.exchanges).toBeGreaterThan(leg.count * 0.7);
      expect(peer.exchanges).toBeLessThan(leg.count * 1.3 + 2);
      expect(peer.faults).toBe(0);
      // Waiting on the provider IS, which answers at once.
      expect(peer.waitMs.mean).toBeLessThan(5);
      expect(added(p).sutShareMeanMs).toBeCloseTo(added(p).meanMs! - peer.ownMs.mean, 2);
    }
    const ownRise = sut(slow).peer!.ownMs.mean - sut(fast).peer!.ownMs.mean;
    expect(ownRise).toBeGreaterThanOrEqual(SLOW_MS - 1);
    expect(ownRise).toBeLessThan(SLOW_MS + 8);
    expect(sut(slow).peer!.ownMs.p50).toBeGreaterThanOrEqual(SLOW_MS);
    const addedRise = added(slow).meanMs! - added(fast).meanMs!;
    // At c=1 a few dozen exchanges per run: the SUT's own mean wanders by a few ms between runs
    // (its message log's fsyncs share the disk with the peer's), so the added mean rises by the
    // delay give or take that, and the SUT share moves by far less than the delay.
    expect(addedRise).toBeGreaterThanOrEqual(SLOW_MS * 0.6);
    expect(Math.abs(added(slow).sutShareMeanMs! - added(fast).sutShareMeanMs!)).toBeLessThan(SLOW_MS / 3);
  });
});
