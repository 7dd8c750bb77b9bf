// Time-stamps message-log records (TSA-003..006). Batch mode: every timeStampingIntervalSeconds the
// un-stamped records (at most timestamp-records-limit per token) get one token over
// ts-hashchainresult.xml, whose hash-chain leaves are SHA-512(signatures.xml) per record (DataRef
// /META-INF/signatures.xml); a lone record gets a single token over its raw SignatureValue,
// embedded in the signature. The same code stamps one record inside log() when
// timestamp-immediately is on, and the records of an /asic?force download.
//
// Failure period (TSA-005, X-Road LogManager): the first failed attempt after a success starts the
// clock; once it has run longer than acceptable-timestamp-failure-period, new messages are refused
// with timestamping_failed "Cannot time-stamp messages". Failed runs retry after
// timestamp-retry-delay; the first success stamps the backlog and clears the state, so messages
// flow again (the recovery X-Road fixed in PR #1807 / #2113).
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { buildHashChains, SIGNATURE, TS_HASH_CHAIN } from '../../../protocol/hashchain/index.js';
import type { ApprovedTsa } from '../../../protocol/trust/index.js';
import type { GlobalConfView } from '../components.js';
import type { Defects } from '../defects.js';
import type { LogRecord } from './log-record.js';
import type { MessageRecordStore } from './record-store.js';
import { embedSignatureTimestamp, signatureValueBytes } from './signature-timestamp.js';
import { requestTimestamp, type TimestampOutcome } from './tsa-client.js';

export const CANNOT_TIMESTAMP = 'Cannot time-stamp messages';
export const NO_TSA_CONFIGURED = 'Cannot time-stamp messages: no time-stamping services configured';

export interface TimestamperOptions {
  store: MessageRecordStore;
  globalConf: GlobalConfView;
  /** timestamp-records-limit (default 10000). */
  recordsLimit: number;
  /** timestamp-retry-delay after a failed run (default 60 s). */
  retryDelayMs: number;
  /** acceptable-timestamp-failure-period; 0 turns the check off. */
  acceptableFailurePeriodMs: number;
  /** Overrides the global configuration's timeStampingIntervalSeconds. */
  intervalMs?: number;
  tsaTimeoutMs: number;
  /** Use only these approved TSAs (by name or URL), in this order (a security server's own TSP list). */
  tsaSelection?: readonly string[];
  clock: () => Date;
  /** Seeded defects (no-timestamping, ignore-timestamp-failure-period, and the TSA client's); never on by default. */
  defects?: Pick<Defects, 'has'>;
}

export interface TimestamperStats {
  pending: number;
  tokens: number;
  stampedRecords: number;
  failures: number;
  lastSuccessAt?: Date;
  lastFailureAt?: Date;
  /** Start of the current failure period (undefined while stamping works). */
  failingSince?: Date;
  lastError?: { code: string; message: string; detail?: string };
  lastTsa?: string;
}

function asXRoadError(e: unknown): XRoadError {
  if (e instanceof XRoadError) return e;
  return new XRoadError(ErrorCodes.timestampingFailed, `Time-stamping failed: ${(e as Error).message}`, undefined, { cause: e });
}

export class Timestamper {
  private readonly inFlight = new Map<number, Promise<void>>();
  private timer?: NodeJS.Timeout;
  private running?: Promise<boolean>;
  private stopped = true;
  private readonly counters: TimestamperStats = { pending: 0, tokens: 0, stampedRecords: 0, failures: 0 };

  constructor(private readonly o: TimestamperOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.schedule(this.intervalMs());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
    await Promise.allSettled([...this.inFlight.values()]);
  }

