// Streaming multipart reader: pulls Buffers from a Node Readable (or any async iterable) and
// yields parts one at a time. A part's body is streamed as views into the input chunks, so a
// 100 MB attachment is never held twice; digests are computed while streaming (SIG/TRANSP
// verifiers need SHA-512 of every part's exact bytes).
import { createHash, type Hash } from 'node:crypto';
import { ErrorCodes, XRoadError, isXRoadError } from '../faults/index.js';
import { boundaryOf, parseContentType, type ContentType } from '../mime/content-type.js';
import type { PartHeaders } from './part-headers.js';
import { MultipartScanner, type ScanEvent, type ScannerLimits } from './scanner.js';

export type ByteSource = AsyncIterable<Buffer | Uint8Array | string> | Iterable<Buffer | Uint8Array>;

export interface ConsumeOptions {
  /** Node digest names (`sha512`, `sha256`...) to compute over the body bytes. */
  digests?: readonly string[];
  /** Keep the bytes (default false: only size and digests). */
  collect?: boolean;
  /** Refuse bodies longer than this with XRoadError `limitCode` (default `io_error`, as X-Road). */
  maxBytes?: number;
  limitCode?: string;
  /** Called for every chunk, e.g. to tee the body elsewhere. */
  onChunk?: (chunk: Buffer) => void;
}

export interface ConsumedBody {
  size: number;
  digests: Record<string, Buffer>;
  /** Present when `collect` was set. */
  bytes?: Buffer;
}

export interface MultipartPart {
  /** 0-based position in its multipart. */
  readonly index: number;
  readonly headers: PartHeaders;
  /** Lowercased media type of the part's Content-Type, undefined when absent or malformed. */
  readonly mediaType: string | undefined;
  /** The body as exact byte chunks. Can be iterated once. */
  body(): AsyncIterable<Buffer>;
  /** Reads the body, hashing and/or collecting it. */
  consume(options?: ConsumeOptions): Promise<ConsumedBody>;
  /** Reads the whole body into one Buffer. */
  bytes(maxBytes?: number): Promise<Buffer>;
}

export interface ReadMultipartOptions extends ScannerLimits {
  /** Name of this multipart in error messages. */
  label?: string;
}

function toBuffer(chunk: Buffer | Uint8Array | string): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'latin1');
  return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/** Boundary from a Content-Type value, or the argument itself when it is a bare boundary. */
export function resolveBoundary(contentTypeOrBoundary: string | ContentType): string {
  if (typeof contentTypeOrBoundary !== 'string') {
    const b = boundaryOf(contentTypeOrBoundary);
    if (!b) throw new XRoadError(ErrorCodes.mimeParsingFailed, `Content-Type "${contentTypeOrBoundary.raw}" has no boundary parameter`);
    return b;
  }
  if (!contentTypeOrBoundary.includes('/')) return contentTypeOrBoundary;
  let ct: ContentType;
  try {
    ct = parseContentType(contentTypeOrBoundary);
  } catch (e) {
    throw new XRoadError(ErrorCodes.mimeParsingFailed, `cannot parse multipart Content-Type: ${(e as Error).message}`, undefined, { cause: e });
  }
  if (!ct.mediaType.startsWith('multipart/')) {
    throw new XRoadError(ErrorCodes.mimeParsingFailed, `Content-Type "${contentTypeOrBoundary}" is not multipart`);
  }
  return resolveBoundary(ct);
}

/**
 * Reads a multipart body part by part.
 * @param contentTypeOrBoundary the Content-Type header value (`multipart/...; boundary=...`) or a bare boundary
 *
 * Each part's body must be consumed (or is skipped) before the next part is yielded. Errors are
 * XRoadError: `mime_parsing_failed` for broken framing, `io_error` when the source fails.
 */
export async function* readMultipart(
  source: ByteSource,
  contentTypeOrBoundary: string | ContentType,
  options: ReadMultipartOptions = {},
): AsyncGenerator<MultipartPart, void, undefined> {
  const scanner = new MultipartScanner(resolveBoundary(contentTypeOrBoundary), options);
  const events = new EventPump(source, scanner);
  try {
    for (;;) {
      const ev = await events.next();
      if (ev.kind === 'done') break;
      if (ev.kind !== 'part') continue; // leftover data of a skipped body is drained by the pump
      const part = new StreamedPart(ev.index, ev.headers, events);
      yield part;
      await part.skipRest();
    }
    await events.drain();
  } finally {
    await events.close();
  }
}

