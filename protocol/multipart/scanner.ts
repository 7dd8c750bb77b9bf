// Push-mode multipart scanner (RFC 2046 §5.1.1): the one place that finds delimiters.
// Both the streaming reader and the whole-buffer parser drive it, so they cannot disagree.
//
// Delimiter search is Buffer.indexOf on `\n--boundary`; a tail of the previous chunk is carried
// so a delimiter split across chunks is found. Line breaks may be CRLF or bare LF: X-Road's own
// test messages (vectors messages/proxy-transport/*) use LF only, and mime4j accepts both. The
// line break before a delimiter belongs to the delimiter, so part bodies come out byte-exact.
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { parseHeaderBlock, type PartHeaders } from './part-headers.js';

export type ScanEvent =
  | { readonly kind: 'part'; readonly index: number; readonly headers: PartHeaders }
  | { readonly kind: 'data'; readonly chunk: Buffer }
  | { readonly kind: 'part-end' }
  | { readonly kind: 'done' };

export interface ScannerLimits {
  /** Largest header block of one part (default 64 KiB). */
  maxHeaderBytes?: number;
  /** Most parts accepted (default 10 000). */
  maxParts?: number;
  /** Longest transport padding after a boundary (default 1024). */
  maxPaddingBytes?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const EMPTY = Buffer.alloc(0);

type State = 'preamble' | 'headers' | 'body' | 'epilogue';

type Found =
  | { status: 'found'; at: number; next: number; close: boolean }
  | { status: 'more'; keepFrom: number }
  | { status: 'none'; keepFrom: number };

export function validateBoundary(boundary: string): void {
  // RFC 2046 allows 1..70 chars; X-Road uses 34. Longer ones are accepted, line breaks never.
  if (boundary.length === 0 || boundary.length > 200 || /[\r\n]/.test(boundary)) {
    throw new XRoadError(ErrorCodes.mimeParsingFailed, `invalid multipart boundary "${boundary.slice(0, 80)}"`);
  }
}

export class MultipartScanner {
  private readonly delimiter: Buffer; // "\n--" + boundary
  private readonly dashBoundary: Buffer; // "--" + boundary
  private readonly maxHeaderBytes: number;
  private readonly maxParts: number;
  private readonly maxPadding: number;
  private state: State = 'preamble';
  private carry: Buffer = EMPTY;
  private atStreamStart = true;
  /** Leading carried bytes that precede the current part's body (a delimiter may start there). */
  private bodyOffset = 0;
  private partCount = 0;
  private finished = false;

  constructor(
    readonly boundary: string,
    limits: ScannerLimits = {},
  ) {
    validateBoundary(boundary);
    this.dashBoundary = Buffer.from('--' + boundary, 'latin1');
    this.delimiter = Buffer.from('\n--' + boundary, 'latin1');
    this.maxHeaderBytes = limits.maxHeaderBytes ?? 64 * 1024;
    this.maxParts = limits.maxParts ?? 10_000;
    this.maxPadding = limits.maxPaddingBytes ?? 1024;
  }

  get done(): boolean {
    return this.state === 'epilogue';
  }

  /** Feeds a chunk; events are appended to `out`. Data events are views, not copies. */
  write(chunk: Buffer, out: ScanEvent[]): void {
    if (this.finished) throw new XRoadError(ErrorCodes.internalError, 'multipart scanner already ended');
    if (this.state === 'epilogue') return; // epilogue is ignored (RFC 2046)
    if (this.state === 'body' && this.carry.length > 0 && this.bodyOffset === 0 && chunk.length >= this.delimiter.length) {
      // Fast path: unless a delimiter starts in the carried tail (or right at the chunk's first
      // byte, where a carried CR would belong to it), the tail is plain body data and the chunk
      // is scanned in place, without copying it. The probe holds every delimiter that could
      // start there, since the chunk is at least a delimiter long.
      const probe = Buffer.concat([this.carry, chunk.subarray(0, this.delimiter.length + 4)]);
      const i = probe.indexOf(this.delimiter);
      if (i === -1 || i > this.carry.length) {
        out.push({ kind: 'data', chunk: this.carry });
        this.carry = EMPTY;
        this.process(chunk, false, out);
        return;
      }
    }
    const buf = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    this.carry = EMPTY;
    this.process(buf, false, out);
  }

