// The header block of one MIME part (RFC 2045/822 style). Names compare case-insensitively;
// each field keeps its raw line(s) so a verifier or recorder can show exactly what was sent.
import { ErrorCodes, XRoadError } from '../faults/index.js';
import { mediaTypeOf } from '../mime/content-type.js';

export interface HeaderField {
  /** Name as written. */
  readonly name: string;
  /** Value with folding removed and surrounding whitespace trimmed. */
  readonly value: string;
  /** The field's raw text, folded lines joined with their original line breaks. */
  readonly raw: string;
}

export class PartHeaders implements Iterable<HeaderField> {
  constructor(
    readonly fields: readonly HeaderField[],
    /** The exact header-block bytes, up to but excluding the empty line that ends it. */
    readonly raw: Buffer = Buffer.alloc(0),
  ) {}

  /** First value of a field, name case-insensitive. */
  get(name: string): string | undefined {
    const lower = name.toLowerCase();
    return this.fields.find((f) => f.name.toLowerCase() === lower)?.value;
  }

  getAll(name: string): string[] {
    const lower = name.toLowerCase();
    return this.fields.filter((f) => f.name.toLowerCase() === lower).map((f) => f.value);
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** Lowercased media type of Content-Type, undefined when absent or not `type/subtype`. */
  get mediaType(): string | undefined {
    return mediaTypeOf(this.get('content-type'));
  }

  [Symbol.iterator](): Iterator<HeaderField> {
    return this.fields[Symbol.iterator]();
  }

  /** Plain object, lowercased names, first value wins. */
  toObject(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const f of this.fields) {
      const k = f.name.toLowerCase();
      if (!(k in out)) out[k] = f.value;
    }
    return out;
  }
}

const HEADER_NAME = /^[!-9;-~]+$/; // printable ASCII except ':' (RFC 5322 ftext)

/**
 * Parses a header block (lines separated by CRLF or LF, no terminating empty line).
 * Continuation lines (leading space/tab) are folded into the previous field. A line without
 * ':' is refused: it usually means the part has no header block at all.
 * @param where names the part in error messages, e.g. `part 2`
 */
export function parseHeaderBlock(block: Buffer, where = 'part'): PartHeaders {
  const text = block.toString('utf8');
  if (text.length === 0) return new PartHeaders([], block);
  const lines = text.split('\n');
  const fields: { name: string; value: string; raw: string }[] = [];
  for (let idx = 0; idx < lines.length; idx++) {
    const rawLine = lines[idx]!;
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.length === 0) {
      throw new XRoadError(ErrorCodes.mimeParsingFailed, `${where}: empty line inside header block`);
    }
    if (line[0] === ' ' || line[0] === '\t') {
      const prev = fields[fields.length - 1];
      if (!prev) {
        throw new XRoadError(ErrorCodes.mimeParsingFailed, `${where}: header block starts with a continuation line "${line}"`);
      }
      prev.value += ' ' + line.trim();
      prev.raw += '\n' + rawLine;
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) {
      throw new XRoadError(ErrorCodes.mimeParsingFailed, `${where}: malformed header line "${line.slice(0, 80)}" (no "Name:")`);
    }
    const name = line.slice(0, colon).trimEnd();
    if (!HEADER_NAME.test(name)) {
      throw new XRoadError(ErrorCodes.mimeParsingFailed, `${where}: bad header name "${name.slice(0, 80)}"`);
    }
    fields.push({ name, value: line.slice(colon + 1).trim(), raw: rawLine });
  }
  return new PartHeaders(fields.map((f) => ({ ...f, value: f.value.trim() })), block);
}

export type HeaderInput = Record<string, string> | ReadonlyArray<readonly [string, string]>;

export function headerEntries(h: HeaderInput | undefined): Array<readonly [string, string]> {
  if (!h) return [];
  return Array.isArray(h) ? [...(h as ReadonlyArray<readonly [string, string]>)] : Object.entries(h as Record<string, string>);
}
