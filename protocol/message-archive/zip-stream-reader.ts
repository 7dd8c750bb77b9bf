// A zip reader for message-log archives that never holds a whole archive in memory: the central
// directory (asic/zip-central-directory.ts) gives entry metadata, then entry data is read through
// one fixed window buffer and inflated entry by entry. yauzl opens one fd stream and one zlib
// stream per entry, which made archive verification ~25x slower than hashing
// (perf/archive.bench.ts); a log archive holds thousands of ~10 KB containers, so the per-entry
// cost is what matters here.
// Like Java's ZipFile (X-Road's ArchiveHashChainVerifier) it does not check CRC-32: the
// linkinginfo hash chain is the integrity check, and a changed byte must surface as a broken link.
import { readSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw, inflateRawSync } from 'node:zlib';
import { assertUsableFile, UnusableInputCodes, UnusableInputError } from '../asic/unusable-input.js';
import { dataOffset, endRecordSearchLength, findEndOfCentralDirectory, parseCentralDirectory, ZipFormatError, type ZipEntryInfo } from '../asic/zip-central-directory.js';

export type ZipStreamEntry = ZipEntryInfo;
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
    try {
      const tailLen = endRecordSearchLength(this.size);
      const tail = await this.readAt(this.size - tailLen, tailLen);
      const tailStart = this.size - tailLen;
      const end = findEndOfCentralDirectory(tail, tailStart, this.size, (o, l) => {
        if (o >= tailStart && o + l <= this.size) return tail.subarray(o - tailStart, o - tailStart + l);
        // Only with a long archive comment does the ZIP64 end record lie before the tail read.
        const buf = Buffer.alloc(l);
        if (readSync(this.fh.fd, buf, 0, l, o) !== l) throw new ZipFormatError('short read of the ZIP64 end record');
        return buf;
      });
      // Metadata only (~100 bytes per entry); entry data is what must never be held whole.
      const cd = await this.readAt(end.cdOffset, end.cdSize);
      this.entries.push(...parseCentralDirectory(cd, end.count));
    } catch (err) {
      if (err instanceof ZipFormatError) throw this.corrupted(err.message, err);
      throw err;
    }
  }

  private async dataStart(entry: ZipStreamEntry): Promise<number> {
    try {
      return dataOffset(entry, await this.windowed(entry.localHeaderOffset, 30));
    } catch (err) {
      if (err instanceof ZipFormatError) throw this.corrupted(err.message, err);
      throw err;
    }
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
