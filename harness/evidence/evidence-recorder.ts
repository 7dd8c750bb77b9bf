// Every wire exchange of a scenario, as sent and received, kept as evidence for the report:
// one JSON record per exchange (headers, timing, verdict) with the exact body bytes beside it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface RecordedMessage {
  method?: string;
  url?: string;
  status?: number;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer | string;
}

export interface RecordedExchange {
  /** Which hop: e.g. 'client IS -> SUT client proxy', 'peer SS -> SUT server proxy'. */
  hop: string;
  startedAt: Date;
  durationMs: number;
  request: RecordedMessage;
  response?: RecordedMessage;
  /** A transport error instead of a response (refused, reset, timeout). */
  error?: string;
  /** What the harness concluded about it (e.g. the peer's signature verdict). */
  verdict?: string;
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'scenario';
}

export class EvidenceRecorder {
  private seq = 0;
  readonly relativeDir: string;
  private readonly dir: string;

  constructor(reportDir: string, scenarioId: string, scenarioName: string) {
    this.relativeDir = `evidence/${slug(scenarioName)}-${scenarioId.slice(0, 8)}`;
    this.dir = join(reportDir, this.relativeDir);
  }

  /** Writes the exchange and returns the record's path relative to the report directory. */
  record(x: RecordedExchange): string {
    mkdirSync(this.dir, { recursive: true });
    const n = String(++this.seq).padStart(3, '0');
    const bodyRef = (m: RecordedMessage | undefined, which: string) => {
      if (!m || m.body === undefined) return undefined;
      const file = `${n}-${which}.bin`;
      writeFileSync(join(this.dir, file), m.body);
      return { file, bytes: Buffer.byteLength(m.body) };
    };
    const json = {
      hop: x.hop,
      startedAt: x.startedAt.toISOString(),
      durationMs: x.durationMs,
      request: { ...x.request, body: bodyRef(x.request, 'request') },
      response: x.response ? { ...x.response, body: bodyRef(x.response, 'response') } : undefined,
      error: x.error,
      verdict: x.verdict,
    };
    const file = `${n}-exchange.json`;
    writeFileSync(join(this.dir, file), JSON.stringify(json, null, 1) + '\n');
    return `${this.relativeDir}/${file}`;
  }
}
