// HTTP header names and filtering of X-Road's REST protocol (PR-REST §4.3; REST-005/006/009).
// Header names are case-insensitive on the wire; X-Road itself writes the ones it adds to the
// serialised header parts in lowercase (MimeUtils constants), and those spellings are signed
// bytes, so they are kept exactly here.

/** X-Road-* header names as PR-REST spells them (for HTTP messages to and from information systems). */
export const XRoadHeader = {
  client: 'X-Road-Client',
  service: 'X-Road-Service',
  id: 'X-Road-Id',
  userId: 'X-Road-UserId',
  issue: 'X-Road-Issue',
  requestHash: 'X-Road-Request-Hash',
  requestId: 'X-Road-Request-Id',
  securityServer: 'X-Road-Security-Server',
  representedParty: 'X-Road-Represented-Party',
  error: 'X-Road-Error',
} as const;

/** The lowercase spellings X-Road appends to serialised REST header parts (TRANSP-015). */
export const XRoadHeaderLower = {
  client: 'x-road-client',
  service: 'x-road-service',
  id: 'x-road-id',
  requestHash: 'x-road-request-hash',
  requestId: 'x-road-request-id',
} as const;

/**
 * Headers never forwarded (REST-009): hop-by-hop ones, origin-leaking ones, and
 * `content-length` / `expect`, which the reference drops too (RestMessage.SKIPPED_HEADERS).
 */
export const SKIPPED_HEADERS: ReadonlySet<string> = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'host',
  'user-agent',
  'server',
  'content-length',
  'expect',
]);

export type HeaderList = ReadonlyArray<readonly [string, string]>;

/** Node's IncomingHttpHeaders, a raw header array `[n, v, n, v...]`, name/value pairs, or a Headers object. */
export type HeaderSource =
  | Record<string, string | string[] | number | undefined>
  | readonly string[]
  | HeaderList
  | { forEach(callback: (value: string, name: string) => void): void };

/** Normalises any header source to ordered `[name, value]` pairs (repeated headers kept). */
export function toHeaderList(source: HeaderSource): Array<[string, string]> {
  if (Array.isArray(source)) {
    if (source.length === 0) return [];
    if (typeof source[0] === 'string') {
      const raw = source as readonly string[];
      const out: Array<[string, string]> = [];
      for (let i = 0; i + 1 < raw.length; i += 2) out.push([raw[i]!, raw[i + 1]!]);
      return out;
    }
    return (source as HeaderList).map(([n, v]) => [n, v]);
  }
  if (typeof (source as { forEach?: unknown }).forEach === 'function') {
    // WHATWG Headers (undici, fetch); it joins repeated values except Set-Cookie.
    const out: Array<[string, string]> = [];
    (source as { forEach(cb: (value: string, name: string) => void): void }).forEach((value, name) => out.push([name, value]));
    return out;
  }
  const out: Array<[string, string]> = [];
  for (const [n, v] of Object.entries(source as Record<string, string | string[] | number | undefined>)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [String(v)]) out.push([n, one]);
  }
  return out;
}

export function isSkippedHeader(name: string): boolean {
  return SKIPPED_HEADERS.has(name.toLowerCase());
}

export function isXRoadHeader(name: string): boolean {
  return name.toLowerCase().startsWith('x-road-');
}

/** REST-009: the headers that may pass from one side to the other. */
export function filterForwardedHeaders(headers: HeaderList): Array<[string, string]> {
  return headers.filter(([n]) => !isSkippedHeader(n)).map(([n, v]) => [n, v]);
}

/** All values of a header, in order, name case-insensitive. */
export function headerValues(headers: HeaderList, name: string): string[] {
  const lower = name.toLowerCase();
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/** The last value of a header: X-Road lets the last of repeated X-Road-* headers win (REST-002). */
export function lastHeaderValue(headers: HeaderList, name: string): string | undefined {
  const all = headerValues(headers, name);
  return all[all.length - 1];
}
