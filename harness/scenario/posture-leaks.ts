// Information leaks in error answers, as a penetration tester looks for them: stack traces, source
// file paths, runtime and framework names, and version banners in Server / X-Powered-By headers.
// An X-Road error answer says what was wrong in X-Road's terms (MESS-018, REST-011) and nothing
// about the software behind it.

export interface Leak {
  kind: 'stack trace' | 'source path' | 'software name' | 'runtime error' | 'version banner';
  evidence: string;
}

const BODY_PATTERNS: Array<{ kind: Leak['kind']; re: RegExp }> = [
  // JavaScript / Java stack frames.
  { kind: 'stack trace', re: /\n\s*at\s+[^\n]*(\(|\s)[^\s()]+:\d+(:\d+)?\)?/ },
  { kind: 'stack trace', re: /\bnode:internal\b|\bat async\b|Caused by: [\w.]+Exception/ },
  { kind: 'source path', re: /(?:\/|[A-Za-z]:\\)[\w\-./\\]+\.(?:ts|js|mjs|cjs|java|kt|py|rb)\b(?::\d+)?/ },
  { kind: 'software name', re: /\b(?:node\.?js|express|undici|jetty|tomcat|spring(?:framework)?|tsx|zod|xmldom|fast-xml-parser|node-forge|peculiar|pkijs|hibernate|javax?\.[a-z]+\.[A-Za-z]+|org\.eclipse\.[a-z]+|ee\.ria\.xroad\.[a-z.]+)\b/i },
  { kind: 'runtime error', re: /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|NullPointerException|IllegalStateException|ClassCastException|Cannot read propert(?:y|ies) of (?:undefined|null)|is not a function|Exception in thread)\b/ },
];

/** Leaks in an answer body (decoded as UTF-8, binary bytes are harmless here). */
export function bodyLeaks(body: string): Leak[] {
  const out: Leak[] = [];
  for (const p of BODY_PATTERNS) {
    const m = p.re.exec(body);
    if (m) out.push({ kind: p.kind, evidence: m[0].trim().slice(0, 120) });
  }
  return out;
}

/** Version banners: a Server header with a version, X-Powered-By and friends. */
export function headerLeaks(headers: Record<string, string>): Leak[] {
  const out: Leak[] = [];
  for (const [name, value] of Object.entries(headers)) {
    const n = name.toLowerCase();
    if (n === 'server' && (/\d+\.\d+/.test(value) || /node|express|jetty|tomcat|nginx\/|apache\//i.test(value))) out.push({ kind: 'version banner', evidence: `Server: ${value}` });
    if (n === 'x-powered-by' || n === 'x-aspnet-version' || n === 'x-runtime' || n === 'x-generator') out.push({ kind: 'version banner', evidence: `${name}: ${value}` });
  }
  return out;
}

export function describeLeaks(leaks: Leak[]): string {
  return leaks.map((l) => `${l.kind}: ${l.evidence}`).join('; ');
}
