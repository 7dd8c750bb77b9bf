// Multipart writer (RFC 2046 §5.1): `--B CRLF headers CRLF CRLF body CRLF --B ... CRLF --B-- CRLF`.
// CRLF everywhere. The boundary is random and checked against the content: buffered bodies are
// searched before the boundary is fixed; streamed bodies are searched as they pass and a
// collision fails the write instead of producing a message that parses differently.
import { randomBytes } from 'node:crypto';
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { formatContentType } from '../mime/content-type.js';
import { headerEntries, type HeaderInput } from './part-headers.js';

export type PartBody = Buffer | Uint8Array | string | AsyncIterable<Buffer | Uint8Array> | MultipartWriter;

export interface PartInput {
  headers?: HeaderInput;
  body: PartBody;
}

export interface MultipartWriterOptions {
  /** `multipart/mixed` (default), `multipart/related`, ... */
  mediaType?: string;
  /** Fixed boundary; default random. */
  boundary?: string;
  /** Prefix of a random boundary (X-Road uses `xtop` / `xatt`). */
  boundaryPrefix?: string;
  /** Length of the random part (default 30, as X-Road's MimeUtils.randomBoundary). */
  boundaryRandomLength?: number;
  /** Content-Type parameters written before `boundary` (charset, type, start, start-info). */
  params?: Record<string, string | undefined>;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random alphanumeric boundary. */
export function randomBoundary(length = 30, prefix = ''): string {
  const bytes = randomBytes(length);
  let s = prefix;
  // 62 symbols; modulo bias is irrelevant for a boundary.
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

function bodyAsBuffer(body: PartBody): Buffer | undefined {
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  return undefined;
}

function checkHeader(name: string, value: string): void {
  if (!/^[!-9;-~]+$/.test(name) || /[\r\n]/.test(value)) {
    throw new XRoadError(ErrorCodes.internalError, `multipart writer: refusing header "${name}" (line break or invalid name)`);
  }
}

export class MultipartWriter {
  private readonly parts: PartInput[] = [];
  private fixedBoundary: string | undefined;
  private readonly options: MultipartWriterOptions;

  constructor(options: MultipartWriterOptions = {}) {
    this.options = options;
    this.fixedBoundary = options.boundary;
  }

  get mediaType(): string {
    return this.options.mediaType ?? 'multipart/mixed';
  }

  /** Adds a part. A nested MultipartWriter gets its Content-Type header unless one is given. */
  add(body: PartBody, headers?: HeaderInput): this {
    const entries = headerEntries(headers);
    for (const [n, v] of entries) checkHeader(n, v);
    if (body instanceof MultipartWriter && !entries.some(([n]) => n.toLowerCase() === 'content-type')) {
      entries.unshift(['Content-Type', body.contentType]);
    }
    const buf = bodyAsBuffer(body);
    if (this.fixedBoundary !== undefined && buf && buf.includes(this.fixedBoundary, 0, 'latin1')) {
      throw new XRoadError(ErrorCodes.internalError, `multipart writer: boundary "${this.fixedBoundary}" occurs in part ${this.parts.length}`);
    }
    this.parts.push({ headers: entries, body: buf ?? body });
    return this;
  }

  /** The boundary; chosen on first use so that it avoids every buffered body added so far. */
  get boundary(): string {
    if (this.fixedBoundary === undefined) {
      for (let attempt = 0; ; attempt++) {
        const candidate = randomBoundary(this.options.boundaryRandomLength ?? 30, this.options.boundaryPrefix ?? '');
        if (!this.contentContains(candidate)) {
          this.fixedBoundary = candidate;
          break;
        }
        if (attempt > 16) throw new XRoadError(ErrorCodes.internalError, 'multipart writer: no collision-free boundary found');
      }
    }
    return this.fixedBoundary!;
  }

  get contentType(): string {
    return formatContentType(this.mediaType, { ...this.options.params, boundary: this.boundary });
  }

  /** True when every body (recursively) is in memory, so toBuffer() works. */
  get buffered(): boolean {
    return this.parts.every((p) => Buffer.isBuffer(p.body) || (p.body instanceof MultipartWriter && p.body.buffered));
  }

  private contentContains(s: string): boolean {
    return this.parts.some((p) => {
      if (Buffer.isBuffer(p.body)) return p.body.includes(s, 0, 'latin1');
      if (p.body instanceof MultipartWriter) return p.body.boundary.includes(s) || p.body.contentContains(s);
      return false;
    });
  }

  private partHead(index: number, part: PartInput): Buffer {
    let head = (index === 0 ? '' : '\r\n') + `--${this.boundary}\r\n`;
    for (const [n, v] of headerEntries(part.headers)) head += `${n}: ${v}\r\n`;
    head += '\r\n';
    return Buffer.from(head, 'utf8');
  }

  private tail(): Buffer {
    if (this.parts.length === 0) throw new XRoadError(ErrorCodes.internalError, 'multipart writer: a multipart needs at least one part (RFC 2046)');
    return Buffer.from(`\r\n--${this.boundary}--\r\n`, 'latin1');
  }

  /** The whole multipart body; every body must be buffered. */
  toBuffer(): Buffer {
    const out: Buffer[] = [];
    this.parts.forEach((p, i) => {
      out.push(this.partHead(i, p));
      if (Buffer.isBuffer(p.body)) out.push(p.body);
      else if (p.body instanceof MultipartWriter) out.push(p.body.toBuffer());
      else throw new XRoadError(ErrorCodes.internalError, `multipart writer: part ${i} is a stream; use stream()`);
    });
    out.push(this.tail());
    return Buffer.concat(out);
  }

  /** The multipart body as a stream of chunks; streamed bodies are passed through uncopied. */
  async *stream(): AsyncGenerator<Buffer, void, undefined> {
    const boundary = this.boundary;
    for (let i = 0; i < this.parts.length; i++) {
      const p = this.parts[i]!;
      yield this.partHead(i, p);
      if (Buffer.isBuffer(p.body)) {
        if (p.body.length > 0) yield p.body;
        continue;
      }
      const source: AsyncIterable<Buffer | Uint8Array> = p.body instanceof MultipartWriter ? p.body.stream() : (p.body as AsyncIterable<Buffer | Uint8Array>);
      const guard = new CollisionGuard(boundary, i);
      for await (const raw of source) {
        const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
        guard.check(chunk);
        if (chunk.length > 0) yield chunk;
      }
    }
    yield this.tail();
  }
}

/** Finds the boundary in streamed content, including across chunk edges. */
class CollisionGuard {
  private tail = Buffer.alloc(0);
  private readonly needle: Buffer;

  constructor(
    private readonly boundary: string,
    private readonly index: number,
  ) {
    this.needle = Buffer.from(boundary, 'latin1');
  }

  check(chunk: Buffer): void {
    const n = this.needle.length;
    const edge = Buffer.concat([this.tail, chunk.subarray(0, n - 1)]);
    if (edge.includes(this.needle) || chunk.includes(this.needle)) {
      throw new XRoadError(ErrorCodes.internalError, `multipart writer: boundary "${this.boundary}" occurs in streamed part ${this.index}`);
    }
    if (n === 1) return;
    const joined = chunk.length >= n - 1 ? chunk : Buffer.concat([this.tail, chunk]);
    this.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - (n - 1))));
  }
}