  /** Signals end of input; throws `mime_parsing_failed` when the multipart is incomplete. */
  end(out: ScanEvent[]): void {
    if (this.finished) return;
    if (this.state !== 'epilogue') {
      const buf = this.carry;
      this.carry = EMPTY;
      this.process(buf, true, out);
    }
    this.finished = true;
    if (this.state === 'epilogue') return;
    switch (this.state) {
      case 'preamble':
        throw new XRoadError(ErrorCodes.mimeParsingFailed, `multipart body has no opening delimiter "--${this.boundary}"`);
      case 'headers':
        throw new XRoadError(ErrorCodes.mimeParsingFailed, `multipart part ${this.partCount}: header block not terminated by an empty line`);
      default:
        throw new XRoadError(
          ErrorCodes.mimeParsingFailed,
          `multipart body ends inside part ${this.partCount}: missing closing delimiter "--${this.boundary}--"`,
        );
    }
  }

  private process(buf: Buffer, final: boolean, out: ScanEvent[]): void {
    let pos = 0;
    for (;;) {
      if (this.state === 'preamble') {
        const f = this.findFirst(buf, final);
        if (f.status !== 'found') {
          this.carry = Buffer.from(buf.subarray(f.keepFrom));
          return;
        }
        this.atStreamStart = false;
        if (f.close) {
          // RFC 2046 requires at least one body part; "--B--" alone is not a multipart.
          throw new XRoadError(ErrorCodes.mimeParsingFailed, `multipart body has no parts before its closing delimiter "--${this.boundary}--"`);
        }
        pos = this.afterDelimiter(f, out);
        if (this.done) return;
      } else if (this.state === 'headers') {
        const end = this.findHeaderEnd(buf, pos);
        if (end === -1) {
          this.carry = Buffer.from(buf.subarray(pos));
          return;
        }
        const headers = parseHeaderBlock(Buffer.from(buf.subarray(pos, end.blockEnd)), `multipart part ${this.partCount}`);
        out.push({ kind: 'part', index: this.partCount - 1, headers });
        this.state = 'body';
        // An empty body may be followed directly by the delimiter, whose line break is then the
        // one ending the header block: search from that LF, never emit bytes before the body.
        const bodyStart = end.next;
        const from = end.emptyLineStart;
        const f = this.findDelimiter(buf, from, final);
        pos = this.emitBody(buf, bodyStart, f, out);
        if (pos < 0) return;
      } else if (this.state === 'body') {
        const bodyStart = pos + this.bodyOffset;
        this.bodyOffset = 0;
        const f = this.findDelimiter(buf, pos, final);
        pos = this.emitBody(buf, bodyStart, f, out);
        if (pos < 0) return;
      } else {
        return;
      }
    }
  }

  /** Emits body bytes; returns the position after the delimiter line, or -1 when more input is needed. */
  private emitBody(buf: Buffer, bodyStart: number, f: Found, out: ScanEvent[]): number {
    if (f.status !== 'found') {
      if (f.keepFrom > bodyStart) out.push({ kind: 'data', chunk: buf.subarray(bodyStart, f.keepFrom) });
      this.carry = Buffer.from(buf.subarray(f.keepFrom));
      this.bodyOffset = Math.max(0, bodyStart - f.keepFrom);
      return -1;
    }
    let bodyEnd = f.at > 0 && buf[f.at - 1] === CR ? f.at - 1 : f.at;
    if (bodyEnd < bodyStart) bodyEnd = bodyStart;
    if (bodyEnd > bodyStart) out.push({ kind: 'data', chunk: buf.subarray(bodyStart, bodyEnd) });
    out.push({ kind: 'part-end' });
    const next = this.afterDelimiter(f, out);
    return this.state === 'epilogue' ? -1 : next;
  }

