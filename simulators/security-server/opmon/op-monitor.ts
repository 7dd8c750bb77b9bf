// The operational monitoring store (OpMonitor of components.ts): records kept in memory, oldest
// dropped beyond a bound, queried the way X-Road's OperationalDataRecordManager does (OPMON-002/003):
// by monitoringDataTs (seconds, both ends inclusive), ascending; at most maxRecords, but every
// record sharing the last included timestamp is still included, and nextRecordsFrom = that
// timestamp + 1 only when records after it (up to recordsTo) were left out.
import { idEquals, providerOf, type ClientId } from '../../../protocol/identifiers/index.js';
import type { OpMonitor } from '../components.js';
import { recordClient, recordService, type OpMonRecordDetails } from './record-fields.js';

export interface RecordQuery {
  recordsFrom: number;
  recordsTo: number;
  /** Records where this client takes part, as client or as service provider (non-privileged callers). */
  exchangePartner?: ClientId;
  /** searchCriteria/client: records whose service provider is this client. */
  serviceProvider?: ClientId;
  maxRecords: number;
}

export interface RecordQueryResult {
  records: OpMonRecordDetails[];
  /** Set when records were left out because of maxRecords. */
  nextRecordsFrom?: number;
}

/** What the monitoring services need from a store. */
export interface OperationalDataStore extends OpMonitor {
  /** monitoringStartupTimestamp (ms). */
  readonly startupTimestamp: number;
  query(q: RecordQuery): RecordQueryResult;
  records(): readonly OpMonRecordDetails[];
}

export interface MemoryOpMonitorOptions {
  /** Records kept before the oldest are dropped (default 100000). */
  capacity?: number;
  now?: () => number;
}

function providerOfRecord(r: OpMonRecordDetails): ClientId | undefined {
  const s = recordService(r);
  return s ? providerOf(s) : undefined;
}

export function involves(r: OpMonRecordDetails, client: ClientId): boolean {
  return idEquals(recordClient(r), client) || idEquals(providerOfRecord(r), client);
}

export class MemoryOpMonitor implements OperationalDataStore {
  readonly startupTimestamp: number;
  private store: OpMonRecordDetails[] = [];
  private readonly capacity: number;

  constructor(options: MemoryOpMonitorOptions = {}) {
    this.capacity = Math.max(1, options.capacity ?? 100_000);
    this.startupTimestamp = (options.now ?? Date.now)();
  }

  record(rec: OpMonRecordDetails): void {
    this.store.push(rec);
    // Drop in chunks so that a full store does not copy the array on every record.
    if (this.store.length > this.capacity) this.store = this.store.slice(this.store.length - this.capacity + Math.ceil(this.capacity / 10));
  }

  records(): readonly OpMonRecordDetails[] {
    return this.store;
  }

  query(q: RecordQuery): RecordQueryResult {
    const matching = (r: OpMonRecordDetails): boolean =>
      (q.exchangePartner === undefined || involves(r, q.exchangePartner)) &&
      (q.serviceProvider === undefined || idEquals(providerOfRecord(r), q.serviceProvider));
    const inRange = this.store
      .filter((r) => r.monitoringDataTs >= q.recordsFrom && r.monitoringDataTs <= q.recordsTo && matching(r))
      .sort((a, b) => a.monitoringDataTs - b.monitoringDataTs);
    const max = Math.max(1, q.maxRecords);
    if (inRange.length <= max) return { records: inRange };
    const lastTs = inRange[max - 1]!.monitoringDataTs;
    const included = inRange.filter((r) => r.monitoringDataTs <= lastTs);
    const leftOut = included.length < inRange.length;
    return { records: included, ...(leftOut && lastTs < q.recordsTo ? { nextRecordsFrom: lastTs + 1 } : {}) };
  }
}
