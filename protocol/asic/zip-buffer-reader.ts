// Reads the entries of a small zip held in memory (an ASiC container), letting the caller decide
// per entry whether to keep its bytes, reduce it to a SHA-512 digest, or skip it. CRC-32 is
// checked, as Java's ZipInputStream (X-Road's reader) does: a flipped byte inside compressed data
// is a damaged file, not a different message.
import { createHash } from 'node:crypto';
import { crc32, inflateRawSync } from 'node:zlib';
import { UnusableInputCodes, UnusableInputError } from './unusable-input.js';
import { checkMethod, dataOffset, endRecordSearchLength, findEndOfCentralDirectory, parseCentralDirectory, ZipFormatError, type ZipEntryInfo } from './zip-central-directory.js';

export type EntryDisposition = 'keep' | 'digest' | 'skip';

export interface ZipReadResult {
  /** Every entry name in central-directory order, including skipped ones. */
  names: string[];
  kept: { name: string; data: Buffer }[];
  digests: { name: string; sha512: Buffer }[];
}

export interface ZipReadOptions {
  /** Upper bound for one entry after inflation (zip-bomb guard). Default 256 MiB. */
  maxEntryBytes?: number;
  /** Name used in error messages. */
  label?: string;
}

const DEFAULT_MAX_ENTRY_BYTES = 256 * 1024 * 1024;

/** True when the bytes begin like a zip (local file header, or the end record of an empty zip). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b
    && ((bytes[2] === 0x03 && bytes[3] === 0x04) || (bytes[2] === 0x05 && bytes[3] === 0x06));
}

function slice(bytes: Buffer, offset: number, length: number, what: string): Buffer {
  if (offset < 0 || offset + length > bytes.length) throw new ZipFormatError(`${what} runs past the end of the data`);
  return bytes.subarray(offset, offset + length);
}

/** The uncompressed bytes of one entry, size- and CRC-checked. */
function entryData(bytes: Buffer, entry: ZipEntryInfo, max: number, label: string): Buffer {
  checkMethod(entry);
  if (entry.uncompressedSize > max) {
    throw new UnusableInputError(UnusableInputCodes.tooLarge, `${label}: entry '${entry.name}' is ${entry.uncompressedSize} bytes, above the ${max}-byte limit`);
  }
  const start = dataOffset(entry, slice(bytes, entry.localHeaderOffset, 30, `local header of '${entry.name}'`));
  const raw = slice(bytes, start, entry.compressedSize, `data of '${entry.name}'`);
  let data = raw;
  if (entry.compressionMethod === 8) {
    try {
      data = inflateRawSync(raw, { maxOutputLength: Math.max(entry.uncompressedSize, 1) });
    } catch (err) {
      throw new ZipFormatError(`entry '${entry.name}' does not inflate: ${(err as Error).message}`);
    }
  }
  if (data.length !== entry.uncompressedSize) throw new ZipFormatError(`entry '${entry.name}' is ${data.length} bytes, its header says ${entry.uncompressedSize}`);
  if (crc32(data) >>> 0 !== entry.crc32 >>> 0) throw new ZipFormatError(`CRC-32 mismatch in entry '${entry.name}'`);
  return data;
}

/** Synchronous core of readZipBuffer. */
export function readZipBufferSync(bytes: Buffer, decide: (name: string) => EntryDisposition, options: ZipReadOptions = {}): ZipReadResult {
  const label = options.label ?? 'container';
  const max = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  if (bytes.length === 0) throw new UnusableInputError(UnusableInputCodes.emptyFile, `${label} is empty (0 bytes)`);
  const result: ZipReadResult = { names: [], kept: [], digests: [] };
  try {
    const tailLen = endRecordSearchLength(bytes.length);
    const end = findEndOfCentralDirectory(bytes.subarray(bytes.length - tailLen), bytes.length - tailLen, bytes.length, (o, l) => slice(bytes, o, l, 'ZIP64 end record'));
    for (const entry of parseCentralDirectory(slice(bytes, end.cdOffset, end.cdSize, 'central directory'), end.count)) {
      result.names.push(entry.name);
      if (entry.name.endsWith('/')) continue; // directory entry
      const what = decide(entry.name);
      if (what === 'skip') continue;
      const data = entryData(bytes, entry, max, label);
      if (what === 'keep') result.kept.push({ name: entry.name, data });
      else result.digests.push({ name: entry.name, sha512: createHash('sha512').update(data).digest() });
    }
  } catch (err) {
    if (err instanceof ZipFormatError) {
      throw new UnusableInputError(UnusableInputCodes.corruptedZip, `${label} is a corrupted or truncated zip: ${err.message}`, { cause: err });
    }
    throw err;
  }
  return result;
}

export async function readZipBuffer(bytes: Buffer, decide: (name: string) => EntryDisposition, options: ZipReadOptions = {}): Promise<ZipReadResult> {
  return readZipBufferSync(bytes, decide, options);
}