  private afterDelimiter(f: Extract<Found, { status: 'found' }>, out: ScanEvent[]): number {
    if (f.close) {
      this.state = 'epilogue';
      out.push({ kind: 'done' });
      return f.next;
    }
    this.partCount++;
    if (this.partCount > this.maxParts) {
      throw new XRoadError(ErrorCodes.mimeParsingFailed, `multipart body has more than ${this.maxParts} parts`);
    }
    this.state = 'headers';
    return f.next;
  }

  /** The opening delimiter may start the body without a preceding line break. */
  private findFirst(buf: Buffer, final: boolean): Found {
    if (this.atStreamStart) {
      const need = this.dashBoundary.length;
      if (buf.length < need && !final && this.dashBoundary.subarray(0, buf.length).equals(buf)) {
        return { status: 'more', keepFrom: 0 }; // could still become "--boundary"
      }
      if (buf.subarray(0, need).equals(this.dashBoundary)) {
        const c = this.classify(buf, need, final);
        if (c === 'more') return { status: 'more', keepFrom: 0 };
        if (c !== 'no') return { status: 'found', at: -1, next: c.next, close: c.close };
      }
      // Later buffers start mid-preamble, not at a line start.
      this.atStreamStart = false;
    }
    const f = this.findDelimiter(buf, 0, final);
    if (f.status === 'found') return f;
    // Preamble bytes are discarded; keep only a possible delimiter start.
    return { status: f.status, keepFrom: f.keepFrom };
  }

  private findDelimiter(buf: Buffer, from: number, final: boolean): Found {
    const d = this.delimiter;
    let i = buf.indexOf(d, from);
    while (i !== -1) {
      const c = this.classify(buf, i + d.length, final);
      if (c === 'more') return { status: 'more', keepFrom: Math.max(from, i - 1) };
      if (c !== 'no') return { status: 'found', at: i, next: c.next, close: c.close };
      i = buf.indexOf(d, i + 1);
    }
    // Hold back enough bytes for a delimiter that is split across chunks, plus a CR before it.
    return { status: 'none', keepFrom: final ? buf.length : Math.max(from, buf.length - d.length) };
  }

  /**
   * Classifies what follows `--boundary` at `p`: `--` closes, optional padding then a line
   * break opens a part, anything else means the boundary text was only a line prefix.
   */
  private classify(buf: Buffer, p: number, final: boolean): 'more' | 'no' | { next: number; close: boolean } {
    if (p + 2 > buf.length && !final) return 'more';
    if (buf[p] === DASH && buf[p + 1] === DASH) return { next: p + 2, close: true };
    let q = p;
    while (q < buf.length && (buf[q] === 0x20 || buf[q] === 0x09)) {
      q++;
      if (q - p > this.maxPadding) return 'no';
    }
    if (q >= buf.length) return final ? 'no' : 'more';
    if (buf[q] === LF) return { next: q + 1, close: false };
    if (buf[q] === CR) {
      if (q + 1 >= buf.length) return final ? 'no' : 'more';
      if (buf[q + 1] === LF) return { next: q + 2, close: false };
    }
    return 'no';
  }

  /** Finds the empty line ending a header block starting at `pos`. */
  private findHeaderEnd(buf: Buffer, pos: number): { blockEnd: number; emptyLineStart: number; next: number } | -1 {
    let lineStart = pos;
    for (;;) {
      const nl = buf.indexOf(LF, lineStart);
      if (nl === -1) {
        if (buf.length - pos > this.maxHeaderBytes) this.headerTooLarge();
        return -1;
      }
      const lineEnd = nl > lineStart && buf[nl - 1] === CR ? nl - 1 : nl;
      if (lineEnd === lineStart) {
        // Empty line. The block ends before it (the previous line break is part of the block
        // separator, so it is excluded; for an empty block, blockEnd == pos).
        const blockEnd = lineStart === pos ? pos : lineStart - (buf[lineStart - 2] === CR ? 2 : 1);
        return { blockEnd, emptyLineStart: nl, next: nl + 1 };
      }
      lineStart = nl + 1;
      if (lineStart - pos > this.maxHeaderBytes) this.headerTooLarge();
    }
  }

  private headerTooLarge(): never {
    throw new XRoadError(ErrorCodes.mimeParsingFailed, `multipart part ${this.partCount}: header block larger than ${this.maxHeaderBytes} bytes`);
  }
}
