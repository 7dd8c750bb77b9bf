// The zip central directory, parsed by hand: the ASiC reader (a container in memory) and the
// message-archive reader (an archive on disk) share it. yauzl opens one stream and one zlib
// stream per entry, which cost ~4 ms per ASiC container and ~25x the hashing time on an
// archive; both readers now index the central directory once and slice entry data directly.
// ZIP64 end records and extra fields are understood; encryption and other methods are refused.

export interface ZipEntryInfo {
  name: string;
  flags: number;
  /** 0 stored, 8 deflate. */
  compressionMethod: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface EndOfCentralDirectory {
  count: number;
  cdOffset: number;
  cdSize: number;
}

export const SIG_LOCAL = 0x04034b50;
const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const MAX32 = 0xffffffff;

/** Thrown for a damaged zip; each reader turns it into its own unusable-input error. */
export class ZipFormatError extends Error {
  override readonly name = 'ZipFormatError';
}

/** How many trailing bytes can hold the end record (22 bytes plus a comment of up to 64 KiB). */
export function endRecordSearchLength(size: number): number {
  return Math.min(size, 22 + 0xffff);
}

/**
 * Finds the end of central directory in `tail` (the last bytes of the file, starting at
 * `tailOffset`). When ZIP64 is in use, `readAt` fetches the ZIP64 end record.
 */
export function findEndOfCentralDirectory(tail: Buffer, tailOffset: number, size: number, readAt: (offset: number, length: number) => Buffer): EndOfCentralDirectory {
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === SIG_EOCD && i + 22 + tail.readUInt16LE(i + 20) <= tail.length) { eocd = i; break; }
  }
  if (eocd < 0) throw new ZipFormatError('end of central directory record not found');
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === MAX32 || cdOffset === MAX32) {
    const loc = eocd - 20;
    if (loc < 0 || tail.readUInt32LE(loc) !== SIG_ZIP64_LOCATOR) throw new ZipFormatError('ZIP64 end of central directory locator not found');
    const z64Offset = Number(tail.readBigUInt64LE(loc + 8));
    if (z64Offset + 56 > size) throw new ZipFormatError('ZIP64 end of central directory record lies beyond the end');
    const z64 = readAt(z64Offset, 56);
    if (z64.readUInt32LE(0) !== SIG_ZIP64_EOCD) throw new ZipFormatError('ZIP64 end of central directory record not found');
    count = Number(z64.readBigUInt64LE(32));
    cdSize = Number(z64.readBigUInt64LE(40));
    cdOffset = Number(z64.readBigUInt64LE(48));
  }
  if (cdOffset + cdSize > size || (tailOffset + eocd < cdOffset + cdSize && count > 0)) {
    throw new ZipFormatError('central directory lies beyond the end of the file');
  }
  return { count, cdOffset, cdSize };
}

/** Parses `count` central-directory records from `cd` (the whole central directory). */
export function parseCentralDirectory(cd: Buffer, count: number): ZipEntryInfo[] {
  const entries: ZipEntryInfo[] = [];
  let pos = 0;
  for (let n = 0; n < count; n++) {
    if (pos + 46 > cd.length || cd.readUInt32LE(pos) !== SIG_CENTRAL) throw new ZipFormatError(`central directory entry ${n} is damaged`);
    const flags = cd.readUInt16LE(pos + 8);
    const compressionMethod = cd.readUInt16LE(pos + 10);
    const crc32 = cd.readUInt32LE(pos + 16);
    let compressedSize = cd.readUInt32LE(pos + 20);
    let uncompressedSize = cd.readUInt32LE(pos + 24);
    const nameLen = cd.readUInt16LE(pos + 28);
    const extraLen = cd.readUInt16LE(pos + 30);
    const commentLen = cd.readUInt16LE(pos + 32);
    let localHeaderOffset = cd.readUInt32LE(pos + 42);
    const nameStart = pos + 46;
    const extraEnd = nameStart + nameLen + extraLen;
    if (extraEnd + commentLen > cd.length) throw new ZipFormatError(`central directory entry ${n} runs past the directory`);
    // Bit 11: UTF-8 name; otherwise CP437, which equals latin1 for the ASCII names X-Road writes.
    const name = cd.toString(flags & 0x800 ? 'utf8' : 'latin1', nameStart, nameStart + nameLen);
    if (uncompressedSize === MAX32 || compressedSize === MAX32 || localHeaderOffset === MAX32) {
      let e = nameStart + nameLen;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const len = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let p = e + 4;
          const next = () => {
            if (p + 8 > e + 4 + len) throw new ZipFormatError(`ZIP64 extra field of '${name}' is too short`);
            const v = Number(cd.readBigUInt64LE(p));
            p += 8;
            return v;
          };
          if (uncompressedSize === MAX32) uncompressedSize = next();
          if (compressedSize === MAX32) compressedSize = next();
          if (localHeaderOffset === MAX32) localHeaderOffset = next();
          break;
        }
        e += 4 + len;
      }
    }
    if (flags & 0x1) throw new ZipFormatError(`entry '${name}' is encrypted`);
    entries.push({ name, flags, compressionMethod, crc32, compressedSize, uncompressedSize, localHeaderOffset });
    pos = extraEnd + commentLen;
  }
  return entries;
}

/** Offset of an entry's data, from its 30-byte local header (name and extra lengths may differ from the central ones). */
export function dataOffset(entry: ZipEntryInfo, localHeader: Buffer): number {
  if (localHeader.length < 30 || localHeader.readUInt32LE(0) !== SIG_LOCAL) throw new ZipFormatError(`local header of '${entry.name}' is damaged`);
  return entry.localHeaderOffset + 30 + localHeader.readUInt16LE(26) + localHeader.readUInt16LE(28);
}

export function checkMethod(entry: ZipEntryInfo): void {
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new ZipFormatError(`entry '${entry.name}' uses compression method ${entry.compressionMethod}`);
  }
}
