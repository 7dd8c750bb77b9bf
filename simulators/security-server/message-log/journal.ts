// The message log's write-ahead journal: one append-only file of CRC-framed entries, each fsync'd
// before its append() resolves (LOG-001, LOG-007: a message the SS answered for is never lost).
// Appends that arrive while a write is in flight share the next write + fdatasync (group
// commit), so N concurrent exchanges cost one disk flush, not N; the writing runs on a thread of
// its own (journal-writer.ts).
//
// Frame: u32 BE payload length | u32 BE crc32(payload) | payload, where
// payload = u32 BE header length | header JSON (UTF-8) | blob 1 | blob 2 | ... (lengths in the header).
// Blobs stay on disk: callers keep BlobRefs (offset, length) and read them back when needed, so a
// large log does not live in memory.
//
// On open, a last frame that runs past the end of the file or fails its CRC is a write the
// process died in (never acknowledged): it is cut off. A bad frame with more data behind it is
// corruption of acknowledged records, and opening fails rather than silently dropping them.
import { open, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { ErrorCodes, XRoadError } from '../../../protocol/faults/index.js';
import { JournalWriter } from './journal-writer.js';

const MAGIC = Buffer.from('RTMLOG1\n', 'latin1');
const FRAME_HEAD = 8;
/** One entry may not exceed this (a corrupt length field must not make us allocate gigabytes). */
export const MAX_FRAME_BYTES = 1024 * 1024 * 1024;

export interface BlobRef {
  offset: number;
  length: number;
}

export interface JournalHeader {
  /** Entry kind. */
  t: string;
  [key: string]: unknown;
}

export interface ReplayedEntry {
  header: JournalHeader;
  refs: BlobRef[];
  /** The blob bytes as read during replay (valid only inside the callback). */
  blobs: Buffer[];
}

export function loggingFailed(message: string, cause?: unknown): XRoadError {
  return new XRoadError(ErrorCodes.loggingFailed, message, undefined, cause === undefined ? undefined : { cause });
}

/** fsync of a directory, so a file created (or renamed) in it survives a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class Journal {
  private failure?: XRoadError;
  private closed = false;
  private readonly writer: JournalWriter;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    /** Logical end: the file size once every queued frame is written. */
    private end: number,
  ) {
    // The file may now end in a partial frame: nothing after it could be trusted, so the journal
    // stops, and every exchange fails with logging_failed (LOG-007) until restart.
    this.writer = new JournalWriter(fh.fd, (e) => (this.failure ??= loggingFailed(`Writing the message log failed: ${e.message}`, e)));
  }

  /**
   * Opens (creating if needed) the journal and replays every entry in file order.
   * @throws XRoadError logging_failed when the file is not a journal or is corrupt before its tail.
   */
  static async open(path: string, replay: (entry: ReplayedEntry) => void): Promise<Journal> {
    const fh = await open(path, 'a+');
    try {
      let size = (await fh.stat()).size;
      if (size === 0) {
        await fh.write(MAGIC);
        await fh.datasync();
        await syncDirectory(dirname(path));
        size = MAGIC.length;
      } else {
        const magic = Buffer.alloc(MAGIC.length);
        await fh.read(magic, 0, MAGIC.length, 0);
        if (!magic.equals(MAGIC)) throw loggingFailed(`${path} is not a message log journal`);
      }
      const goodEnd = await replayFrames(fh, path, size, replay);
      if (goodEnd < size) {
        await fh.truncate(goodEnd);
        await fh.datasync();
      }
      return new Journal(fh, path, goodEnd);
    } catch (e) {
      await fh.close().catch(() => undefined);
      throw e;
    }
  }

  /** The error that stopped the journal (a failed write or fsync), if any. */
  get failed(): XRoadError | undefined {
    return this.failure;
  }

  get size(): number {
    return this.end;
  }

  /** Appends one entry; resolves with the blobs' locations once the entry is on disk. */
  append(header: JournalHeader, blobs: readonly Buffer[] = []): Promise<BlobRef[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(loggingFailed('message log journal is closed'));
    const json = Buffer.from(JSON.stringify({ ...header, blobs: blobs.map((b) => b.length) }), 'utf8');
    const payloadLength = 4 + json.length + blobs.reduce((n, b) => n + b.length, 0);
    if (payloadLength > MAX_FRAME_BYTES) {
      return Promise.reject(loggingFailed(`message log entry of ${payloadLength} bytes is larger than ${MAX_FRAME_BYTES}`));
    }
    const head = Buffer.alloc(FRAME_HEAD + 4);
    head.writeUInt32BE(json.length, FRAME_HEAD);
    let crc = crc32(head.subarray(FRAME_HEAD));
    crc = crc32(json, crc);
    for (const b of blobs) crc = crc32(b, crc);
    head.writeUInt32BE(payloadLength, 0);
    head.writeUInt32BE(crc >>> 0, 4);
    // Unpooled, so that its memory can be handed to the writer thread instead of copied.
    const data = Buffer.allocUnsafeSlow(FRAME_HEAD + payloadLength);
    let at = 0;
    for (const part of [head, json, ...blobs]) at += part.copy(data, at);
    let offset = this.end + head.length + json.length;
    const refs = blobs.map((b) => {
      const ref = { offset, length: b.length };
      offset += b.length;
      return ref;
    });
    this.end += data.length;
    return this.writer.write(data).then(() => refs);
  }

  /** Reads one blob back. */
  async read(ref: BlobRef): Promise<Buffer> {
    const buf = Buffer.alloc(ref.length);
    let got = 0;
    while (got < ref.length) {
      const { bytesRead } = await this.fh.read(buf, got, ref.length - got, ref.offset + got);
      if (bytesRead === 0) throw loggingFailed(`message log journal ${this.path} ends before a record's data (offset ${ref.offset})`);
      got += bytesRead;
    }
    return buf;
  }

  /** Waits for queued appends, then closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writer.close();
    await this.fh.close();
  }
}

async function readExactly(fh: FileHandle, length: number, position: number): Promise<Buffer | undefined> {
  const buf = Buffer.alloc(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) return undefined;
    got += bytesRead;
  }
  return buf;
}

async function isZeroFilled(fh: FileHandle, from: number, size: number): Promise<boolean> {
  const chunk = Buffer.alloc(64 * 1024);
  for (let pos = from; pos < size; pos += chunk.length) {
    const { bytesRead } = await fh.read(chunk, 0, Math.min(chunk.length, size - pos), pos);
    if (bytesRead === 0) return true;
    for (let i = 0; i < bytesRead; i++) if (chunk[i] !== 0) return false;
  }
  return true;
}

/** Replays frames; returns the offset after the last good frame. */
async function replayFrames(fh: FileHandle, path: string, size: number, replay: (entry: ReplayedEntry) => void): Promise<number> {
  let pos = MAGIC.length;
  while (pos < size) {
    const head = pos + FRAME_HEAD <= size ? await readExactly(fh, FRAME_HEAD, pos) : undefined;
    if (!head) return pos; // torn frame head
    const length = head.readUInt32BE(0);
    const crc = head.readUInt32BE(4);
    const frameEnd = pos + FRAME_HEAD + length;
    if (length < 4 || length > MAX_FRAME_BYTES) {
      // Some file systems extend the size before the data lands: a zero-filled tail is a torn write.
      if (await isZeroFilled(fh, pos, size)) return pos;
      throw loggingFailed(`message log journal ${path} is corrupt at offset ${pos} (frame length ${length})`);
    }
    if (frameEnd > size) return pos; // the write the process died in
    const payload = await readExactly(fh, length, pos + FRAME_HEAD);
    if (!payload) return pos;
    if (crc32(payload) >>> 0 !== crc) {
      if (frameEnd === size) return pos; // the write the process died in
      throw loggingFailed(`message log journal ${path} is corrupt at offset ${pos} (CRC mismatch)`);
    }
    const headerLength = payload.readUInt32BE(0);
    let header: JournalHeader & { blobs?: number[] };
    try {
      header = JSON.parse(payload.subarray(4, 4 + headerLength).toString('utf8')) as JournalHeader & { blobs?: number[] };
    } catch (e) {
      throw loggingFailed(`message log journal ${path}: unreadable entry header at offset ${pos}`, e);
    }
    const refs: BlobRef[] = [];
    const blobs: Buffer[] = [];
    let at = 4 + headerLength;
    for (const n of header.blobs ?? []) {
      if (at + n > payload.length) throw loggingFailed(`message log journal ${path}: entry at offset ${pos} lists more data than it holds`);
      refs.push({ offset: pos + FRAME_HEAD + at, length: n });
      blobs.push(payload.subarray(at, at + n));
      at += n;
    }
    delete header.blobs;
    replay({ header, refs, blobs });
    pos = frameEnd;
  }
  return pos;
}
