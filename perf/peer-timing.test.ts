// Peer SS figures in a perf report: slices add up exactly (means from sums, percentiles from the
// merged logs), no exchanges means no section, the SUT share is mean - mean - mean, and the
// console lines and the HTML table show them only for legs that have them.
import { DOMParser } from '@xmldom/xmldom';
import { describe, expect, it } from 'vitest';
import { formatPeerLines, formatReportTable } from './console-table.js';
import { LegRecorder } from './leg-recorder.js';
import { addedLatencies, legReport } from './perf-report.js';
import { perfReportHtml, whereTheTimeGoesHtml } from './perf-html.js';
import { PeerLegTiming, PeerSliceBuilder, sutShareMeanMs, type PeerReport } from './peer-timing.js';
import { syntheticReport } from './test-support/sample-report.js';

function slice(own: number[], wait: number[], handshakes: number[] = [], faults = 0) {
  const b = new PeerSliceBuilder();
  own.forEach((o, i) => b.exchange(true, o, wait[i]!));
  for (let i = 0; i < faults; i++) b.exchange(false, 99, 99);
  for (const h of handshakes) b.handshake(h);
  // Through JSON, as it travels from the environment process.
  return JSON.parse(JSON.stringify(b.slice())) as ReturnType<PeerSliceBuilder['slice']>;
}

const peer = (ownMean: number, side: PeerReport['side'] = 'server-proxy'): PeerReport => ({
  side,
  exchanges: 100,
  faults: 0,
  ownMs: { p50: ownMean, p99: ownMean * 2, mean: ownMean },
  waitMs: { p50: 0.4, mean: 0.5 },
  tlsHandshakes: { count: 2, p50Ms: 11, maxMs: 13 },
});

describe('PeerLegTiming', () => {
  it('adds slices: counts, exact means, merged percentiles and handshakes', () => {
    const leg = new PeerLegTiming('server-proxy');
    leg.add(slice([1, 1, 1, 1], [5, 5, 5, 5], [10], 1));
    leg.add(slice([3, 3, 3, 3, 3, 3], [1, 1, 1, 1, 1, 1], [20, 30]));
    const r = leg.report()!;
    expect(r.side).toBe('server-proxy');
    expect(r.exchanges).toBe(10);
    expect(r.faults).toBe(1);
    expect(r.ownMs.mean).toBeCloseTo((4 * 1 + 6 * 3) / 10, 6);
    expect(r.ownMs.p50).toBeCloseTo(3, 2);
    expect(r.ownMs.p99).toBeCloseTo(3, 2);
    expect(r.waitMs.mean).toBeCloseTo((4 * 5 + 6 * 1) / 10, 6);
    expect(r.tlsHandshakes.count).toBe(3);
    expect(r.tlsHandshakes.p50Ms).toBeCloseTo(20, 1);
    expect(r.tlsHandshakes.maxMs).toBeCloseTo(30, 1);
  });

  it('no exchanges seen (wrong side, agent mode): no section, not zeros', () => {
    const leg = new PeerLegTiming('client-proxy');
    expect(leg.report()).toBeUndefined();
    leg.add(slice([], [], [12], 3));
    expect(leg.report()).toBeUndefined();
  });
});

describe('SUT share of the added latency', () => {
  it('is mean through SUT - mean baseline - mean peer own, and lands in the added latency', () => {
    expect(sutShareMeanMs(10, 2, peer(3))).toBe(5);
    const rec = (v: number) => {
      const r = new LegRecorder();
      for (let i = 0; i < 50; i++) r.record(v, { status: 200, bytesReceived: 1 }, 1);
      return r;
    };
    const base = rec(2);
    const sut = rec(10);
    const legs = [
      { report: legReport({ name: 'b', role: 'baseline', protocol: 'soap' }, base), histogram: base.histogram },
      { report: legReport({ name: 's', role: 'sut', protocol: 'soap' }, sut, undefined, undefined, peer(3)), histogram: sut.histogram },
    ];
    const [a] = addedLatencies(legs);
    expect(a!.meanMs).toBeCloseTo(8, 1);
    expect(a!.sutShareMeanMs).toBeCloseTo(5, 1);
    // Without a peer section there is no share to report.
    const [b] = addedLatencies([legs[0]!, { ...legs[1]!, report: legReport({ name: 's', role: 'sut', protocol: 'soap' }, sut) }]);
    expect(b!.meanMs).toBeCloseTo(8, 1);
    expect(b!.sutShareMeanMs).toBeUndefined();
  });
});

describe('peer figures in the console and the HTML page', () => {
  function withPeer() {
    const r = syntheticReport('a');
    const p = r.points[0]!;
    const leg = p.legs.find((l) => l.name === 'sut-soap')!;
    leg.peer = peer(1.25);
    const a = p.added.find((x) => x.sut === 'sut-soap')!;
    a.meanMs = 5.5;
    a.sutShareMeanMs = 4.25;
    return r;
  }

  it('one console line per SUT leg with a peer section, naming the side and the share', () => {
    const r = withPeer();
    const lines = formatPeerLines(r);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^closed\/c=1\/1 kB sut-soap: peer SS server-proxy own p50 1\.25 ms \(mean 1\.25, p99 2\.50\), provider IS wait mean 0\.50 ms, TLS handshakes 2 \(p50 11\.0 ms, max 13\.0 ms\); added mean 5\.50 ms, SUT share of it 4\.25 ms$/);
    expect(formatReportTable(r)).toContain('Where the time goes');
    expect(formatReportTable(syntheticReport('a'))).not.toContain('Where the time goes');
  });

  it('a well-formed "Where the time goes" table, absent without peer figures', () => {
    const r = withPeer();
    r.points[1]!.legs.find((l) => l.name === 'sut-rest')!.peer = peer(2, 'client-proxy');
    const table = whereTheTimeGoesHtml(r);
    expect((table.match(/<tr>/g) ?? []).length).toBe(3);
    expect(table).toContain('<td class="n">4.25</td>');
    expect(table).toContain('SUT server proxy + provider IS');
    const html = perfReportHtml(r);
    const errors: string[] = [];
    new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(html, 'text/html');
    expect(errors).toEqual([]);
    expect(html).toContain('<h2>Where the time goes</h2>');
    expect(perfReportHtml(syntheticReport('a'))).not.toContain('Where the time goes');
  });
});
