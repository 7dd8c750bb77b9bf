// Writes a zip entry by entry straight to a file, so that an archive of any size is built with
// flat memory (only the central-directory records, ~100 bytes per entry, are kept). yazl queues
// every added buffer until its pump reaches it, which holds the whole archive in memory.
// ZIP64 end records are written when the entry count or offsets need them.
import { open, type FileHandle } from 'node:fs/promises';
import { crc32, deflateRawSync } from 'node:zlib';

const MAX16 = 0xffff;
const MAX32 = 0xffffffff;
const OUT_BUFFER = 1024 * 1024;

export interface ZipWriteOptions {
  /** Deflate (method 8) unless false; X-Road's archives deflate their .asice entries. */
  compress?: boolean;
  compressionLevel?: number;
  mtime?: Date;
}

function dosDateTime(d: Date): { time: number; date: number } {
  const year = Math.max(1980, d.getUTCFullYear());
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | Math.floor(d.getUTCSeconds() / 2),
    date: ((year - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

export class ZipStreamWriter {
  private offset = 0;
  private readonly central: Buffer[] = [];
  private count = 0;
  private out = Buffer.allocUnsafe(OUT_BUFFER);
  private outLength = 0;
  private closed = false;

  private constructor(private readonly fh: FileHandle, readonly path: string) {}

  static async create(path: string): Promise<ZipStreamWriter> {
    return new ZipStreamWriter(await open(path, 'w'), path);
  }

  private async write(buf: Buffer): Promise<void> {
    if (this.outLength + buf.length > this.out.length) await this.flush();
    if (buf.length >= this.out.length) {
      await this.fh.write(buf);
    } else {
      buf.copy(this.out, this.outLength);
      this.outLength += buf.length;
    }
    this.offset += buf.length;
  }

  private async flush(): Promise<void> {
    if (this.outLength > 0) await this.fh.write(this.out, 0, this.outLength);
    this.outLength = 0;
  }

  async add(name: string, data: Buffer, options: ZipWriteOptions = {}): Promise<void> {
    if (this.closed) throw new Error(`zip '${this.path}' is already closed`);
    const compress = options.compress ?? true;
    const payload = compress ? deflateRawSync(data, { level: options.compressionLevel ?? 6 }) : data;
    if (data.length >= MAX32 || payload.length >= MAX32) throw new Error(`entry '${name}' is too large for this writer (4 GiB)`);
    const nameBytes = Buffer.from(name, 'utf8');
    const { time, date } = dosDateTime(options.mtime ?? new Date());
    const crc = crc32(data) >>> 0;
    const method = compress ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(payload.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(0, 28);
    const localOffset = this.offset;
    await this.write(local);
    await this.write(nameBytes);
    await this.write(payload);

    const zip64Offset = localOffset >= MAX32;
    const extra = zip64Offset ? Buffer.alloc(12) : Buffer.alloc(0);
    if (zip64Offset) {
      extra.writeUInt16LE(0x0001, 0);
      extra.writeUInt16LE(8, 2);
      extra.writeBigUInt64LE(BigInt(localOffset), 4);
    }
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE((3 << 8) | 45, 4); // made by Unix, spec 4.5
    cd.writeUInt16LE(zip64Offset ? 45 : 20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(time, 12);
    cd.writeUInt16LE(date, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(payload.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBytes.length, 28);
    cd.writeUInt16LE(extra.length, 30);
    cd.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    cd.writeUInt32LE(zip64Offset ? MAX32 : localOffset, 42);
    this.central.push(Buffer.concat([cd, nameBytes, extra]));
    this.count++;
  }

  async close(comment = ''): Promise<{ bytes: number; entries: number }> {
    if (this.closed) throw new Error(`zip '${this.path}' is already closed`);
    this.closed = true;
    try {
      const cdOffset = this.offset;
      for (const c of this.central) await this.write(c);
      const cdSize = this.offset - cdOffset;
      const needs64 = this.count >= MAX16 || cdOffset >= MAX32 || cdSize >= MAX32;
      if (needs64) {
        const z64Offset = this.offset;
        const z = Buffer.alloc(56);
        z.writeUInt32LE(0x06064b50, 0);
        z.writeBigUInt64LE(44n, 4);
        z.writeUInt16LE((3 << 8) | 45, 12);
        z.writeUInt16LE(45, 14);
        z.writeBigUInt64LE(BigInt(this.count), 24);
        z.writeBigUInt64LE(BigInt(this.count), 32);
        z.writeBigUInt64LE(BigInt(cdSize), 40);
        z.writeBigUInt64LE(BigInt(cdOffset), 48);
        await this.write(z);
        const loc = Buffer.alloc(20);
        loc.writeUInt32LE(0x07064b50, 0);
        loc.writeBigUInt64LE(BigInt(z64Offset), 8);
        loc.writeUInt32LE(1, 16);
        await this.write(loc);
      }
      const commentBytes = Buffer.from(comment, 'utf8');
      const e = Buffer.alloc(22);
      e.writeUInt32LE(0x06054b50, 0);
      e.writeUInt16LE(Math.min(this.count, MAX16), 8);
      e.writeUInt16LE(Math.min(this.count, MAX16), 10);
      e.writeUInt32LE(Math.min(cdSize, MAX32), 12);
      e.writeUInt32LE(Math.min(cdOffset, MAX32), 16);
      e.writeUInt16LE(commentBytes.length, 20);
      await this.write(e);
      await this.write(commentBytes);
      await this.flush();
      return { bytes: this.offset, entries: this.count };
    } finally {
      this.central.length = 0;
      await this.fh.close();
    }
  }
}
