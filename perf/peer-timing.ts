// The harness's own peer security server in a perf run's figures. Every exchange through the SUT
// also crosses our peer SS (its server proxy when the SUT is the client side, its client proxy
// when the SUT is the provider side), so "added latency" = SUT + peer SS + the extra network hops.
// While a SUT leg runs, the peer reports each exchange's own time and its wait on the next hop
// (simulators/security-server/exchange-timing.ts), and its TLS handshakes; this file adds those
// slices up per leg and derives the SUT's share of the added latency. Means are additive, medians
// are not: the share is mean(through SUT) - mean(baseline) - mean(peer own), never from p50s.
import { createLatencyHistogram, decodeHistogram, encodeHistogram, percentileMs, recordMs, type LatencyHistogram } from './latency-histogram.js';

/** Which proxy of the peer a leg crosses. */
export type PeerSide = 'client-proxy' | 'server-proxy';

/** What the peer measured during one slice of a leg (travels as JSON from the environment process). */
export interface PeerTimingSlice {
  /** Successful exchanges of the leg's protocol and service, outside the warm-up. */
  exchanges: number;
  /** The same, answered with a fault. */
  faults: number;
  ownSumMs: number;
  waitSumMs: number;
  /** HDR logs (perf/latency-histogram.ts) of own and wait times of the successful exchanges. */
  ownHdr: string;
  waitHdr: string;
  /** TLS handshakes completed on the peer's side of the leg. */
  tlsCount: number;
  tlsHdr: string;
}

/** LegReport.peer: the harness's peer SS during a SUT leg. */
export interface PeerReport {
  side: PeerSide;
  exchanges: number;
  faults: number;
  /** The peer's own time per exchange (request in -> answer out, minus the wait). */
  ownMs: { p50: number; p99: number; mean: number };
  /** Waiting on the next hop: the provider IS (peer server proxy) or the SUT's server proxy (peer client proxy). */
  waitMs: { p50: number; mean: number };
  tlsHandshakes: { count: number; p50Ms: number; maxMs: number };
}

/** The running totals both ends keep: the peer's per slice, the generator's per leg. */
abstract class PeerTimingTotals {
  protected readonly own = createLatencyHistogram();
  protected readonly wait = createLatencyHistogram();
  protected readonly tls = createLatencyHistogram();
  protected exchanges = 0;
  protected faults = 0;
  protected ownSum = 0;
  protected waitSum = 0;
  protected tlsCount = 0;
}

/** Collects slices on the peer's side (where the exchanges happen). */
export class PeerSliceBuilder extends PeerTimingTotals {

  exchange(ok: boolean, ownMs: number, waitMs: number): void {
    if (!ok) {
      this.faults++;
      return;
    }
    this.exchanges++;
    this.ownSum += ownMs;
    this.waitSum += waitMs;
    recordMs(this.own, ownMs);
    recordMs(this.wait, waitMs);
  }

  handshake(ms: number): void {
    this.tlsCount++;
    recordMs(this.tls, ms);
  }

  slice(): PeerTimingSlice {
    return {
      exchanges: this.exchanges,
      faults: this.faults,
      ownSumMs: this.ownSum,
      waitSumMs: this.waitSum,
      ownHdr: encodeHistogram(this.own),
      waitHdr: encodeHistogram(this.wait),
      tlsCount: this.tlsCount,
      tlsHdr: encodeHistogram(this.tls),
    };
  }
}

const r3 = (v: number) => Math.round(v * 1000) / 1000;

/** Adds up a leg's slices (on the load generator's side). */
export class PeerLegTiming extends PeerTimingTotals {
  constructor(readonly side: PeerSide) {
    super();
  }

  add(s: PeerTimingSlice): void {
    this.exchanges += s.exchanges;
    this.faults += s.faults;
    this.ownSum += s.ownSumMs;
    this.waitSum += s.waitSumMs;
    this.tlsCount += s.tlsCount;
    if (s.exchanges > 0) {
      this.own.add(decodeHistogram(s.ownHdr));
      this.wait.add(decodeHistogram(s.waitHdr));
    }
    if (s.tlsCount > 0) this.tls.add(decodeHistogram(s.tlsHdr));
  }

  /** Undefined when the peer saw none of the leg's exchanges: no figure is better than a made-up one. */
  report(): PeerReport | undefined {
    if (this.exchanges === 0) return undefined;
    const own: LatencyHistogram = this.own;
    return {
      side: this.side,
      exchanges: this.exchanges,
      faults: this.faults,
      // Means from the exact sums, not the histogram buckets: they are subtracted from other means.
      ownMs: { p50: r3(percentileMs(own, 50)), p99: r3(percentileMs(own, 99)), mean: r3(this.ownSum / this.exchanges) },
      waitMs: { p50: r3(percentileMs(this.wait, 50)), mean: r3(this.waitSum / this.exchanges) },
      tlsHandshakes: { count: this.tlsCount, p50Ms: r3(percentileMs(this.tls, 50)), maxMs: r3(percentileMs(this.tls, 100)) },
    };
  }
}

/**
 * The SUT's share of the added mean latency: mean through SUT - mean baseline - mean peer own time.
 * Means only — the median of a sum is not the sum of medians. What is left also holds the extra
 * loopback hops (client IS -> SUT -> peer), which the SUT's position in the chain brings with it.
 */
export function sutShareMeanMs(sutMeanMs: number, baselineMeanMs: number, peer: PeerReport): number {
  return r3(sutMeanMs - baselineMeanMs - peer.ownMs.mean);
}

/** The note a report carries when it has peer figures. */
export const PEER_TIMING_NOTE =
  "peer SS: the harness's own security server that every SUT exchange also crosses; its own time (request in -> answer out, minus its wait on the next hop) is measured inside it. " +
  'SUT share = mean through SUT - mean baseline - mean peer own time: means add up, medians do not, so the share is a mean and is not comparable with the p50 columns. It still includes the extra loopback hops.';
