// A zip reader for message-log archives that never holds a whole archive in memory: the central
// directory gives entry metadata, then entry data is read through one fixed window buffer and
// inflated entry by entry. yauzl opens one fd stream and one zlib stream per entry, which made
// archive verification ~25x slower than hashing (perf/archive.bench.ts); a log archive holds
// thousands of ~10 KB containers, so the per-entry cost is what matters here.
// Like Java's ZipFile (X-Road's ArchiveHashChainVerifier) it does not check CRC-32: the
// linkinginfo hash chain is the integrity check, and a changed byte must surface as a broken link.
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { assertUsableFile, UnusableInputCodes, UnusableInputError } from '../asic/unusable-input.js';

export interface ZipStreamEntry {
  name: string;
  /** 0 stored, 8 deflate; anything else is refused. */
  compressionMethod: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;
const DEFAULT_WINDOW = 4 * 1024 * 1024;

export class ZipStreamReader {
  private window: Buffer;
  private windowStart = 0;
  private windowLength = 0;

  private constructor(
    private readonly fh: FileHandle,
    readonly path: string,
    readonly size: number,
    windowSize: number,
    /** Central-directory entries in central-directory order (X-Road's "zip order"). */
    readonly entries: ZipStreamEntry[] = [],
  ) {
    this.window = Buffer.allocUnsafe(windowSize);
  }

  /** Opens `path` and reads its central directory. Throws UnusableInputError for a damaged file. */
  static async open(path: string, options: { windowSize?: number } = {}): Promise<ZipStreamReader> {
    const size = assertUsableFile(path, 'archive');
    const fh = await open(path, 'r');
    const reader = new ZipStreamReader(fh, path, size, options.windowSize ?? DEFAULT_WINDOW);
    try {
      await reader.readCentralDirectory();
    } catch (err) {
      await fh.close();
      throw err;
    }
    return reader;
  }

  async close(): Promise<void> {
    await this.fh.close();
  }

  private corrupted(detail: string, cause?: unknown): UnusableInputError {
    return new UnusableInputError(UnusableInputCodes.corruptedZip, `archive '${this.path}' is a corrupted or truncated zip: ${detail}`, { cause });
  }

  private async readAt(offset: number, length: number): Promise<Buffer> {
    if (offset < 0 || offset + length > this.size) throw this.corrupted(`read of ${length} bytes at ${offset} runs past the end (${this.size} bytes)`);
    const buf = Buffer.allocUnsafe(length);
    const { bytesRead } = await this.fh.read(buf, 0, length, offset);
    if (bytesRead !== length) throw this.corrupted(`short read at ${offset}`);
    return buf;
  }

  /** Bytes [offset, offset+length) through the window; valid only until the next call. */
  private async windowed(offset: number, length: number): Promise<Buffer> {
    if (offset >= this.windowStart && offset + length <= this.windowStart + this.windowLength) {
      return this.window.subarray(offset - this.windowStart, offset - this.windowStart + length);
    }
    if (offset < 0 || offset + length > this.size) throw this.corrupted(`entry data at ${offset}+${length} runs past the end (${this.size} bytes)`);
    if (length > this.window.length) this.window = Buffer.allocUnsafe(length);
    const want = Math.min(this.window.length, this.size - offset);
    const { bytesRead } = await this.fh.read(this.window, 0, want, offset);
    this.windowStart = offset;
    this.windowLength = bytesRead;
    if (bytesRead < length) throw this.corrupted(`short read at ${offset}`);
    return this.window.subarray(0, length);
  }

