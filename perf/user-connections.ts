// One keep-alive connection per virtual user of a closed loop. A shared undici Pool looks for an
// idle client on every request; with 64 users that scheduling cost about 10% of the generator's
// throughput against a bare node:http server (0.82 vs 0.91 of autocannon, measured side by side),
// which the harness floor (issue 7) would charge to the harness.
import { Client } from 'undici';

export class UserConnections {
  private readonly clients: Client[] = [];

  constructor(
    private readonly origin: string,
    private readonly options: Client.Options = {},
  ) {}

  /** The connection of virtual user `i`, opened on first use. */
  user(i: number): Client {
    let c = this.clients[i];
    if (!c) {
      c = new Client(this.origin, this.options);
      this.clients[i] = c;
    }
    return c;
  }

  close(): Promise<void> {
    return Promise.allSettled(this.clients.map((c) => c.close())).then(() => undefined);
  }

  destroy(): Promise<void> {
    return Promise.allSettled(this.clients.map((c) => c.destroy())).then(() => undefined);
  }
}
