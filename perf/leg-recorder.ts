// What one leg (one target under one load shape and size) measured: a latency histogram of the
// successful exchanges, errors by kind, bytes, and the time the leg was actually under load
// (interleaved legs run in slices; throughput is completions over the summed slice time).
import { createLatencyHistogram, recordMs, type LatencyHistogram } from './latency-histogram.js';

export interface Outcome {
  /** HTTP status; 0 when there was no answer. */
  status: number;
  /** Undefined on success; otherwise `http_503`, `soap_fault`, `timeout`, `ECONNRESET` ... */
  errorKind?: string;
  bytesReceived: number;
}

export interface TimeWindow {
  /** Window start, ms since the leg's first slice began. */
  startMs: number;
  histogram: LatencyHistogram;
  errors: number;
}

export class LegRecorder {
  readonly histogram = createLatencyHistogram();
  ok = 0;
  readonly errors = new Map<string, number>();
  bytesSent = 0;
  bytesReceived = 0;
  /** Milliseconds under load that count for throughput (warm-up excluded). */
  activeMs = 0;
  /** Interval histograms (soak drift), when a window length was set. */
  readonly windows: TimeWindow[] = [];
  private origin = 0;

  constructor(private readonly windowMs?: number) {}

  /** Marks t=0 for the time windows (performance.now() clock). */
  startClock(now = performance.now()): void {
    if (this.origin === 0) this.origin = now;
  }

  record(latencyMs: number, outcome: Outcome, bytesSent: number, completedAt = performance.now()): void {
    this.bytesSent += bytesSent;
    this.bytesReceived += outcome.bytesReceived;
    const window = this.windowAt(completedAt);
    if (outcome.errorKind) {
      this.addError(outcome.errorKind);
      if (window) window.errors++;
      return;
    }
    this.ok++;
    recordMs(this.histogram, latencyMs);
    if (window) recordMs(window.histogram, latencyMs);
  }

  addError(kind: string, n = 1): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + n);
  }

  get errorCount(): number {
    let n = 0;
    for (const v of this.errors.values()) n += v;
    return n;
  }

  /** Successful exchanges per second under load. */
  get throughput(): number {
    return this.activeMs > 0 ? (this.ok * 1000) / this.activeMs : 0;
  }

  private windowAt(t: number): TimeWindow | undefined {
    if (!this.windowMs || this.origin === 0) return undefined;
    const startMs = Math.floor((t - this.origin) / this.windowMs) * this.windowMs;
    const last = this.windows[this.windows.length - 1];
    if (last?.startMs === startMs) return last;
    let w = this.windows.find((x) => x.startMs === startMs);
    if (!w) {
      w = { startMs, histogram: createLatencyHistogram(), errors: 0 };
      this.windows.push(w);
      this.windows.sort((a, b) => a.startMs - b.startMs);
    }
    return w;
  }
}