  private intervalMs(): number {
    if (this.o.intervalMs !== undefined) return this.o.intervalMs;
    return Math.max(1, this.o.globalConf.timestampingIntervalSeconds()) * 1000;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      void this.runOnce().then((ok) => this.schedule(ok ? this.intervalMs() : this.o.retryDelayMs));
    }, delayMs);
    this.timer.unref();
  }

  /** TSA-005: refuse new messages while no TSA is configured or stamping fails for too long. */
  assertCanAccept(now: Date = this.o.clock()): void {
    // Seeded defect ignore-timestamp-failure-period: messages flow whatever stamping does (TSA-005).
    if (this.o.defects?.has('ignore-timestamp-failure-period')) return;
    let tsas: readonly ApprovedTsa[] | undefined;
    try {
      tsas = this.selectTsas();
    } catch {
      tsas = undefined; // an unreadable configuration is the configuration client's fault to report
    }
    if (tsas && tsas.length === 0) throw new XRoadError(ErrorCodes.timestampingFailed, NO_TSA_CONFIGURED);
    const since = this.counters.failingSince;
    const period = this.o.acceptableFailurePeriodMs;
    if (since && period > 0 && now.getTime() - since.getTime() > period) {
      const last = this.counters.lastError;
      throw new XRoadError(ErrorCodes.timestampingFailed, CANNOT_TIMESTAMP, last ? `${last.code}: ${last.message}` : undefined);
    }
  }

  private selectTsas(): readonly ApprovedTsa[] {
    const approved = this.o.globalConf.trust().approvedTsas;
    const sel = this.o.tsaSelection;
    if (!sel) return approved;
    return sel.map((s) => approved.find((t) => t.name === s || t.url === s)).filter((t): t is ApprovedTsa => t !== undefined);
  }

  /** Stamps every un-stamped record now (batches of recordsLimit). Resolves false when a batch failed. */
  runOnce(): Promise<boolean> {
    // Seeded defect no-timestamping: the batch run reports success and stamps nothing (TSA-003).
    if (this.o.defects?.has('no-timestamping')) return Promise.resolve(true);
    if (!this.running) {
      // The body must not settle before `running` holds its promise: an idle run used to clear
      // `running` synchronously and then store its own finished promise for good, which stopped
      // batch stamping after the first idle tick.
      const self: { run?: Promise<boolean> } = {};
      self.run = (async () => {
        await Promise.resolve();
        try {
          for (;;) {
            const batch = this.o.store
              .unstamped(this.o.recordsLimit + this.inFlight.size)
              .filter((r) => !this.inFlight.has(r.id))
              .slice(0, this.o.recordsLimit);
            if (batch.length === 0) return true;
            try {
              await this.track(batch);
            } catch {
              return false;
            }
          }
        } finally {
          if (this.running === self.run) this.running = undefined;
        }
      })();
      this.running = self.run;
    }
    return this.running;
  }

  /**
   * Stamps exactly these records (timestamp-immediately, /asic force), waiting for any already being
   * stamped. Throws the stamping error (XRoadError) when a record could not be stamped.
   */
  async stampRecords(records: readonly LogRecord[]): Promise<void> {
    if (this.o.defects?.has('no-timestamping') && records.some((r) => !r.stamp)) {
      throw new XRoadError(ErrorCodes.timestampingFailed, CANNOT_TIMESTAMP); // seeded defect no-timestamping
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      const waits: Promise<void>[] = [];
      const mine: LogRecord[] = [];
      for (const r of records) {
        if (r.stamp) continue;
        const p = this.inFlight.get(r.id);
        if (p) waits.push(p);
        else mine.push(r);
      }
      if (mine.length === 0 && waits.length === 0) return;
      const results = await Promise.allSettled([...waits, ...(mine.length ? [this.track(mine)] : [])]);
      const failed = results.find((x): x is PromiseRejectedResult => x.status === 'rejected');
      if (mine.length && failed) throw asXRoadError(failed.reason);
    }
    if (records.some((r) => !r.stamp)) {
      const last = this.counters.lastError;
      throw new XRoadError(last?.code ?? ErrorCodes.timestampingFailed, last?.message ?? CANNOT_TIMESTAMP, last?.detail);
    }
  }

  private track(records: LogRecord[]): Promise<void> {
    const job = this.stampGroup(records);
    const settled = job.catch(() => undefined);
    for (const r of records) this.inFlight.set(r.id, job);
    void settled.finally(() => {
      for (const r of records) if (this.inFlight.get(r.id) === job) this.inFlight.delete(r.id);
    });
    return job;
  }

  private async stampGroup(records: LogRecord[]): Promise<void> {
    const now = this.o.clock();
    try {
      this.o.globalConf.assertValid(now); // TSA-006
      const trust = this.o.globalConf.trust();
      const tsas = this.selectTsas();
      const options = { tsas, timeoutMs: this.o.tsaTimeoutMs, ...(this.o.defects ? { defects: this.o.defects } : {}) };
      let outcome: TimestampOutcome;
      if (records.length === 1) {
        const [r] = records;
        const signatureXml = await this.o.store.read(r.signatureXml);
        outcome = await requestTimestamp(signatureValueBytes(signatureXml), trust, options);
        await this.o.store.addSingleStamp(r, outcome.tokenDer, embedSignatureTimestamp(signatureXml, outcome.tokenDer), this.o.clock());
      } else {
        const chains = buildHashChains(records.map((r) => [r.signatureDigest]), 'sha512');
        const hashChainResult = Buffer.from(chains.hashChainResultXml(TS_HASH_CHAIN), 'utf8');
        const hashChains = chains.hashChainXmls(SIGNATURE).map((x) => Buffer.from(x, 'utf8'));
        outcome = await requestTimestamp(hashChainResult, trust, options);
        await this.o.store.addBatchStamp(records, outcome.tokenDer, hashChainResult, hashChains, this.o.clock());
      }
      this.counters.tokens++;
      this.counters.stampedRecords += records.length;
      this.counters.lastSuccessAt = this.o.clock();
      this.counters.lastTsa = outcome.tsa.url;
      this.counters.failingSince = undefined;
    } catch (e) {
      const err = asXRoadError(e);
      this.counters.failures++;
      this.counters.lastFailureAt = now;
      this.counters.failingSince ??= now;
      this.counters.lastError = { code: err.code, message: err.message, ...(err.detail ? { detail: err.detail } : {}) };
      throw err;
    }
  }

  stats(): TimestamperStats {
    return { ...this.counters, pending: this.o.store.stats().unstamped };
  }
}

