// Reads the entries of a small zip held in memory (an ASiC container), letting the caller decide
// per entry whether to keep its bytes, reduce it to a SHA-512 digest, or skip it. yauzl does not
// check CRC-32, but Java's ZipInputStream (X-Road's reader) does, so we check it ourselves: a
// flipped byte inside compressed data is a damaged file, not a different message.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl from 'yauzl';
import { UnusableInputCodes, UnusableInputError } from './unusable-input.js';

export type EntryDisposition = 'keep' | 'digest' | 'skip';

export interface ZipReadResult {
  /** Every entry name in central-directory order, including skipped ones. */
  names: string[];
  kept: { name: string; data: Buffer }[];
  digests: { name: string; sha512: Buffer }[];
}

export interface ZipReadOptions {
  /** Upper bound for one kept entry after inflation (zip-bomb guard). Default 256 MiB. */
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

function corrupted(label: string, detail: string, cause?: unknown): UnusableInputError {
  return new UnusableInputError(UnusableInputCodes.corruptedZip, `${label} is a corrupted or truncated zip: ${detail}`, { cause });
}

function openBuffer(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zf) => (err ? reject(err) : resolve(zf)));
  });
}

function openEntry(zf: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => zf.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s))));
}

/** Streams one entry into `sink`, checking its CRC-32; returns nothing, rejects on damage. */
export async function pumpEntry(zf: yauzl.ZipFile, entry: yauzl.Entry, sink: (chunk: Buffer) => void): Promise<void> {
  const stream = await openEntry(zf, entry);
  let crc = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    crc = crc32(chunk, crc);
    sink(chunk);
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) throw new Error(`CRC-32 mismatch in entry '${entry.fileName}'`);
}

/** Iterates central-directory entries of an open lazy yauzl zip. */
export async function* eachEntry(zf: yauzl.ZipFile): AsyncGenerator<yauzl.Entry> {
  while (true) {
    const next = await new Promise<yauzl.Entry | null>((resolve, reject) => {
      const onEntry = (e: yauzl.Entry) => { cleanup(); resolve(e); };
      const onEnd = () => { cleanup(); resolve(null); };
      const onError = (err: Error) => { cleanup(); reject(err); };
      const cleanup = () => { zf.off('entry', onEntry); zf.off('end', onEnd); zf.off('error', onError); };
      zf.on('entry', onEntry);
      zf.on('end', onEnd);
      zf.on('error', onError);
      zf.readEntry();
    });
    if (!next) return;
    yield next;
  }
}

export async function readZipBuffer(bytes: Buffer, decide: (name: string) => EntryDisposition, options: ZipReadOptions = {}): Promise<ZipReadResult> {
  const label = options.label ?? 'container';
  const max = options.maxEntryBytes ?? DEFAULT_MAX_ENTRY_BYTES;
  if (bytes.length === 0) throw new UnusableInputError(UnusableInputCodes.emptyFile, `${label} is empty (0 bytes)`);
  let zf: yauzl.ZipFile;
  try {
    zf = await openBuffer(bytes);
  } catch (err) {
    throw corrupted(label, (err as Error).message, err);
  }
  const result: ZipReadResult = { names: [], kept: [], digests: [] };
  try {
    for await (const entry of eachEntry(zf)) {
      const name = entry.fileName;
      result.names.push(name);
      if (name.endsWith('/')) continue; // directory entry
      const what = decide(name);
      if (what === 'skip') continue;
      if (what === 'keep') {
        if (entry.uncompressedSize > max) {
          throw new UnusableInputError(UnusableInputCodes.tooLarge, `${label}: entry '${name}' is ${entry.uncompressedSize} bytes, above the ${max}-byte limit`);
        }
        const chunks: Buffer[] = [];
        await pumpEntry(zf, entry, (c) => chunks.push(c));
        result.kept.push({ name, data: Buffer.concat(chunks) });
      } else {
        const h = createHash('sha512');
        await pumpEntry(zf, entry, (c) => h.update(c));
        result.digests.push({ name, sha512: h.digest() });
      }
    }
  } catch (err) {
    if (err instanceof UnusableInputError) throw err;
    throw corrupted(label, (err as Error).message, err);
  }
  return result;
}
