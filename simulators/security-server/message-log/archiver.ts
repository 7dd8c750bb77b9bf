// Rotates stamped records into message-log archives (`mlog-<first>-<last>-<random>.zip`), each
// ending in a linkinginfo that chains its containers to the previous archive's last digest
// (protocol/message-archive; CATALOG §1 "Message-log archive chain"), so `roadtest verify archive`
// accepts the sequence and a tampered container breaks it at that point.
//
// Crash safety: the zip is written as `<name>.part` and fsync'd; then the rotation goes into the
// journal; then the file is renamed. On open, a journalled rotation whose file is still `.part`
// is renamed, and a `.part` the journal does not know (the crash came first) is deleted — its
// records are still un-archived and go into the next archive.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MessageArchiveWriter, type ArchiveDigestAlgorithm } from '../../../protocol/message-archive/index.js';
import { syncDirectory } from './journal.js';
import type { LogRecord } from './log-record.js';
import { buildRecordContainer, containerName } from './record-container.js';
import type { MessageRecordStore } from './record-store.js';

const PART = '.part';

export interface ArchiverOptions {
  store: MessageRecordStore;
  directory: string;
  /** Containers per archive file (X-Road bounds by archive-max-filesize instead). */
  maxRecordsPerArchive: number;
  algorithm: ArchiveDigestAlgorithm;
  clock: () => Date;
}

export interface ArchiveFileResult {
  file: string;
  path: string;
  containers: number;
  lastDigest: string;
}

/** yyyyMMddHHmmss in UTC, as X-Road's archive names. */
function stamp(d: Date): string {
  return d.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(() => true, () => false);
}

export class Archiver {
  private running?: Promise<ArchiveFileResult[]>;

  constructor(private readonly o: ArchiverOptions) {}

  /** Finishes or discards archive files a crash left behind. */
  async recover(): Promise<void> {
    await mkdir(this.o.directory, { recursive: true });
    const known = new Set(this.o.store.archiveRotations().map((r) => r.file));
    for (const name of await readdir(this.o.directory)) {
      if (!name.endsWith(PART)) continue;
      const final = name.slice(0, -PART.length);
      if (known.has(final) && !(await exists(join(this.o.directory, final)))) {
        await rename(join(this.o.directory, name), join(this.o.directory, final));
      } else {
        await rm(join(this.o.directory, name), { force: true });
      }
    }
    await syncDirectory(this.o.directory);
  }

  /** Archives every stamped, un-archived record now; one file per maxRecordsPerArchive. */
  archiveNow(): Promise<ArchiveFileResult[]> {
    this.running ??= (async () => {
      try {
        const out: ArchiveFileResult[] = [];
        for (;;) {
          const records = this.o.store.stampedUnarchived(this.o.maxRecordsPerArchive);
          if (records.length === 0) return out;
          out.push(await this.writeArchive(records));
        }
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async writeArchive(records: LogRecord[]): Promise<ArchiveFileResult> {
    await mkdir(this.o.directory, { recursive: true });
    const rotations = this.o.store.archiveRotations();
    const prev = rotations[rotations.length - 1];
    const file = `mlog-${stamp(records[0].loggedAt)}-${stamp(records[records.length - 1].loggedAt)}-${randomBytes(5).toString('hex')}.zip`;
    const path = join(this.o.directory, file);
    const writer = await MessageArchiveWriter.create(path + PART, {
      prevDigest: prev?.lastDigest ?? '',
      prevFile: prev?.file ?? '',
      algorithm: this.o.algorithm,
      mtime: this.o.clock(),
    });
    for (const r of records) await writer.addContainer(containerName(r), await buildRecordContainer(this.o.store, r));
    const result = await writer.close();
    const fh = await open(path + PART, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    await this.o.store.addArchiveRotation({ file, recordIds: records.map((r) => r.id), lastDigest: result.lastDigest });
    await rename(path + PART, path);
    await syncDirectory(this.o.directory);
    return { file, path, containers: result.containers, lastDigest: result.lastDigest };
  }

  /** Archive files of the chain, oldest first (absolute paths). */
  files(): string[] {
    return this.o.store.archiveRotations().map((r) => join(this.o.directory, r.file));
  }

  async idle(): Promise<void> {
    await this.running?.catch(() => undefined);
  }
}
