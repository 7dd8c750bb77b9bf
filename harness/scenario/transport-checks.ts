// What a transport message looks like from the other security server (TRANSP-004..006, 015):
// its parts in order with their media types, its HTTP headers checked against rules a feature
// table states, and X-Road fault codes compared segment-wise (7.7 and 7.8 spellings alike).
import { normaliseFaultCode } from '../../protocol/faults/index.js';
import { parseMultipart, type ParsedPart } from '../../protocol/multipart/index.js';
import { parseSoapEnvelope, type SoapEnvelope } from '../../protocol/soap/index.js';
import type { Evidence } from '../../simulators/member-systems/index.js';

export interface TransportPart {
  mediaType: string;
  body: Buffer;
  /** Media types of a nested multipart's parts (attachments). */
  nested?: string[];
}

export function mediaTypeOfHeader(value: string | undefined): string {
  return (value ?? '').split(';', 1)[0]!.trim().toLowerCase();
}

/** The top-level parts of a multipart transport message, nested attachment multiparts listed inside. */
export function transportParts(body: Buffer, contentType: string): TransportPart[] {
  const parsed = parseMultipart(body, contentType, { nested: true });
  return parsed.parts.map((p: ParsedPart) => ({
    mediaType: (p.mediaType ?? '').toLowerCase(),
    body: Buffer.from(p.body),
    ...(p.nested ? { nested: p.nested.parts.map((n) => (n.mediaType ?? '(none)').toLowerCase()) } : {}),
  }));
}

/**
 * Matches part media types against expected rows: `type` exactly one part, `type+` one or more,
 * `type?` zero or one. Returns the mismatch, or undefined when the list fits.
 */
export function matchPartOrder(actual: string[], expected: string[]): string | undefined {
  let i = 0;
  for (const row of expected) {
    const many = row.endsWith('+');
    const optional = row.endsWith('?');
    const type = many || optional ? row.slice(0, -1) : row;
    let n = 0;
    while (i < actual.length && actual[i] === type && (many || n === 0)) {
      i++;
      n++;
    }
    if (n === 0 && !optional) return `expected ${type} at part ${i + 1}, found ${actual[i] ?? 'the end of the message'}`;
  }
  if (i < actual.length) return `unexpected part ${i + 1}: ${actual[i]}`;
  return undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A header rule from a feature table: `a UUID`, `present`, `absent`, `a known digest name`,
 * `is <value>`, `starts with <value>`, or `a version number`. Returns the problem or undefined.
 */
export function checkHeaderRule(value: string | undefined, rule: string): string | undefined {
  const r = rule.trim();
  if (r === 'absent') return value === undefined ? undefined : `present ("${value}")`;
  if (value === undefined) return 'absent';
  if (r === 'present') return undefined;
  if (r === 'a UUID') return UUID.test(value) ? undefined : `"${value}" is not a UUID`;
  if (r === 'a known digest name') return /^SHA-(1|224|256|384|512)$/i.test(value) ? undefined : `"${value}" is not a digest name`;
  if (r === 'a version number') return /^\d+(\.\d+)+/.test(value) ? undefined : `"${value}" is not a version number`;
  if (r.startsWith('is ')) return value === r.slice(3) ? undefined : `"${value}"`;
  if (r.startsWith('starts with ')) return value.toLowerCase().startsWith(r.slice(12).toLowerCase()) ? undefined : `"${value}"`;
  throw new Error(`unknown header rule "${rule}"`);
}

/** True when `code` starts with `prefix` and contains `segments` as consecutive segments. */
export function faultCodeHas(code: string, prefix: string, segments: string): boolean {
  const c = normaliseFaultCode(code);
  const p = normaliseFaultCode(prefix);
  const s = normaliseFaultCode(segments);
  if (!p.every((x, i) => c[i] === x)) return false;
  for (let i = p.length; i + s.length <= c.length; i++) if (s.every((x, j) => c[i + j] === x)) return true;
  return false;
}

/** The SOAP envelope of an answer that should be a whole-body text/xml fault or SOAP message. */
export function envelopeOf(received: Evidence): SoapEnvelope | undefined {
  try {
    const ct = received.headers['content-type'] ?? 'text/xml';
    if (/^multipart\//i.test(ct)) {
      const first = parseMultipart(received.body, ct).parts[0];
      return first ? parseSoapEnvelope(Buffer.from(first.body), { contentType: first.headers.get('content-type') ?? 'text/xml' }) : undefined;
    }
    return parseSoapEnvelope(received.body, { contentType: ct });
  } catch {
    return undefined;
  }
}
