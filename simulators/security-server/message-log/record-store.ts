// The durable message-log store: LoggedMessages, time-stamps and archive rotations as journal
// entries (journal.ts), replayed into an in-memory index on open. Every change is on disk before
// its promise resolves, so a SIGKILL loses nothing that was acknowledged (LOG-001, LOG-007).
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoggedMessage } from '../components.js';
import { Journal, loggingFailed, type BlobRef, type ReplayedEntry } from './journal.js';
import { exchangeKey, type BatchStamp, type Direction, type LogRecord } from './log-record.js';

export const JOURNAL_FILE = 'messagelog.journal';

/** One archive rotation as recorded in the journal. */
export interface ArchiveRotation {
  file: string;
  recordIds: number[];
  /** linkinginfo digest of the archive's last container: where the next archive's chain starts. */
  lastDigest: string;
}

interface MessageHeader {
  t: 'm';
  id: number;
  q: string;
  c: string;
  s: string;
  d: Direction;
  p: 'soap' | 'rest';
  at: string;
  body: boolean;
  hc: boolean;
  sd: string;
}

export interface StoreStats {
  records: number;
  unstamped: number;
  stampedUnarchived: number;
  archives: number;
  journalBytes: number;
}

export class MessageRecordStore {
  private readonly byId = new Map<number, LogRecord>();
  private readonly byExchange = new Map<string, LogRecord[]>();
  /** Insertion (= id) order, so the oldest records are stamped and archived first. */
  private readonly unstampedSet = new Map<number, LogRecord>();
  private readonly toArchive = new Map<number, LogRecord>();
  private readonly rotations: ArchiveRotation[] = [];
  private nextId = 1;
  private nextBatchId = 1;
  private journal!: Journal;

  private constructor(readonly dir: string) {}

  static async open(dir: string): Promise<MessageRecordStore> {
    await mkdir(dir, { recursive: true });
    const store = new MessageRecordStore(dir);
    store.journal = await Journal.open(join(dir, JOURNAL_FILE), (e) => store.apply(e));
    return store;
  }

  /** The write or fsync error that stopped the store, if any (LOG-007). */
  get failed() {
    return this.journal.failed;
  }

  private index(r: LogRecord): void {
    this.byId.set(r.id, r);
    const key = exchangeKey(r.queryId, r.client);
    const list = this.byExchange.get(key);
    if (list) list.push(r);
    else this.byExchange.set(key, [r]);
    if (!r.stamp) this.unstampedSet.set(r.id, r);
    else if (!r.archive) this.toArchive.set(r.id, r);
  }

  private record(id: number, what: string): LogRecord {
    const r = this.byId.get(id);
    if (!r) throw loggingFailed(`message log journal refers to unknown record ${id} (${what})`);
    return r;
  }

  private markStamped(r: LogRecord): void {
    this.unstampedSet.delete(r.id);
    if (!r.archive) this.toArchive.set(r.id, r);
  }

  /** Replay of one journal entry (also used after each append, so memory follows the file). */
  private apply({ header, refs }: Pick<ReplayedEntry, 'header' | 'refs'>): void {
    switch (header.t) {
      case 'm': {
        const h = header as unknown as MessageHeader;
        const [message, signatureXml, ...rest] = refs;
        const r: LogRecord = {
          id: h.id,
          queryId: h.q,
          client: h.c,
          service: h.s,
          direction: h.d,
          protocol: h.p,
          loggedAt: new Date(h.at),
          bodyLogged: h.body,
          message,
          signatureXml,
          ...(h.hc ? { sigHashChainResult: rest[0], sigHashChain: rest[1] } : {}),
          attachments: h.hc ? rest.slice(2) : rest,
          signatureDigest: Buffer.from(h.sd, 'base64'),
        };
        this.nextId = Math.max(this.nextId, r.id + 1);
        this.index(r);
        break;
      }
      case 'b': {
        const ids = header.recs as number[];
        const [token, hashChainResult, ...chains] = refs;
        const batch: BatchStamp = { id: header.id as number, stampedAt: new Date(header.at as string), token, hashChainResult, recordCount: ids.length };
        this.nextBatchId = Math.max(this.nextBatchId, batch.id + 1);
        ids.forEach((id, i) => {
          const r = this.record(id, 'batch time-stamp');
          r.stamp = { kind: 'batch', batch, hashChain: chains[i] };
          this.markStamped(r);
        });
        break;
      }
      case 's': {
        const r = this.record(header.rec as number, 'time-stamp');
        r.stamp = { kind: 'single', stampedAt: new Date(header.at as string), token: refs[0], signatureXml: refs[1] };
        this.markStamped(r);
        break;
      }
      case 'a': {
        const rotation: ArchiveRotation = { file: header.file as string, recordIds: header.recs as number[], lastDigest: header.last as string };
        for (const id of rotation.recordIds) {
          const r = this.record(id, 'archive');
          r.archive = rotation.file;
          this.toArchive.delete(id);
        }
        this.rotations.push(rotation);
        break;
      }
      default:
        throw loggingFailed(`message log journal has an entry of unknown kind '${String(header.t)}'`);
    }
  }

