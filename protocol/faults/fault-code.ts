// X-Road fault codes changed spelling in 7.8.0: `Server.ClientProxy.InvalidSoap` (docs, <= 7.7) is
// `server.clientproxy.invalid_soap` (7.8+). Comparison rule from requirements.md §0: split on '.',
// lowercase, drop '_' in each segment. The one rename that breaks the rule is aliased.

/** Renames that the spelling rule does not cover (7.7.1 -> 7.8 diff). */
const ALIASES: Record<string, string> = {
  outdatedglobalconf: 'globalconfoutdated',
};

function normaliseSegment(segment: string): string {
  const s = segment.toLowerCase().replace(/_/g, '');
  return ALIASES[s] ?? s;
}

/** Canonical comparison form of a fault code: segments lowercased, underscores dropped, aliases applied. */
export function normaliseFaultCode(code: string): string[] {
  return code.trim().split('.').filter((s) => s.length > 0).map(normaliseSegment);
}

/** True when two codes name the same fault in any X-Road version's spelling. */
export function faultCodesEqual(a: string, b: string): boolean {
  const na = normaliseFaultCode(a);
  const nb = normaliseFaultCode(b);
  return na.length === nb.length && na.every((s, i) => s === nb[i]);
}

/** True when `code` starts with `prefix` segment-wise (e.g. `server.clientproxy.ssl_authentication_failed.*`). */
export function faultCodeStartsWith(code: string, prefix: string): boolean {
  const nc = normaliseFaultCode(code);
  const np = normaliseFaultCode(prefix);
  return np.length <= nc.length && np.every((s, i) => s === nc[i]);
}

/** True when `code` ends with `suffix` segment-wise (X-Road tests' `expectErrorSuffix`). */
export function faultCodeEndsWith(code: string, suffix: string): boolean {
  const nc = normaliseFaultCode(code);
  const ns = normaliseFaultCode(suffix);
  const off = nc.length - ns.length;
  return off >= 0 && ns.every((s, i) => s === nc[off + i]);
}

/**
 * Matches an observed code against an expectation as written in the vectors:
 * a plain code (exact, version-tolerant) or `startsWith:<prefix>`.
 */
export function faultCodeMatches(observed: string, expected: string): boolean {
  if (expected.startsWith('startsWith:')) return faultCodeStartsWith(observed, expected.slice('startsWith:'.length));
  return faultCodesEqual(observed, expected);
}
