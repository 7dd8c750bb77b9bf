// X-Road's own proxy test suite (vectors messages/soap-queries/proxy-testcases.json): the requests
// are read in place from ../shared/vectors (or ROADTEST_VECTORS) at run time, never copied into
// the repository. Where the vectors are absent the scenarios using them are "not applicable".
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ProxyTestCase {
  case: string;
  requestFile: string | null;
  requestContentType: string | null;
  expectedFaultCode: string[] | null;
  expectedFaultCodeLegacy_le_7_7: string[] | null;
  description: string;
}

/** What the Java test case does beyond sending its request file (read from the case sources). */
export interface ProxyCaseExtras {
  method?: string;
  soapAction?: string;
  utf8Bom?: boolean;
}

export const PROXY_CASE_EXTRAS: Record<string, ProxyCaseExtras> = {
  WrongHttpMethod: { method: 'GET' },
  SoapActionHeader: { soapAction: '""' },
  SoapActionEmptyHeader: { soapAction: '' },
  SoapActionMalformedHeader: { soapAction: 'http://example.org/action' },
  Utf8BomNormalSubsystem: { utf8Bom: true },
  Utf8BomAttachment2: { utf8Bom: true },
};

/** The Java suite's default request Content-Type when a case names none. */
export const DEFAULT_PROXY_CONTENT_TYPE = 'text/xml; charset=utf-8';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The vectors folder, or null when it is absent (a user's machine). */
export function vectorsDirectory(): string | null {
  const candidates = [process.env.ROADTEST_VECTORS, join(repoRoot, '..', 'shared', 'vectors')].filter((c): c is string => !!c);
  return candidates.find((c) => existsSync(join(c, 'CATALOG.md'))) ?? null;
}

export class ProxyVectorError extends Error {
  override readonly name = 'ProxyVectorError';
  readonly code = 'proxy_vector_mismatch';
}

export interface ProxyRequest {
  testCase: ProxyTestCase;
  body: Buffer;
  contentType: string;
  method: string;
  soapAction?: string;
}

/**
 * The request of one proxy test case, as the Java suite sends it. `requestFile` is what the
 * feature file names: it must agree with the JSON, so a regenerated table cannot drift silently.
 */
export function loadProxyRequest(dir: string, caseName: string, requestFile: string): ProxyRequest {
  const folder = join(dir, 'messages', 'soap-queries');
  const cases = JSON.parse(readFileSync(join(folder, 'proxy-testcases.json'), 'utf8')) as ProxyTestCase[];
  const testCase = cases.find((c) => c.case === caseName);
  if (!testCase) throw new ProxyVectorError(`proxy-testcases.json has no case "${caseName}"`);
  if (testCase.requestFile !== requestFile) {
    throw new ProxyVectorError(`case ${caseName} sends "${testCase.requestFile}" in proxy-testcases.json, the feature names "${requestFile}": regenerate the table`);
  }
  const extras = PROXY_CASE_EXTRAS[caseName] ?? {};
  let body = readFileSync(join(folder, requestFile));
  if (extras.utf8Bom) body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]);
  return {
    testCase,
    body,
    contentType: testCase.requestContentType ?? DEFAULT_PROXY_CONTENT_TYPE,
    method: extras.method ?? 'POST',
    ...(extras.soapAction !== undefined ? { soapAction: extras.soapAction } : {}),
  };
}