/** Pulls scanner events, reading more input when the queue runs dry. */
class EventPump {
  private readonly queue: ScanEvent[] = [];
  private head = 0;
  private readonly iterator: AsyncIterator<Buffer | Uint8Array | string> | Iterator<Buffer | Uint8Array>;
  private ended = false;

  constructor(
    source: ByteSource,
    private readonly scanner: MultipartScanner,
  ) {
    this.iterator =
      Symbol.asyncIterator in source
        ? (source as AsyncIterable<Buffer>)[Symbol.asyncIterator]()
        : (source as Iterable<Buffer>)[Symbol.iterator]();
  }

  async next(): Promise<ScanEvent> {
    while (this.head >= this.queue.length) {
      this.queue.length = 0;
      this.head = 0;
      if (this.ended) return { kind: 'done' };
      let r: IteratorResult<Buffer | Uint8Array | string>;
      try {
        r = await this.iterator.next();
      } catch (e) {
        throw isXRoadError(e) ? e : new XRoadError(ErrorCodes.ioError, `reading multipart body failed: ${(e as Error).message}`, undefined, { cause: e });
      }
      if (r.done) {
        this.ended = true;
        this.scanner.end(this.queue);
      } else {
        this.scanner.write(toBuffer(r.value), this.queue);
      }
    }
    return this.queue[this.head++]!;
  }

  /** After the closing delimiter: read the epilogue away so the source is fully consumed. */
  async drain(): Promise<void> {
    while (!this.ended) {
      let r: IteratorResult<unknown>;
      try {
        r = await this.iterator.next();
      } catch (e) {
        throw new XRoadError(ErrorCodes.ioError, `reading multipart epilogue failed: ${(e as Error).message}`, undefined, { cause: e });
      }
      if (r.done) this.ended = true;
    }
  }

  async close(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      await this.iterator.return?.();
    }
  }
}

class StreamedPart implements MultipartPart {
  private started = false;
  private finished = false;

  constructor(
    readonly index: number,
    readonly headers: PartHeaders,
    private readonly events: EventPump,
  ) {}

  get mediaType(): string | undefined {
    return this.headers.mediaType;
  }

  body(): AsyncIterable<Buffer> {
    if (this.started) throw new XRoadError(ErrorCodes.internalError, `body of part ${this.index} was already read`);
    this.started = true;
    return this.chunks();
  }

  private async *chunks(): AsyncGenerator<Buffer> {
    while (!this.finished) {
      const ev = await this.events.next();
      if (ev.kind === 'data') yield ev.chunk;
      else if (ev.kind === 'part-end') this.finished = true;
      else throw new XRoadError(ErrorCodes.internalError, `multipart scanner: unexpected ${ev.kind} inside part ${this.index}`);
    }
  }

  async consume(options: ConsumeOptions = {}): Promise<ConsumedBody> {
    const hashes: [string, Hash][] = (options.digests ?? []).map((d) => [d, createHash(d)]);
    const kept: Buffer[] = [];
    let size = 0;
    for await (const chunk of this.body()) {
      size += chunk.length;
      if (options.maxBytes !== undefined && size > options.maxBytes) {
        throw new XRoadError(
          options.limitCode ?? ErrorCodes.ioError,
          `multipart part ${this.index} (${this.mediaType ?? 'no Content-Type'}) exceeds ${options.maxBytes} bytes`,
        );
      }
      for (const [, h] of hashes) h.update(chunk);
      if (options.collect) kept.push(chunk);
      options.onChunk?.(chunk);
    }
    const digests: Record<string, Buffer> = {};
    for (const [name, h] of hashes) digests[name] = h.digest();
    if (!options.collect) return { size, digests };
    // A part inside one chunk is a view of it (the source's bytes are never written to afterwards).
    return { size, digests, bytes: kept.length === 1 ? kept[0]! : Buffer.concat(kept, size) };
  }

  async bytes(maxBytes?: number): Promise<Buffer> {
    return (await this.consume({ collect: true, maxBytes })).bytes!;
  }

  /** Called by the reader before the next part: drains whatever the caller left unread. */
  async skipRest(): Promise<void> {
    if (!this.started) {
      this.started = true;
    }
    while (!this.finished) {
      const ev = await this.events.next();
      if (ev.kind === 'part-end') this.finished = true;
      else if (ev.kind !== 'data') throw new XRoadError(ErrorCodes.internalError, `multipart scanner: unexpected ${ev.kind}`);
    }
  }
}
