// The reference security server's message log (LOG-001..007, TSA-001..006): the MessageLog seam of
// components.ts over a durable store, a batch / synchronous timestamper, an archiver and the /asic
// and /verificationconf handlers. Parameters carry X-Road's names (SYSPAR message-log section) and
// defaults, so a scenario can state them as an administrator would.
import { join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import type { ArchiveDigestAlgorithm } from '../../../protocol/message-archive/index.js';
import type { GlobalConfView, LoggedMessage, MessageLog } from '../components.js';
import type { Defects } from '../defects.js';
import { handleAsicRequest, type AsicHandlerDeps } from './asic-handler.js';
import { Archiver, type ArchiveFileResult } from './archiver.js';
import { loggableMessage, type BodyLoggingPolicy } from './body-logging.js';
import type { Direction, LogRecord } from './log-record.js';
import { buildRecordContainer } from './record-container.js';
import { MessageRecordStore, type StoreStats } from './record-store.js';
import { Timestamper, type TimestamperStats } from './timestamper.js';
import { handleVerificationConfRequest } from './verificationconf-handler.js';

export interface MessageLogOptions {
  /** Where the journal (and by default the archives) live; created if missing. */
  directory: string;
  globalConf: GlobalConfView;
  /** timestamp-immediately (TSA-004): stamp inside log(); a TSA failure fails the exchange. Default false. */
  timestampImmediately?: boolean;
  /** acceptable-timestamp-failure-period (TSA-005), default 14400; 0 = never refuse messages. */
  acceptableTimestampFailurePeriodSeconds?: number;
  /** timestamp-retry-delay after a failed run, default 60. */
  timestampRetryDelaySeconds?: number;
  /** timestamp-records-limit: records per batch token, default 10000. */
  timestampRecordsLimit?: number;
  /** Overrides the global configuration's timeStampingIntervalSeconds (tests use fractions of a second). */
  timestampingIntervalSeconds?: number;
  /** Per-TSA request limit, default 20 s. */
  tsaTimeoutMs?: number;
  /** The security server's own TSP list: approved TSAs by name or URL, in order. Default: all approved. */
  timestampingServices?: string[];
  /**
   * IS authentication for /asic (UG-SIGDOC §2.4, LOG-003 401): throw to refuse the download for
   * `client`. The security server plugs its client-proxy connection policy in here.
   */
  asicAuthorize?: AsicHandlerDeps['authorize'];
  /** message-body-logging (LOG-006), default true. */
  messageBodyLogging?: BodyLoggingPolicy;
  archive?: {
    /** Default `<directory>/archive`. */
    directory?: string;
    /** Rotate every N seconds; 0 or unset = only on archiveNow(). */
    intervalSeconds?: number;
    /** Containers per archive file, default 1000. */
    maxRecordsPerArchive?: number;
    /** linkinginfo digest algorithm (message-log hash-algo-id), default SHA-512. */
    algorithm?: ArchiveDigestAlgorithm;
  };
  clock?: () => Date;
  /** Seeded defects (no-timestamping, ignore-timestamp-failure-period, asic-wrong-message, log-requests-only); never on by default. */
  defects?: Pick<Defects, 'has'>;
}

export interface MessageLogStats extends StoreStats {
  timestamper: TimestamperStats;
}

/** What the security server wires in, beyond the components.ts seam. */
export interface ReferenceMessageLog extends MessageLog {
  /** GET /verificationconf (LOG-005). */
  handleVerificationConf(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Runs the batch timestamper now; false when a batch failed. */
  timestampNow(): Promise<boolean>;
  /** Rotates stamped records into archives now. */
  archiveNow(): Promise<ArchiveFileResult[]>;
  /** Archive files of the chain, oldest first. */
  archiveFiles(): string[];
  /** Logged records of one exchange (for scenario evidence). */
  find(queryId: string, client: string, direction?: Direction): LogRecord[];
  /** The ASiC container of a stamped record. */
  container(record: LogRecord): Promise<Buffer>;
  stats(): MessageLogStats;
  readonly directory: string;
  readonly archiveDirectory: string;
}

export async function createMessageLog(options: MessageLogOptions): Promise<ReferenceMessageLog> {
  const clock = options.clock ?? (() => new Date());
  const store = await MessageRecordStore.open(options.directory);
  const timestamper = new Timestamper({
    store,
    globalConf: options.globalConf,
    recordsLimit: options.timestampRecordsLimit ?? 10_000,
    retryDelayMs: (options.timestampRetryDelaySeconds ?? 60) * 1000,
    acceptableFailurePeriodMs: (options.acceptableTimestampFailurePeriodSeconds ?? 14_400) * 1000,
    ...(options.timestampingIntervalSeconds !== undefined ? { intervalMs: options.timestampingIntervalSeconds * 1000 } : {}),
    tsaTimeoutMs: options.tsaTimeoutMs ?? 20_000,
    ...(options.timestampingServices ? { tsaSelection: options.timestampingServices } : {}),
    clock,
    ...(options.defects ? { defects: options.defects } : {}),
  });
  const archiveDirectory = options.archive?.directory ?? join(options.directory, 'archive');
  const archiver = new Archiver({
    store,
    directory: archiveDirectory,
    maxRecordsPerArchive: options.archive?.maxRecordsPerArchive ?? 1000,
    algorithm: options.archive?.algorithm ?? 'SHA-512',
    clock,
  });
  await archiver.recover();
  const policy = options.messageBodyLogging ?? true;
  let stopped = false;
  let archiveTimer: NodeJS.Timeout | undefined;
  const archiveEvery = (options.archive?.intervalSeconds ?? 0) * 1000;
  if (archiveEvery > 0) {
    archiveTimer = setInterval(() => void archiver.archiveNow().catch(() => undefined), archiveEvery);
    archiveTimer.unref();
  }
  timestamper.start();

  const assertCanAcceptMessages = (now: Date = clock()): void => {
    if (stopped) throw new XRoadError(ErrorCodes.loggingFailed, 'The message log is stopped');
    if (store.failed) throw new XRoadError(ErrorCodes.loggingFailed, store.failed.message, undefined, { cause: store.failed });
    timestamper.assertCanAccept(now);
  };

  return {
    directory: options.directory,
    archiveDirectory,
    assertCanAcceptMessages,

    async log(m: LoggedMessage): Promise<void> {
      assertCanAcceptMessages();
      // Seeded defect log-requests-only: the response of an exchange leaves no record (LOG-001).
      if (m.direction === 'response' && options.defects?.has('log-requests-only')) return;
      const { message, bodyLogged } = loggableMessage(m, policy);
      let record: LogRecord;
      try {
        record = await store.add(message, bodyLogged);
      } catch (e) {
        if (e instanceof XRoadError && e.code === ErrorCodes.loggingFailed) throw e;
        throw new XRoadError(ErrorCodes.loggingFailed, `Logging the message failed: ${(e as Error).message}`, undefined, { cause: e });
      }
      if (options.timestampImmediately) {
        try {
          await timestamper.stampRecords([record]);
        } catch (e) {
          const err = e as XRoadError;
          throw new XRoadError(ErrorCodes.timestampingFailed, err.message, err.detail, { cause: e });
        }
      }
    },

    handleAsic(req, res, url) {
      return handleAsicRequest(
        {
          store,
          stampRecords: (records) => timestamper.stampRecords(records),
          ...(options.asicAuthorize ? { authorize: options.asicAuthorize } : {}),
          ...(options.defects ? { defects: options.defects } : {}),
        },
        req,
        res,
        url,
      );
    },

    handleVerificationConf(req, res) {
      return handleVerificationConfRequest(options.globalConf, req, res);
    },

    timestampNow: () => timestamper.runOnce(),
    archiveNow: () => archiver.archiveNow(),
    archiveFiles: () => archiver.files(),
    find: (queryId, client, direction) => store.find(queryId, client, direction),
    container: (record) => buildRecordContainer(store, record),
    stats: () => ({ ...store.stats(), timestamper: timestamper.stats() }),

    async stop(): Promise<void> {
      if (stopped) return;
      stopped = true;
      if (archiveTimer) clearInterval(archiveTimer);
      await timestamper.stop();
      await archiver.idle();
      await store.close();
    },
  };
}