  private async readCentralDirectory(): Promise<void> {
    const tailLen = Math.min(this.size, 22 + 0xffff);
    const tail = await this.readAt(this.size - tailLen, tailLen);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === SIG_EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) { eocd = i; break; }
    }
    if (eocd < 0) throw this.corrupted('end of central directory record not found');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdOffset = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === MAX32 || cdOffset === MAX32) {
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== SIG_ZIP64_LOCATOR) throw this.corrupted('ZIP64 end of central directory locator not found');
      const z64 = await this.readAt(Number(tail.readBigUInt64LE(loc + 8)), 56);
      if (z64.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw this.corrupted('ZIP64 end of central directory record not found');
      count = Number(z64.readBigUInt64LE(32));
      cdSize = Number(z64.readBigUInt64LE(40));
      cdOffset = Number(z64.readBigUInt64LE(48));
    }
    if (cdOffset + cdSize > this.size) throw this.corrupted('central directory lies beyond the end of the file');
    // Read the central directory through the window so that a huge one does not need one buffer.
    let pos = cdOffset;
    for (let n = 0; n < count; n++) {
      const h = await this.windowed(pos, 46);
      if (h.readUInt32LE(0) !== SIG_CENTRAL) throw this.corrupted(`central directory entry ${n} has a bad signature`);
      const flags = h.readUInt16LE(8);
      const method = h.readUInt16LE(10);
      let compressedSize = h.readUInt32LE(20);
      let uncompressedSize = h.readUInt32LE(24);
      const nameLen = h.readUInt16LE(28);
      const extraLen = h.readUInt16LE(30);
      const commentLen = h.readUInt16LE(32);
      let localHeaderOffset = h.readUInt32LE(42);
      const rest = await this.windowed(pos + 46, nameLen + extraLen);
      // Bit 11: UTF-8 name; otherwise CP437, which equals latin1 for the ASCII names X-Road writes.
      const name = rest.toString(flags & 0x800 ? 'utf8' : 'latin1', 0, nameLen);
      if (uncompressedSize === MAX32 || compressedSize === MAX32 || localHeaderOffset === MAX32) {
        let e = nameLen;
        while (e + 4 <= nameLen + extraLen) {
          const id = rest.readUInt16LE(e);
          const len = rest.readUInt16LE(e + 2);
          if (id === 0x0001) {
            let p = e + 4;
            const next = () => { const v = Number(rest.readBigUInt64LE(p)); p += 8; return v; };
            if (uncompressedSize === MAX32) uncompressedSize = next();
            if (compressedSize === MAX32) compressedSize = next();
            if (localHeaderOffset === MAX32) localHeaderOffset = next();
            break;
          }
          e += 4 + len;
        }
      }
      if (flags & 0x1) throw this.corrupted(`entry '${name}' is encrypted`);
      this.entries.push({ name, compressionMethod: method, compressedSize, uncompressedSize, localHeaderOffset });
      pos += 46 + nameLen + extraLen + commentLen;
    }
  }

  private async dataStart(entry: ZipStreamEntry): Promise<number> {
    const lh = await this.windowed(entry.localHeaderOffset, 30);
    if (lh.readUInt32LE(0) !== SIG_LOCAL) throw this.corrupted(`local header of '${entry.name}' has a bad signature`);
    return entry.localHeaderOffset + 30 + lh.readUInt16LE(26) + lh.readUInt16LE(28);
  }

  /**
   * The whole entry when it fits the window (the common case: one call, no generator), else
   * undefined and the caller streams it with entryChunks(). A stored entry comes back as a view of
   * the window, valid only until the next read (copy to keep it).
   */
  async smallEntryData(entry: ZipStreamEntry): Promise<Buffer | undefined> {
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw this.corrupted(`entry '${entry.name}' uses compression method ${entry.compressionMethod}`);
    }
    if (entry.compressedSize > this.window.length) return undefined;
    const raw = await this.windowed(await this.dataStart(entry), entry.compressedSize);
    let data = raw;
    if (entry.compressionMethod === 8) {
      try {
        data = inflateRawSync(raw, { maxOutputLength: Math.max(entry.uncompressedSize, 1) });
      } catch (err) {
        throw this.corrupted(`entry '${entry.name}' does not inflate: ${(err as Error).message}`, err);
      }
    }
    if (data.length !== entry.uncompressedSize) throw this.corrupted(`entry '${entry.name}' is ${data.length} bytes, its header says ${entry.uncompressedSize}`);
    return data;
  }

  /** The entry's uncompressed bytes as chunks (same view caveat as smallEntryData). */
  async *entryChunks(entry: ZipStreamEntry): AsyncGenerator<Buffer> {
    const small = await this.smallEntryData(entry);
    if (small) {
      yield small;
      return;
    }
    yield* this.largeEntryChunks(entry, await this.dataStart(entry));
  }

  private async *largeEntryChunks(entry: ZipStreamEntry, start: number): AsyncGenerator<Buffer> {
    const chunkSize = this.window.length;
    const read = (off: number, len: number) => this.windowed(off, len);
    async function* compressed(): AsyncGenerator<Buffer> {
      for (let off = 0; off < entry.compressedSize; off += chunkSize) {
        // Copy: the window is reused while the consumer (or zlib) still holds the chunk.
        yield Buffer.from(await read(start + off, Math.min(chunkSize, entry.compressedSize - off)));
      }
    }
    let total = 0;
    const source = entry.compressionMethod === 8 ? Readable.from(compressed()).pipe(createInflateRaw()) : compressed();
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        total += chunk.length;
        if (total > entry.uncompressedSize) break;
        yield chunk;
      }
    } catch (err) {
      if (err instanceof UnusableInputError) throw err;
      throw this.corrupted(`entry '${entry.name}' does not inflate: ${(err as Error).message}`, err);
    }
    if (total !== entry.uncompressedSize) throw this.corrupted(`entry '${entry.name}' does not match its header size ${entry.uncompressedSize}`);
  }

  /** Whole entry in memory (for linkinginfo and single containers). */
  async readEntry(entry: ZipStreamEntry): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const c of this.entryChunks(entry)) parts.push(Buffer.from(c));
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }
}
