// CPU and memory of the process that hosts the SUT while its legs run: process.cpuUsage() and
// memoryUsage() when the SUT is embedded in this process (then the figure includes the load
// generator, and the report says so), /proc/<pid>/stat and /status for a child process.
import { readFileSync } from 'node:fs';

export type SampledProcess = { kind: 'self' } | { kind: 'pid'; pid: number };

export interface ResourceUsage {
  /** What was sampled: `self (includes the load generator)` or `pid 1234`. */
  subject: string;
  wallMs: number;
  cpuMs: number;
  /** CPU time over wall time, percent of one core. */
  cpuPercent: number;
  rssStartMb: number;
  rssEndMb: number;
  rssPeakMb: number;
}

/** Linux USER_HZ: /proc times are in clock ticks; 100 on every mainstream kernel build. */
const CLOCK_TICKS_PER_SECOND = 100;

interface Reading {
  cpuMs: number;
  rssBytes: number;
}

function readSelf(): Reading {
  const u = process.cpuUsage();
  return { cpuMs: (u.user + u.system) / 1000, rssBytes: process.memoryUsage.rss() };
}

export function readProc(pid: number): Reading | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may contain spaces; fields after the closing parenthesis are fixed.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0);
    return { cpuMs: ((utime + stime) * 1000) / CLOCK_TICKS_PER_SECOND, rssBytes: rssKb * 1024 };
  } catch {
    return undefined;
  }
}

const mb = (b: number) => Math.round((b / 1048576) * 10) / 10;

export class ResourceSampler {
  private startWall = 0;
  private start: Reading | undefined;
  private peak = 0;
  private timer: NodeJS.Timeout | undefined;
  private wallMs = 0;
  private cpuMs = 0;
  private rssStart: number | undefined;
  private rssEnd = 0;

  constructor(
    private readonly target: SampledProcess,
    private readonly intervalMs = 250,
  ) {}

  private read(): Reading | undefined {
    return this.target.kind === 'self' ? readSelf() : readProc(this.target.pid);
  }

  /** Starts a sampling period; periods add up until `usage()`. */
  resume(): void {
    if (this.timer) return;
    this.start = this.read();
    this.startWall = performance.now();
    if (this.start) {
      this.peak = Math.max(this.peak, this.start.rssBytes);
      this.rssStart ??= this.start.rssBytes;
    }
    this.timer = setInterval(() => {
      const r = this.read();
      if (r) this.peak = Math.max(this.peak, r.rssBytes);
    }, this.intervalMs);
    this.timer.unref();
  }

  pause(): void {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    const end = this.read();
    if (!end || !this.start) return;
    this.wallMs += performance.now() - this.startWall;
    this.cpuMs += end.cpuMs - this.start.cpuMs;
    this.peak = Math.max(this.peak, end.rssBytes);
    this.rssEnd = end.rssBytes;
  }

  usage(): ResourceUsage | undefined {
    if (this.rssStart === undefined || this.wallMs === 0) return undefined;
    return {
      subject: this.target.kind === 'self' ? 'self (includes the load generator)' : `pid ${this.target.pid}`,
      wallMs: Math.round(this.wallMs),
      cpuMs: Math.round(this.cpuMs),
      cpuPercent: Math.round((this.cpuMs / this.wallMs) * 1000) / 10,
      rssStartMb: mb(this.rssStart),
      rssEndMb: mb(this.rssEnd),
      rssPeakMb: mb(this.peak),
    };
  }
}
