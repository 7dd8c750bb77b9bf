// A progress bar with the current scenario, drawn on stderr from cucumber's message stream.
// In CI (no TTY) it prints one line per finished scenario instead of redrawing.
import type { Envelope } from '@cucumber/messages';

export class Progress {
  private total = 0;
  private done = 0;
  private readonly names = new Map<string, string>();
  private readonly caseToPickle = new Map<string, string>();
  private readonly startedToCase = new Map<string, string>();
  private readonly tty = Boolean(process.stderr.isTTY);

  onMessage = (e: Envelope): void => {
    if (e.pickle) {
      this.total++;
      this.names.set(e.pickle.id, `${e.pickle.uri.replace(/^features\//, '').split('/')[0]}: ${e.pickle.name}`);
    } else if (e.testCase) this.caseToPickle.set(e.testCase.id, e.testCase.pickleId);
    else if (e.testCaseStarted) {
      this.startedToCase.set(e.testCaseStarted.id, e.testCaseStarted.testCaseId);
      if (this.tty) this.draw(this.nameOf(e.testCaseStarted.id));
    } else if (e.testCaseFinished && !e.testCaseFinished.willBeRetried) {
      this.done++;
      const name = this.nameOf(e.testCaseFinished.testCaseStartedId);
      if (this.tty) this.draw(name);
      else process.stderr.write(`[${this.done}/${this.total}] ${name}\n`);
    } else if (e.testRunFinished && this.tty) process.stderr.write('\n');
  };

  private nameOf(startedId: string): string {
    const pickle = this.caseToPickle.get(this.startedToCase.get(startedId) ?? '');
    return this.names.get(pickle ?? '') ?? '';
  }

  private draw(current: string): void {
    const width = 24;
    const filled = this.total ? Math.round((this.done / this.total) * width) : 0;
    const bar = '='.repeat(filled) + (filled < width ? '>' : '') + ' '.repeat(Math.max(0, width - filled - 1));
    const cols = process.stderr.columns ?? 100;
    const line = `[${bar}] ${this.done}/${this.total} ${current}`;
    process.stderr.write(`\r\x1b[K${line.slice(0, cols - 1)}`);
  }
}
