// Stand-in for message-log/ (owned by the log component): keeps every logged message in memory so
// tests can see what was logged (LOG-001), never refuses messages, and has no /asic download.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggedMessage, MessageLog } from './components.js';

export class MemoryMessageLog implements MessageLog {
  readonly records: LoggedMessage[] = [];

  assertCanAcceptMessages(): void {}

  async log(message: LoggedMessage): Promise<void> {
    this.records.push(message);
  }

  async handleAsic(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.writeHead(501, { 'Content-Type': 'text/plain; charset=UTF-8' });
    res.end('The in-memory message log has no /asic download');
  }

  async stop(): Promise<void> {}
}
