// Progress on stderr while a perf run loads the SUT: planned time elapsed, the step running and
// its request count. Redrawn in place on a TTY; one line per step otherwise (CI logs, --agent).

export class ProgressBar {
  private readonly started = performance.now();
  private done = 0;
  private label = '';
  private timer: NodeJS.Timeout | undefined;
  private readonly tty: boolean;

  constructor(
    private readonly plannedMs: number,
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean; columns?: number } = process.stderr,
    private readonly counter: () => number = () => 0,
  ) {
    this.tty = Boolean(stream.isTTY);
    if (this.tty) {
      this.timer = setInterval(() => this.draw(), 200);
      this.timer.unref();
    }
  }

  /** A new step begins; `plannedMs` of the total budget is attributed to the previous one. */
  step(label: string, completedPlannedMs: number): void {
    this.done = completedPlannedMs;
    this.label = label;
    if (this.tty) this.draw();
    else this.stream.write(`[${this.percent()}%] ${label}\n`);
  }

  private percent(): number {
    return Math.min(100, Math.round((this.done / Math.max(1, this.plannedMs)) * 100));
  }

  private draw(): void {
    const width = 24;
    const filled = Math.round((this.percent() / 100) * width);
    const bar = '='.repeat(filled) + (filled < width ? '>' : '') + ' '.repeat(Math.max(0, width - filled - 1));
    const elapsed = Math.round((performance.now() - this.started) / 1000);
    const line = `[${bar}] ${this.percent()}% ${elapsed}s ${this.label} ${this.counter().toLocaleString('en-US')} req`;
    this.stream.write(`\r\x1b[K${line.slice(0, (this.stream.columns ?? 100) - 1)}`);
  }

  finish(): void {
    if (this.timer) clearInterval(this.timer);
    this.done = this.plannedMs;
    if (this.tty) {
      this.draw();
      this.stream.write('\n');
    }
  }
}