  /**
   * Appends one message; durable when it resolves.
   * @param bodyLogged false when the caller blanked the body (LOG-006)
   */
  async add(m: LoggedMessage, bodyLogged = true): Promise<LogRecord> {
    const id = this.nextId++;
    const signatureDigest = createHash('sha512').update(m.signatureXml).digest();
    const hc = m.hashChainResult !== undefined && m.hashChain !== undefined;
    const header: MessageHeader = {
      t: 'm',
      id,
      q: m.queryId,
      c: m.client,
      s: m.service,
      d: m.direction,
      p: m.protocol,
      at: m.loggedAt.toISOString(),
      body: bodyLogged,
      hc,
      sd: signatureDigest.toString('base64'),
    };
    const blobs = [m.message, m.signatureXml, ...(hc ? [m.hashChainResult!, m.hashChain!] : []), ...m.attachments];
    const refs = await this.journal.append({ ...header }, blobs);
    this.apply({ header: { ...header }, refs });
    return this.byId.get(id)!;
  }

  async addBatchStamp(records: readonly LogRecord[], token: Buffer, hashChainResult: Buffer, hashChains: readonly Buffer[], at: Date): Promise<void> {
    const header = { t: 'b', id: this.nextBatchId++, at: at.toISOString(), recs: records.map((r) => r.id) };
    const refs = await this.journal.append(header, [token, hashChainResult, ...hashChains]);
    this.apply({ header, refs });
  }

  async addSingleStamp(record: LogRecord, token: Buffer, stampedSignatureXml: Buffer, at: Date): Promise<void> {
    const header = { t: 's', rec: record.id, at: at.toISOString() };
    const refs = await this.journal.append(header, [token, stampedSignatureXml]);
    this.apply({ header, refs });
  }

  async addArchiveRotation(rotation: ArchiveRotation): Promise<void> {
    const header = { t: 'a', file: rotation.file, recs: rotation.recordIds, last: rotation.lastDigest };
    await this.journal.append(header);
    this.apply({ header, refs: [] });
  }

  read(ref: BlobRef): Promise<Buffer> {
    return this.journal.read(ref);
  }

  get(id: number): LogRecord | undefined {
    return this.byId.get(id);
  }

  /** Records of one exchange (queryId + client), optionally one direction, in log order. */
  find(queryId: string, client: string, direction?: Direction): LogRecord[] {
    const all = this.byExchange.get(exchangeKey(queryId, client)) ?? [];
    return direction ? all.filter((r) => r.direction === direction) : [...all];
  }

  /** The oldest un-stamped records, at most `limit`. */
  unstamped(limit = Infinity): LogRecord[] {
    return take(this.unstampedSet, limit);
  }

  /** Stamped records not yet rotated into an archive, oldest first. */
  stampedUnarchived(limit = Infinity): LogRecord[] {
    return take(this.toArchive, limit);
  }

  archiveRotations(): readonly ArchiveRotation[] {
    return this.rotations;
  }

  stats(): StoreStats {
    return {
      records: this.byId.size,
      unstamped: this.unstampedSet.size,
      stampedUnarchived: this.toArchive.size,
      archives: this.rotations.length,
      journalBytes: this.journal.size,
    };
  }

  close(): Promise<void> {
    return this.journal.close();
  }
}

function take(map: Map<number, LogRecord>, limit: number): LogRecord[] {
  const out: LogRecord[] = [];
  for (const r of map.values()) {
    if (out.length >= limit) break;
    out.push(r);
  }
  return out;
}
