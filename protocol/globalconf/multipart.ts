// Whole-buffer MIME multipart splitting with exact byte ranges, lenient the way X-Road's mime4j
// parser is: LF or CRLF line ends, a missing close delimiter ends the part at end of input
// (vectors test-conf-simple.txt and test-conf-malformed.txt rely on both). The signed directory's
// signature covers one part's body byte for byte, so bodies are subarrays, never re-encoded.

export interface HeaderField {
  name: string;
  value: string;
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** Offset just after the blank line ending the block (or the end of input when there is none). */
  bodyStart: number;
}

export interface MimePart {
  fields: HeaderField[];
  body: Buffer;
}

/** First value of a header field by case-insensitive name. */
export function headerValue(fields: HeaderField[], name: string): string | undefined {
  const n = name.toLowerCase();
  return fields.find((f) => f.name.toLowerCase() === n)?.value;
}

function lineEnd(buf: Buffer, from: number): { end: number; next: number } {
  const lf = buf.indexOf(0x0a, from);
  if (lf === -1) return { end: buf.length, next: buf.length };
  return { end: lf > from && buf[lf - 1] === 0x0d ? lf - 1 : lf, next: lf + 1 };
}

/** Reads `Name: value` lines (folded continuation lines joined) up to the first empty line. */
export function parseHeaderBlock(buf: Buffer, start = 0): HeaderBlock {
  const fields: HeaderField[] = [];
  let pos = start;
  while (pos < buf.length) {
    const { end, next } = lineEnd(buf, pos);
    if (end === pos) return { fields, bodyStart: next };
    const line = buf.toString('latin1', pos, end);
    if ((line[0] === ' ' || line[0] === '\t') && fields.length > 0) {
      fields[fields.length - 1].value = `${fields[fields.length - 1].value} ${line.trim()}`.trim();
    } else {
      const colon = line.indexOf(':');
      // A line that is no field is skipped, as mime4j does in lenient mode.
      if (colon > 0) fields.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    }
    pos = next;
  }
  return { fields, bodyStart: buf.length };
}

interface Delimiter {
  /** Start of the line break before `--boundary` (or of `--` itself at offset 0). */
  start: number;
  /** Offset after the delimiter line. */
  next: number;
  close: boolean;
}

function findDelimiter(buf: Buffer, dash: Buffer, from: number): Delimiter | undefined {
  let at = buf.indexOf(dash, from);
  while (at !== -1) {
    const atLineStart = at === 0 || buf[at - 1] === 0x0a;
    if (atLineStart) {
      let p = at + dash.length;
      const close = buf[p] === 0x2d && buf[p + 1] === 0x2d;
      if (close) p += 2;
      while (p < buf.length && (buf[p] === 0x20 || buf[p] === 0x09)) p++;
      if (p >= buf.length || buf[p] === 0x0a || (buf[p] === 0x0d && buf[p + 1] === 0x0a)) {
        const next = p >= buf.length ? p : buf[p] === 0x0d ? p + 2 : p + 1;
        let start = at;
        if (at > 0 && buf[at - 1] === 0x0a) start = at >= 2 && buf[at - 2] === 0x0d ? at - 2 : at - 1;
        return { start, next, close };
      }
    }
    at = buf.indexOf(dash, at + 1);
  }
  return undefined;
}

/** Splits a multipart body into parts; `closed` tells whether the close delimiter was seen. */
export function splitMultipart(body: Buffer, boundary: string): { parts: MimePart[]; closed: boolean } {
  const dash = Buffer.from(`--${boundary}`, 'latin1');
  const parts: MimePart[] = [];
  let d = findDelimiter(body, dash, 0);
  if (!d) return { parts, closed: false };
  while (d && !d.close) {
    const partStart = d.next;
    const nextDelim = findDelimiter(body, dash, partStart);
    const partEnd = nextDelim ? nextDelim.start : body.length;
    const content = body.subarray(partStart, Math.max(partStart, partEnd));
    const block = parseHeaderBlock(content, 0);
    parts.push({ fields: block.fields, body: content.subarray(block.bodyStart) });
    d = nextDelim;
  }
  return { parts, closed: d?.close ?? false };
}
